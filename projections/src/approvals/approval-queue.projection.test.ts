import type { OrderEventDraft, RecordedEvent } from '@ordinal/domain';
import { describe, expect, it } from 'vitest';
import { OrderEventRecorder, orderDraft, orderPlaced } from '../testing/order-events.ts';
import { projectionSpec } from '../testing/projection-spec.ts';
import { approvalQueueProjection } from './approval-queue.projection.ts';
import { APPROVAL_QUEUE_COLLECTION } from './approval-queue.view.ts';

const queue = projectionSpec(approvalQueueProjection, { collection: APPROVAL_QUEUE_COLLECTION });
const FINANCE = { kind: 'user', id: 'fin-1', role: 'finance' } as const;
/** Every event applied twice: the second time changes nothing. */
const twice = (events: readonly RecordedEvent[]) => events.flatMap((e) => [e, e]);
/** Business time of the n-th recorded event (0-based): one minute apart from 09:00. */
const minute = (n: number) => new Date(Date.parse('2026-03-02T09:00:00.000Z') + n * 60_000).toISOString();

const rulesApplied = orderDraft('RulesApplied', {
  ruleSet: 'default',
  version: 3,
  matched: ['large-order-approval'],
  facts: { 'order.total': 600_000 },
  effects: {
    giftLines: [],
    discounts: [],
    discountTotal: 0,
    notices: [],
    tags: [],
    approval: { role: 'finance', reason: 'order above 5,000.00', ruleId: 'large-order-approval' },
  },
  addedLines: [],
});
const requested = orderDraft('ApprovalRequested', {
  role: 'finance',
  reason: 'order above 5,000.00',
  facts: { ruleSet: 'default', version: 3, ruleId: 'large-order-approval' },
});
const escalated = orderDraft('ApprovalEscalated', {
  fromRole: 'finance',
  toRole: 'admin',
  level: 1,
  requestedAt: minute(2),
  deadline: minute(3),
  escalatedAt: minute(3),
  rule: 'finance=1m>admin',
  timeoutMs: 60_000,
});

/** o-1's events from its placement: placed, rules applied, approval requested, then `more`. */
function waiting(more: OrderEventDraft[] = []) {
  return new OrderEventRecorder().stream('o-1', [orderPlaced('o-1'), rulesApplied, requested, ...more]);
}

