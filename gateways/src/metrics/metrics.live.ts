import { Counter, Gauge, type Registry } from 'prom-client';
import { headOf, projectionLag, type SourceReadings } from './metrics.sources.ts';

type Sample = readonly [labels: Record<string, string>, value: number];

/** A metric recomputed at each scrape from the live sources' readings. */
interface LiveMetric {
  readonly type: 'gauge' | 'counter';
  readonly name: string;
  readonly help: string;
  readonly labelNames?: readonly string[];
  readonly samples: (readings: SourceReadings) => readonly Sample[];
}

const byProjection = (readings: SourceReadings, value: (stats: { applied: number; redeliveries: number }) => number) =>
  (readings.projections ?? []).map((stats): Sample => [{ projection: stats.name }, value(stats)]);

const LIVE_METRICS: readonly LiveMetric[] = [
  {
    type: 'gauge',
    name: 'relay_lag_positions',
    help: 'Positions between the head of the log and the relay checkpoint.',
    samples: ({ relay, head }) => {
      if (relay === undefined) return [];
      const lag = relay.lagPositions ?? (head === undefined ? undefined : Math.max(0, head - relay.checkpoint));
      return lag === undefined ? [] : [[{}, lag]];
    },
  },
  {
    type: 'counter',
    name: 'relay_published_events_total',
    help: 'Events the relay published to the bus since the process started.',
    samples: ({ relay }) => (relay === undefined ? [] : [[{}, relay.published]]),
  },
  {
    type: 'gauge',
    name: 'projection_lag_positions',
    help: 'Positions between the head of the log and the last event the projection applied in this process.',
    labelNames: ['projection'],
    samples: (readings) => {
      const head = headOf(readings);
      if (head === undefined) return [];
      return (readings.projections ?? []).map((stats) => [{ projection: stats.name }, projectionLag(head, stats)]);
    },
  },
  {
    type: 'counter',
    name: 'projection_applied_events_total',
    help: 'Events applied (duplicates skipped not counted) since the process started.',
    labelNames: ['projection'],
    samples: (readings) => byProjection(readings, (stats) => stats.applied),
  },
  {
    type: 'counter',
    name: 'projection_redeliveries_total',
    help: 'Deliveries of an event after its first (after a failure, an ack timeout or a restart) since the process started.',
    labelNames: ['projection'],
    samples: (readings) => byProjection(readings, (stats) => stats.redeliveries),
  },
  {
    type: 'gauge',
    name: 'parked_events',
    help: 'Events parked by a projection and not yet retried.',
    labelNames: ['projection'],
    samples: ({ parked, projections }) => {
      if (parked === undefined) return [];
      // A projection with nothing parked shows 0, so an alert can tell "none" from "not reported".
      const counts = new Map((projections ?? []).map((stats) => [stats.name, 0]));
      for (const [projection, count] of parked) counts.set(projection, count);
      return [...counts].map(([projection, count]) => [{ projection }, count]);
    },
  },
  {
    type: 'gauge',
    name: 'live_actors',
    help: 'Order actors held in memory.',
    samples: ({ host }) => (host === undefined ? [] : [[{}, host.liveActors]]),
  },
  {
    type: 'gauge',
    name: 'queued_commands',
    help: 'Commands waiting in or running from actor mailboxes.',
    samples: ({ host }) => (host === undefined ? [] : [[{}, host.queuedCommands]]),
  },
];

/**
 * Registers the metrics derived from live sources. At each scrape every one of them replaces
 * all its values with what this scrape read; `read` is shared by the scrape's collects.
 */
export function registerLiveMetrics(registry: Registry, prefix: string, read: () => Promise<SourceReadings>): void {
  for (const spec of LIVE_METRICS) {
    async function collect(this: Gauge<string> | Counter<string>): Promise<void> {
      const readings = await read();
      this.reset();
      // reset() gives an unlabelled metric a 0 sample; a value nobody reported must not read as 0.
      this.remove({});
      for (const [labels, value] of spec.samples(readings)) {
        if (this instanceof Gauge) this.set(labels, value);
        else this.inc(labels, value);
      }
    }
    const config = {
      name: `${prefix}${spec.name}`,
      help: spec.help,
      labelNames: spec.labelNames ?? [],
      registers: [registry],
      collect,
    };
    if (spec.type === 'gauge') new Gauge(config);
    else new Counter(config);
  }
}
