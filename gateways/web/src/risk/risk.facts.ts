import { formatDateTime, formatMoney } from '../shared/format.ts';

/** A risk hold's facts as `GET /risk/holds` serves them (docs/risk.md). */
export interface RiskHoldFacts {
  readonly riskRuleVersion?: number;
  readonly thresholds?: {
    readonly minDistinctAddresses?: number;
    readonly windowHours?: number;
    readonly allWithCoupons?: boolean;
  };
  readonly window?: { readonly since?: string; readonly until?: string; readonly hours?: number };
  readonly facts?: {
    readonly distinctAddresses?: number;
    readonly addresses?: readonly string[];
    readonly orders?: number;
    readonly ordersWithCoupons?: number;
    readonly coupons?: readonly string[];
    readonly amount?: Readonly<Record<string, number>>;
  };
  readonly orders?: readonly string[];
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * What caused the hold, in sentences: the addresses, the orders and coupons counted in the
 * window, what they came to, and the rule's thresholds. Missing facts are left out.
 */
export function riskFactsInWords(holdFacts: RiskHoldFacts): string[] {
  const { facts = {}, window, thresholds, orders = [] } = holdFacts;
  const lines: string[] = [];
  const hours = window?.hours ?? thresholds?.windowHours;
  if (facts.distinctAddresses !== undefined) {
    lines.push(
      `${plural(facts.distinctAddresses, 'delivery address', 'delivery addresses')}${hours === undefined ? '' : ` within ${hours} h`}`,
    );
  }
  if (facts.orders !== undefined) {
    const coupons = facts.coupons?.length ? ` (${facts.coupons.join(', ')})` : '';
    lines.push(`${plural(facts.orders, 'order', 'orders')}, ${facts.ordersWithCoupons ?? 0} with coupons${coupons}`);
  }
  const amounts = Object.entries(facts.amount ?? {}).map(([currency, amount]) => formatMoney({ amount, currency }));
  if (amounts.length > 0) lines.push(`worth ${amounts.join(' + ')}`);
  if (window?.since !== undefined && window.until !== undefined) {
    lines.push(`window ${formatDateTime(window.since)} – ${formatDateTime(window.until)}`);
  }
  if (orders.length > 0) lines.push(`orders counted: ${orders.join(', ')}`);
  if (thresholds !== undefined) {
    const coupons = thresholds.allWithCoupons ? ', every order with a coupon' : '';
    lines.push(
      `rule v${holdFacts.riskRuleVersion ?? '?'}: ${thresholds.minDistinctAddresses ?? '?'} addresses or more in ${thresholds.windowHours ?? '?'} h${coupons}`,
    );
  }
  return lines;
}
