import {
  type CommandMetadata,
  type CommandOutcome,
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
  type RecordedEvent,
  type RoutingPolicyCommand,
  type RoutingPolicyEvent,
  type RoutingPolicyState,
  routingPolicyDecider,
} from '@ordinal/domain';
import { placeOrderCommand, warehouseLocation } from '@ordinal/domain/testing';
import { ActorHost } from '../host/actor-host.ts';
import { envelope } from '../host/counter.fixture.ts';
import type { HostTestBed } from '../host/temp-store.fixture.ts';
import { type Geocoder, type OrderRoutingOptions, OrderRoutingProcess } from './order-routing.process.ts';

// The order routing process's test bed: order, stock and location hosts on a real SQLite store,
// São Paulo and Rio de Janeiro warehouses, and helpers to wait for what the process does.

/** The instant the bed's clock starts at; `system().advance` moves it on. */
export const START = Date.parse('2026-12-04T12:00:00.000Z');
/** The admin who drafts and activates routing policies on the bed. */
export const POLICY_ADMIN = { kind: 'user', id: 'ana.lima', role: 'admin' } as const;
/** São Paulo addresses by postal code; anything else cannot be located. */
export const geocode: Geocoder = (address) =>
  address.postalCode.startsWith('01')
    ? { lat: -23.5505, lng: -46.6333, region: 'SP', country: 'BR', postalCode: address.postalCode }
    : undefined;
export const SAO_PAULO = {
  name: 'Ana Souza',
  line1: 'Praça da Sé 1',
  city: 'São Paulo',
  region: 'SP',
  postalCode: '01001',
  country: 'BR',
};

/** The hosts, a process starter and helpers; `options` go to every process started. */
export function routingSystem(bed: HostTestBed, options: Partial<OrderRoutingOptions> = {}) {
  let now = START;
  const clock = () => new Date(now);
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
  const startProcess = async () => {
    const process = new OrderRoutingProcess({
      events: store,
      orders,
      inventory,
      geocode,
      clock,
      onError: (error) => errors.push(error),
      ...options,
    });
    await process.start();
    return process;
  };
  const ok = async (outcome: Promise<CommandOutcome>) => {
    const answer = await outcome;
    if (answer.status !== 'accepted') throw new Error(`${answer.rejection.code}: ${answer.rejection.message}`);
    return answer;
  };
  return {
    store,
    orders,
    inventory,
    errors,
    clock,
    /** Moves the clock on by `ms`. */
    advance(ms: number) {
      now += ms;
    },
    startProcess,
    async location(locationId: string, coordinates: { lat: number; lng: number }, region: string) {
      await ok(
        locations.execute(
          envelope({
            type: 'RegisterLocation',
            ...warehouseLocation({ locationId, coordinates, region, country: 'BR' }),
          }),
        ),
      );
    },
    async receive(sku: string, locationId: string, quantity: number) {
      await ok(inventory.execute(envelope({ type: 'ReceiveStock', sku, locationId, quantity, reference: 'PO-1' })));
    },
    async place(
      orderId: string,
      quantities: [number, number] = [2, 1],
      address = SAO_PAULO,
      metadata: Partial<CommandMetadata> = {},
    ) {
      const base = placeOrderCommand({ orderId, shippingAddress: address });
      const lines = base.lines.map((line, i) => ({ ...line, quantity: quantities[i] ?? 1 }));
      await ok(orders.execute(envelope({ ...base, lines }, metadata)));
    },
    send: (command: OrderCommand) => ok(orders.execute(envelope(command))),
    /** Drafts or activates a routing policy as the bed's admin. */
    policy: (command: RoutingPolicyCommand) => ok(policies.execute(envelope(command, { actor: POLICY_ADMIN }))),
    async until<T>(check: () => Promise<T | undefined>): Promise<T> {
      for (let i = 0; i < 400; i++) {
        const value = await check();
        if (value !== undefined) return value;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error(`the process did not act in time; errors: ${errors.map(String).join('; ')}`);
    },
    stateOf: async (orderId: string) => (await orders.load(orderId)).state,
    stock: async (sku: string) => (await inventory.load(sku)).state,
    orderEvents: (orderId: string): Promise<readonly RecordedEvent[]> => store.readStream(`order-${orderId}`),
    /** The routing records of the order's allocations, in order. */
    async routings(orderId: string) {
      return (await store.readStream(`order-${orderId}`))
        .filter((e) => e.type === 'OrderAllocated')
        .map((e) => (e.data as { routing?: OrderRouting }).routing);
    },
    /** Waits until the order's main state is `main`, and returns the state. */
    async reaches(orderId: string, main: string) {
      return this.until(async () => {
        const found = (await orders.load(orderId)).state;
        return found.matches({ main } as never) ? found : undefined;
      });
    },
  };
}
