import {
  type CommandOutcome,
  type EventStore,
  money,
  type OrderCommand,
  type OrderEvent,
  type OrderState,
  orderDecider,
} from '@ordinal/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActorHost } from './actor-host.ts';
import { envelope } from './counter.fixture.ts';
import { type TempStore, tempStore } from './temp-store.fixture.ts';

const orderId = 'o-1001';
const eventTypes = (outcome: CommandOutcome): string[] =>
  outcome.status === 'accepted' ? outcome.events.map((event) => event.type) : [`rejected ${outcome.rejection.code}`];

const placeOrder: OrderCommand = {
  type: 'PlaceOrder',
  orderId,
  customer: { customerId: 'cust-1', name: 'Li Wei' },
  channel: { salesChannel: 'webshop' },
  currency: 'CNY',
  lines: [
    { sku: 'TEA-01', name: 'Oolong tea', quantity: 2, unitPrice: money(4_500, 'CNY') },
    { sku: 'CUP-02', name: 'Tea cup', quantity: 1, unitPrice: money(2_000, 'CNY') },
  ],
  shippingAddress: { name: 'Li Wei', line1: '1 Nanjing Rd', city: 'Shanghai', postalCode: '200001', country: 'CN' },
};

describe('ActorHost with the order decider', () => {
  let temp: TempStore;
  let store: EventStore;
  let host: ActorHost<OrderCommand, OrderEvent, OrderState>;

  beforeEach(async () => {
    temp = await tempStore();
    store = await temp.open();
    host = new ActorHost({ store, decider: orderDecider, clock: () => new Date('2024-05-01T10:00:00.000Z') });
  });

  afterEach(async () => {
    await host.close();
    await temp.cleanup();
  });

  it('decides an imported command at its source time and records where it came from on every event', async () => {
    const provenance = { source: 'olist', runId: 'run-1', record: 'olist_orders_dataset.csv#2' };
    const at = '2017-07-10T00:57:05.000Z';
    const outcome = await host.execute(envelope(placeOrder, { occurredAt: at, import: provenance }));
    expect(eventTypes(outcome)).toEqual(['OrderPlaced', 'OrderConfirmed']);
    if (outcome.status !== 'accepted') throw new Error('refused');
    const [placed, confirmed] = outcome.events;
    expect(placed?.data).toMatchObject({ placedAt: at });
    // Not screened again by today's rules: confirmed as history.
    expect(confirmed?.data).toEqual({ reason: 'imported' });
    for (const event of outcome.events) {
      expect(event.metadata.occurredAt).toBe(at);
      expect(event.metadata.import).toEqual(provenance);
    }
    const cancelled = await host.execute(
      envelope({ type: 'CancelOrder', orderId, reason: 'unavailable' }, { occurredAt: '2017-07-11T09:00:00.000Z' }),
    );
    // A command without provenance records none.
    expect(cancelled.status === 'accepted' && cancelled.events[0]?.metadata.import).toBeUndefined();
  });

  it('places, confirms, allocates and ships an order, and rejects what is not allowed', async () => {
    expect(eventTypes(await host.execute(envelope(placeOrder)))).toEqual(['OrderPlaced', 'OrderConfirmed']);
    const allocate: OrderCommand = {
      type: 'AllocateOrder',
      orderId,
      allocations: [
        {
          shipmentId: 's1',
          locationId: 'wh-sh',
          lines: [
            { lineId: '1', quantity: 2 },
            { lineId: '2', quantity: 1 },
          ],
        },
      ],
    };
    expect(eventTypes(await host.execute(envelope(allocate)))).toEqual(['OrderAllocated']);
    expect(eventTypes(await host.execute(envelope({ type: 'StartPicking', orderId, shipmentId: 's1' })))).toEqual([
      'PickingStarted',
    ]);
    await host.execute(envelope({ type: 'PackShipment', orderId, shipmentId: 's1' }));
    const dispatch = await host.execute(
      envelope({ type: 'DispatchShipment', orderId, shipmentId: 's1', carrier: 'sf', trackingNumber: 'SF1' }),
    );
    expect(dispatch).toMatchObject({ status: 'accepted', streamId: `order-${orderId}`, revision: 6 });

    const cancel = await host.execute(envelope({ type: 'CancelOrder', orderId, reason: 'changed mind' }));
    expect(cancel.status).toBe('rejected');
    const details = cancel.status === 'rejected' ? cancel.rejection.details : undefined;
    expect(details?.allowedCommands).toEqual(expect.any(Array));
    expect(details?.allowedCommands).not.toContain('CancelOrder');
    expect(details?.allowedCommands).toContain('RecordShipmentInTransit');
    expect(cancel.revision).toBe(6);
    expect(await store.streamRevision(`order-${orderId}`)).toBe(6);

    // The live actor, a fresh rehydration and a plain evolve fold agree.
    const stream = await store.readStream(`order-${orderId}`);
    const folded = stream.reduce(
      (state, event) => orderDecider.evolve(state, event as unknown as OrderEvent),
      orderDecider.initialState(),
    );
    const live = await host.load(orderId);
    const other = new ActorHost({ store: await temp.open(), decider: orderDecider });
    const rehydrated = await other.load(orderId);
    await other.close();
    expect(live.revision).toBe(6);
    expect(orderDecider.describe(live.state)).toEqual(orderDecider.describe(folded));
    expect(orderDecider.describe(rehydrated.state)).toEqual(orderDecider.describe(folded));
  });

  it('rejects a command for an order that was never placed, with what is allowed', async () => {
    const outcome = await host.execute(envelope({ type: 'ConfirmOrder', orderId: 'missing' }));
    expect(outcome).toMatchObject({ status: 'rejected', revision: 0 });
    if (outcome.status !== 'rejected') return;
    expect(outcome.rejection.details?.allowedCommands).toEqual(['PlaceOrder']);
  });
});

