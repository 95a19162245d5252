import {
  type Address,
  type CommandEnvelope,
  type CommandOutcome,
  consolidationAddressKey,
  type OrderCommand,
  type OrderEvent,
  type OrderEventDataMap,
  type OrderState,
  orderDecider,
  type RecordedEvent,
} from '@ordinal/domain';
import { placeOrderCommand } from '@ordinal/domain/testing';
import { describe, expect, it } from 'vitest';
import { ActorHost } from '../host/actor-host.ts';
import { envelope } from '../host/counter.fixture.ts';
import { hostTestBed } from '../host/temp-store.fixture.ts';
import { type ConsolidationOptions, ConsolidationProcess } from './consolidation.process.ts';

const bed = hostTestBed();

const START = Date.parse('2026-12-04T09:00:00.000Z');
const LYON: Address = { name: 'Jane Doe', line1: '1 Main St', city: 'Lyon', postalCode: '69001', country: 'FR' };
// The same address as typed differently by another channel.
const LYON_AGAIN: Address = {
  name: 'JANE  DOE ',
  line1: '1 main st',
  city: ' LYON',
  postalCode: '69001',
  country: 'FR',
};
const PARIS: Address = { name: 'Jane Doe', line1: '9 Rue Neuve', city: 'Paris', postalCode: '75002', country: 'FR' };

type Consolidated = OrderEventDataMap['ShipmentConsolidated'];

