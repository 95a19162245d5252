import { afterEach, describe, expect, it } from 'vitest';
import { captureLogs } from '../metrics/metrics.fixture.ts';
import { createMetrics } from '../metrics/metrics.registry.ts';
import { sampleValue } from '../metrics/prometheus-text.fixture.ts';
import { startProbe, type TestProbe } from './probe.fixture.ts';

describe('buildProbeServer', () => {
  let probe: TestProbe | undefined;
  afterEach(async () => {
    await probe?.close();
    probe = undefined;
  });

  it('answers /health, /ready and /metrics, and nothing else', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.watch({ relay: () => ({ name: 'relay', running: true, checkpoint: 40, published: 40, lagPositions: 2 }) });
    probe = await startProbe(metrics, { ready: async () => ({ ready: true, checks: { relay: 'running' } }) });

    const health = await probe.get('/health');
    expect(health.status).toBe(200);
    expect(JSON.parse(health.text)).toEqual({ status: 'ok', time: '2025-03-01T09:00:00.000Z' });

    const ready = await probe.get('/ready');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.text)).toEqual({ ready: true, checks: { relay: 'running' } });

    const scraped = await probe.get('/metrics');
    expect(scraped.status).toBe(200);
    expect(scraped.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(sampleValue(scraped.text, 'ordinal_relay_lag_positions')).toBe(2);

    expect((await probe.get('/orders')).status).toBe(404);
  });

  it('answers 503 while not ready, and when the readiness check throws', async () => {
    let check = async () => ({ ready: false, checks: { relay: 'stopped' } });
    probe = await startProbe(createMetrics({ defaultMetrics: false }), { ready: () => check() });
    const notReady = await probe.get('/ready');
    expect(notReady.status).toBe(503);
    expect(JSON.parse(notReady.text)).toEqual({ ready: false, checks: { relay: 'stopped' } });
    check = async () => {
      throw new Error('read store closed');
    };
    const failed = await probe.get('/ready');
    expect(failed.status).toBe(503);
    expect(JSON.parse(failed.text)).toEqual({ ready: false, checks: { error: 'read store closed' } });
  });

  it('logs each request as JSON with the caller correlation id under correlationId', async () => {
    const logs = captureLogs();
    probe = await startProbe(createMetrics({ defaultMetrics: false }), { logger: { level: 'info', stream: logs } });
    const response = await probe.get('/metrics', { 'x-correlation-id': 'scrape-7' });
    expect(response.headers.get('x-correlation-id')).toBe('scrape-7');
    const lines = logs.records().filter((line) => line.correlationId === 'scrape-7');
    expect(lines.map((line) => line.msg)).toEqual(['incoming request', 'request completed']);
    expect(lines[1]).toMatchObject({ res: { statusCode: 200 } });
    expect(logs.records().every((line) => !('reqId' in line))).toBe(true);
  });
});
