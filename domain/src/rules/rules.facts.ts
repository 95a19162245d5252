import type { OrderCommandOf } from '../order/order.commands.ts';
import type { OrderEventDataMap } from '../order/order.events.ts';
import { repurchaseFacts } from '../repurchase/repurchase.estimate.ts';
import type { PricedLine, RuleFacts } from './rule-set.types.ts';

/** What the catalogue says about a SKU, when it knows it. */
export interface CatalogueEntry {
  readonly tags: readonly string[];
  /** Minor units; compared with a line's unit price only when in the order's currency. */
  readonly listPrice?: { readonly amount: number; readonly currency: string };
}

/** Where the rule facts come from besides the order: the business clock and the catalogue. */
export interface RuleFactsContext {
  /** When the order is placed (ISO 8601). */
  readonly at: string;
  /** IANA time zone `local.hour` and `local.weekday` are read in. */
  readonly timeZone: string;
  readonly catalogue?: (sku: string) => CatalogueEntry | undefined;
  /**
   * When this customer placed their earlier orders of a SKU (not this one, none cancelled), for
   * `repurchase.withinDays`; without it the order has no repurchase facts.
   */
  readonly purchases?: (sku: string) => readonly string[];
}

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

// Making a formatter costs far more than formatting with it, and every placement asks.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterIn(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-GB', { timeZone, hour: 'numeric', hourCycle: 'h23', weekday: 'short' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Hour (0–23) and weekday (`mon`…`sun`) of an instant in a time zone. */
export function localTime(at: string, timeZone: string): { hour: number; weekday: string } {
  const parts = formatterIn(timeZone).formatToParts(new Date(at));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const weekday = part('weekday').toLowerCase().slice(0, 3);
  return { hour: Number(part('hour')), weekday: WEEKDAYS.find((d) => d === weekday) ?? weekday };
}

type Placement = Pick<
  OrderEventDataMap['OrderPlaced'],
  'currency' | 'channel' | 'customer' | 'shippingAddress' | 'coupons'
> & {
  readonly total: number;
  readonly lines: readonly {
    readonly lineId: string;
    readonly sku: string;
    readonly unitPrice: { readonly amount: number };
  }[];
};

function factsOf(order: Placement, context: RuleFactsContext): RuleFacts {
  const { hour, weekday } = localTime(context.at, context.timeZone);
  const skus = [...new Set(order.lines.map((l) => l.sku))];
  const entries = skus.map((sku) => [sku, context.catalogue?.(sku)] as const);
  const tags = [...new Set(entries.flatMap(([, entry]) => entry?.tags ?? []))].sort();
  const prices: PricedLine[] = order.lines.map((line) => {
    const listed = entries.find(([sku]) => sku === line.sku)?.[1]?.listPrice;
    return {
      lineId: line.lineId,
      sku: line.sku,
      unitPrice: line.unitPrice.amount,
      ...(listed?.currency === order.currency ? { listPrice: listed.amount } : {}),
    };
  });
  const address = order.shippingAddress;
  const coupons = order.coupons ?? [];
  return {
    'order.total': order.total,
    'order.currency': order.currency,
    'order.channel': order.channel.salesChannel,
    ...(order.customer.tier === undefined ? {} : { 'customer.tier': order.customer.tier }),
    'destination.country': address.country,
    ...(address.region === undefined ? {} : { 'destination.region': address.region }),
    'destination.postalCode': address.postalCode,
    'lines.count': order.lines.length,
    'lines.skus': skus,
    'lines.tags': tags,
    'coupons.used': coupons.length > 0,
    'coupons.codes': [...coupons],
    'local.hour': hour,
    'local.weekday': weekday,
    'lines.prices': prices,
    ...(context.purchases === undefined ? {} : repurchaseFacts(skus, context.purchases, context.at)),
  };
}

/** Every fact of a PlaceOrder (total: Σ quantity × unit price + shipping fee, as OrderPlaced records it). */
export function placeOrderFacts(command: OrderCommandOf<'PlaceOrder'>, context: RuleFactsContext): RuleFacts {
  const lines = command.lines.map((line, index) => ({ ...line, lineId: line.lineId ?? String(index + 1) }));
  const total =
    lines.reduce((sum, line) => sum + line.quantity * (line.unitPrice?.amount ?? 0), 0) +
    (command.shippingFee?.amount ?? 0);
  return factsOf({ ...command, lines, total }, context);
}

/** Every fact of an order as recorded (for a dry-run): the gift lines rules added are left out. */
export function placedOrderFacts(placed: OrderEventDataMap['OrderPlaced'], context: RuleFactsContext): RuleFacts {
  const lines = placed.lines.filter((line) => line.gift !== true);
  return factsOf({ ...placed, lines, total: placed.total.amount }, context);
}