describe('ActorHost gathering outside facts for a decision', () => {
  it('hands the facts hook’s answer to decide, and the decision records what it saw', async () => {
    const temp = await tempStore();
    const store = await temp.open();
    const asked: string[] = [];
    const host = new ActorHost<OrderCommand, OrderEvent, OrderState>({
      store,
      decider: orderDecider,
      clock: () => new Date('2024-05-01T10:00:00.000Z'),
      facts: (command, _state, now) => {
        asked.push(`${command.type}@${now}`);
        return command.type === 'PlaceOrder'
          ? { screening: { hold: { reason: 'risk: velocity', facts: { distinctAddresses24h: 3 } } } }
          : {};
      },
    });
    try {
      const placed = await host.execute(envelope(placeOrder));
      expect(eventTypes(placed)).toEqual(['OrderPlaced', 'OrderHeld']);
      if (placed.status !== 'accepted') throw new Error('refused');
      expect(placed.events[1]?.data).toEqual({ reason: 'risk: velocity', facts: { distinctAddresses24h: 3 } });
      expect(eventTypes(await host.execute(envelope({ type: 'ReleaseOrder', orderId, reason: 'checked' })))).toEqual([
        'OrderReleased',
      ]);
      expect(asked).toEqual(['PlaceOrder@2024-05-01T10:00:00.000Z', 'ReleaseOrder@2024-05-01T10:00:00.000Z']);
      // A replay folds what was recorded: no hook is asked again.
      const reloaded = new ActorHost<OrderCommand, OrderEvent, OrderState>({ store, decider: orderDecider });
      const { state } = await reloaded.load(orderId);
      // Released from a hold taken at placement: the order is confirmed.
      expect(state.matches({ main: 'confirmed' })).toBe(true);
      await reloaded.close();
      expect(asked).toHaveLength(2);
    } finally {
      await host.close();
      await temp.cleanup();
    }
  });
});
