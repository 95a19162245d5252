import {
  type ActorRef,
  addressFingerprint,
  consolidationHoldFacts,
  type EventStore,
  type OrderCommand,
  type OrderEvent,
  type OrderEventDataMap,
  type OrderState,
  type RecordedEvent,
  streamEntityId,
} from '@ordinal/domain';
import type { ActorHost } from '../host/actor-host.ts';
import { ScheduledFollower } from './scheduled-follower.ts';

/** Who releases a hold for consolidation: OrderReleased's `decidedBy`. */
export const CONSOLIDATION_RELEASE: ActorRef = { kind: 'system', component: 'consolidation-release' };

/** What the release process works with; the composition root hands in the real host. */
export interface ConsolidationHoldReleaseOptions {
  readonly events: Pick<EventStore, 'subscribeAll' | 'headPosition' | 'readAll'>;
  readonly orders: Pick<ActorHost<OrderCommand, OrderEvent, OrderState>, 'execute'>;
  readonly clock: () => Date;
  /** How often to look for holds past their `until` (0: never; the next order still releases them). */
  readonly intervalMs: number;
  /** Told of every release that failed or was refused; nothing stops. */
  readonly onError?: (error: unknown, subject: { readonly orderId: string }) => void;
}

interface Placement {
  readonly customerId: string;
  readonly address: string;
}

interface Held extends Placement {
  readonly until: string;
  readonly correlationId: string;
  readonly heldEventId: string;
}

/** Why a hold is let go: the deadline passed, or the customer's next order to the address came. */
type Trigger =
  | { readonly trigger: 'deadline'; readonly at: string }
  | { readonly trigger: 'next-order'; readonly orderId: string; readonly placedAt: string; readonly eventId: string };

/**
 * Releases the orders held for consolidation (OrderHeld marked `source: 'consolidation'`, which
 * a `holdForConsolidation` rule takes at placement). It follows the order streams, keeping in
 * memory who placed each held order, where to, and until when (rebuilt from the log at every
 * start). A hold is released as soon as the same customer places another order to the same
 * shipping address (both then go on to be routed), or, every `intervalMs`, once the clock's
 * `now` has passed its `until`. The release records its trigger in its facts, and its command id
 * derives from the held order alone, so whichever trigger comes first releases it once; orders
 * placed while the process was down release their matches when it has caught up.
 */
export class ConsolidationHoldRelease {
  readonly #options: ConsolidationHoldReleaseOptions;
  /** orderId → who placed it where, until its outcome (held or not) is seen. */
  readonly #placed = new Map<string, Placement>();
  /** orderId → a hold for consolidation not yet released or cancelled. */
  readonly #held = new Map<string, Held>();
  /** Matches met while catching up: held orderId → the next order that releases it. */
  readonly #missed = new Map<string, Trigger>();
  readonly #rounds: ScheduledFollower;

  constructor(options: ConsolidationHoldReleaseOptions) {
    this.#options = options;
    this.#rounds = new ScheduledFollower({
      events: options.events,
      streamPrefixes: ['order-'],
      handlers: {
        onEvent: (event, live) => this.#apply(event, live),
        onCaughtUp: async () => {
          for (const [orderId, trigger] of [...this.#missed]) await this.#release(orderId, trigger);
          this.#missed.clear();
        },
      },
      intervalMs: options.intervalMs,
      round: () => this.#releaseDue(),
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

  /** The orders on a hold for consolidation right now, as far as the log has been read. */
  held(): string[] {
    return [...this.#held.keys()];
  }

  /**
   * One round (the timer runs them; a round already running is joined): releases every hold
   * whose `until` is at or before the clock's `now`. Returns how many were asked. Nothing
   * happens before the log is caught up.
   */
  releaseDue(): Promise<number> {
    return this.#rounds.round();
  }

  async #releaseDue(): Promise<number> {
    const now = this.#options.clock();
    const due = [...this.#held].filter(([, held]) => Date.parse(held.until) <= now.getTime());
    for (const [orderId] of due) {
      if (this.#rounds.stopped) break;
      await this.#release(orderId, { trigger: 'deadline', at: now.toISOString() });
    }
    return due.length;
  }

  async #apply(event: RecordedEvent, live: boolean): Promise<void> {
    const orderId = streamEntityId(event.streamId);
    switch (event.type) {
      case 'OrderPlaced': {
        const data = event.data as OrderEventDataMap['OrderPlaced'];
        const placement = { customerId: data.customer.customerId, address: addressFingerprint(data.shippingAddress) };
        this.#placed.set(orderId, placement);
        const trigger = { trigger: 'next-order', orderId, placedAt: data.placedAt, eventId: event.eventId } as const;
        for (const [heldId, held] of [...this.#held]) {
          if (heldId === orderId || held.customerId !== placement.customerId || held.address !== placement.address)
            continue;
          if (live && this.#rounds.caughtUp) await this.#release(heldId, trigger);
          else if (!this.#missed.has(heldId)) this.#missed.set(heldId, trigger);
        }
        return;
      }
      case 'OrderHeld': {
        const placement = this.#placed.get(orderId);
        this.#placed.delete(orderId);
        const facts = consolidationHoldFacts((event.data as OrderEventDataMap['OrderHeld']).facts);
        if (placement === undefined || facts === undefined) return;
        const correlationId = event.metadata.correlationId;
        this.#held.set(orderId, { ...placement, until: facts.until, correlationId, heldEventId: event.eventId });
        return;
      }
      case 'ShippingAddressChanged': {
        const held = this.#held.get(orderId);
        const { address } = event.data as OrderEventDataMap['ShippingAddressChanged'];
        if (held !== undefined) this.#held.set(orderId, { ...held, address: addressFingerprint(address) });
        return;
      }
      case 'OrderConfirmed':
      case 'ApprovalRequested':
        this.#placed.delete(orderId);
        return;
      case 'OrderReleased':
      case 'OrderCancelled':
        this.#placed.delete(orderId);
        this.#held.delete(orderId);
        this.#missed.delete(orderId);
        return;
    }
  }

  async #release(orderId: string, trigger: Trigger): Promise<void> {
    const held = this.#held.get(orderId);
    if (held === undefined) return;
    const reason =
      trigger.trigger === 'deadline'
        ? `consolidation: nothing came by ${held.until}`
        : `consolidation: order ${trigger.orderId} to the same address placed`;
    try {
      const outcome = await this.#options.orders.execute({
        command: {
          type: 'ReleaseOrder',
          orderId,
          reason,
          facts: { source: 'consolidation', until: held.until, ...trigger },
        },
        metadata: {
          commandId: `consolidation-release-${orderId}`,
          correlationId: held.correlationId,
          causationId: trigger.trigger === 'next-order' ? trigger.eventId : held.heldEventId,
          actor: CONSOLIDATION_RELEASE,
        },
      });
      if (outcome.status === 'rejected') {
        // E.g. someone released or cancelled it first: the log will say so; stop trying.
        this.#held.delete(orderId);
        throw new Error(`order ${orderId} was not released (${outcome.rejection.code}: ${outcome.rejection.message})`);
      }
    } catch (error) {
      this.#options.onError?.(error, { orderId });
    }
  }
}
