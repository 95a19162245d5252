import type { AlertFigures } from './alert.events.ts';
import type { LocationLateRateJumpRule, SkuSalesSurgeRule, SlaBreachRule } from './alert-rules.types.ts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** What an evaluation found: whether the rule fires, and the figures it read either way. */
export interface AlertFinding {
  readonly fires: boolean;
  readonly figures: AlertFigures;
}

/** Units of a SKU sold at a moment (ms since the epoch). */
export interface SaleRecord {
  readonly at: number;
  readonly units: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The part of an alert id that says which day an evaluation ran (UTC): `2026-12-04`. */
export function alertDay(now: number): string {
  return iso(now).slice(0, 10);
}

/** An entity id made safe for an alert id: anything but letters, digits and `._:-` becomes `_`. */
export function alertIdPart(value: string): string {
  return value.replace(/[^A-Za-z0-9._:-]/g, '_').slice(0, 120);
}

/**
 * The surge rule on one SKU's sales at `now`: the recent window is (now − W, now], the one before
 * (now − 2W, now − W]. It fires when the recent units reach `minimumUnits` and are more than
 * `thresholdPercent` above the window before (exactly that much is not more); with no sales in the
 * window before, reaching the minimum is enough and the basis is `new-demand`. Integer arithmetic,
 * so "exactly +50%" never depends on rounding.
 */
export function evaluateSkuSalesSurge(
  rule: SkuSalesSurgeRule,
  sales: readonly SaleRecord[],
  now: number,
): AlertFinding {
  const width = rule.windowDays * DAY_MS;
  let recentUnits = 0;
  let previousUnits = 0;
  for (const sale of sales) {
    if (sale.at > now - width && sale.at <= now) recentUnits += sale.units;
    else if (sale.at > now - 2 * width && sale.at <= now - width) previousUnits += sale.units;
  }
  const enough = recentUnits >= rule.minimumUnits;
  const newDemand = previousUnits === 0;
  const above = newDemand ? recentUnits > 0 : recentUnits * 100 > previousUnits * (100 + rule.thresholdPercent);
  const changePercent = newDemand ? null : Math.round(((recentUnits - previousUnits) * 10_000) / previousUnits) / 100;
  return {
    fires: enough && above,
    figures: {
      recentUnits,
      previousUnits,
      changePercent,
      basis: newDemand ? 'new-demand' : 'increase',
      thresholdPercent: rule.thresholdPercent,
      minimumUnits: rule.minimumUnits,
      recentFrom: iso(now - width),
      previousFrom: iso(now - 2 * width),
      until: iso(now),
    },
  };
}

/** What the SLA rule reads of an order (times in ms since the epoch). */
export interface OrderSlaFacts {
  readonly placedAt: number;
  readonly promisedBy?: number;
  readonly dispatchedAt?: number;
  readonly deliveredAt?: number;
  /** Cancelled, closed or completed: no SLA holds any more. */
  readonly ended: boolean;
}

/** Which promise an SLA breach is about. */
export type SlaKind = 'ship' | 'delivery';

/**
 * The SLA rule on one order at `now`, per promise: the ship promise (placed + `shipWithinHours`)
 * is breached when nothing was dispatched by then, the delivery promise (`promisedBy` +
 * `deliveryGraceHours`) when nothing was delivered by then; an ended order breaches nothing.
 * A promise kept late still counts as breached at a moment past its deadline, not kept at `now`.
 */
export function evaluateSlaBreach(rule: SlaBreachRule, order: OrderSlaFacts, now: number, kind: SlaKind): AlertFinding {
  const deadline =
    kind === 'ship'
      ? order.placedAt + rule.shipWithinHours * HOUR_MS
      : order.promisedBy === undefined
        ? undefined
        : order.promisedBy + rule.deliveryGraceHours * HOUR_MS;
  const doneAt = kind === 'ship' ? order.dispatchedAt : order.deliveredAt;
  const fires = deadline !== undefined && !order.ended && doneAt === undefined && now > deadline;
  return {
    fires,
    figures: {
      promise: kind,
      placedAt: iso(order.placedAt),
      deadline: deadline === undefined ? null : iso(deadline),
      hoursLate: deadline === undefined || now <= deadline ? 0 : Math.floor((now - deadline) / HOUR_MS),
      doneAt: doneAt === undefined ? null : iso(doneAt),
      ended: order.ended,
    },
  };
}

/** A delivery from a location: when, and whether it came after the order's promised time. */
export interface DeliveryRecord {
  readonly at: number;
  readonly late: boolean;
}

/**
 * The late-rate rule on one location at `now`: the recent window is (now − R, now], the baseline
 * the `baselineDays` before it. It fires when both windows have `minimumDeliveries` and the recent
 * late share is more than `jumpPoints` percentage points above the baseline's (compared exactly,
 * in integers).
 */
export function evaluateLocationLateRateJump(
  rule: LocationLateRateJumpRule,
  deliveries: readonly DeliveryRecord[],
  now: number,
): AlertFinding {
  const recentFrom = now - rule.recentDays * DAY_MS;
  const baselineFrom = recentFrom - rule.baselineDays * DAY_MS;
  let recent = 0;
  let recentLate = 0;
  let baseline = 0;
  let baselineLate = 0;
  for (const delivery of deliveries) {
    if (delivery.at > recentFrom && delivery.at <= now) {
      recent += 1;
      if (delivery.late) recentLate += 1;
    } else if (delivery.at > baselineFrom && delivery.at <= recentFrom) {
      baseline += 1;
      if (delivery.late) baselineLate += 1;
    }
  }
  const enough = recent >= rule.minimumDeliveries && baseline >= rule.minimumDeliveries;
  const jump = recentLate * baseline * 100 - baselineLate * recent * 100 > rule.jumpPoints * recent * baseline;
  const share = (late: number, all: number) => (all === 0 ? null : Math.round((late * 10_000) / all) / 100);
  return {
    fires: enough && jump,
    figures: {
      recentDeliveries: recent,
      recentLate,
      recentLatePercent: share(recentLate, recent),
      baselineDeliveries: baseline,
      baselineLate,
      baselineLatePercent: share(baselineLate, baseline),
      jumpPoints: rule.jumpPoints,
      minimumDeliveries: rule.minimumDeliveries,
      recentFrom: iso(recentFrom),
      baselineFrom: iso(baselineFrom),
      until: iso(now),
    },
  };
}