describe('approvalQueue projection', () => {
  it('an order no approval was asked for gets no document, whatever happens to it, without a write', async () => {
    const events = new OrderEventRecorder().stream('o-2', [
      orderPlaced('o-2'),
      orderDraft('OrderConfirmed', { reason: 'screened' }),
      orderDraft('OrderHeld', { reason: 'address check' }),
      orderDraft('OrderReleased', { reason: 'ok' }),
      orderDraft('OrderCancelled', { reason: 'customer asked' }),
    ]);
    const result = await queue
      .given([])
      .when(...twice(events))
      .then((r) => expect(r.doc).toBeUndefined());
    expect(result.stored.size).toBe(0);
    expect(new Set(result.outcomes)).toEqual(new Set(['applied']));
  });

  it('OrderPlaced and RulesApplied write nothing; the request reads them from the log', async () => {
    const [placed, rules, asked] = waiting();
    if (placed === undefined || rules === undefined || asked === undefined) throw new Error('events');
    const before = await queue
      .given([])
      .when(placed, rules)
      .then((r) => expect(r.doc).toBeUndefined());
    expect(before.outcomes).toEqual(['applied', 'applied']);
    await queue
      .given([placed, rules])
      .when(asked)
      .then({ state: 'waiting', customerId: 'c-1', salesChannel: 'webshop', total: { amount: 6000, currency: 'EUR' } });
  });

  it('a hold redelivered before the request it follows: the request is read from the log, nothing is lost', async () => {
    const events = waiting([orderDraft('OrderHeld', { reason: 'address check' })]);
    const held = events.at(-1) as RecordedEvent;
    const asked = events[2] as RecordedEvent;
    const result = await queue.given([]).when(held, asked).withLog(events).then({ state: 'held', revision: 4 });
    expect(result.outcomes).toEqual(['applied', 'duplicate']);
  });

  it('ApprovalRequested: the order waits on the role asked, with the reason and the rule that asked', async () => {
    const [placed, rules, asked] = waiting();
    if (placed === undefined || rules === undefined || asked === undefined) throw new Error('events');
    const result = await queue
      .given([placed, rules])
      .when(asked, asked)
      .then({
        id: 'o-1',
        revision: 3,
        state: 'waiting',
        role: 'finance',
        reason: 'order above 5,000.00',
        rule: { ruleSet: 'default', version: 3, ruleId: 'large-order-approval' },
        requestedAt: minute(2),
        currentRole: 'finance',
        askedAt: minute(2),
        escalations: [],
        decision: null,
        placedAt: '2026-03-02T09:00:00.000Z',
      });
    expect(result.outcomes).toEqual(['applied', 'duplicate']);
  });

  it('ApprovalRequested alone: the order’s earlier events are read from the log', async () => {
    const [placed, rules, asked] = waiting();
    if (placed === undefined || rules === undefined || asked === undefined) throw new Error('events');
    await queue
      .given([])
      .when(asked)
      .withLog([placed, rules])
      .then({ state: 'waiting', customerId: 'c-1', rule: { ruleId: 'large-order-approval' } });
  });

  it('ApprovalEscalated: the approval waits on the next role from the escalation, which it lists', async () => {
    const events = waiting([escalated]);
    const last = events.at(-1) as RecordedEvent;
    await queue
      .given(events.slice(0, -1))
      .when(last, last)
      .then({
        state: 'waiting',
        role: 'finance',
        currentRole: 'admin',
        askedAt: minute(3),
        escalations: [
          {
            fromRole: 'finance',
            toRole: 'admin',
            level: 1,
            deadline: minute(3),
            escalatedAt: minute(3),
            rule: 'finance=1m>admin',
          },
        ],
      });
  });

  it('OrderHeld and OrderReleased: held, then waiting again', async () => {
    const events = waiting([
      orderDraft('OrderHeld', { reason: 'address check' }),
      orderDraft('OrderReleased', { reason: 'ok' }),
    ]);
    const [held, released] = events.slice(-2) as [RecordedEvent, RecordedEvent];
    await queue.given(events.slice(0, -2)).when(held, held).then({ state: 'held' });
    await queue.given(events.slice(0, -2)).when(held, held, released, released).then({ state: 'waiting' });
  });

  it('OrderApproved: decided, with the role it waited on, who decided and why', async () => {
    const approved = orderDraft('OrderApproved', { role: 'finance', reason: 'known customer', decidedBy: FINANCE });
    const events = waiting([approved]);
    const last = events.at(-1) as RecordedEvent;
    await queue
      .given(events.slice(0, -1))
      .when(last, last)
      .then({
        state: 'approved',
        decision: {
          outcome: 'approved',
          role: 'finance',
          decidedBy: FINANCE,
          decidedAt: minute(3),
          reason: 'known customer',
        },
      });
  });

  it('OrderRejected: decided; an older event without decidedBy names its actor', async () => {
    const events = waiting([orderDraft('OrderRejected', { role: 'finance', reason: 'fraud' })]);
    const last = events.at(-1) as RecordedEvent;
    await queue
      .given(events.slice(0, -1))
      .when(last, last)
      .then({
        state: 'rejected',
        decision: { outcome: 'rejected', decidedBy: { kind: 'user', id: 'agent-7', role: 'cs' }, reason: 'fraud' },
      });
  });

  it('OrderCancelled: an approval nobody decided ends cancelled; a decided one stays as decided', async () => {
    const cancelled = orderDraft('OrderCancelled', { reason: 'customer asked' });
    const events = waiting([cancelled]);
    const last = events.at(-1) as RecordedEvent;
    await queue
      .given(events.slice(0, -1))
      .when(last, last)
      .then({ state: 'cancelled', decision: { outcome: 'cancelled', role: null, reason: 'customer asked' } });
    const approved = orderDraft('OrderApproved', { role: 'finance', reason: 'ok', decidedBy: FINANCE });
    const later = waiting([approved, cancelled]);
    await queue
      .given([])
      .when(...later)
      .then({ state: 'approved', decision: { outcome: 'approved' } });
  });
});
