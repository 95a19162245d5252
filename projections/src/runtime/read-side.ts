import type { EventBus, EventStore, ParkedMessage, ReadStore } from '@ordinal/domain';
import { approvalQueueProjection } from '../approvals/approval-queue.projection.ts';
import { availableToPromiseProjection } from '../inventory/available-to-promise.projection.ts';
import { locationsProjection } from '../inventory/locations.projection.ts';
import { orderTrackingProjection } from '../order-tracking/order-tracking.projection.ts';
import { shipmentsByTrackingProjection } from '../order-tracking/shipments-by-tracking.projection.ts';
import { type ParkedEventFilter, ParkedEventStore } from '../parking/parked-event-store.ts';
import { CheckpointStore } from '../relay/checkpoint-store.ts';
import { Relay, type RelayOptions, type RelayStatus } from '../relay/relay.ts';
import { repurchaseEstimatesProjection } from '../repurchase/repurchase-estimates.projection.ts';
import { riskAccountsProjection } from '../risk/risk-accounts.projection.ts';
import type { Projection } from './projection.ts';
import { ProjectionRunner, type ProjectionRunnerOptions, type ProjectionRunnerStats } from './projection-runner.ts';

/** The projections every profile runs today. */
export const ORDER_PROJECTIONS: readonly Projection[] = [
  orderTrackingProjection,
  availableToPromiseProjection,
  locationsProjection,
  shipmentsByTrackingProjection,
  riskAccountsProjection,
  repurchaseEstimatesProjection,
  approvalQueueProjection,
];

/** What the read side is wired to. */
export interface ReadSideOptions {
  readonly events: Pick<EventStore, 'subscribeAll' | 'headPosition' | 'readStream' | 'readAll'>;
  /**
   * The log the relay publishes from (default `events`): the log as stored, when the bus opens
   * sealed personal data for its subscribers itself (docs/privacy.md).
   */
  readonly relayEvents?: Pick<EventStore, 'subscribeAll' | 'headPosition' | 'readStream' | 'readAll'>;
  readonly store: ReadStore;
  readonly bus: EventBus;
  readonly projections?: readonly Projection[];
  readonly relay?: Partial<Pick<RelayOptions, 'batchSize' | 'retryDelayMs' | 'onError' | 'onProgress'>>;
  /** Patience and hooks shared by every projection's runner. */
  readonly runners?: Partial<
    Pick<
      ProjectionRunnerOptions,
      'maxDeliveries' | 'ackWaitMs' | 'maxInFlight' | 'retryDelayMs' | 'clock' | 'onError' | 'onApplied'
    >
  >;
  /**
   * Which parts this process runs (default both): the distributed profile runs the relay and
   * the projectors as separate processes, each with a ReadSide of one part.
   */
  readonly parts?: { readonly relay?: boolean; readonly projections?: boolean };
}

/**
 * The relay publishes only the stream categories some projection reads (the log also holds
 * streams no projection wants, e.g. `command-<id>` refusals); a projection that reads every
 * category (none listed) makes it publish everything.
 */
function relayedStreams(projections: readonly Projection[]): { streamPrefixes?: readonly string[] } {
  if (projections.some((projection) => projection.categories.length === 0)) return {};
  return { streamPrefixes: [...new Set(projections.flatMap((p) => p.categories.map((c) => `${c}-`)))] };
}

/** How far the read side is behind the log, and what it could not apply. */
export interface ReadSideStatus {
  /** Absent when this process does not run the relay. */
  readonly relay?: RelayStatus;
  readonly projections: readonly ProjectionRunnerStats[];
  /** Parked events, read from the read store (they outlive restarts until retried). */
  readonly parked: readonly ParkedMessage[];
}

/** Which parked events to retry: all, one projection's, or one event. */
export type RetryParkedOptions = ParkedEventFilter;

/** What a retry of parked events did. */
export interface RetryParkedResult {
  /** Parked events of this read side's projections that were applied again. */
  readonly retried: number;
  /** Of those, applied now or found already in the read model: no longer parked. */
  readonly applied: number;
  /** Still failing: kept parked with the new reason. */
  readonly stillFailing: number;
}

/**
 * Relay plus one runner per projection, started in the order that loses nothing: runners
 * subscribe first (their durable subscriptions exist before anything is published), then the
 * relay follows the log from its checkpoint. Stopping goes the other way round. Events the
 * runners park are kept in the read store (`parkedEvents`) and retried with `retryParked`.
 */
export class ReadSide {
  readonly #relay: Relay | undefined;
  readonly #runners: readonly ProjectionRunner[];
  readonly #parked: ParkedEventStore;

  constructor(options: ReadSideOptions) {
    const projections = options.projections ?? ORDER_PROJECTIONS;
    this.#parked = new ParkedEventStore(options.store);
    const runsProjections = options.parts?.projections ?? true;
    this.#runners = (runsProjections ? projections : []).map(
      (projection) =>
        new ProjectionRunner({
          ...options.runners,
          projection,
          bus: options.bus,
          store: options.store,
          events: options.events,
          parked: this.#parked,
        }),
    );
    this.#relay =
      (options.parts?.relay ?? true)
        ? new Relay({
            events: options.relayEvents ?? options.events,
            bus: options.bus,
            checkpoints: new CheckpointStore(options.store),
            // Every projection of the system, not only this process's: they may run elsewhere.
            ...relayedStreams(options.projections ?? ORDER_PROJECTIONS),
            ...options.relay,
          })
        : undefined;
  }

  async start(): Promise<void> {
    for (const runner of this.#runners) await runner.start();
    await this.#relay?.start();
  }

  async stop(): Promise<void> {
    await this.#relay?.stop();
    for (const runner of this.#runners) await runner.stop();
  }

  /** The parked events, from the read store. */
  async parked(filter: ParkedEventFilter = {}): Promise<ParkedMessage[]> {
    return this.#parked.list(filter);
  }

  /** Each runner's counters, without touching the stores (cheap enough for every scrape). */
  runnerStats(): readonly ProjectionRunnerStats[] {
    return this.#runners.map((runner) => runner.stats());
  }

  /** Parked events per projection, from the read store. */
  async parkedCounts(): Promise<ReadonlyMap<string, number>> {
    const counts = new Map<string, number>();
    for (const parked of await this.#parked.list()) {
      counts.set(parked.durableName, (counts.get(parked.durableName) ?? 0) + 1);
    }
    return counts;
  }

  async status(): Promise<ReadSideStatus> {
    return {
      ...(this.#relay === undefined ? {} : { relay: await this.#relay.status() }),
      projections: this.#runners.map((runner) => runner.stats()),
      parked: await this.#parked.list(),
    };
  }

  /**
   * Applies parked events again through their projection, in log order per projection, and
   * removes those that apply (or were already applied); the rest stay parked with the new
   * reason. Safe while running: the revision guard skips duplicates and fills gaps from the
   * log. Parked events of projections this read side does not run are left alone.
   */
  async retryParked(options: RetryParkedOptions = {}): Promise<RetryParkedResult> {
    let retried = 0;
    let applied = 0;
    for (const parked of await this.#parked.list(options)) {
      const runner = this.#runners.find((r) => r.name === parked.durableName);
      if (runner === undefined) continue;
      retried += 1;
      if ((await runner.retry(parked)) !== 'still-failing') applied += 1;
    }
    return { retried, applied, stillFailing: retried - applied };
  }
}
