import type { RecordedEvent } from '@ordinal/domain';
import { describe, expect, it } from 'vitest';
import { SqliteReadStore } from '../read-store/sqlite-read-store.ts';
import { MemoryEventLog } from '../testing/memory-event-log.ts';
import { OrderEventRecorder, orderDraft, orderPlaced } from '../testing/order-events.ts';
import { projectionSpec } from '../testing/projection-spec.ts';
import {
  CUSTOMER_ORDERS_COLLECTION,
  type CustomerOrdersDocument,
  customerOrdersProjection,
} from './customer-orders.projection.ts';

const byCustomer = (customerId: string) =>
  projectionSpec(customerOrdersProjection, { collection: CUSTOMER_ORDERS_COLLECTION, idOf: () => customerId });

const money = (amount: number) => ({ amount, currency: 'EUR' });

describe('customerOrders projection', () => {
  it('lists a placed order under its customer', async () => {
    const recorder = new OrderEventRecorder();
    const placed = recorder.record('o-1', orderPlaced('o-1', 'c-1', '2026-03-02T09:00:00.000Z'));
    await byCustomer('c-1')
      .given([])
      .when(placed)
      .then({
        id: 'c-1',
        customerId: 'c-1',
        orders: [
          {
            orderId: 'o-1',
            status: { main: 'placed', payment: 'pending', returns: 'none' },
            placedAt: '2026-03-02T09:00:00.000Z',
            total: money(6000),
            channel: { salesChannel: 'webshop' },
            revision: 1,
          },
        ],
        streams: { 'o-1': 1 },
      });
  });

  it('follows each order status, newest order first, with the last revision per stream', async () => {
    const recorder = new OrderEventRecorder();
    const given = [
      recorder.record('o-1', orderPlaced('o-1', 'c-1', '2026-03-01T09:00:00.000Z')),
      recorder.record('o-2', orderPlaced('o-2', 'c-1', '2026-03-02T09:00:00.000Z')),
      recorder.record('o-3', orderPlaced('o-3', 'c-2', '2026-03-03T09:00:00.000Z')),
    ];
    const confirmed = recorder.record('o-1', orderDraft('OrderConfirmed', { reason: 'ok' }));
    await byCustomer('c-1')
      .given(given)
      .when(confirmed)
      .then({
        orders: [
          { orderId: 'o-2', status: { main: 'placed' }, revision: 1 },
          { orderId: 'o-1', status: { main: 'confirmed' }, revision: 2 },
        ],
        streams: { 'o-1': 2, 'o-2': 1 },
      });
  });

  it('skips an event it already applied', async () => {
    const recorder = new OrderEventRecorder();
    const placed = recorder.record('o-1', orderPlaced('o-1', 'c-1'));
    const held = recorder.record('o-1', orderDraft('OrderHeld', { reason: 'risk' }));
    const once = await byCustomer('c-1').given([placed]).when(held).then({});
    const twice = await byCustomer('c-1').given([placed]).when(held, placed, held).then({});
    expect(twice.outcomes).toEqual(['applied', 'duplicate', 'duplicate']);
    expect(twice.stored).toEqual(once.stored);
  });

  it('repairs a customer document left behind by a crash between its two writes', async () => {
    const recorder = new OrderEventRecorder();
    const placed = recorder.record('o-1', orderPlaced('o-1', 'c-1'));
    const confirmed = recorder.record('o-1', orderDraft('OrderConfirmed', { reason: 'ok' }));
    const store = new SqliteReadStore({ path: ':memory:' });
    const context = { store, events: new MemoryEventLog([placed, confirmed]) };
    const customers = store.collection<CustomerOrdersDocument>(CUSTOMER_ORDERS_COLLECTION);
    const apply = (event: RecordedEvent) => customerOrdersProjection.apply(event, context);
    await apply(placed);
    const behind = (await customers.get('c-1'))!;
    await apply(confirmed);
    const caughtUp = store.storedDocuments(CUSTOMER_ORDERS_COLLECTION);
    // As if the process died after the order state was written but before the customer was.
    await customers.put(behind);
    expect(await apply(confirmed)).toBe('applied');
    expect(store.storedDocuments(CUSTOMER_ORDERS_COLLECTION)).toEqual(caughtUp);
    expect(await apply(confirmed)).toBe('duplicate');
    await store.close();
  });
});
