import type { EventBus, EventStore, ParkedMessage, ReadStore } from '@ordinal/domain';
import { customerOrdersProjection } from '../order-tracking/customer-orders.projection.ts';
import { orderTrackingProjection } from '../order-tracking/order-tracking.projection.ts';
import { CheckpointStore } from '../relay/checkpoint-store.ts';
import { Relay, type RelayOptions, type RelayStatus } from '../relay/relay.ts';
import type { Projection } from './projection.ts';
import { ProjectionRunner, type ProjectionRunnerStats } from './projection-runner.ts';

/** The projections every profile runs today. */
export const ORDER_PROJECTIONS: readonly Projection[] = [orderTrackingProjection, customerOrdersProjection];

/** What the read side is wired to. */
export interface ReadSideOptions {
  readonly events: Pick<EventStore, 'subscribeAll' | 'headPosition' | 'readStream' | 'readAll'>;
  readonly store: ReadStore;
  readonly bus: EventBus;
  readonly projections?: readonly Projection[];
  readonly relay?: Partial<Pick<RelayOptions, 'batchSize' | 'retryDelayMs' | 'onError' | 'onProgress'>>;
}

/** How far the read side is behind the log, and what it could not apply. */
export interface ReadSideStatus {
  readonly relay: RelayStatus;
  readonly projections: readonly ProjectionRunnerStats[];
  readonly parked: readonly ParkedMessage[];
}

/**
 * Relay plus one runner per projection, started in the order that loses nothing: runners
 * subscribe first (their durable subscriptions exist before anything is published), then the
 * relay follows the log from its checkpoint. Stopping goes the other way round.
 */
export class ReadSide {
  readonly #relay: Relay;
  readonly #runners: readonly ProjectionRunner[];
  readonly #bus: EventBus;

  constructor(options: ReadSideOptions) {
    this.#bus = options.bus;
    this.#runners = (options.projections ?? ORDER_PROJECTIONS).map(
      (projection) =>
        new ProjectionRunner({ projection, bus: options.bus, store: options.store, events: options.events }),
    );
    this.#relay = new Relay({
      events: options.events,
      bus: options.bus,
      checkpoints: new CheckpointStore(options.store),
      ...options.relay,
    });
  }

  async start(): Promise<void> {
    for (const runner of this.#runners) await runner.start();
    await this.#relay.start();
  }

  async stop(): Promise<void> {
    await this.#relay.stop();
    for (const runner of this.#runners) await runner.stop();
  }

  async status(): Promise<ReadSideStatus> {
    return {
      relay: await this.#relay.status(),
      projections: this.#runners.map((runner) => runner.stats()),
      parked: await this.#bus.parked(),
    };
  }
}
