import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogs, type LogCapture, type MeteredApi, startMeteredApi } from '../metrics/metrics.fixture.ts';
import { placeOrderBody } from '../testing/order-bodies.ts';

describe('request logs of the API', () => {
  let api: MeteredApi;
  let logs: LogCapture;
  beforeAll(async () => {
    logs = captureLogs();
    api = await startMeteredApi({ logs });
  });
  afterAll(async () => {
    await api.close();
  });

  it('are JSON lines carrying the correlation id the caller sent', async () => {
    const response = await api.post('/orders', placeOrderBody(), { 'x-correlation-id': 'checkout-42' });
    expect(response.status).toBe(201);
    const lines = logs.records().filter((line) => line.correlationId === 'checkout-42');
    expect(lines.map((line) => line.msg)).toEqual(['incoming request', 'request completed']);
    expect(lines[0]).toMatchObject({ level: 30, req: { method: 'POST', url: '/orders' } });
    expect(lines[1]).toMatchObject({ res: { statusCode: 201 } });
    expect(typeof lines[1].responseTime).toBe('number');
  });

  it('carry the id the API chose when the caller sent none, as echoed in x-correlation-id', async () => {
    const response = await fetch(`${api.url}/health`);
    const chosen = response.headers.get('x-correlation-id');
    expect(chosen).toMatch(/^[0-9a-f-]{36}$/);
    expect(logs.records().filter((line) => line.correlationId === chosen)).toHaveLength(2);
    expect(logs.records().some((line) => 'reqId' in line)).toBe(false);
  });
});
