import {
  type ActorRef,
  type OrderCommand,
  type OrderEvent,
  type OrderEventDataMap,
  type OrderState,
  orderDecider,
  parseApprovalEscalation,
  type RecordedEvent,
} from '@ordinal/domain';
import { placeOrderCommand } from '@ordinal/domain/testing';
import { describe, expect, it } from 'vitest';
import { ActorHost } from '../host/actor-host.ts';
import { envelope } from '../host/counter.fixture.ts';
import { hostTestBed } from '../host/temp-store.fixture.ts';
import { ApprovalEscalation } from './approval-escalation.process.ts';

const bed = hostTestBed();
const START = Date.parse('2026-12-04T09:00:00.000Z');
const HOUR = 3_600_000;
const FINANCE: ActorRef = { kind: 'user', id: 'fin-1', role: 'finance' };
const OPS: ActorRef = { kind: 'user', id: 'ops-1', role: 'ops' };
const parsed = parseApprovalEscalation('finance=4h>ops,ops=2h>admin');
if ('error' in parsed) throw new Error(parsed.error);
const policy = parsed;

/** An order host on the bed's SQLite store whose every new order waits on finance, and a clock to move. */
function system() {
  let now = START;
  const clock = () => new Date(now);
  const orders = bed.track(
    new ActorHost<OrderCommand, OrderEvent, OrderState>({
      store: bed.store,
      decider: orderDecider,
      clock,
      facts: () => ({ screening: { approval: { role: 'finance', reason: 'order above 5,000.00' } } }),
    }),
  );
  const errors: unknown[] = [];
  const processes: ApprovalEscalation[] = [];
  return {
    orders,
    errors,
    clock,
    advance(ms: number) {
      now += ms;
    },
    async start() {
      const process = new ApprovalEscalation({
        events: bed.store,
        orders,
        policy,
        clock,
        intervalMs: 3_600_000,
        onError: (error) => errors.push(error),
      });
      processes.push(process);
      process.start();
      await until(() => process.caughtUp);
      return process;
    },
    async stopAll() {
      await Promise.all(processes.map((p) => p.stop()));
    },
    async send(command: OrderCommand, actor?: ActorRef) {
      const outcome = await orders.execute(envelope(command, actor === undefined ? {} : { actor }));
      if (outcome.status !== 'accepted') throw new Error(`${outcome.rejection.code}: ${outcome.rejection.message}`);
    },
    async place(orderId: string) {
      await this.send(placeOrderCommand({ orderId }));
    },
    async escalations(orderId: string): Promise<RecordedEvent[]> {
      return (await bed.store.readStream(`order-${orderId}`)).filter((e) => e.type === 'ApprovalEscalated');
    },
  };
}

async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('never happened');
}

/** Runs rounds until `check` holds: the process follows the log on its own, so a round may come before it saw the last event. */
async function roundsUntil(process: ApprovalEscalation, check: () => Promise<boolean>): Promise<void> {
  await until(async () => {
    await process.escalateDue();
    return check();
  });
}

describe('approval escalation', () => {
  it('escalates an approval nobody decided by its deadline, level by level, recording the step and times', async () => {
    const s = system();
    const process = await s.start();
    try {
      await s.place('o-1');
      await until(() => process.waitingOn('o-1') === 'finance');
      s.advance(4 * HOUR - 1);
      expect(await process.escalateDue()).toBe(0); // One millisecond early.
      expect(await s.escalations('o-1')).toEqual([]);

      s.advance(1);
      expect(await process.escalateDue()).toBe(1);
      const [first] = await s.escalations('o-1');
      expect(first?.data).toEqual({
        fromRole: 'finance',
        toRole: 'ops',
        level: 1,
        requestedAt: new Date(START).toISOString(),
        deadline: new Date(START + 4 * HOUR).toISOString(),
        escalatedAt: new Date(START + 4 * HOUR).toISOString(),
        rule: 'finance=4h>ops',
        timeoutMs: 4 * HOUR,
      } satisfies OrderEventDataMap['ApprovalEscalated']);
      expect(first?.metadata.actor).toEqual({ kind: 'system', component: 'approval-escalation' });

      // The next level counts from the escalation: ops has two hours.
      await until(() => process.waitingOn('o-1') === 'ops');
      s.advance(2 * HOUR - 1);
      expect(await process.escalateDue()).toBe(0);
      s.advance(1);
      expect(await process.escalateDue()).toBe(1);
      const second = (await s.escalations('o-1'))[1];
      expect(second?.data).toMatchObject({ fromRole: 'ops', toRole: 'admin', level: 2, rule: 'ops=2h>admin' });

      // admin has no step: nothing more, however long it waits.
      await until(() => process.waitingOn('o-1') === 'admin');
      s.advance(100 * HOUR);
      expect(await process.escalateDue()).toBe(0);
      expect(await s.escalations('o-1')).toHaveLength(2);
      // The role first asked still decides.
      await s.send({ type: 'ApproveOrder', orderId: 'o-1', reason: 'known customer' }, FINANCE);
      expect(s.errors).toEqual([]);
    } finally {
      await s.stopAll();
    }
  });

  it('leaves decided orders alone and waits while an order is held', async () => {
    const s = system();
    const process = await s.start();
    try {
      await s.place('o-decided');
      await s.place('o-held');
      await s.send({ type: 'ApproveOrder', orderId: 'o-decided', reason: 'fine' }, FINANCE);
      await s.send({ type: 'HoldOrder', orderId: 'o-held', reason: 'address check' }, OPS);
      await until(() => process.waitingOn('o-decided') === undefined && process.waitingOn('o-held') === 'finance');
      s.advance(5 * HOUR);
      expect(await process.escalateDue()).toBe(0);
      expect(await s.escalations('o-decided')).toEqual([]);
      expect(await s.escalations('o-held')).toEqual([]);

      await s.send({ type: 'ReleaseOrder', orderId: 'o-held', reason: 'address fine' }, OPS);
      // Overdue on release: escalated at the next round.
      await roundsUntil(process, async () => (await s.escalations('o-held')).length === 1);
      expect((await s.escalations('o-held'))[0]?.data).toMatchObject({ fromRole: 'finance', level: 1 });
      expect(s.errors).toEqual([]);
    } finally {
      await s.stopAll();
    }
  });

  it('rebuilds from the log at start: what was escalated is not escalated again, and two processes record one escalation', async () => {
    const s = system();
    const first = await s.start();
    await s.place('o-2');
    s.advance(4 * HOUR);
    await until(() => first.waitingOn('o-2') === 'finance');
    expect(await first.escalateDue()).toBe(1);
    await first.stop();

    // A new process reads the escalation from the log: ops's two hours start from it.
    const a = await s.start();
    const b = await s.start();
    try {
      expect([a.waitingOn('o-2'), b.waitingOn('o-2')]).toEqual(['ops', 'ops']);
      s.advance(HOUR);
      expect(await a.escalateDue()).toBe(0);
      s.advance(HOUR);
      // Both send level 2 under the same command id: the second is answered as a duplicate.
      expect(await Promise.all([a.escalateDue(), b.escalateDue()])).toEqual([1, 1]);
      await until(() => a.waitingOn('o-2') === 'admin' && b.waitingOn('o-2') === 'admin');
      expect(await Promise.all([a.escalateDue(), b.escalateDue()])).toEqual([0, 0]);
      const escalated = await s.escalations('o-2');
      expect(escalated.map((e) => (e.data as { level: number }).level)).toEqual([1, 2]);
      expect(s.errors).toEqual([]);
    } finally {
      await s.stopAll();
    }
  });
});
