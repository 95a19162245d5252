import {
  accountVelocity,
  addressFingerprint,
  type EventStore,
  evaluateRiskRule,
  type OrderCommandOf,
  type OrderEventOf,
  type OrderScreening,
  type RecordedEvent,
  type RiskPlacement,
  type RiskThresholds,
  riskHold,
} from '@ordinal/domain';
import { LogFollower } from '../fulfilment/log-follower.ts';
import type { PlacementScreen } from './placement-screening.ts';

const HOUR_MS = 3_600_000;
/** How long a placement screened here counts while the log has not shown it (a refused or failed one drops out). */
const DEFAULT_PENDING_MS = 60_000;

/** What the risk screen needs. */
export interface RiskScreenOptions {
  readonly events: Pick<EventStore, 'readAll' | 'headPosition' | 'subscribeAll'>;
  readonly thresholds: RiskThresholds;
  /** How long a placement accepted here but not yet seen in the log still counts (default 60 s). */
  readonly pendingMs?: number;
  /** Told of an OrderPlaced the screen could not read; it is skipped, nothing stops. */
  readonly onError?: (error: unknown, event: RecordedEvent) => void;
}

interface Pending {
  readonly customerId: string;
  readonly placement: RiskPlacement;
  readonly screenedAt: number;
}

/**
 * The default risk rule as a placement screen (`risk`). It follows OrderPlaced in the log
 * (from its start, keeping per account only placements younger than the window) and adds the
 * placements it screened itself that the log has not shown yet, so two orders of one account
 * placed in the same instant both count. A new order is judged with itself included; a hold
 * carries the rule version, thresholds, window, counts and the orders counted.
 */
export class RiskScreen implements PlacementScreen {
  readonly name = 'risk';
  readonly #options: RiskScreenOptions;
  readonly #windowMs: number;
  /** customerId → orderId → placement, as the log shows them. */
  readonly #seen = new Map<string, Map<string, RiskPlacement>>();
  /** orderId → placement screened here, not yet in the log. */
  readonly #pending = new Map<string, Pending>();
  /** The latest placement time swept at (ms). */
  #sweptAt = 0;
  #follower: LogFollower | undefined;

  constructor(options: RiskScreenOptions) {
    this.#options = options;
    this.#windowMs = options.thresholds.windowHours * HOUR_MS;
  }

  /** Starts following the log; resolves once the placements already in it are counted. */
  start(): Promise<void> {
    this.#follower ??= new LogFollower(this.#options.events, ['order-'], { onEvent: (event) => this.#apply(event) });
    this.#follower.start();
    return this.#follower.caughtUp();
  }

  async stop(): Promise<void> {
    await this.#follower?.stop();
  }

  /** Placements counted per account right now (followed and pending), for tests and diagnostics. */
  placementsOf(customerId: string): RiskPlacement[] {
    const pending = [...this.#pending.values()].filter((p) => p.customerId === customerId).map((p) => p.placement);
    return [...(this.#seen.get(customerId)?.values() ?? []), ...pending];
  }

  async screen(command: OrderCommandOf<'PlaceOrder'>, now: string): Promise<OrderScreening> {
    await this.start();
    const customerId = command.customer?.customerId;
    const address = command.shippingAddress;
    if (typeof customerId !== 'string' || typeof address?.line1 !== 'string') return {};
    const at = Date.parse(now);
    this.#forgetPending(at);
    const placement: RiskPlacement = {
      orderId: command.orderId,
      placedAt: now,
      address: addressFingerprint(address),
      coupons: command.coupons ?? [],
      amount: { amount: orderAmount(command), currency: command.currency },
    };
    const others = this.placementsOf(customerId).filter((p) => p.orderId !== command.orderId);
    // Counted from now on, until the log shows it or it is given up as never placed.
    if (!this.#seen.get(customerId)?.has(command.orderId)) {
      this.#pending.set(command.orderId, { customerId, placement, screenedAt: at });
    }
    const { thresholds } = this.#options;
    const verdict = evaluateRiskRule(accountVelocity([...others, placement], now, thresholds.windowHours), thresholds);
    return verdict.hold ? { hold: riskHold(verdict, thresholds, customerId) } : {};
  }

  #apply(event: RecordedEvent): void {
    if (event.type !== 'OrderPlaced') return;
    try {
      const data = event.data as OrderEventOf<'OrderPlaced'>['data'];
      const placedAt = Date.parse(data.placedAt);
      const placements = this.#seen.get(data.customer.customerId) ?? new Map<string, RiskPlacement>();
      placements.set(data.orderId, {
        orderId: data.orderId,
        placedAt: data.placedAt,
        address: addressFingerprint(data.shippingAddress),
        coupons: data.coupons ?? [],
        amount: data.total,
      });
      this.#seen.set(data.customer.customerId, placements);
      this.#pending.delete(data.orderId);
      // A sweep per twenty-fourth of the window keeps start-up linear in the log.
      if (placedAt - this.#sweptAt >= this.#windowMs / 24) this.#evictBefore(placedAt);
    } catch (error) {
      this.#options.onError?.(error, event);
    }
  }

  // Older than the window at the latest placement seen: no later judgement can count them.
  #evictBefore(latest: number): void {
    this.#sweptAt = latest;
    const cutoff = latest - this.#windowMs;
    for (const [customerId, placements] of this.#seen) {
      for (const [orderId, p] of placements) if (Date.parse(p.placedAt) <= cutoff) placements.delete(orderId);
      if (placements.size === 0) this.#seen.delete(customerId);
    }
  }

  #forgetPending(at: number): void {
    const limit = this.#options.pendingMs ?? DEFAULT_PENDING_MS;
    for (const [orderId, p] of this.#pending) if (at - p.screenedAt > limit) this.#pending.delete(orderId);
  }
}

function orderAmount(command: OrderCommandOf<'PlaceOrder'>): number {
  const lines = command.lines.reduce((sum, line) => sum + line.quantity * (line.unitPrice?.amount ?? 0), 0);
  return lines + (command.shippingFee?.amount ?? 0);
}
