import { describe, expect, it } from 'vitest';
import type { ActorRef } from '../shared/actor.ts';
import { deciderSpec } from '../testing/decider-spec.ts';
import {
  draft,
  forOrder,
  fx,
  minutesAfterT0,
  orderFacts,
  orderStream,
  recordOrderEvent,
} from '../testing/order-fixtures.ts';
import { orderDecider } from './order.decider.ts';
import type { OrderEventDraft } from './order.events.ts';
import { orderStatus } from './order.state.ts';

const FINANCE: ActorRef = { kind: 'user', id: 'fin-1', role: 'finance' };
const ADMIN: ActorRef = { kind: 'user', id: 'a-1', role: 'admin' };
const OPS: ActorRef = { kind: 'user', id: 'ops-1', role: 'ops' };
const CS: ActorRef = { kind: 'user', id: 'agent-7', role: 'cs' };
const ESCALATION: ActorRef = { kind: 'system', component: 'approval-escalation' };

/** Facts `minutes` after T0 with `actor` deciding. */
const as =
  (actor: ActorRef, minutes = 10) =>
  () => {
    const facts = orderFacts(minutes);
    return { ...facts, metadata: { ...facts.metadata, actor } };
  };
const given = (drafts: OrderEventDraft[], actor: ActorRef, minutes?: number) =>
  deciderSpec(orderDecider, as(actor, minutes), recordOrderEvent).given(orderStream(drafts));

// Placed at T0, approval asked of finance at T0+1 min.
const requested = draft('ApprovalRequested', { role: 'finance', reason: 'order above 5,000.00' });
const waiting = [fx.placed, requested];
const approve = forOrder({ type: 'ApproveOrder', reason: 'known customer, paid upfront' });
const reject = forOrder({ type: 'RejectOrder', reason: 'card used in three countries' });
const escalate = (fromRole: string, toRole: string, deadline = minutesAfterT0(5)) =>
  forOrder({
    type: 'EscalateApproval',
    fromRole,
    toRole,
    deadline,
    rule: `${fromRole}=4m>${toRole}`,
    timeoutMs: 240_000,
  });
/** What `escalate('finance', 'ops')` at T0+10 records on `waiting`. */
const escalatedToOps = draft('ApprovalEscalated', {
  fromRole: 'finance',
  toRole: 'ops',
  level: 1,
  requestedAt: minutesAfterT0(1),
  deadline: minutesAfterT0(5),
  escalatedAt: minutesAfterT0(10),
  rule: 'finance=4m>ops',
  timeoutMs: 240_000,
});

describe('approving or rejecting by the required role', () => {
  it('the role asked approves with a reason: confirmed, recording the role and who decided', () => {
    const state = given(waiting, FINANCE)
      .when(approve)
      .then([draft('OrderApproved', { role: 'finance', reason: 'known customer, paid upfront', decidedBy: FINANCE })]);
    expect(orderStatus(state).main).toBe('confirmed');
    expect(state.context.approval).toMatchObject({ decision: 'approved', decidedBy: 'fin-1 (finance)' });
  });

  it('the role asked rejects with a reason: cancelled', () => {
    const state = given(waiting, FINANCE)
      .when(reject)
      .then([draft('OrderRejected', { role: 'finance', reason: 'card used in three countries', decidedBy: FINANCE })]);
    expect(orderStatus(state).main).toBe('cancelled');
  });

  it('admin may decide any approval', () => {
    given(waiting, ADMIN)
      .when(approve)
      .then([draft('OrderApproved', { role: 'finance', reason: 'known customer, paid upfront', decidedBy: ADMIN })]);
  });

  it('anyone else, systems included, is refused with order.approval-role naming who may', () => {
    for (const actor of [CS, OPS, { kind: 'role', role: 'risk' }, ESCALATION] as const) {
      given(waiting, actor)
        .when(approve)
        .thenRejects('order.approval-role', { allowedRoles: ['finance', 'admin'] });
      given(waiting, actor).when(reject).thenRejects('order.approval-role');
    }
  });

  it('a reason is required to approve as well as to reject', () => {
    given(waiting, FINANCE)
      .when(forOrder({ type: 'ApproveOrder', reason: ' ' }))
      .thenRejects('order.invalid-field', { field: '/reason' });
    given(waiting, FINANCE)
      .when(forOrder({ type: 'RejectOrder', reason: '' }))
      .thenRejects('order.invalid-field', { field: '/reason' });
  });

  it('an order not awaiting approval says so, whoever asks', () => {
    given([fx.placed, fx.confirmed], FINANCE).when(approve).thenRejects('order.not-awaiting-approval');
    given([fx.placed, fx.confirmed], CS).when(reject).thenRejects('order.not-awaiting-approval');
  });
});

