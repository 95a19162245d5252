import { describe, expect, it } from 'vitest';
import { planHistory } from './history.plan.ts';
import type { OrderHistory } from './import.types.ts';

const history = (changes: Partial<OrderHistory>): OrderHistory => ({
  orderId: 'o-1',
  record: 'orders.csv:2',
  status: 'delivered',
  place: {
    customer: { customerId: 'c-1' },
    channel: { salesChannel: 'olist' },
    lines: [{ lineId: '1', sku: 'SKU-1', name: 'Cuia', quantity: 1, unitPrice: { amount: 4_500, currency: 'BRL' } }],
    shippingAddress: { name: 'C', line1: 'Rua 1', city: 'Santos', postalCode: '11010', country: 'BR' },
    shippingFee: { amount: 800, currency: 'BRL' },
    currency: 'BRL',
  },
  placedAt: '2017-05-01T12:00:00.000Z',
  paidAt: '2017-05-01T13:00:00.000Z',
  shippedAt: '2017-05-02T12:00:00.000Z',
  deliveredAt: '2017-05-05T12:00:00.000Z',
  shipments: [{ shipmentId: 's1', locationId: 'seller-1', lineIds: ['1'] }],
  ...changes,
});

const stepsOf = (changes: Partial<OrderHistory>) =>
  planHistory(history(changes)).steps.map((s) => `${s.step}@${s.at.slice(5, 13)}`);
const codesOf = (changes: Partial<OrderHistory>) =>
  planHistory(history(changes)).issues.map((i) => `${i.action} ${i.code}`);

describe('planning an order history', () => {
  it('replays a delivered order step by step at its times, paying the total with items and freight', () => {
    expect(stepsOf({})).toEqual([
      'place@05-01T12',
      'authorize@05-01T13',
      'capture@05-01T13',
      'allocate@05-01T13',
      'pick:s1@05-02T12',
      'pack:s1@05-02T12',
      'dispatch:s1@05-02T12',
      'out-for-delivery:s1@05-05T12',
      'deliver:s1@05-05T12',
    ]);
    const authorize = planHistory(history({})).steps[1]?.command;
    expect(authorize).toMatchObject({ type: 'AuthorizePayment', amount: { amount: 5_300, currency: 'BRL' } });
    expect(codesOf({})).toEqual([]);
  });

  it('stops where the status says: placed, paid, allocated, picking', () => {
    expect(stepsOf({ status: 'placed' })).toEqual(['place@05-01T12']);
    expect(stepsOf({ status: 'paid' })).toEqual(['place@05-01T12', 'authorize@05-01T13', 'capture@05-01T13']);
    expect(stepsOf({ status: 'allocated' }).at(-1)).toBe('allocate@05-01T13');
    expect(stepsOf({ status: 'picking' }).at(-1)).toBe('pick:s1@05-02T12');
  });

  it('refuses an order without items or without a purchase time', () => {
    const empty = planHistory(history({ place: { ...history({}).place, lines: [] } }));
    expect(empty.steps).toEqual([]);
    expect(empty.issues).toEqual([
      { record: 'orders.csv:2', orderId: 'o-1', action: 'refused', code: 'no-items', reason: 'the order has no items' },
    ]);
    const { placedAt: _, ...undated } = history({});
    expect(planHistory(undated).issues.map((i) => i.code)).toEqual(['no-purchase-time']);
  });

  it('cancels before anything leaves, dropping hand-over and delivery dates a cancelled order carries', () => {
    expect(stepsOf({ status: 'cancelled' })).toEqual([
      'place@05-01T12',
      'authorize@05-01T13',
      'capture@05-01T13',
      'cancel@05-01T13',
    ]);
    expect(codesOf({ status: 'cancelled' })).toEqual(['adjusted cancelled-with-delivery-dates']);
    const { paidAt: _, shippedAt: __, deliveredAt: ___, ...unpaid } = history({ status: 'cancelled' });
    expect(planHistory(unpaid).steps.map((s) => s.step)).toEqual(['place', 'cancel']);
  });

  it('imports what the dates support when a date is missing, and says so', () => {
    const { deliveredAt: _, ...undelivered } = history({});
    expect(planHistory(undelivered).steps.at(-1)?.step).toBe('dispatch:s1');
    expect(planHistory(undelivered).issues.map((i) => i.reason)).toEqual([
      'delivered without a delivery date: imported as shipped',
    ]);
    const { deliveredAt: __, shippedAt: ___, ...unshipped } = history({});
    expect(planHistory(unshipped).steps.at(-1)?.step).toBe('allocate');
    const { paidAt: ____, ...unapproved } = history({});
    expect(planHistory(unapproved).steps[1]).toMatchObject({ step: 'authorize', at: '2017-05-01T12:00:00.000Z' });
    expect(planHistory(unapproved).issues.map((i) => i.code)).toEqual(['no-approval-time']);
  });

  it('keeps the purchase and delivery times the customer saw, moving the hand-over when it is dated after the delivery', () => {
    const plan = planHistory(history({ shippedAt: '2017-05-06T12:00:00.000Z' }));
    expect(plan.steps.find((s) => s.step === 'dispatch:s1')?.at).toBe('2017-05-05T12:00:00.000Z');
    expect(plan.steps.at(-1)?.at).toBe('2017-05-05T12:00:00.000Z');
    expect(plan.issues.map((i) => i.code)).toEqual(['delivered-before-hand-over']);
  });

  it('records a hand-over before the payment approval as it happened, and a step dated too early at the step before', () => {
    const first = planHistory(history({ paidAt: '2017-05-03T09:00:00.000Z' }));
    expect(first.steps.map((s) => s.step)).toEqual([
      'place',
      'allocate',
      'pick:s1',
      'pack:s1',
      'dispatch:s1',
      'authorize',
      'capture',
      'out-for-delivery:s1',
      'deliver:s1',
    ]);
    expect(first.issues.map((i) => i.code)).toEqual(['handed-over-before-approval']);
    const early = planHistory(history({ shippedAt: '2017-05-01T11:00:00.000Z', paidAt: '2017-05-01T10:00:00.000Z' }));
    expect(early.steps.find((s) => s.step === 'dispatch:s1')?.at).toBe('2017-05-01T12:00:00.000Z');
    expect(early.issues.map((i) => i.code)).toContain('out-of-order-time');
  });

  it('adds reviews as internal notes, at the last step when dated earlier (reviews are dated by day)', () => {
    const plan = planHistory(
      history({
        reviews: [
          { reviewId: 'r1', at: '2017-05-05T03:00:00.000Z', text: 'review 5/5' },
          { reviewId: 'r2', at: '2017-05-07T03:00:00.000Z', text: 'review 4/5' },
        ],
      }),
    );
    expect(plan.steps.slice(-2).map((s) => [s.step, s.at, s.command])).toEqual([
      [
        'review:r1',
        '2017-05-05T12:00:00.000Z',
        { type: 'AddNote', orderId: 'o-1', noteId: 'review-r1', text: 'review 5/5', visibility: 'internal' },
      ],
      [
        'review:r2',
        '2017-05-07T03:00:00.000Z',
        { type: 'AddNote', orderId: 'o-1', noteId: 'review-r2', text: 'review 4/5', visibility: 'internal' },
      ],
    ]);
    expect(plan.issues.map((i) => i.code)).toEqual(['review-before-last-event']);
  });
});
