import { describe, expect, it } from 'vitest';
import { fingerprint } from '../shared/fingerprint.ts';
import { deciderSpec } from '../testing/decider-spec.ts';
import { draft, forOrder, fx, orderFacts, orderStream, recordOrderEvent } from '../testing/order-fixtures.ts';
import { allowedOrderCommands } from './order.allowed.ts';
import type { OrderCommandOf } from './order.commands.ts';
import { consolidationAddressKey } from './order.consolidation.ts';
import { orderDecider } from './order.decider.ts';
import type { OrderEventDraft } from './order.events.ts';
import { foldOrder } from './order.state.ts';

const spec = deciderSpec(orderDecider, () => orderFacts(), recordOrderEvent);
const given = (drafts: OrderEventDraft[]) => spec.given(orderStream(drafts));

const allocated = [fx.placed, fx.confirmed, fx.allocated];
const consolidated = fx.consolidated();

/** The command that records `fx.consolidated()` on the fixtures' order. */
function consolidate(
  overrides: Partial<OrderCommandOf<'ConsolidateShipment'>> = {},
): OrderCommandOf<'ConsolidateShipment'> {
  return forOrder({
    type: 'ConsolidateShipment',
    ...consolidated.data,
    ...overrides,
  }) as OrderCommandOf<'ConsolidateShipment'>;
}

const undo = forOrder({
  type: 'UndoConsolidation',
  consolidationId: 'k1',
  reason: 'member o-2 cancelled (customer asked)',
  causedBy: { orderId: 'o-2', event: 'OrderCancelled' },
});

describe('the address key', () => {
  it('ignores case, surrounding and repeated whitespace of each field, and the phone', () => {
    const a = { name: ' Jane  Doe', line1: '1 MAIN St ', city: 'lyon', postalCode: '69001', country: 'FR' };
    const b = { name: 'jane doe', line1: '1 main st', city: ' Lyon', postalCode: '69001 ', country: 'fr', phone: '1' };
    expect(consolidationAddressKey(a)).toBe(consolidationAddressKey(b));
    expect(consolidationAddressKey(a)).toBe(fingerprint('jane doe|1 main st||lyon||69001|fr'));
    expect(consolidationAddressKey({ ...a, line2: 'Flat 2' })).not.toBe(consolidationAddressKey(a));
  });
});

describe('ConsolidateShipment', () => {
  it('records the consolidation on the allocated shipment: the parcel, the member count, nothing of the others', () => {
    const state = given(allocated).when(consolidate()).then([consolidated]);
    expect(state.value).toMatchObject({ main: 'allocated' });
    expect(state.context.shipments.s1?.consolidation).toEqual({
      consolidationId: 'k1',
      consolidatedShipmentId: 'parcel-k1',
      memberCount: 2,
      consolidatedAt: recordOrderEvent(consolidated, 3).metadata.occurredAt,
    });
    expect(JSON.stringify(state.context)).not.toContain('o-2');
  });

  it('refuses a shipment somebody started picking, and an order that is not allocated', () => {
    given([...allocated, fx.picking()])
      .when(consolidate())
      .thenRejects('shipment.not-consolidatable', { shipmentId: 's1', shipmentStatus: 'picking' });
    given([...allocated, draft('OrderHeld', { reason: 'address check' })])
      .when(consolidate())
      .thenRejects('shipment.not-consolidatable');
    given([fx.placed, fx.confirmed]).when(consolidate()).thenRejects('shipment.unknown', { field: '/shipmentId' });
  });

  it('refuses a second consolidation unless it supersedes the one in force', () => {
    const grown = { consolidationId: 'k2', consolidatedShipmentId: 'parcel-k2', supersedes: ['k1'] };
    given([...allocated, consolidated])
      .when(consolidate({ consolidationId: 'k2' }))
      .thenRejects('shipment.not-consolidatable', { consolidationId: 'k1' });
    given([...allocated, consolidated])
      .when(consolidate({ consolidationId: 'k1' }))
      .thenRejects('shipment.not-consolidatable');
    const state = given([...allocated, consolidated])
      .when(consolidate(grown))
      .then([fx.consolidated('s1', 'wh-lyon', 'k2', ['k1'])]);
    expect(state.context.shipments.s1?.consolidation?.consolidationId).toBe('k2');
  });

  it('refuses data that does not fit the order: members, customer, address, placement, window, location', () => {
    const { members, basis } = consolidated.data;
    const [mine, other] = members as [(typeof members)[0], (typeof members)[0]];
    const cases: [Partial<OrderCommandOf<'ConsolidateShipment'>>, string, string][] = [
      [{ members: [mine] }, 'shipment.consolidation-members', '/members'],
      [{ members: [mine, { ...other, orderId: 'o-1' }] }, 'shipment.consolidation-members', '/members'],
      [{ members: [{ ...mine, shipmentId: 's9' }, other] }, 'shipment.consolidation-members', '/members'],
      [{ basis: { ...basis, customerId: 'c-7' } }, 'shipment.consolidation-basis', '/basis'],
      [{ basis: { ...basis, addressKey: 'elsewhere' } }, 'shipment.consolidation-basis', '/basis'],
      [{ members: [{ ...mine, placedAt: other.placedAt }, other] }, 'shipment.consolidation-basis', '/basis'],
      [{ basis: { ...basis, windowMinutes: 20 } }, 'shipment.consolidation-window', '/basis/windowMinutes'],
      [{ basis: { ...basis, windowMinutes: 0 } }, 'shipment.consolidation-window', '/basis/windowMinutes'],
      [{ locationId: 'store-paris' }, 'shipment.location-mismatch', '/locationId'],
    ];
    for (const [overrides, code, field] of cases) {
      given(allocated).when(consolidate(overrides)).thenRejects(code, { field });
    }
  });
});

