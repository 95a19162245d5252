import { describe, expect, it } from 'vitest';
import { draft, fx, orderStream, pathTo, recordOrderEvent } from '../testing/order-fixtures.ts';
import type { OrderEventDraft } from './order.events.ts';
import { foldOrder, orderStatus } from './order.state.ts';

const fold = (drafts: OrderEventDraft[]) => foldOrder(orderStream(drafts));
const accepts = (drafts: OrderEventDraft[], next: OrderEventDraft) =>
  fold(drafts).can(recordOrderEvent(next, drafts.length));

describe('order machine', () => {
  it('takes cancelled quantities out of undispatched shipments, latest first', () => {
    const allocated = draft('OrderAllocated', {
      allocations: [
        { shipmentId: 'a', locationId: 'w1', lines: [{ lineId: '1', quantity: 1 }] },
        {
          shipmentId: 'b',
          locationId: 'w2',
          lines: [
            { lineId: '1', quantity: 1 },
            { lineId: '2', quantity: 1 },
          ],
        },
      ],
    });
    const cancel = draft('OrderLinesCancelled', { lines: [{ lineId: '1', quantity: 1 }], reason: 'short' });
    const state = fold([fx.placed, fx.confirmed, allocated, cancel]);
    expect(state.context.shipments.a?.lines).toEqual([{ lineId: '1', quantity: 1 }]);
    expect(state.context.shipments.b?.lines).toEqual([{ lineId: '2', quantity: 1 }]);
    const all = draft('OrderLinesCancelled', { lines: [{ lineId: '2', quantity: 1 }], reason: 'short' });
    const after = fold([fx.placed, fx.confirmed, allocated, cancel, all]);
    expect(after.context.shipments.b?.status).toBe('cancelled');
    expect(orderStatus(after).main).toBe('allocated');
  });

  it('re-allocation replaces the untouched shipments', () => {
    const state = fold([...pathTo('allocated'), fx.split]);
    expect(Object.keys(state.context.shipments)).toEqual(['s1', 's2']);
    expect(state.context.shipments.s1?.lines).toEqual([{ lineId: '1', quantity: 2 }]);
  });

  it('releases a hold back to where it was taken', () => {
    const held = draft('OrderHeld', { reason: 'check' });
    const released = draft('OrderReleased', { reason: 'ok' });
    const approval = draft('ApprovalRequested', { role: 'risk', reason: 'big' });
    expect(orderStatus(fold([fx.placed, approval, held, released])).main).toBe('awaitingApproval');
    expect(orderStatus(fold([fx.placed, fx.confirmed, held, released])).main).toBe('confirmed');
    expect(fold([fx.placed, approval, held]).context.hold).toMatchObject({ heldFrom: 'awaitingApproval' });
  });

  it('refuses events whose data breaks the order, whatever the state allows', () => {
    const short = draft('OrderAllocated', {
      allocations: [{ shipmentId: 's1', locationId: 'w', lines: [{ lineId: '1', quantity: 2 }] }],
    });
    expect(accepts([fx.placed, fx.confirmed], short)).toBe(false);
    expect(accepts([fx.placed, fx.authorized(), fx.captured(1000)], fx.refunded(1001))).toBe(false);
    const dollars = draft('PaymentCaptured', { paymentId: 'p1', amount: { amount: 10, currency: 'USD' } });
    expect(accepts([fx.placed, fx.authorized()], dollars)).toBe(false);
    expect(accepts([fx.placed, fx.authorized()], fx.captured(6001))).toBe(false);
    expect(
      accepts(pathTo('packed'), draft('ShipmentDispatched', { shipmentId: 's1', carrier: '', trackingNumber: 'T' })),
    ).toBe(false);
  });

  it('a voided authorization leaves the authorized total', () => {
    const voided = draft('PaymentVoided', { paymentId: 'p1', reason: 'cancelled' });
    const state = fold([fx.placed, fx.authorized(), voided]);
    expect(state.context.payment.authorized).toEqual(fx.eur(0));
    expect(state.context.payments.p1?.status).toBe('voided');
  });

  it('counts delivery attempts and keeps the failure reason', () => {
    const state = fold([...pathTo('outForDelivery'), fx.deliveryFailed(), fx.reattempted(), fx.delivered()]);
    expect(state.context.shipments.s1).toMatchObject({ deliveryAttempts: 2, failureReason: 'nobody home' });
    expect(orderStatus(state).main).toBe('fulfilment.delivered');
  });
});