/** An order host on a real SQLite store, a clock the test moves, and the process on both. */
function system(options: Partial<ConsolidationOptions> = {}) {
  let now = START;
  const clock = () => new Date(now);
  const orders = bed.track(
    new ActorHost<OrderCommand, OrderEvent, OrderState>({ store: bed.store, decider: orderDecider, clock }),
  );
  const errors: unknown[] = [];
  const ok = async (command: OrderCommand): Promise<CommandOutcome> => {
    const outcome = await orders.execute(envelope(command));
    if (outcome.status !== 'accepted') throw new Error(`${outcome.rejection.code}: ${outcome.rejection.message}`);
    return outcome;
  };
  const events = (orderId: string): Promise<readonly RecordedEvent[]> => bed.store.readStream(`order-${orderId}`);
  const ofType = async (orderId: string, type: string) => (await events(orderId)).filter((e) => e.type === type);
  return {
    orders,
    errors,
    advance(minutes: number) {
      now += minutes * 60_000;
    },
    async start(extra: Partial<ConsolidationOptions> = {}) {
      const process = new ConsolidationProcess({
        events: bed.store,
        orders,
        clock,
        windowMinutes: 120,
        onError: (error) => errors.push(error),
        ...options,
        ...extra,
      });
      await process.start();
      return process;
    },
    /** Places (confirmed at once: nothing screens it) and allocates the order to one shipment `<orderId>-s1` at `locationId`. */
    async allocated(orderId: string, address = LYON, locationId = 'wh-lyon', customerId = 'c-42') {
      const base = placeOrderCommand({ orderId, shippingAddress: address });
      await ok({ ...base, customer: { ...base.customer, customerId } });
      const lines = [
        { lineId: '1', quantity: 2 },
        { lineId: '2', quantity: 1 },
      ];
      await ok({ type: 'AllocateOrder', orderId, allocations: [{ shipmentId: `${orderId}-s1`, locationId, lines }] });
    },
    send: ok,
    state: async (orderId: string) => (await orders.load(orderId)).state,
    ofType,
    consolidations: async (orderId: string) =>
      (await ofType(orderId, 'ShipmentConsolidated')).map((e) => e.data as Consolidated),
    /** The consolidation the order's shipment is in now, as its state has it. */
    async parcelOf(orderId: string) {
      return (await orders.load(orderId)).state.context.shipments[`${orderId}-s1`]?.consolidation;
    },
    async until<T>(check: () => Promise<T | undefined>): Promise<T> {
      for (let i = 0; i < 400; i++) {
        const value = await check();
        if (value !== undefined) return value;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error(`the process did not act in time; errors: ${errors.map(String).join('; ')}`);
    },
    /** Lets the process see what the log holds now (no wall-clock assertion: it only waits). */
    settle: () => new Promise((resolve) => setTimeout(resolve, 150)),
  };
}

describe('the consolidation process on a real event store', () => {
  it('consolidates two orders of one customer to the same address on both, and a third elsewhere stays alone', async () => {
    const s = system();
    const process = await s.start();
    try {
      await s.allocated('o-1');
      s.advance(30);
      await s.allocated('o-3', PARIS);
      s.advance(15);
      await s.allocated('o-2', LYON_AGAIN);
      const [onFirst] = await s.until(async () =>
        (await s.consolidations('o-1')).length ? s.consolidations('o-1') : undefined,
      );
      const [onSecond] = await s.until(async () =>
        (await s.consolidations('o-2')).length ? s.consolidations('o-2') : undefined,
      );
      expect(onSecond).toEqual({ ...onFirst, shipmentId: 'o-2-s1' });
      expect(onFirst).toMatchObject({
        shipmentId: 'o-1-s1',
        locationId: 'wh-lyon',
        members: [
          { orderId: 'o-1', shipmentId: 'o-1-s1', placedAt: '2026-12-04T09:00:00.000Z' },
          { orderId: 'o-2', shipmentId: 'o-2-s1', placedAt: '2026-12-04T09:45:00.000Z' },
        ],
        basis: {
          customerId: 'c-42',
          addressKey: consolidationAddressKey(LYON),
          windowMinutes: 120,
          decidedAt: '2026-12-04T09:45:00.000Z',
        },
      });
      expect(onFirst?.consolidationId).toMatch(/^cons-[0-9a-f]{24}$/);
      expect(onFirst?.consolidatedShipmentId).toBe(onFirst?.consolidationId.replace('cons-', 'parcel-'));
      expect(await s.parcelOf('o-2')).toMatchObject({ consolidationId: onFirst?.consolidationId, memberCount: 2 });
      await s.settle();
      expect(await s.consolidations('o-3')).toEqual([]);
      // Picking one member alone is refused; the parcel is picked under its consolidation.
      const alone = await s.orders.execute(envelope({ type: 'StartPicking', orderId: 'o-1', shipmentId: 'o-1-s1' }));
      expect(alone.status === 'rejected' && alone.rejection.code).toBe('shipment.consolidated');
      expect(s.errors).toEqual([]);
    } finally {
      await process.stop();
    }
  });

  it('leaves alone orders placed further apart than the window, of another customer, or at another location', async () => {
    const s = system();
    const process = await s.start();
    try {
      await s.allocated('o-1');
      s.advance(121);
      await s.allocated('o-2');
      await s.allocated('o-3', LYON, 'wh-lyon', 'c-7');
      await s.allocated('o-4', LYON, 'store-paris');
      await s.settle();
      for (const id of ['o-1', 'o-2', 'o-3', 'o-4']) expect(await s.consolidations(id)).toEqual([]);
      // The window is between placements: a fifth order 60 minutes after the second joins it only.
      s.advance(60);
      await s.allocated('o-5');
      await s.until(async () => ((await s.parcelOf('o-5')) ? true : undefined));
      expect((await s.consolidations('o-5'))[0]?.members.map((m) => m.orderId)).toEqual(['o-2', 'o-5']);
      expect(await s.consolidations('o-1')).toEqual([]);
    } finally {
      await process.stop();
    }
  });

  it('does nothing when the window is 0', async () => {
    const s = system({ windowMinutes: 0 });
    const process = await s.start();
    try {
      await s.allocated('o-1');
      await s.allocated('o-2');
      await s.settle();
      expect(await s.consolidations('o-2')).toEqual([]);
    } finally {
      await process.stop();
    }
  });

  it('undoes the consolidation on every member when one is cancelled; the other ships alone', async () => {
    const s = system();
    const process = await s.start();
    try {
      await s.allocated('o-1');
      await s.allocated('o-2');
      const parcel = await s.until(() => s.parcelOf('o-2'));
      await s.send({ type: 'CancelOrder', orderId: 'o-2', reason: 'customer asked' });
      await s.until(async () => ((await s.parcelOf('o-1')) ? undefined : true));
      const [undone] = await s.ofType('o-1', 'ConsolidationUndone');
      expect(undone?.data).toEqual({
        consolidationId: parcel.consolidationId,
        shipmentId: 'o-1-s1',
        reason: 'member o-2 was cancelled (customer asked)',
        causedBy: { orderId: 'o-2', event: 'OrderCancelled' },
      });
      await s.until(async () => ((await s.ofType('o-2', 'ConsolidationUndone')).length ? true : undefined));
      expect((await s.state('o-1')).context.shipments['o-1-s1']).toMatchObject({ status: 'allocated' });
      await s.send({ type: 'StartPicking', orderId: 'o-1', shipmentId: 'o-1-s1' });
      await s.send({ type: 'PackShipment', orderId: 'o-1', shipmentId: 'o-1-s1' });
      await s.send({
        type: 'DispatchShipment',
        orderId: 'o-1',
        shipmentId: 'o-1-s1',
        carrier: 'dhl',
        trackingNumber: 'T1',
      });
      await s.settle();
      expect(await s.consolidations('o-1')).toHaveLength(1);
      expect(s.errors).toEqual([]);
    } finally {
      await process.stop();
    }
  });

  it('grows a consolidation by a third order, and after an undo consolidates again those that remain', async () => {
    const s = system();
    const process = await s.start();
    try {
      await s.allocated('o-1');
      await s.allocated('o-2');
      const first = await s.until(() => s.parcelOf('o-2'));
      s.advance(10);
      await s.allocated('o-3');
      const grown = await s.until(async () => {
        const parcel = await s.parcelOf('o-1');
        return parcel?.memberCount === 3 ? parcel : undefined;
      });
      expect(await s.parcelOf('o-3')).toMatchObject({ consolidationId: grown.consolidationId, memberCount: 3 });
      expect((await s.consolidations('o-3'))[0]?.supersedes).toEqual([first.consolidationId]);
      await s.send({ type: 'HoldOrder', orderId: 'o-3', reason: 'address check' });
      // o-1 and o-2 are undone, then consolidated again as two.
      const again = await s.until(async () => {
        const parcel = await s.parcelOf('o-1');
        return parcel?.memberCount === 2 && parcel.consolidationId !== first.consolidationId ? parcel : undefined;
      });
      expect(await s.parcelOf('o-2')).toMatchObject({ consolidationId: again.consolidationId });
      expect(await s.parcelOf('o-3')).toBeUndefined();
      const reasons = (await s.ofType('o-1', 'ConsolidationUndone')).map((e) => (e.data as { reason: string }).reason);
      expect(reasons).toEqual(['member o-3 was put on hold (address check)']);
    } finally {
      await process.stop();
    }
  });

  it('undoes on an address change, consolidates again under a new id when it changes back, and undoes on a rejection', async () => {
    const s = system();
    const process = await s.start();
    try {
      await s.allocated('o-1');
      await s.allocated('o-2');
      const first = await s.until(() => s.parcelOf('o-1'));
      await s.send({ type: 'ChangeShippingAddress', orderId: 'o-2', address: PARIS });
      await s.until(async () => ((await s.parcelOf('o-1')) || (await s.parcelOf('o-2')) ? undefined : true));
      await s.send({ type: 'ChangeShippingAddress', orderId: 'o-2', address: LYON_AGAIN });
      const second = await s.until(async () => {
        const parcel = await s.parcelOf('o-1');
        return parcel !== undefined && parcel.consolidationId !== first.consolidationId ? parcel : undefined;
      });
      expect(await s.parcelOf('o-2')).toMatchObject({ consolidationId: second.consolidationId });
      await s.send({
        type: 'RejectAllocation',
        orderId: 'o-1',
        shipmentId: 'o-1-s1',
        locationId: 'wh-lyon',
        kind: 'rejected',
        reason: 'no staff today',
      });
      await s.until(async () => ((await s.parcelOf('o-2')) ? undefined : true));
      const reasons = (await s.ofType('o-2', 'ConsolidationUndone')).map((e) => (e.data as { reason: string }).reason);
      expect(reasons).toEqual([
        "member o-2's shipping address changed",
        "member o-1's allocation was withdrawn (rejected by wh-lyon: no staff today); it is to be routed again",
      ]);
      expect(s.errors).toEqual([]);
    } finally {
      await process.stop();
    }
  });

  it('finishes at start what a stop cut short, and a second start changes nothing', async () => {
    const s = system();
    // The first run stops after the consolidation reached o-1 only.
    const cut: ConsolidationOptions['orders'] = {
      load: (id) => s.orders.load(id),
      async execute(command: CommandEnvelope<OrderCommand>) {
        if (command.command.type === 'ConsolidateShipment' && command.command.orderId === 'o-2') {
          throw new Error('stopped');
        }
        return s.orders.execute(command);
      },
    };
    const first = await s.start({ orders: cut });
    await s.allocated('o-1');
    await s.allocated('o-2');
    await s.until(() => s.parcelOf('o-1'));
    await s.settle();
    await first.stop();
    expect(await s.parcelOf('o-2')).toBeUndefined();
    s.advance(5);
    const second = await s.start();
    const parcel = await s.until(() => s.parcelOf('o-2'));
    await second.stop();
    expect(parcel.consolidationId).toBe((await s.parcelOf('o-1'))?.consolidationId);
    const [onFirst] = await s.consolidations('o-1');
    expect(await s.consolidations('o-2')).toEqual([{ ...onFirst, shipmentId: 'o-2-s1' }]);
    const logged = (await bed.store.readAll()).length;
    const third = await s.start();
    await s.settle();
    await third.stop();
    expect((await bed.store.readAll()).length).toBe(logged);
    expect(await s.consolidations('o-1')).toHaveLength(1);
  });
});
