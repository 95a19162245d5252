import type { OrderRouting } from '@ordinal/domain';
import { describe, expect, it } from 'vitest';
import { envelope } from '../host/counter.fixture.ts';
import { hostTestBed } from '../host/temp-store.fixture.ts';
import { ReservationExpiry } from './reservation-expiry.ts';
import { routingSystem } from './routing.fixture.ts';

const bed = hostTestBed();

/** São Paulo (nearest to the fixture address) and Rio de Janeiro, both holding the order's SKUs. */
async function twoWarehouses(s: ReturnType<typeof routingSystem>, rio = 5) {
  await s.location('wh-sp-01', { lat: -23.4543, lng: -46.5337 }, 'SP');
  await s.location('wh-rj-01', { lat: -22.9068, lng: -43.1729 }, 'RJ');
  await s.receive('SKU-A', 'wh-sp-01', 5);
  await s.receive('SKU-B', 'wh-sp-01', 5);
  if (rio > 0) {
    await s.receive('SKU-A', 'wh-rj-01', rio);
    await s.receive('SKU-B', 'wh-rj-01', rio);
  }
}

const rejection = (orderId: string, shipmentId: string) =>
  ({
    type: 'RejectAllocation',
    orderId,
    shipmentId,
    locationId: 'wh-sp-01',
    kind: 'rejected',
    reason: 'no staff today',
  }) as const;

describe('re-routing when a location gives its shipment back', () => {
  it('releases the rejected stock and routes the order elsewhere, the exclusion recorded in the new input', async () => {
    const s = routingSystem(bed);
    await twoWarehouses(s);
    const process = await s.startProcess();
    try {
      await s.place('o-1');
      await s.reaches('o-1', 'allocated');
      expect((await s.routings('o-1'))[0]?.decision).toMatchObject({ plan: [{ locationId: 'wh-sp-01' }] });

      await s.send(rejection('o-1', 'r1-s1'));
      const state = await s.until(async () => {
        const found = await s.stateOf('o-1');
        return found.matches({ main: 'allocated' }) && found.context.shipments['r2-s1'] ? found : undefined;
      });
      expect(state.context.shipments['r2-s1']?.locationId).toBe('wh-rj-01');
      expect(state.context.shipments['r1-s1']).toMatchObject({
        status: 'cancelled',
        cancellationReason: 'rejected by wh-sp-01: no staff today',
      });
      const second = (await s.routings('o-1'))[1] as OrderRouting;
      expect(second.attempt).toBe(2);
      expect(second.input.excludedLocations).toEqual([
        { locationId: 'wh-sp-01', reason: 'it rejected shipment r1-s1 (no staff today)' },
      ]);
      expect(second.decision.candidates.find((c) => c.locationId === 'wh-sp-01')?.status).toBe('excluded');
      const stockA = await s.stock('SKU-A');
      expect(stockA.locations).toEqual({
        'wh-sp-01': { onHand: 5, reserved: 0 },
        'wh-rj-01': { onHand: 5, reserved: 2 },
      });
      expect(stockA.closed['o-1:1:1']?.status).toBe('released');
      expect(Object.keys(stockA.reservations)).toEqual(['o-1:2:1']);
      expect(s.errors).toEqual([]);
    } finally {
      await process.stop();
    }
  });

  it('holds the order when the only location with stock rejects it, the decision as the hold facts', async () => {
    const s = routingSystem(bed);
    await twoWarehouses(s, 0);
    const process = await s.startProcess();
    try {
      await s.place('o-2');
      await s.reaches('o-2', 'allocated');
      await s.send(rejection('o-2', 'r1-s1'));
      const state = await s.reaches('o-2', 'onHold');
      const facts = state.context.hold?.facts as { routing: OrderRouting };
      expect(facts.routing.attempt).toBe(2);
      expect(facts.routing.decision.outcome).toBe('unroutable');
      expect(facts.routing.input.excludedLocations?.map((e) => e.locationId)).toEqual(['wh-sp-01']);
      expect(state.context.hold?.reason).toMatch(
        /^routing: .*wh-sp-01 \(excluded: it rejected shipment r1-s1 \(no staff today\)\)/,
      );
      expect((await s.stock('SKU-A')).reservations).toEqual({});
      expect((await s.stock('SKU-B')).reservations).toEqual({});
    } finally {
      await process.stop();
    }
  });

  it('after a restart halfway through, finishes the re-route once, and a second start changes nothing', async () => {
    const s = routingSystem(bed);
    await twoWarehouses(s);
    const first = await s.startProcess();
    await s.place('o-3');
    await s.reaches('o-3', 'allocated');
    await first.stop();
    // Stopped after recording the rejection and releasing one of the two lines: the log ends on stock.
    await s.send(rejection('o-3', 'r1-s1'));
    await s.inventory.execute(
      envelope(
        { type: 'ReleaseReservation', sku: 'SKU-A', reservationId: 'o-3:1:1', reason: 'allocation rejected' },
        { commandId: 'release-o-3:1:1' },
      ),
    );
    const second = await s.startProcess();
    await s.until(async () => ((await s.routings('o-3')).length === 2 ? true : undefined));
    await second.stop();
    expect((await s.stock('SKU-B')).closed['o-3:1:2']?.status).toBe('released');
    expect((await s.stateOf('o-3')).context.shipments['r2-s1']?.locationId).toBe('wh-rj-01');
    const logged = (await s.store.readAll()).length;
    const third = await s.startProcess();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await third.stop();
    expect((await s.store.readAll()).length).toBe(logged);
    expect(s.errors).toEqual([]);
  });

  it('excludes every location that rejected the order so far, not only the last one', async () => {
    const s = routingSystem(bed);
    await twoWarehouses(s);
    await s.location('wh-sp-02', { lat: -23.6, lng: -46.7 }, 'SP');
    await s.receive('SKU-A', 'wh-sp-02', 5);
    await s.receive('SKU-B', 'wh-sp-02', 5);
    const process = await s.startProcess();
    try {
      await s.place('o-4');
      await s.reaches('o-4', 'allocated');
      const first = (await s.stateOf('o-4')).context.shipments['r1-s1']!;
      await s.send({ ...rejection('o-4', 'r1-s1'), locationId: first.locationId });
      await s.until(async () => ((await s.routings('o-4')).length === 2 ? true : undefined));
      const next = (await s.stateOf('o-4')).context.shipments['r2-s1']!;
      await s.send({ ...rejection('o-4', 'r2-s1'), locationId: next.locationId, kind: 'failed', reason: 'flooded' });
      await s.until(async () => ((await s.routings('o-4')).length === 3 ? true : undefined));
      const third = (await s.routings('o-4'))[2] as OrderRouting;
      expect(third.input.excludedLocations?.map((e) => e.locationId)).toEqual([first.locationId, next.locationId]);
      expect(third.input.excludedLocations?.[1]?.reason).toBe('shipment r2-s1 failed there (flooded)');
      const last = (await s.stateOf('o-4')).context.shipments['r3-s1']!;
      expect([first.locationId, next.locationId]).not.toContain(last.locationId);
    } finally {
      await process.stop();
    }
  });
});

