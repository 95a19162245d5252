import { foldOrder, type OrderEvent, orderStreamId, type RecordedEvent, toPersistedOrderState } from '@ordinal/domain';
import { SHIPMENTS_BY_TRACKING_COLLECTION } from '@ordinal/projections';
import { expect } from 'vitest';
import type { TestApi } from '../testing/api.fixture.ts';
import { placeOrderBody } from '../testing/order-bodies.ts';
import { signBody } from './carrier-signature.ts';

/** The carriers' secrets of the carrier route tests. */
export const SECRETS = new Map([
  ['sf-express', 'sf-secret-1'],
  ['dhl', 'dhl-secret-1'],
]);

/** Signature headers of a raw body under a carrier's secret. */
export const signed = (carrier: string) => (raw: string) => ({
  'x-ordinal-signature': signBody(SECRETS.get(carrier) ?? '', raw),
});

/** Pushes a payload as the carrier does (signed with its secret unless told otherwise). */
export function push(
  api: TestApi,
  carrier: string,
  payload: unknown,
  sign: (raw: string) => Record<string, string> = signed(carrier),
) {
  const raw = JSON.stringify(payload);
  return api.request('POST', `/carriers/${carrier}/events`, { raw, headers: sign(raw) });
}

/** Polls until `check` gives a value other than undefined. */
export async function eventually<T>(check: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} never happened`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Places an order and takes shipment s1 (every line) to packed. */
export async function packedOrder(api: TestApi): Promise<string> {
  const placed = await api.request('POST', '/orders', { body: placeOrderBody() });
  const { orderId } = placed.body;
  const lines = [
    { lineId: '1', quantity: 2 },
    { lineId: '2', quantity: 1 },
  ];
  const commands = [
    { type: 'AllocateOrder', allocations: [{ shipmentId: 's1', locationId: 'wh-1', lines }] },
    { type: 'StartPicking', shipmentId: 's1' },
    { type: 'PackShipment', shipmentId: 's1', parcels: 1 },
  ];
  for (const body of commands) await command(api, orderId, body);
  return orderId;
}

/** Sends an order command and expects it accepted. */
export async function command(api: TestApi, orderId: string, body: object) {
  const answer = await api.request('POST', `/orders/${orderId}/commands`, { body });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer;
}

/** Dispatches s1 under the tracking number and waits until the read side filed it. */
export async function dispatch(api: TestApi, orderId: string, carrier: string, trackingNumber: string) {
  await command(api, orderId, { type: 'DispatchShipment', shipmentId: 's1', carrier, trackingNumber });
  const filed = api.readStore.collection(SHIPMENTS_BY_TRACKING_COLLECTION);
  await eventually(() => filed.get(trackingNumber), `filing ${trackingNumber}`);
}

/** An order with one shipment dispatched under the tracking number, filed on the read side. */
export async function dispatched(api: TestApi, carrier: string, trackingNumber: string): Promise<string> {
  const orderId = await packedOrder(api);
  await dispatch(api, orderId, carrier, trackingNumber);
  return orderId;
}

/** The order's stream. */
export function orderEvents(api: TestApi, orderId: string): Promise<RecordedEvent[]> {
  return api.events.readStream(orderStreamId(orderId));
}

/**
 * The order's state (machine value and context) and its tracking view once projected, with
 * what differs between two orders by construction (ids, tracking numbers, the view's revision
 * and time of update) written the same.
 */
export async function orderPicture(api: TestApi, orderId: string, trackingNumber: string) {
  const events = await orderEvents(api, orderId);
  const state = toPersistedOrderState(foldOrder(events as unknown as OrderEvent[]));
  const view = await api.waitForOrder(orderId, events.length);
  const { revision: _, updatedAt: __, ...shown } = view.body;
  const neutral = (value: unknown) =>
    JSON.parse(JSON.stringify(value).replaceAll(orderId, 'ORDER').replaceAll(trackingNumber, 'TRK'));
  return { state: neutral(state), view: neutral(shown) };
}

/** A seeded shuffle (mulberry32 and Fisher–Yates), so a failing order can be replayed. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  let a = seed >>> 0;
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