describe('picking a consolidated shipment', () => {
  it('is refused alone, with the consolidation to pick it under', () => {
    given([...allocated, consolidated])
      .when(forOrder({ type: 'StartPicking', shipmentId: 's1' }))
      .thenRejects('shipment.consolidated', {
        field: '/consolidationId',
        consolidationId: 'k1',
        consolidatedShipmentId: 'parcel-k1',
      });
  });

  it('starts under its consolidation, and the parcel then goes on as usual', () => {
    const state = given([...allocated, consolidated])
      .when(forOrder({ type: 'StartPicking', shipmentId: 's1', consolidationId: 'k1' }))
      .then([draft('PickingStarted', { shipmentId: 's1', consolidationId: 'k1' })]);
    expect(state.value).toMatchObject({ main: { fulfilment: 'picking' } });
    expect(state.context.shipments.s1?.consolidation?.consolidationId).toBe('k1');
  });

  it('refuses a consolidation id on a shipment that is its own parcel', () => {
    given(allocated)
      .when(forOrder({ type: 'StartPicking', shipmentId: 's1', consolidationId: 'k1' }))
      .thenRejects('shipment.invalid-transition');
  });
});

describe('UndoConsolidation', () => {
  it('makes the shipment its own parcel again, otherwise untouched, and picking alone is allowed again', () => {
    const before = foldOrder(orderStream(allocated)).context.shipments.s1;
    const state = given([...allocated, consolidated])
      .when(undo)
      .then([
        draft('ConsolidationUndone', {
          consolidationId: 'k1',
          shipmentId: 's1',
          reason: 'member o-2 cancelled (customer asked)',
          causedBy: { orderId: 'o-2', event: 'OrderCancelled' },
        }),
      ]);
    expect(state.context.shipments.s1).toEqual(before);
    expect(state.value).toMatchObject({ main: 'allocated' });
    given([...allocated, consolidated, fx.consolidationUndone()])
      .when(forOrder({ type: 'StartPicking', shipmentId: 's1' }))
      .then([fx.picking()]);
  });

  it('is recorded on a member that was cancelled or re-routed meanwhile', () => {
    for (const gone of [draft('OrderCancelled', { reason: 'customer asked' }), fx.allocationRejected()]) {
      const state = given([...allocated, consolidated, gone])
        .when(undo)
        .then([fx.consolidationUndone()]);
      expect(state.context.shipments.s1?.status).toBe('cancelled');
      expect(state.context.shipments.s1?.consolidation).toBeUndefined();
    }
  });

  it('is refused for a consolidation the order is not in, and once the parcel has left', () => {
    given(allocated).when(undo).thenRejects('order.not-consolidated', { field: '/consolidationId' });
    given([...allocated, consolidated, fx.consolidationUndone()])
      .when(undo)
      .thenRejects('order.not-consolidated');
    const started = draft('PickingStarted', { shipmentId: 's1', consolidationId: 'k1' });
    given([...allocated, consolidated, started, fx.packed(), fx.dispatched()])
      .when(undo)
      .thenRejects('order.not-consolidated', { shipmentStatus: 'shipped' });
  });
});

describe('the commands allowed', () => {
  it('offer consolidation while allocated, the undo while consolidated, and no picking alone', () => {
    const allowed = (drafts: OrderEventDraft[]) => allowedOrderCommands(foldOrder(orderStream(drafts)));
    expect(allowed(allocated)).toContain('ConsolidateShipment');
    expect(allowed(allocated)).not.toContain('UndoConsolidation');
    expect(allowed([...allocated, consolidated])).toEqual(
      expect.arrayContaining(['UndoConsolidation', 'StartPicking']),
    );
    expect(allowed([...allocated, fx.picking()])).not.toContain('ConsolidateShipment');
    expect(allowed([fx.placed, fx.confirmed])).not.toContain('ConsolidateShipment');
  });
});