describe('reservation expiry', () => {
  it('expires what is due at the clock, and the order whose allocation it held is routed again', async () => {
    const ttl = 60_000;
    const s = routingSystem(bed, { reservationTtlMs: ttl });
    await twoWarehouses(s);
    const process = await s.startProcess();
    const errors: unknown[] = [];
    const expiry = new ReservationExpiry({
      events: s.store,
      orders: s.orders,
      inventory: s.inventory,
      clock: s.clock,
      intervalMs: 10,
      onError: (error) => errors.push(error),
    });
    try {
      await s.place('o-5');
      await s.reaches('o-5', 'allocated');
      expiry.start();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect((await s.stock('SKU-A')).reservations['o-5:1:1']).toBeDefined(); // Not due yet.

      s.advance(ttl + 1);
      const expiredAt = s.clock().toISOString();
      await s.until(async () => ((await s.routings('o-5')).length === 2 ? true : undefined));
      const stockA = await s.stock('SKU-A');
      expect(stockA.closed['o-5:1:1']?.status).toBe('expired');
      const expired = (await s.store.readStream('inventory-SKU-A')).find((e) => e.type === 'ReservationExpired');
      expect(expired?.data).toMatchObject({ reservationId: 'o-5:1:1', expiredAt });
      const rejected = (await s.orderEvents('o-5')).find((e) => e.type === 'AllocationRejected');
      expect(rejected?.data).toEqual({
        shipmentId: 'r1-s1',
        locationId: 'wh-sp-01',
        kind: 'failed',
        reason: 'reservation expired',
      });
      expect(rejected?.metadata.actor).toEqual({ kind: 'system', component: 'reservation-expiry' });
      const second = (await s.routings('o-5'))[1] as OrderRouting;
      expect(second.input.excludedLocations).toEqual([
        { locationId: 'wh-sp-01', reason: 'shipment r1-s1 failed there (reservation expired)' },
      ]);
      expect(stockA.reservations['o-5:2:1']).toMatchObject({ locationId: 'wh-rj-01' });
      expect([...errors, ...s.errors]).toEqual([]);
    } finally {
      await expiry.stop();
      await process.stop();
    }
  });

  it('follows up at start an expiry recorded while it was stopped, once, and leaves a picked shipment alone', async () => {
    const s = routingSystem(bed, { reservationTtlMs: 60_000 });
    await twoWarehouses(s);
    const process = await s.startProcess();
    try {
      await s.place('o-6');
      await s.place('o-7');
      await s.reaches('o-6', 'allocated');
      await s.reaches('o-7', 'allocated');
      await s.send({ type: 'StartPicking', orderId: 'o-7', shipmentId: 'r1-s1' });
      s.advance(61_000);
      // The expiry was recorded (by a scheduler that stopped before following it up).
      for (const sku of ['SKU-A', 'SKU-B']) {
        await s.inventory.execute(envelope({ type: 'ExpireReservations', sku, now: s.clock().toISOString() }));
      }
      const errors: unknown[] = [];
      const expiry = new ReservationExpiry({
        events: s.store,
        orders: s.orders,
        inventory: s.inventory,
        clock: s.clock,
        intervalMs: 3_600_000,
        onError: (error) => errors.push(error),
      });
      expiry.start();
      await s.until(async () => ((await s.routings('o-6')).length === 2 ? true : undefined));
      await s.until(async () => (errors.length >= 2 ? true : undefined));
      await expiry.stop();
      // o-6: one failure for its two expired lines (the second finds the allocation withdrawn already).
      const failures = (await s.orderEvents('o-6')).filter((e) => e.type === 'AllocationRejected');
      expect(failures).toHaveLength(1);
      // o-7 is being picked: it keeps its allocation, and the expiry is reported for each line.
      expect((await s.stateOf('o-7')).matches({ main: { fulfilment: 'picking' } })).toBe(true);
      expect(errors.map(String)).toEqual([
        expect.stringMatching(
          /reservation o-7:1:1 expired but order o-7 kept shipment r1-s1 \(shipment.not-rejectable/,
        ),
        expect.stringMatching(/reservation o-7:1:2 expired but order o-7 kept shipment r1-s1/),
      ]);
    } finally {
      await process.stop();
    }
  });
});
