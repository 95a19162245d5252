import {
  type CommandOutcome,
  DEFAULT_ROUTING_POLICY,
  type InventoryCommand,
  type InventoryEvent,
  type InventoryState,
  inventoryDecider,
  type LocationCommand,
  type LocationEvent,
  type LocationState,
  locationDecider,
  type OrderCommand,
  type OrderEvent,
  type OrderRouting,
  type OrderState,
  orderDecider,
  type RoutingPolicyCommand,
  type RoutingPolicyEvent,
  type RoutingPolicyState,
  routingPolicyDecider,
} from '@ordinal/domain';
import { placeOrderCommand, warehouseLocation } from '@ordinal/domain/testing';
import { describe, expect, it } from 'vitest';
import { ActorHost } from '../host/actor-host.ts';
import { envelope } from '../host/counter.fixture.ts';
import { hostTestBed } from '../host/temp-store.fixture.ts';
import { OrderRoutingProcess } from './order-routing.process.ts';

const bed = hostTestBed();
const clock = () => new Date('2026-12-04T12:00:00.000Z');
const ADMIN = { kind: 'user', id: 'ana.lima', role: 'admin' } as const;
const SAO_PAULO = {
  name: 'Ana Souza',
  line1: 'Praça da Sé 1',
  city: 'São Paulo',
  region: 'SP',
  postalCode: '01001',
  country: 'BR',
};
const { version: _, ...promiseFirst } = {
  ...DEFAULT_ROUTING_POLICY,
  name: 'promise-first',
  weights: { ...DEFAULT_ROUTING_POLICY.weights, deliveryPromise: 3 },
};

async function ok(outcome: Promise<CommandOutcome>): Promise<void> {
  const answer = await outcome;
  if (answer.status !== 'accepted') throw new Error(`${answer.rejection.code}: ${answer.rejection.message}`);
}

function system() {
  const store = bed.store;
  const orders = bed.track(
    new ActorHost<OrderCommand, OrderEvent, OrderState>({ store, decider: orderDecider, clock }),
  );
  const inventory = bed.track(
    new ActorHost<InventoryCommand, InventoryEvent, InventoryState>({ store, decider: inventoryDecider, clock }),
  );
  const locations = bed.track(
    new ActorHost<LocationCommand, LocationEvent, LocationState>({ store, decider: locationDecider, clock }),
  );
  const policies = bed.track(
    new ActorHost<RoutingPolicyCommand, RoutingPolicyEvent, RoutingPolicyState>({
      store,
      decider: routingPolicyDecider,
      clock,
    }),
  );
  const errors: unknown[] = [];
  return {
    store,
    errors,
    async start() {
      const process = new OrderRoutingProcess({
        events: store,
        orders,
        inventory,
        geocode: () => ({ lat: -23.5505, lng: -46.6333, region: 'SP', country: 'BR', postalCode: '01001' }),
        clock,
        onError: (error) => errors.push(error),
      });
      await process.start();
      return process;
    },
    async stocked() {
      for (const [locationId, coordinates, region] of [
        ['wh-sp-01', { lat: -23.4543, lng: -46.5337 }, 'SP'],
        ['wh-rj-01', { lat: -22.9068, lng: -43.1729 }, 'RJ'],
      ] as const) {
        await ok(
          locations.execute(
            envelope({
              type: 'RegisterLocation',
              ...warehouseLocation({ locationId, coordinates, region, country: 'BR' }),
            }),
          ),
        );
        for (const sku of ['SKU-A', 'SKU-B']) {
          await ok(
            inventory.execute(envelope({ type: 'ReceiveStock', sku, locationId, quantity: 10, reference: 'PO-1' })),
          );
        }
      }
    },
    place: (orderId: string) =>
      ok(orders.execute(envelope(placeOrderCommand({ orderId, shippingAddress: SAO_PAULO })))),
    policy: (command: RoutingPolicyCommand) => ok(policies.execute(envelope(command, { actor: ADMIN }))),
    /** The routing the order's allocation recorded, once the process made it. */
    async routed(orderId: string): Promise<OrderRouting> {
      for (let i = 0; i < 400; i++) {
        const events = await store.readStream(`order-${orderId}`);
        const allocated = events.find((e) => e.type === 'OrderAllocated');
        const routing = (allocated?.data as { routing?: OrderRouting } | undefined)?.routing;
        if (routing !== undefined) return routing;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error(`order ${orderId} was not routed; errors: ${errors.map(String).join('; ')}`);
    },
  };
}

describe('the order routing process under the active routing policy', () => {
  it('routes with the version active when the order comes, and leaves earlier decisions as recorded', async () => {
    const s = system();
    await s.stocked();
    const process = await s.start();
    try {
      await s.place('o-1');
      const first = await s.routed('o-1');
      expect(first.decision).toMatchObject({ policyName: 'default', policyVersion: 1 });
      const o1Before = await s.store.readStream('order-o-1');

      await s.policy({ type: 'DraftRoutingPolicy', policy: promiseFirst });
      // A draft is not used until it is activated.
      await s.place('o-2');
      expect((await s.routed('o-2')).decision.policyVersion).toBe(1);

      await s.policy({ type: 'ActivateRoutingPolicy', version: 2, reason: 'late deliveries cost us more' });
      await s.place('o-3');
      const third = await s.routed('o-3');
      expect(third.decision).toMatchObject({ policyName: 'promise-first', policyVersion: 2 });

      // What was decided before the activation stays exactly as recorded.
      expect(await s.store.readStream('order-o-1')).toEqual(o1Before);
      expect(s.errors).toEqual([]);
    } finally {
      await process.stop();
    }
  });

  it('knows the active version again after a restart, from the log alone', async () => {
    const s = system();
    await s.stocked();
    await s.policy({ type: 'DraftRoutingPolicy', policy: promiseFirst });
    await s.policy({ type: 'ActivateRoutingPolicy', version: 2, reason: 'late deliveries cost us more' });
    await s.policy({ type: 'DraftRoutingPolicy', policy: { ...promiseFirst, name: 'not-yet' } });
    // Placed while no process runs: the one started next catches up and routes it.
    await s.place('o-9');
    const process = await s.start();
    try {
      expect((await s.routed('o-9')).decision).toMatchObject({ policyName: 'promise-first', policyVersion: 2 });
      await s.policy({ type: 'ActivateRoutingPolicy', version: 1, reason: 'back to the default' });
      await s.place('o-10');
      expect((await s.routed('o-10')).decision).toMatchObject({ policyName: 'default', policyVersion: 1 });
    } finally {
      await process.stop();
    }
  });
});
