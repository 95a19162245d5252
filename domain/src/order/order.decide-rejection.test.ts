import { describe, expect, it } from 'vitest';
import { deciderSpec } from '../testing/decider-spec.ts';
import { draft, forOrder, fx, orderFacts, orderStream, recordOrderEvent } from '../testing/order-fixtures.ts';
import { allowedOrderCommands } from './order.allowed.ts';
import type { OrderCommandOf } from './order.commands.ts';
import { orderDecider } from './order.decider.ts';
import type { OrderEventDraft } from './order.events.ts';
import { orderStatus } from './order.state.ts';

const spec = deciderSpec(orderDecider, () => orderFacts(), recordOrderEvent);
const given = (drafts: OrderEventDraft[]) => spec.given(orderStream(drafts));

const split = [fx.placed, fx.confirmed, fx.split]; // s1 at wh-lyon: line 1; s2 at store-paris: line 2
const reject = (
  shipmentId: string,
  locationId: string,
  overrides: Partial<OrderCommandOf<'RejectAllocation'>> = {},
): OrderCommandOf<'RejectAllocation'> =>
  forOrder({
    type: 'RejectAllocation',
    shipmentId,
    locationId,
    kind: 'rejected',
    reason: 'no staff today',
    ...overrides,
  }) as OrderCommandOf<'RejectAllocation'>;

describe('RejectAllocation', () => {
  it('withdraws the whole untouched allocation and confirms the order again', () => {
    const state = given(split)
      .when(reject('s2', 'store-paris'))
      .then([
        draft('AllocationRejected', {
          shipmentId: 's2',
          locationId: 'store-paris',
          kind: 'rejected',
          reason: 'no staff today',
        }),
      ]);
    expect(orderStatus(state).main).toBe('confirmed');
    expect(state.context.shipments.s2).toMatchObject({
      status: 'cancelled',
      cancellationReason: 'rejected by store-paris: no staff today',
    });
    expect(state.context.shipments.s1).toMatchObject({
      status: 'cancelled',
      cancellationReason: 'withdrawn with s2 (rejected by store-paris)',
    });
    // A new allocation under fresh shipment ids is what the order waits for.
    expect(allowedOrderCommands(state)).toContain('AllocateOrder');
    expect(allowedOrderCommands(state)).not.toContain('RejectAllocation');
  });

  it('records a failure the same way, kind `failed`', () => {
    given([fx.placed, fx.confirmed, fx.allocated])
      .when(reject('s1', 'wh-lyon', { kind: 'failed', reason: 'reservation expired' }))
      .then([
        draft('AllocationRejected', {
          shipmentId: 's1',
          locationId: 'wh-lyon',
          kind: 'failed',
          reason: 'reservation expired',
        }),
      ]);
  });

  it('is taken while the order is held, which is then released to confirmed', () => {
    const held = [fx.placed, fx.confirmed, fx.allocated, draft('OrderHeld', { reason: 'address check' })];
    const state = given(held)
      .when(reject('s1', 'wh-lyon'))
      .then([
        draft('AllocationRejected', {
          shipmentId: 's1',
          locationId: 'wh-lyon',
          kind: 'rejected',
          reason: 'no staff today',
        }),
      ]);
    expect(orderStatus(state).main).toBe('onHold');
    const released = given([...held, fx.allocationRejected('s1', 'wh-lyon')])
      .when(forOrder({ type: 'ReleaseOrder', reason: 'checked' }))
      .then([draft('OrderReleased', { reason: 'checked', decidedBy: orderFacts().metadata.actor })]);
    expect(orderStatus(released).main).toBe('confirmed');
  });

  it('refuses an unknown shipment, another location and a bad kind or reason, naming the field', () => {
    given(split).when(reject('s9', 'wh-lyon')).thenRejects('shipment.unknown', { field: '/shipmentId' });
    given(split)
      .when(reject('s1', 'store-paris'))
      .thenRejects('shipment.location-mismatch', { field: '/locationId', allocatedTo: 'wh-lyon' });
    given(split)
      .when(reject('s1', 'wh-lyon', { kind: 'lost' as 'failed' }))
      .thenRejects('order.invalid-field', { field: '/kind' });
    given(split)
      .when(reject('s1', 'wh-lyon', { reason: ' ' }))
      .thenRejects('order.invalid-field', { field: '/reason' });
  });

  it('refuses a dispatched shipment, and any shipment once picking of the allocation started', () => {
    const picking = [...split, fx.picking('s1')];
    const dispatched = [...picking, fx.packed('s1'), fx.dispatched('s1')];
    given(dispatched)
      .when(reject('s1', 'wh-lyon'))
      .thenRejects('shipment.already-dispatched', { shipmentId: 's1', shipmentStatus: 'shipped' });
    given(picking)
      .when(reject('s1', 'wh-lyon'))
      .thenRejects('shipment.not-rejectable', { shipmentId: 's1', shipmentStatus: 'picking' });
    // s2 is untouched, but the allocation it belongs to is being carried out.
    given(picking)
      .when(reject('s2', 'store-paris'))
      .thenRejects('shipment.not-rejectable', { shipmentStatus: 'allocated' });
  });

  it('refuses a shipment already withdrawn, and a cancelled order', () => {
    given([...split, fx.allocationRejected('s2', 'store-paris')])
      .when(reject('s1', 'wh-lyon'))
      .thenRejects('shipment.not-rejectable', { shipmentStatus: 'cancelled' });
    given([...split, draft('OrderCancelled', { reason: 'customer asked' })])
      .when(reject('s1', 'wh-lyon'))
      .thenRejects('shipment.not-rejectable');
  });
});
