import type { ProjectionRunnerStats, RelayStatus } from '@ordinal/projections';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { startProbe, type TestProbe } from '../probe/probe.fixture.ts';
import { createMetrics, type MetricsOptions, type OrdinalMetrics } from './metrics.registry.ts';
import { samplesOf, sampleValue } from './prometheus-text.fixture.ts';

function runner(name: string, stats: Partial<ProjectionRunnerStats> = {}): ProjectionRunnerStats {
  return {
    name,
    running: true,
    applied: 0,
    duplicates: 0,
    invalid: 0,
    failures: 0,
    redeliveries: 0,
    parked: 0,
    lastPosition: 0,
    ...stats,
  };
}

function relay(status: Partial<RelayStatus> = {}): RelayStatus {
  return { name: 'relay', running: true, checkpoint: 0, published: 0, lagPositions: 0, ...status };
}

describe('createMetrics, scraped over HTTP', () => {
  let probe: TestProbe | undefined;
  afterEach(async () => {
    await probe?.close();
    probe = undefined;
  });

  async function scrape(metrics: OrdinalMetrics): Promise<string> {
    probe ??= await startProbe(metrics);
    const response = await probe.get('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(metrics.registry.contentType);
    return response.text;
  }

  const quiet = (options: MetricsOptions = {}) => createMetrics({ defaultMetrics: false, ...options });

  it('gives lag in positions: the relay its own, each projection head − last applied position', async () => {
    const metrics = quiet();
    metrics.watch({
      head: async () => 120,
      relay: async () => relay({ checkpoint: 100, lagPositions: 20, published: 100 }),
      projections: () => [
        runner('orderTracking', { lastPosition: 90, applied: 80 }),
        runner('dailyKpis', { lastPosition: 120 }),
      ],
    });
    const text = await scrape(metrics);
    expect(sampleValue(text, 'ordinal_relay_lag_positions')).toBe(20);
    expect(sampleValue(text, 'ordinal_relay_published_events_total')).toBe(100);
    expect(sampleValue(text, 'ordinal_projection_lag_positions', { projection: 'orderTracking' })).toBe(30);
    expect(sampleValue(text, 'ordinal_projection_lag_positions', { projection: 'dailyKpis' })).toBe(0);
    expect(sampleValue(text, 'ordinal_projection_applied_events_total', { projection: 'orderTracking' })).toBe(80);
  });

  it('follows the live values from one scrape to the next, without adding them up', async () => {
    const metrics = quiet();
    let stats = runner('orderTracking', { lastPosition: 5, applied: 5, redeliveries: 1 });
    let head = 10;
    metrics.watch({ head: () => head, projections: () => [stats] });
    let text = await scrape(metrics);
    expect(sampleValue(text, 'ordinal_projection_lag_positions', { projection: 'orderTracking' })).toBe(5);
    expect(sampleValue(text, 'ordinal_projection_redeliveries_total', { projection: 'orderTracking' })).toBe(1);
    stats = runner('orderTracking', { lastPosition: 12, applied: 12, redeliveries: 3 });
    head = 12;
    text = await scrape(metrics);
    expect(sampleValue(text, 'ordinal_projection_lag_positions', { projection: 'orderTracking' })).toBe(0);
    expect(sampleValue(text, 'ordinal_projection_applied_events_total', { projection: 'orderTracking' })).toBe(12);
    expect(sampleValue(text, 'ordinal_projection_redeliveries_total', { projection: 'orderTracking' })).toBe(3);
  });

  it('takes the head from the relay when no head source is registered', async () => {
    const metrics = quiet();
    metrics.watch({
      relay: () => relay({ checkpoint: 40, lagPositions: 2 }),
      projections: () => [runner('orderTracking', { lastPosition: 35 })],
    });
    const text = await scrape(metrics);
    expect(sampleValue(text, 'ordinal_projection_lag_positions', { projection: 'orderTracking' })).toBe(7);
  });

  it('shows 0 parked for a projection with none, and the stored count for the others', async () => {
    const metrics = quiet();
    metrics.watch({
      projections: () => [runner('orderTracking'), runner('dailyKpis')],
      parked: async () => new Map([['dailyKpis', 2]]),
    });
    const text = await scrape(metrics);
    expect(sampleValue(text, 'ordinal_parked_events', { projection: 'orderTracking' })).toBe(0);
    expect(sampleValue(text, 'ordinal_parked_events', { projection: 'dailyKpis' })).toBe(2);
  });

  it('reads the actor host: live actors and queued commands', async () => {
    const metrics = quiet();
    metrics.watch({
      host: () => ({ liveActors: 7, queuedCommands: 3, executed: 40, conflicts: 1, rejections: 2 }),
    });
    const text = await scrape(metrics);
    expect(sampleValue(text, 'ordinal_live_actors')).toBe(7);
    expect(sampleValue(text, 'ordinal_queued_commands')).toBe(3);
  });

  it('answers the scrape when a source throws: that source is left out, counted and logged', async () => {
    const warnings: { details: object; message: string }[] = [];
    const metrics = quiet({ logger: { warn: (details, message) => warnings.push({ details, message }) } });
    metrics.watch({
      head: async () => {
        throw new Error('event store closed');
      },
      relay: () => relay({ checkpoint: 9, lagPositions: 1 }),
      host: () => {
        throw new Error('host gone');
      },
    });
    metrics.websocketClients.set(4);
    const text = await scrape(metrics);
    expect(sampleValue(text, 'ordinal_relay_lag_positions')).toBe(1);
    expect(sampleValue(text, 'ordinal_websocket_clients')).toBe(4);
    expect(samplesOf(text, 'ordinal_live_actors')).toEqual([]);
    expect(sampleValue(text, 'ordinal_metrics_source_errors_total', { source: 'head' })).toBe(1);
    expect(sampleValue(text, 'ordinal_metrics_source_errors_total', { source: 'host' })).toBe(1);
    expect(warnings.map((w) => (w.details as { source: string }).source).sort()).toEqual(['head', 'host']);
    expect((warnings[0]!.details as { err: Error }).err).toBeInstanceOf(Error);
  });

  it('reads every source once per scrape', async () => {
    const metrics = quiet();
    const calls = { head: 0, projections: 0 };
    metrics.watch({
      head: async () => {
        calls.head += 1;
        return 3;
      },
      projections: () => {
        calls.projections += 1;
        return [runner('orderTracking')];
      },
    });
    await scrape(metrics);
    expect(calls).toEqual({ head: 1, projections: 1 });
  });

  it('stops reading sources that were unwatched; a later watch of the same kind stays', async () => {
    const metrics = quiet();
    const unwatchFirst = metrics.watch({
      host: () => ({ liveActors: 1, queuedCommands: 0, executed: 0, conflicts: 0, rejections: 0 }),
    });
    const unwatchRelay = metrics.watch({ relay: () => relay({ lagPositions: 5 }) });
    metrics.watch({ host: () => ({ liveActors: 2, queuedCommands: 0, executed: 0, conflicts: 0, rejections: 0 }) });
    unwatchFirst();
    unwatchRelay();
    const text = await scrape(metrics);
    expect(sampleValue(text, 'ordinal_live_actors')).toBe(2);
    expect(samplesOf(text, 'ordinal_relay_lag_positions')).toEqual([]);
  });

  it('counts load shedding by code, and exposes the help and type of each metric', async () => {
    const metrics = quiet();
    metrics.httpRejected.inc({ code: 'http.rate-limited' });
    metrics.httpRejected.inc({ code: 'http.rate-limited' });
    const text = await scrape(metrics);
    expect(sampleValue(text, 'ordinal_http_rejected_total', { code: 'http.rate-limited' })).toBe(2);
    expect(text).toContain('# TYPE ordinal_command_duration_seconds histogram');
    expect(text).toContain('# TYPE ordinal_appends_total counter');
    expect(text).toContain('# TYPE ordinal_parked_events gauge');
  });

  it('uses the given registry and prefix, and adds the process metrics when asked', async () => {
    const registry = new Registry();
    const metrics = createMetrics({ registry, prefix: 'oms_', defaultMetrics: true });
    expect(metrics.registry).toBe(registry);
    metrics.appendedEvents.inc(3);
    const text = await scrape(metrics);
    expect(sampleValue(text, 'oms_appended_events_total')).toBe(3);
    expect(samplesOf(text, 'ordinal_appended_events_total')).toEqual([]);
    expect(samplesOf(text, 'process_cpu_user_seconds_total')).toHaveLength(1);
    expect(samplesOf(await quiet().registry.metrics(), 'process_cpu_user_seconds_total')).toEqual([]);
  });
});
