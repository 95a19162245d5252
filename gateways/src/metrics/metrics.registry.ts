import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { registerLiveMetrics } from './metrics.live.ts';
import { type MetricSources, readSources, sharedWhilePending } from './metrics.sources.ts';

/** How a command ended: recorded now, answered from an earlier record, refused, or failed. */
export type CommandOutcomeLabel = 'accepted' | 'duplicate' | 'rejected' | 'error';

/** How an append ended: stored, refused because another writer came first, or failed. */
export type AppendOutcomeLabel = 'ok' | 'conflict' | 'error';

/** Where scrape-time failures are logged (pino and fastify loggers fit). */
export interface MetricsLogger {
  warn(details: object, message: string): void;
}

export interface MetricsOptions {
  /** The registry to add the metrics to (default a new one). */
  readonly registry?: Registry;
  /** Also collect prom-client's process and Node.js metrics, unprefixed (default true). */
  readonly defaultMetrics?: boolean;
  /** Prefix of every Ordinal metric name (default `ordinal_`). */
  readonly prefix?: string;
  /** Logs a source that throws at scrape time (default: not logged, only counted). */
  readonly logger?: MetricsLogger;
}

/** The metrics of one process: handles for code that counts, and live sources read at scrape time. */
export interface OrdinalMetrics {
  readonly registry: Registry;
  readonly commandDuration: Histogram<'type' | 'outcome'>;
  readonly appends: Counter<'outcome'>;
  readonly appendedEvents: Counter;
  /** Connected websocket clients; the websocket server sets it. */
  readonly websocketClients: Gauge;
  /** Requests refused to shed load (429, 503…), by stable error code. */
  readonly httpRejected: Counter<'code'>;
  /** Orders this process put on a risk hold (an `OrderHeld` marked `source: 'risk'` appended). */
  readonly riskHolds: Counter;
  /** Adds sources read at each scrape (a later source of the same kind replaces the earlier); returns an undo. */
  watch(sources: MetricSources): () => void;
}

/** Command latencies from 1 ms (an append on a warm actor) to 2.5 s (conflict retries, a cold load). */
export const COMMAND_DURATION_BUCKETS: readonly number[] = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
];

/** Creates Ordinal's metrics in a prom-client registry; gauges of live objects are read at scrape time. */
export function createMetrics(options: MetricsOptions = {}): OrdinalMetrics {
  const registry = options.registry ?? new Registry();
  const prefix = options.prefix ?? 'ordinal_';
  const registers = [registry];
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });

  let sources: MetricSources = {};
  const sourceErrors = new Counter({
    name: `${prefix}metrics_source_errors_total`,
    help: 'Scrapes in which a live source threw; its metrics were left out of that scrape.',
    labelNames: ['source'] as const,
    registers,
    // Waits for this scrape's reading, so its failures show in the same scrape.
    collect: async () => {
      await read();
    },
  });
  // Every collect of one scrape starts before any finishes, so they share one reading.
  const read = sharedWhilePending(() =>
    readSources(sources, (source, error) => {
      sourceErrors.inc({ source });
      options.logger?.warn({ err: error, source }, 'metrics source failed; its metrics are left out of this scrape');
    }),
  );
  const metrics: OrdinalMetrics = {
    registry,
    commandDuration: new Histogram({
      name: `${prefix}command_duration_seconds`,
      help: 'Time from receiving a command to its answer, by command type and outcome.',
      labelNames: ['type', 'outcome'] as const,
      buckets: [...COMMAND_DURATION_BUCKETS],
      registers,
    }),
    appends: new Counter({
      name: `${prefix}appends_total`,
      help: 'Appends to the event store, by outcome.',
      labelNames: ['outcome'] as const,
      registers,
    }),
    appendedEvents: new Counter({
      name: `${prefix}appended_events_total`,
      help: 'Events written to the event store (retried appends of stored events not counted).',
      registers,
    }),
    websocketClients: new Gauge({
      name: `${prefix}websocket_clients`,
      help: 'Websocket clients connected.',
      registers,
    }),
    httpRejected: new Counter({
      name: `${prefix}http_rejected_total`,
      help: 'Requests refused to shed load, by error code.',
      labelNames: ['code'] as const,
      registers,
    }),
    riskHolds: new Counter({
      name: `${prefix}risk_holds_total`,
      help: 'Orders put on hold by the risk rule (OrderHeld with source risk written by this process).',
      registers,
    }),
    watch(added) {
      sources = { ...sources, ...added };
      return () => {
        const kept: Record<string, unknown> = { ...sources };
        // Only what this call added: a source registered later in its place stays.
        for (const key of Object.keys(added) as (keyof MetricSources)[]) {
          if (sources[key] === added[key]) delete kept[key];
        }
        sources = kept as MetricSources;
      };
    },
  };

  registerLiveMetrics(registry, prefix, read);
  return metrics;
}
