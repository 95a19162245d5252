import type { HostStats } from '@ordinal/actors';
import type { ParkedMessage } from '@ordinal/domain';
import type { ProjectionRunnerStats, ReadSideStatus, RelayStatus } from '@ordinal/projections';

/** Reads one live value at scrape time; undefined when the process does not have it now. */
export type MetricSource<T> = () => T | undefined | Promise<T | undefined>;

/** What a process can report at scrape time; each process registers the parts it runs. */
export interface MetricSources {
  /** The log's head position (the last event's global position). */
  readonly head?: MetricSource<number>;
  readonly relay?: MetricSource<RelayStatus>;
  readonly projections?: MetricSource<readonly ProjectionRunnerStats[]>;
  /** Parked events by projection name, as stored (they outlive restarts). */
  readonly parked?: MetricSource<ReadonlyMap<string, number>>;
  readonly host?: MetricSource<HostStats>;
}

/** The values of every registered source read for one scrape; a failed source is absent. */
export interface SourceReadings {
  readonly head?: number;
  readonly relay?: RelayStatus;
  readonly projections?: readonly ProjectionRunnerStats[];
  readonly parked?: ReadonlyMap<string, number>;
  readonly host?: HostStats;
}

/** Told when a source throws at scrape time; the scrape goes on without it. */
export type SourceErrorListener = (source: keyof MetricSources, error: unknown) => void;

/**
 * Reads every source once, concurrently. A source that throws (a closed store, a relay between
 * restarts) is left out, so the rest of the scrape still answers.
 */
export async function readSources(sources: MetricSources, onError: SourceErrorListener): Promise<SourceReadings> {
  const readings: Record<string, unknown> = {};
  await Promise.all(
    (Object.keys(sources) as (keyof MetricSources)[]).map(async (key) => {
      const source = sources[key];
      if (source === undefined) return;
      try {
        const value = await source();
        if (value !== undefined) readings[key] = value;
      } catch (error) {
        onError(key, error);
      }
    }),
  );
  return readings as SourceReadings;
}

/** The head position: the head source, else what the relay saw (its checkpoint plus its lag). */
export function headOf(readings: SourceReadings): number | undefined {
  if (readings.head !== undefined) return readings.head;
  const relay = readings.relay;
  return relay?.lagPositions === undefined ? undefined : relay.checkpoint + relay.lagPositions;
}

/** Positions a projection is behind the head; never negative (the head may be read first). */
export function projectionLag(head: number, stats: ProjectionRunnerStats): number {
  return Math.max(0, head - stats.lastPosition);
}

/** Parked events counted by projection (the bus's durable name is the projection's name). */
export function countParked(parked: readonly Pick<ParkedMessage, 'durableName'>[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { durableName } of parked) counts.set(durableName, (counts.get(durableName) ?? 0) + 1);
  return counts;
}

/**
 * Shares one call among concurrent callers: while a call is pending, callers get its promise;
 * the next call after it settled reads again.
 */
export function sharedWhilePending<T>(read: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= read().finally(() => {
      pending = undefined;
    });
    return pending;
  };
}

/** Relay, projection and parked sources from one read side, reading its status once per scrape. */
export function readSideSources(readSide: {
  status(): Promise<ReadSideStatus>;
}): Required<Pick<MetricSources, 'relay' | 'projections' | 'parked'>> {
  const status = sharedWhilePending(() => readSide.status());
  return {
    relay: async () => (await status()).relay,
    projections: async () => (await status()).projections,
    parked: async () => countParked((await status()).parked),
  };
}
