import { describe, expect, it } from 'vitest';
import { deciderSpec } from '../testing/decider-spec.ts';
import {
  CS_AGENT,
  draft,
  forOrder,
  fx,
  minutesAfterT0,
  orderFacts,
  orderPlaced,
  orderStream,
  pathTo,
  placeOrderCommand,
  recordOrderEvent,
} from '../testing/order-fixtures.ts';
import { decideOrder } from './order.decide.ts';
import { orderDecider } from './order.decider.ts';
import type { OrderEventDraft } from './order.events.ts';
import { foldOrder, orderStatus } from './order.state.ts';

const spec = deciderSpec(orderDecider, () => orderFacts(), recordOrderEvent);
const given = (drafts: OrderEventDraft[]) => spec.given(orderStream(drafts));
const cmd = forOrder;

describe('PlaceOrder', () => {
  it('records the order and auto-confirms it when screening found nothing', () => {
    const state = given([]).when(placeOrderCommand()).then([orderPlaced(), fx.confirmed]);
    expect(orderStatus(state).main).toBe('confirmed');
  });

  it('holds the order when screening asks for a hold', () => {
    const facts = orderFacts(0, { hold: { reason: 'address mismatch', facts: { score: 71 } } });
    const decided = decideOrder(placeOrderCommand(), foldOrder([]), facts);
    expect(decided).toEqual([orderPlaced(), draft('OrderHeld', { reason: 'address mismatch', facts: { score: 71 } })]);
  });

  it('requests approval when screening asks for one and no hold', () => {
    const facts = orderFacts(0, { approval: { role: 'finance', reason: 'over 10k' } });
    const decided = decideOrder(placeOrderCommand(), foldOrder([]), facts);
    expect(decided).toEqual([orderPlaced(), draft('ApprovalRequested', { role: 'finance', reason: 'over 10k' })]);
  });

  it('keeps given line ids, defaults shipping to zero and takes the business time of imports', () => {
    const command = placeOrderCommand({
      lines: [{ lineId: 'A', sku: 'SKU-A', name: 'Mug', quantity: 3, unitPrice: fx.eur(1000) }],
      shippingFee: undefined,
      promisedBy: '2026-03-05T18:00:00.000Z',
    });
    const facts = orderFacts();
    const imported = { ...facts, metadata: { ...facts.metadata, occurredAt: '2026-02-01T08:00:00.000Z' } };
    const [placed] = decideOrder(command, foldOrder([]), imported) as OrderEventDraft[];
    expect(placed?.data).toMatchObject({
      lines: [{ lineId: 'A', quantity: 3 }],
      shippingFee: fx.eur(0),
      total: fx.eur(3000),
      placedAt: '2026-02-01T08:00:00.000Z',
      promisedBy: '2026-03-05T18:00:00.000Z',
    });
  });

  it('records the coupons redeemed, each once, and keeps them on the order', () => {
    const command = placeOrderCommand({ coupons: ['WELCOME-10', 'FREESHIP'] });
    const [placed] = decideOrder(command, foldOrder([]), orderFacts()) as OrderEventDraft[];
    expect(placed?.data).toMatchObject({ coupons: ['WELCOME-10', 'FREESHIP'] });
    const state = given([])
      .when(command)
      .then([{ ...orderPlaced(), data: { ...orderPlaced().data, coupons: ['WELCOME-10', 'FREESHIP'] } }, fx.confirmed]);
    expect(state.context.coupons).toEqual(['WELCOME-10', 'FREESHIP']);
    // None redeemed: nothing recorded.
    const [plain] = decideOrder(placeOrderCommand({ coupons: [] }), foldOrder([]), orderFacts()) as OrderEventDraft[];
    expect(plain?.data).not.toHaveProperty('coupons');
  });

  it.each([
    [['OK', 'OK'], '/coupons/1'],
    [[''], '/coupons/0'],
    [['has space'], '/coupons/0'],
  ])('refuses coupons %j naming %s', (coupons, field) => {
    given([]).when(placeOrderCommand({ coupons })).thenRejects('order.invalid-coupon', { field });
  });

  it('refuses an order placed twice', () => {
    given([fx.placed, fx.confirmed])
      .when(placeOrderCommand())
      .thenRejects('order.already-placed', {
        state: { main: 'confirmed', payment: 'pending', returns: 'none' },
      });
  });

  const line = placeOrderCommand().lines[0]!;
  it.each([
    ['order.no-lines', { lines: [] }],
    ['order.invalid-quantity', { lines: [{ ...line, quantity: 0 }] }],
    ['order.invalid-quantity', { lines: [{ ...line, quantity: 1.5 }] }],
    ['order.invalid-price', { lines: [{ ...line, unitPrice: fx.eur(-1) }] }],
    ['order.currency-mismatch', { lines: [{ ...line, unitPrice: { amount: 100, currency: 'USD' } }] }],
    ['order.currency-mismatch', { shippingFee: { amount: 100, currency: 'USD' } }],
    [
      'order.duplicate-line',
      {
        lines: [
          { ...line, lineId: 'x' },
          { ...line, lineId: 'x', sku: 'SKU-Z' },
        ],
      },
    ],
    ['order.duplicate-line', { lines: [{ ...line, lineId: '2' }, line] }],
    ['order.invalid-currency', { currency: 'euro' }],
    ['order.invalid-address', { shippingAddress: { ...placeOrderCommand().shippingAddress, country: 'France' } }],
    ['order.invalid-id', { orderId: ' ' }],
    ['order.invalid-amount', { lines: [{ ...line, quantity: 2 ** 40, unitPrice: fx.eur(2 ** 20) }] }],
  ] as const)('rejects %s', (code, overrides) => {
    given([])
      .when(placeOrderCommand(overrides))
      .thenRejects(code, { allowedCommands: ['PlaceOrder'] });
  });
});

