import { ERASED_MARKER } from '@ordinal/domain';
import { describe, expect, it } from 'vitest';
import { customerErased } from '../testing/customer-events.ts';
import { eventfulOrder, OrderEventRecorder, orderDraft } from '../testing/order-events.ts';
import { projectionSpec } from '../testing/projection-spec.ts';
import { ORDER_TRACKING_COLLECTION, orderTrackingProjection } from './order-tracking.projection.ts';
import type { OrderTrackingDocument } from './order-tracking.view.ts';

const spec = projectionSpec(orderTrackingProjection, { collection: ORDER_TRACKING_COLLECTION, idOf: () => 'o-1' });

describe('orderTracking on CustomerErased', () => {
  const recorder = new OrderEventRecorder();
  const mine = recorder.stream('o-1', [
    ...eventfulOrder('o-1'),
    orderDraft('ShipmentDelivered', { shipmentId: 's2', receivedBy: 'Jane Doe' }),
  ]);
  const theirs = recorder.stream('o-2', eventfulOrder('o-2', 'c-2'));

  it('replaces the customer’s name, contact, street and signatures with the marker, keeping the rest', async () => {
    const before = await spec
      .given([...mine, ...theirs])
      .when()
      .then({});
    const { doc, outcomes, stored } = await spec
      .given([...mine, ...theirs])
      .when(customerErased('c-1'))
      .then({});
    expect(outcomes).toEqual(['applied']);
    const erased = doc as OrderTrackingDocument;
    const was = before.doc as OrderTrackingDocument;
    expect(erased.customer).toEqual({
      customerId: 'c-1',
      name: ERASED_MARKER,
      email: ERASED_MARKER,
      phone: ERASED_MARKER,
    });
    expect(erased.shippingAddress).toMatchObject({
      name: ERASED_MARKER,
      line1: ERASED_MARKER,
      city: was.shippingAddress?.city,
    });
    expect(erased.shipments.filter((s) => s.receivedBy !== undefined).map((s) => s.receivedBy)).toEqual([
      ERASED_MARKER,
    ]);
    expect(erased.machine.context.customer?.name).toBe(ERASED_MARKER);
    const { customer: _c, shippingAddress: _a, shipments: _s, machine: _m, ...rest } = erased;
    const { customer: _c2, shippingAddress: _a2, shipments: _s2, machine: _m2, ...restBefore } = was;
    expect(rest).toEqual(restBefore);
    expect(stored.get('o-2')).toBe(before.stored.get('o-2'));
  });

  it('applied twice changes nothing more, and a later event folds on the erased state', async () => {
    const erasure = customerErased('c-1');
    const { outcomes, stored } = await spec.given(mine).when(erasure, erasure).then({});
    expect(outcomes).toEqual(['applied', 'duplicate']);
    const later = recorder.record('o-1', orderDraft('OrderTagged', { tag: 'vip' }));
    const next = await spec
      .given([...mine, erasure])
      .when(later)
      .then({ tags: expect.arrayContaining(['vip']) });
    expect((next.doc as OrderTrackingDocument).customer?.name).toBe(ERASED_MARKER);
    expect(stored.get('o-1')).not.toContain('J***');
  });

  it('passes over consent events', async () => {
    const consent = { ...customerErased('c-1'), type: 'ConsentGiven' };
    const { outcomes } = await spec.given(mine).when(consent).then({});
    expect(outcomes).toEqual(['duplicate']);
  });
});