describe('escalating an approval', () => {
  it('past its deadline the approval goes to the next role, with the step and its times', () => {
    const state = given(waiting, ESCALATION).when(escalate('finance', 'ops')).then([escalatedToOps]);
    expect(orderStatus(state).main).toBe('awaitingApproval');
    expect(state.context.approval?.escalations).toEqual([
      {
        fromRole: 'finance',
        toRole: 'ops',
        level: 1,
        deadline: minutesAfterT0(5),
        escalatedAt: minutesAfterT0(10),
        rule: 'finance=4m>ops',
      },
    ]);
  });

  it('after an escalation the new role and the role first asked both decide; the event names the role it waited on', () => {
    const escalated = [...waiting, escalatedToOps];
    given(escalated, OPS)
      .when(approve)
      .then([draft('OrderApproved', { role: 'ops', reason: 'known customer, paid upfront', decidedBy: OPS })]);
    given(escalated, FINANCE)
      .when(reject)
      .then([draft('OrderRejected', { role: 'ops', reason: 'card used in three countries', decidedBy: FINANCE })]);
    given(escalated, CS)
      .when(approve)
      .thenRejects('order.approval-role', { allowedRoles: ['finance', 'ops', 'admin'] });
  });

  it('several levels: the next step starts from the last escalation', () => {
    const escalated = [...waiting, escalatedToOps];
    // escalatedToOps is the 3rd event (T0+2 in the stream): ops was asked then.
    given(escalated, ESCALATION, 20)
      .when(escalate('ops', 'admin', minutesAfterT0(6)))
      .then([
        draft('ApprovalEscalated', {
          fromRole: 'ops',
          toRole: 'admin',
          level: 2,
          requestedAt: minutesAfterT0(10),
          deadline: minutesAfterT0(6),
          escalatedAt: minutesAfterT0(20),
          rule: 'ops=4m>admin',
          timeoutMs: 240_000,
        }),
      ]);
  });

  it('refuses an escalation not due yet, one from a role the approval no longer waits on, and one for a decided order', () => {
    given(waiting, ESCALATION, 3)
      .when(escalate('finance', 'ops'))
      .thenRejects('order.approval-not-due', { field: '/deadline' });
    given([...waiting, escalatedToOps], ESCALATION)
      .when(escalate('finance', 'ops'))
      .thenRejects('order.approval-escalated', { field: '/fromRole' });
    const approved = draft('OrderApproved', { role: 'finance', reason: 'ok', decidedBy: FINANCE });
    given([...waiting, approved], ESCALATION)
      .when(escalate('finance', 'ops'))
      .thenRejects('order.not-awaiting-approval');
  });

  it('is sent by the escalation process or admin only', () => {
    given(waiting, ADMIN).when(escalate('finance', 'ops')).then([escalatedToOps]);
    given(waiting, FINANCE).when(escalate('finance', 'ops')).thenRejects('order.approval-role');
  });

  it('does not move an approval while the order is on hold', () => {
    const held = draft('OrderHeld', { reason: 'address check' });
    given([...waiting, held], ESCALATION)
      .when(escalate('finance', 'ops'))
      .thenRejects('order.not-awaiting-approval');
  });
});