describe('commands on an order that does not exist or is closed', () => {
  it('answers order.not-found before the order is placed', () => {
    given([])
      .when(cmd({ type: 'ConfirmOrder' }))
      .thenRejects('order.not-found');
  });

  it('answers order.closed once closed, with nothing allowed', () => {
    const closed = [fx.placed, draft('OrderCancelled', { reason: 'x' }), draft('OrderClosed', { reason: 'x' })];
    given(closed)
      .when(cmd({ type: 'AddNote', noteId: 'n1', text: 'hi', visibility: 'internal' }))
      .thenRejects('order.closed', { allowedCommands: [] });
  });
});

describe('confirmation, holds and approval', () => {
  it('confirms a placed order', () => {
    given([fx.placed])
      .when(cmd({ type: 'ConfirmOrder' }))
      .then([draft('OrderConfirmed', { reason: 'confirmed' })]);
  });

  it('does not confirm twice', () => {
    given([fx.placed, fx.confirmed])
      .when(cmd({ type: 'ConfirmOrder' }))
      .thenRejects('order.not-confirmable');
  });

  it('holds and releases back to where the order was', () => {
    const allocated = pathTo('allocated');
    const held = draft('OrderHeld', { reason: 'fraud check' });
    given(allocated)
      .when(cmd({ type: 'HoldOrder', reason: 'fraud check' }))
      .then([held]);
    const released = given([...allocated, held])
      .when(cmd({ type: 'ReleaseOrder', reason: 'ok' }))
      .then([draft('OrderReleased', { reason: 'ok', decidedBy: CS_AGENT })]);
    expect(orderStatus(released).main).toBe('allocated');
  });

  it('confirms an order released from a hold taken at placement', () => {
    const state = given([fx.placed, draft('OrderHeld', { reason: 'screening' })])
      .when(cmd({ type: 'ReleaseOrder', reason: 'reviewed' }))
      .then([draft('OrderReleased', { reason: 'reviewed', decidedBy: CS_AGENT })]);
    expect(orderStatus(state).main).toBe('confirmed');
    expect(state.context.milestones.confirmedAt).toBe(minutesAfterT0(2));
  });

  it('refuses holds once picking started, and releases of orders not on hold', () => {
    given(pathTo('picking'))
      .when(cmd({ type: 'HoldOrder', reason: 'late' }))
      .thenRejects('order.not-holdable');
    given([fx.placed])
      .when(cmd({ type: 'ReleaseOrder', reason: 'x' }))
      .thenRejects('order.not-on-hold');
    given([fx.placed])
      .when(cmd({ type: 'HoldOrder', reason: ' ' }))
      .thenRejects('order.invalid-field');
  });

  it('refuses a hold once any shipment is dispatched, even while another lags', () => {
    const s1Dispatched = [fx.placed, fx.confirmed, fx.split, fx.picking('s1'), fx.packed('s1'), fx.dispatched('s1')];
    given(s1Dispatched)
      .when(cmd({ type: 'HoldOrder', reason: 'late check' }))
      .thenRejects('order.not-holdable', { state: { main: 'allocated', payment: 'pending', returns: 'none' } });
    // The carrier's scans of the dispatched shipment keep coming whatever else happens.
    given(s1Dispatched)
      .when(cmd({ type: 'RecordShipmentInTransit', shipmentId: 's1' }))
      .then([draft('ShipmentInTransit', { shipmentId: 's1' })]);
    given([fx.placed, fx.confirmed, fx.split, fx.picking('s1'), fx.packed('s1')])
      .when(cmd({ type: 'HoldOrder', reason: 'check' }))
      .then([draft('OrderHeld', { reason: 'check' })]);
  });

  it('requests approval; the approval is decided by the role asked (order.approval.test.ts)', () => {
    const requested = draft('ApprovalRequested', { role: 'finance', reason: 'big' });
    given([fx.placed])
      .when(cmd({ type: 'RequestApproval', role: 'finance', reason: 'big' }))
      .then([requested]);
    given([fx.placed, requested])
      .when(cmd({ type: 'ApproveOrder', reason: 'known buyer' }))
      .thenRejects('order.approval-role');
  });

  it('refuses approval commands for an order not awaiting one', () => {
    given([fx.placed])
      .when(cmd({ type: 'ApproveOrder', reason: 'ok' }))
      .thenRejects('order.not-awaiting-approval');
    given([fx.placed, fx.confirmed])
      .when(cmd({ type: 'RequestApproval', role: 'x', reason: 'y' }))
      .thenRejects('order.approval-not-requestable');
  });
});
