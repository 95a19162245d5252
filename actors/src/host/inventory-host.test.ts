import {
  type CommandOutcome,
  figuresOf,
  foldInventory,
  type InventoryCommand,
  type InventoryEvent,
  type InventoryState,
  inventoryDecider,
  inventoryStreamId,
  stockAt,
} from '@ordinal/domain';
import { describe, expect, it } from 'vitest';
import { ActorHost } from './actor-host.ts';
import { envelope } from './counter.fixture.ts';
import { hostTestBed } from './temp-store.fixture.ts';

type InventoryHost = ActorHost<InventoryCommand, InventoryEvent, InventoryState>;

const sku = 'TEA-01';
const expiresAt = '2030-01-01T00:00:00.000Z';
const clock = () => new Date('2026-03-02T09:00:00.000Z');

const receive = (locationId: string, quantity: number): InventoryCommand => ({
  type: 'ReceiveStock',
  sku,
  locationId,
  quantity,
  reference: `PO-${locationId}`,
});
const reserve = (n: number, locationId: string): InventoryCommand => ({
  type: 'ReserveStock',
  sku,
  reservationId: `r-${n}`,
  orderId: `o-${n}`,
  lineId: '1',
  locationId,
  quantity: 1,
  expiresAt,
});

/** Accepted-with-events, rejected by code, and any thrown error, over all outcomes. */
function tally(outcomes: readonly PromiseSettledResult<CommandOutcome>[]) {
  const counts = { accepted: 0, empty: 0, thrown: 0, byCode: new Map<string, number>() };
  for (const settled of outcomes) {
    if (settled.status === 'rejected') counts.thrown += 1;
    else if (settled.value.status === 'accepted') {
      if (settled.value.events.length > 0) counts.accepted += 1;
      else counts.empty += 1;
    } else {
      const code = settled.value.rejection.code;
      counts.byCode.set(code, (counts.byCode.get(code) ?? 0) + 1);
    }
  }
  return counts;
}

describe('ActorHost with the inventory decider on a real SQLite file', () => {
  const bed = hostTestBed();
  const host = (): InventoryHost => bed.track(new ActorHost({ store: bed.store, decider: inventoryDecider, clock }));

  async function stream() {
    return (await bed.store.readStream(inventoryStreamId(sku))) as unknown as InventoryEvent[];
  }

  it('reserves exactly the 100 units of one location for 1,000 concurrent orders, never more', async () => {
    const inventory = host();
    await inventory.execute(envelope(receive('wh-sh', 100)));
    const outcomes = await Promise.allSettled(
      Array.from({ length: 1000 }, (_, n) => inventory.execute(envelope(reserve(n, 'wh-sh')))),
    );
    const counts = tally(outcomes);
    expect(counts).toMatchObject({ accepted: 100, empty: 0, thrown: 0 });
    expect([...counts.byCode]).toEqual([['inventory.insufficient-stock', 900]]);
    const events = await stream();
    expect(events.filter((e) => e.type === 'StockReserved')).toHaveLength(100);
    expect(figuresOf(stockAt(foldInventory(events), 'wh-sh'))).toEqual({ onHand: 100, reserved: 100, available: 0 });
  });

  it('keeps two locations apart: 100 and 50 units take exactly 150 of 1,000 orders', async () => {
    const inventory = host();
    await inventory.execute(envelope(receive('wh-sh', 100)));
    await inventory.execute(envelope(receive('st-bj', 50)));
    const outcomes = await Promise.allSettled(
      Array.from({ length: 1000 }, (_, n) => inventory.execute(envelope(reserve(n, n % 2 === 0 ? 'wh-sh' : 'st-bj')))),
    );
    const counts = tally(outcomes);
    expect(counts).toMatchObject({ accepted: 150, thrown: 0 });
    expect(counts.byCode.get('inventory.insufficient-stock')).toBe(850);
    const state = foldInventory(await stream());
    expect(figuresOf(stockAt(state, 'wh-sh'))).toEqual({ onHand: 100, reserved: 100, available: 0 });
    expect(figuresOf(stockAt(state, 'st-bj'))).toEqual({ onHand: 50, reserved: 50, available: 0 });
  });

  it('gives released units to racing orders exactly once', async () => {
    const inventory = host();
    await inventory.execute(envelope(receive('wh-sh', 100)));
    await Promise.all(Array.from({ length: 100 }, (_, n) => inventory.execute(envelope(reserve(n, 'wh-sh')))));
    // 50 releases (each sent twice, as a retrying process would) race 300 new orders.
    const releases = Array.from(
      { length: 100 },
      (_, i): InventoryCommand => ({
        type: 'ReleaseReservation',
        sku,
        reservationId: `r-${i % 50}`,
        reason: 'order cancelled',
      }),
    );
    const orders = Array.from({ length: 300 }, (_, i) => reserve(1000 + i, 'wh-sh'));
    const mixed = orders.flatMap((order, i) => (i < releases.length ? [order, releases[i]!] : [order]));
    const outcomes = await Promise.allSettled(mixed.map((command) => inventory.execute(envelope(command))));
    expect(outcomes.every((o) => o.status === 'fulfilled')).toBe(true);
    const events = await stream();
    expect(events.filter((e) => e.type === 'ReservationReleased')).toHaveLength(50);
    const reservedLater = events.filter((e) => e.type === 'StockReserved' && Number(e.data.orderId.slice(2)) >= 1000);
    expect(reservedLater.length).toBeLessThanOrEqual(50);
    const state = foldInventory(events);
    const { onHand, reserved, available } = figuresOf(stockAt(state, 'wh-sh'));
    expect({ onHand, reserved: reserved + available }).toEqual({ onHand: 100, reserved: 100 });
    expect(reserved).toBe(Object.keys(state.reservations).length);
    expect(reserved).toBe(50 + reservedLater.length);
    // Each order is refused only while nothing is available: refusals and takers add up.
    expect(tally(outcomes).byCode.get('inventory.insufficient-stock')).toBe(300 - reservedLater.length);
  });

  it('never oversells when two processes write the same SKU on one file', async () => {
    const other = await bed.temp.open();
    const options = { decider: inventoryDecider, clock, maxConflictRetries: 10_000 };
    const first = bed.track(new ActorHost({ ...options, store: bed.store }));
    const second = bed.track(new ActorHost({ ...options, store: other }));
    await first.execute(envelope(receive('wh-sh', 100)));
    const outcomes = await Promise.allSettled(
      Array.from({ length: 400 }, (_, n) => (n % 2 === 0 ? first : second).execute(envelope(reserve(n, 'wh-sh')))),
    );
    const counts = tally(outcomes);
    expect(counts).toMatchObject({ accepted: 100, thrown: 0 });
    expect(counts.byCode.get('inventory.insufficient-stock')).toBe(300);
    const events = await stream();
    expect(events.filter((e) => e.type === 'StockReserved')).toHaveLength(100);
    expect(figuresOf(stockAt(foldInventory(events), 'wh-sh')).available).toBe(0);
  });
});
