import type { ActorHost } from '@ordinal/actors';
import {
  CARRIER_PARKED_CATEGORY,
  CUSTOMER_CATEGORY,
  INTAKE_CATEGORY,
  type OrderCommand,
  type OrderEvent,
  type OrderState,
  payloadKeyOwner,
  type ReadStore,
} from '@ordinal/domain';
import {
  ORDER_TRACKING_COLLECTION,
  ParkedEventStore,
  type Projection,
  type ReadSide,
  SqliteReadStore,
} from '@ordinal/projections';
import type { PrivacyParts } from '../profile/adapters.ts';

/** What shredding a customer's data reaches in one process. */
export interface CustomerShredderOptions {
  readonly privacy: PrivacyParts;
  readonly readStore: ReadStore;
  readonly orders: ActorHost<OrderCommand, OrderEvent, OrderState>;
  /** The hosts of parked channel and carrier payloads, whose live state holds a payload as received. */
  readonly keptPayloads?: {
    readonly intake: { forget(entityId: string): Promise<void> };
    readonly carrierParked: { forget(entityId: string): Promise<void> };
  };
  /** The read side of this process, when it runs one: its erasure is awaited before the read store is purged. */
  readonly readSide?: ReadSide;
  readonly projections: readonly Projection[];
  /** How long to wait for the read side to apply the erasure (default 10 s). */
  readonly readSideWaitMs?: number;
}

/**
 * After `CustomerErased` is recorded: destroys the customer's keys and those of the parked
 * payloads the erasure names (their personal data in the log reads as erased from now on),
 * drops their orders' and those payloads' live state from their hosts, erases the personal fields of their
 * orders' and those payloads' events in the parked events, and once this process's projections
 * have applied the erasure, empties the read store's write-ahead log, whose older frames still
 * hold the documents as they were. Resolves with how many keys were destroyed.
 */
export function customerShredder(
  options: CustomerShredderOptions,
): (customerId: string, position: number, payloads: readonly string[]) => Promise<number> {
  const { privacy, readStore, orders, readSide } = options;
  const erasing = new Set(
    options.projections.filter((p) => p.categories.includes(CUSTOMER_CATEGORY)).map((p) => p.name),
  );
  const parked = new ParkedEventStore(readStore);
  return async (customerId, position, payloads) => {
    let destroyed = await privacy.cipher.destroy(customerId);
    for (const streamId of payloads) destroyed += await privacy.cipher.destroy(payloadKeyOwner(streamId));
    const tracked = await readStore
      .collection<{ id: string; orderId: string }>(ORDER_TRACKING_COLLECTION)
      .find({ customerId });
    const orderIds = new Set([...tracked.map((doc) => doc.orderId), ...privacy.events.ordersOf(customerId)]);
    for (const orderId of orderIds) await orders.forget(orderId);
    for (const streamId of payloads) {
      if (streamId.startsWith(`${INTAKE_CATEGORY}-`)) {
        await options.keptPayloads?.intake.forget(streamId.slice(INTAKE_CATEGORY.length + 1));
      } else if (streamId.startsWith(`${CARRIER_PARKED_CATEGORY}-`)) {
        await options.keptPayloads?.carrierParked.forget(streamId.slice(CARRIER_PARKED_CATEGORY.length + 1));
      }
    }
    await parked.erasePersonalData(new Set([...[...orderIds].map((orderId) => orders.streamId(orderId)), ...payloads]));
    if (readSide !== undefined && readStore instanceof SqliteReadStore) {
      const deadline = Date.now() + (options.readSideWaitMs ?? 10_000);
      const behind = () =>
        readSide.runnerStats().some((runner) => erasing.has(runner.name) && runner.lastPosition < position);
      while (behind() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      await readStore.purge();
    }
    return destroyed;
  };
}
