import type { OrderRouting, RecordedEvent } from '@ordinal/domain';
import { describe, expect, it } from 'vitest';
import { hostTestBed } from '../host/temp-store.fixture.ts';
import { routingSystem, SAO_PAULO } from './routing.fixture.ts';

const bed = hostTestBed();
const system = () => routingSystem(bed);

const routingOf = (events: readonly RecordedEvent[]) =>
  events.filter((e) => e.type === 'OrderAllocated').map((e) => (e.data as { routing?: OrderRouting }).routing);

describe('the order routing process on a real event store', () => {
  it('routes a confirmed order: reserves the plan, allocates it and records the whole decision', async () => {
    const s = system();
    await s.location('wh-sp-01', { lat: -23.4543, lng: -46.5337 }, 'SP');
    await s.location('wh-rj-01', { lat: -22.9068, lng: -43.1729 }, 'RJ');
    for (const location of ['wh-sp-01', 'wh-rj-01']) {
      await s.receive('SKU-A', location, 5);
      await s.receive('SKU-B', location, 5);
    }
    const process = await s.startProcess();
    try {
      await s.place('o-1');
      const state = await s.until(async () => {
        const found = await s.stateOf('o-1');
        return found.matches({ main: 'allocated' }) ? found : undefined;
      });
      const [routing] = routingOf(await s.orderEvents('o-1'));
      expect(routing?.attempt).toBe(1);
      expect(routing?.decision.outcome).toBe('routed');
      expect(routing?.decision.explanation[0]).toMatch(/^Chose wh-sp-01/);
      // The input holds what was seen: both warehouses with their stock, the destination.
      expect(routing?.input.candidates.map((c) => [c.locationId, c.stock])).toEqual([
        ['wh-rj-01', { 'SKU-A': 5, 'SKU-B': 5 }],
        ['wh-sp-01', { 'SKU-A': 5, 'SKU-B': 5 }],
      ]);
      expect(Object.values(state.context.shipments).map((sh) => sh.locationId)).toEqual(['wh-sp-01']);
      const stockA = await s.stock('SKU-A');
      expect(stockA.locations['wh-sp-01']).toEqual({ onHand: 5, reserved: 2 });
      expect(Object.keys(stockA.reservations)).toEqual(['o-1:1:1']);
      expect(s.errors).toEqual([]);
    } finally {
      await process.stop();
    }
  });

  it('holds an order no location can ship, with the decision as the hold facts, and reserves nothing', async () => {
    const s = system();
    await s.location('wh-sp-01', { lat: -23.4543, lng: -46.5337 }, 'SP');
    await s.receive('SKU-A', 'wh-sp-01', 1);
    await s.receive('SKU-B', 'wh-sp-01', 1);
    const process = await s.startProcess();
    try {
      await s.place('o-2', [3, 1]);
      const state = await s.until(async () => {
        const found = await s.stateOf('o-2');
        return found.matches({ main: 'onHold' }) ? found : undefined;
      });
      expect(state.context.hold?.reason).toMatch(/^routing: /);
      const held = (await s.orderEvents('o-2')).find((e) => e.type === 'OrderHeld');
      expect(held).toBeDefined();
      const facts = (held!.data as { facts: { routing: OrderRouting } }).facts;
      expect(facts.routing.decision.outcome).toBe('unroutable');
      expect(facts.routing.input.candidates.map((c) => c.stock)).toEqual([{ 'SKU-A': 1, 'SKU-B': 1 }]);
      expect((await s.stock('SKU-A')).reservations).toEqual({});
      expect((await s.stock('SKU-B')).reservations).toEqual({});
    } finally {
      await process.stop();
    }
  });

  it('gives the stock back when the order is cancelled, and commits it when the shipment leaves', async () => {
    const s = system();
    await s.location('wh-sp-01', { lat: -23.4543, lng: -46.5337 }, 'SP');
    await s.receive('SKU-A', 'wh-sp-01', 10);
    await s.receive('SKU-B', 'wh-sp-01', 10);
    const process = await s.startProcess();
    try {
      await s.place('o-3');
      await s.place('o-4');
      const allocated = async (orderId: string) =>
        (await s.stateOf(orderId)).matches({ main: 'allocated' }) ? true : undefined;
      await s.until(() => allocated('o-3'));
      await s.until(() => allocated('o-4'));
      expect((await s.stock('SKU-A')).locations['wh-sp-01']).toEqual({ onHand: 10, reserved: 4 });

      await s.send({ type: 'CancelOrder', orderId: 'o-3', reason: 'customer asked' });
      await s.until(async () => ((await s.stock('SKU-A')).reservations['o-3:1:1'] ? undefined : true));
      expect((await s.stock('SKU-A')).closed['o-3:1:1']?.status).toBe('released');

      const shipmentId = Object.keys((await s.stateOf('o-4')).context.shipments)[0]!;
      await s.send({ type: 'StartPicking', orderId: 'o-4', shipmentId });
      await s.send({ type: 'PackShipment', orderId: 'o-4', shipmentId });
      await s.send({
        type: 'DispatchShipment',
        orderId: 'o-4',
        shipmentId,
        carrier: 'correios',
        trackingNumber: 'BR123',
      });
      await s.until(async () => ((await s.stock('SKU-B')).closed['o-4:1:2'] ? true : undefined));
      expect((await s.stock('SKU-A')).locations['wh-sp-01']).toEqual({ onHand: 8, reserved: 0 });
      expect((await s.stock('SKU-B')).closed['o-4:1:2']).toMatchObject({ status: 'committed', shipmentId });
    } finally {
      await process.stop();
    }
  });

  it('routes at start what was confirmed while it was stopped, and a second start changes nothing', async () => {
    const s = system();
    await s.location('wh-sp-01', { lat: -23.4543, lng: -46.5337 }, 'SP');
    await s.receive('SKU-A', 'wh-sp-01', 10);
    await s.receive('SKU-B', 'wh-sp-01', 10);
    await s.place('o-5');
    const first = await s.startProcess();
    await s.until(async () => ((await s.stateOf('o-5')).matches({ main: 'allocated' }) ? true : undefined));
    await first.stop();
    const logged = (await s.store.readAll()).length;
    const second = await s.startProcess();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await second.stop();
    expect((await s.store.readAll()).length).toBe(logged);
    expect(routingOf(await s.orderEvents('o-5'))).toHaveLength(1);
  });

  it('never routes imported history, found at start or arriving live, while a live order beside it is routed', async () => {
    const s = system();
    await s.location('wh-sp-01', { lat: -23.4543, lng: -46.5337 }, 'SP');
    await s.receive('SKU-A', 'wh-sp-01', 10);
    await s.receive('SKU-B', 'wh-sp-01', 10);
    const imported = (record: string) => ({
      occurredAt: '2017-07-10T00:57:05.000Z',
      import: { source: 'olist', runId: 'run-1', record },
    });
    await s.place('o-hist-1', [2, 1], SAO_PAULO, imported('orders.csv#2'));
    const process = await s.startProcess();
    try {
      await s.place('o-hist-2', [2, 1], SAO_PAULO, imported('orders.csv#3'));
      await s.place('o-live');
      await s.reaches('o-live', 'allocated');
      await new Promise((resolve) => setTimeout(resolve, 100));
      for (const orderId of ['o-hist-1', 'o-hist-2']) {
        const state = await s.stateOf(orderId);
        expect(state.matches({ main: 'confirmed' })).toBe(true);
        expect(state.context.milestones.placedAt).toBe('2017-07-10T00:57:05.000Z');
      }
      // Only the live order's lines are reserved.
      expect((await s.stock('SKU-A')).locations['wh-sp-01']).toEqual({ onHand: 10, reserved: 2 });
      expect(s.errors).toEqual([]);
    } finally {
      await process.stop();
    }
  });

  it('leaves orders alone while no location is registered, and when the address cannot be located holds them', async () => {
    const s = system();
    const process = await s.startProcess();
    try {
      await s.place('o-6');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect((await s.stateOf('o-6')).matches({ main: 'confirmed' })).toBe(true);
      await s.location('wh-sp-01', { lat: -23.4543, lng: -46.5337 }, 'SP');
      await s.receive('SKU-A', 'wh-sp-01', 5);
      await s.receive('SKU-B', 'wh-sp-01', 5);
      // Manaus: neither the geocoder nor a registered location of the region can place it.
      await s.place('o-7', [1, 1], { ...SAO_PAULO, city: 'Manaus', region: 'AM', postalCode: '69005' });
      const state = await s.until(async () => {
        const found = await s.stateOf('o-7');
        return found.matches({ main: 'onHold' }) ? found : undefined;
      });
      expect(state.context.hold?.reason).toBe('routing: the delivery address could not be located');
      // Campinas, SP: not in the geocoder, so routed to the middle of the region's locations.
      await s.place('o-8', [1, 1], { ...SAO_PAULO, city: 'Campinas', postalCode: '13010' });
      await s.until(async () => ((await s.stateOf('o-8')).matches({ main: 'allocated' }) ? true : undefined));
      const [routing] = routingOf(await s.orderEvents('o-8'));
      expect(routing?.input.destination).toEqual({
        lat: -23.4543,
        lng: -46.5337,
        region: 'SP',
        country: 'BR',
        postalCode: '13010',
        source: 'region-centroid',
      });
    } finally {
      await process.stop();
    }
  });
});
