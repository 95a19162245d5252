import {
  type ActorRef,
  type ApprovalEscalationPolicy,
  type EventStore,
  escalationStep,
  type OrderCommand,
  type OrderEvent,
  type OrderEventDataMap,
  type OrderState,
  type RecordedEvent,
} from '@ordinal/domain';
import { ScheduledFollower } from '../fulfilment/scheduled-follower.ts';
import type { ActorHost } from '../host/actor-host.ts';

const ESCALATION: ActorRef = { kind: 'system', component: 'approval-escalation' };

// Refusals that only mean the log moved on before this process saw it (decided, escalated, held).
const OVERTAKEN = new Set(['order.not-awaiting-approval', 'order.approval-escalated', 'order.closed']);

/** What the escalation process works with; the composition root hands in the real host. */
export interface ApprovalEscalationOptions {
  readonly events: Pick<EventStore, 'subscribeAll' | 'headPosition' | 'readAll'>;
  readonly orders: Pick<ActorHost<OrderCommand, OrderEvent, OrderState>, 'execute'>;
  /** Which role's approvals go where after how long (`parseApprovalEscalation`). */
  readonly policy: ApprovalEscalationPolicy;
  readonly clock: () => Date;
  /** How often to look for approvals past their deadline. */
  readonly intervalMs: number;
  /** Told of every escalation that failed or was refused for another reason than being overtaken; nothing stops. */
  readonly onError?: (error: unknown, orderId: string) => void;
}

/** An approval waiting on someone: who, since when, how often it was escalated, and whether the order is held. */
interface Waiting {
  readonly role: string;
  readonly askedAt: number;
  readonly level: number;
  readonly held: boolean;
  readonly correlationId: string;
  readonly causationId: string;
}

/**
 * Escalates approvals nobody decided in time. It follows the order streams and keeps in memory
 * each waiting approval: the role it waits on, since when (the request, or the last escalation)
 * and how many escalations it had (rebuilt from the log at every start). Every `intervalMs` it
 * sends `EscalateApproval` for each approval whose role has a step in the policy and whose
 * deadline (asked at + the step's timeout) has passed at the clock's `now`. The command id is
 * the order and the level, so a round repeated after a restart is answered as a duplicate; the
 * event records the step, so a replay never reads the policy. An order on hold is not
 * escalated until it is released (nobody can decide it while held); then an overdue approval
 * escalates at the next round.
 */
export class ApprovalEscalation {
  readonly #options: ApprovalEscalationOptions;
  readonly #waiting = new Map<string, Waiting>();
  readonly #rounds: ScheduledFollower;

  constructor(options: ApprovalEscalationOptions) {
    this.#options = options;
    this.#rounds = new ScheduledFollower({
      events: options.events,
      streamPrefixes: ['order-'],
      handlers: { onEvent: (event) => this.#apply(event) },
      intervalMs: options.intervalMs,
      round: () => this.#escalateDue(),
    });
  }

  /** Starts following the order streams and the timer. */
  start(): void {
    this.#rounds.start();
  }

  /** Stops the timer, waits for the round in progress, then stops following. */
  stop(): Promise<void> {
    return this.#rounds.stop();
  }

  /** Whether the log as it was at start has been read (rounds do nothing before). */
  get caughtUp(): boolean {
    return this.#rounds.caughtUp;
  }

  /** The role an order's approval waits on, as far as the log has been read; undefined when none waits. */
  waitingOn(orderId: string): string | undefined {
    return this.#waiting.get(orderId)?.role;
  }

  /**
   * One round (the timer runs them; a round already running is joined, not doubled): escalates
   * every approval due at the clock's `now`. Returns how many were sent.
   */
  escalateDue(): Promise<number> {
    return this.#rounds.round();
  }

  async #escalateDue(): Promise<number> {
    const now = this.#options.clock().getTime();
    let sent = 0;
    for (const [orderId, waiting] of [...this.#waiting]) {
      if (this.#rounds.stopped) break;
      const step = escalationStep(this.#options.policy, waiting.role);
      if (waiting.held || step === undefined || waiting.askedAt + step.afterMs > now) continue;
      const level = waiting.level + 1;
      sent += 1;
      try {
        const outcome = await this.#options.orders.execute({
          command: {
            type: 'EscalateApproval',
            orderId,
            fromRole: waiting.role,
            toRole: step.toRole,
            deadline: new Date(waiting.askedAt + step.afterMs).toISOString(),
            rule: step.text,
            timeoutMs: step.afterMs,
          },
          metadata: {
            commandId: `escalate-approval-${orderId}-${level}`,
            correlationId: waiting.correlationId,
            causationId: waiting.causationId,
            actor: ESCALATION,
          },
        });
        if (outcome.status === 'rejected' && !OVERTAKEN.has(outcome.rejection.code)) {
          throw new Error(`${outcome.rejection.code}: ${outcome.rejection.message}`);
        }
      } catch (error) {
        this.#options.onError?.(error, orderId);
      }
    }
    return sent;
  }

  #apply(event: RecordedEvent): void {
    const orderId = event.streamId.slice('order-'.length);
    const current = this.#waiting.get(orderId);
    const cause = { correlationId: event.metadata.correlationId, causationId: event.eventId };
    switch (event.type) {
      case 'ApprovalRequested': {
        const { role } = event.data as OrderEventDataMap['ApprovalRequested'];
        const askedAt = Date.parse(event.metadata.occurredAt);
        this.#waiting.set(orderId, { role, askedAt, level: 0, held: false, ...cause });
        return;
      }
      case 'ApprovalEscalated': {
        const { toRole, level, escalatedAt } = event.data as OrderEventDataMap['ApprovalEscalated'];
        if (current === undefined) return;
        this.#waiting.set(orderId, { ...current, role: toRole, level, askedAt: Date.parse(escalatedAt), ...cause });
        return;
      }
      case 'OrderHeld':
      case 'OrderReleased':
        if (current !== undefined) this.#waiting.set(orderId, { ...current, held: event.type === 'OrderHeld' });
        return;
      case 'OrderApproved':
      case 'OrderRejected':
      case 'OrderCancelled':
      case 'OrderClosed':
        this.#waiting.delete(orderId);
        return;
    }
  }
}
