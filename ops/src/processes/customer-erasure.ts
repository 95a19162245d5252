import type { ActorHost } from '@ordinal/actors';
import {
  CUSTOMER_CATEGORY,
  type OrderCommand,
  type OrderEvent,
  type OrderState,
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
  /** The read side of this process, when it runs one: its erasure is awaited before the read store is purged. */
  readonly readSide?: ReadSide;
  readonly projections: readonly Projection[];
  /** How long to wait for the read side to apply the erasure (default 10 s). */
  readonly readSideWaitMs?: number;
}

/**
 * After `CustomerErased` is recorded: destroys the customer's keys (their personal data in the
 * log reads as erased from now on), drops their orders' live state from the order host, erases
 * their events' personal fields in the parked events, and once this process's projections
 * have applied the erasure, empties the read store's write-ahead log, whose older frames still
 * hold the documents as they were. Resolves with how many keys were destroyed.
 */
export function customerShredder(
  options: CustomerShredderOptions,
): (customerId: string, position: number) => Promise<number> {
  const { privacy, readStore, orders, readSide } = options;
  const erasing = new Set(
    options.projections.filter((p) => p.categories.includes(CUSTOMER_CATEGORY)).map((p) => p.name),
  );
  const parked = new ParkedEventStore(readStore);
  return async (customerId, position) => {
    const destroyed = await privacy.cipher.destroy(customerId);
    const tracked = await readStore
      .collection<{ id: string; orderId: string }>(ORDER_TRACKING_COLLECTION)
      .find({ customerId });
    const orderIds = new Set([...tracked.map((doc) => doc.orderId), ...privacy.events.ordersOf(customerId)]);
    for (const orderId of orderIds) await orders.forget(orderId);
    await parked.erasePersonalData(new Set([...orderIds].map((orderId) => orders.streamId(orderId))));
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
