import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// The test's own reading of the Olist CSVs, independent of Ordinal's loader and importer: a
// small quote-aware line splitter, and Brazil's daylight-saving calendar written out by hand.

/** The figures the import must reproduce in Ordinal's read models. */
export interface OlistFigures {
  readonly orders: number;
  /** Orders by the order machine's main state they end in. */
  readonly byStatus: Readonly<Record<string, number>>;
  readonly meanDeliveryDays: number;
  readonly medianDeliveryDays: number;
  readonly lateShare: number;
  /** Mean of items plus freight, in centavos. */
  readonly meanOrderValue: number;
}

function splitLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else field += c;
  }
  fields.push(field);
  return fields;
}

function rows(file: string): Record<string, string>[] {
  const [head = '', ...lines] = readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l !== '');
  const names = splitLine(head);
  return lines.map((line) => Object.fromEntries(splitLine(line).map((v, i) => [names[i], v])));
}

// São Paulo summer time (UTC−2) in the data set's years. Clocks went forward at local midnight
// of the first day, so 00:xx that day never happened: such a time is read with the winter
// offset, as the clocks before the change would have shown it. They went back at midnight of
// the last day to 23:00 of the evening before: that repeated hour is read as its first, summer,
// occurrence.
const SUMMER = [
  ['2016-10-16 01:00:00', '2017-02-19 00:00:00'],
  ['2017-10-15 01:00:00', '2018-02-18 00:00:00'],
  ['2018-11-04 01:00:00', '2019-02-17 00:00:00'],
];

/** Milliseconds since the epoch of a São Paulo wall-clock time `YYYY-MM-DD HH:MM:SS`. */
export function saoPauloMs(local: string): number {
  const [date = '', time = '00:00:00'] = local.split(' ');
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi, s] = time.split(':').map(Number);
  const wall = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
  const summer = SUMMER.some(([from, to]) => local >= from! && local < to!);
  return wall + (summer ? 2 : 3) * 3_600_000;
}

const cents = (text: string) => {
  const [whole = '0', fraction = ''] = text.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0').slice(0, 2));
};

/**
 * The figures straight from the files: orders with items (those without are not importable);
 * their end state by Olist status and the dates present (delivered without a delivery date ends
 * shipped, or allocated without a hand-over date either); delivery days from purchase to
 * delivery; late when delivered after the estimated delivery date; value = items + freight.
 */
export function olistFigures(dir: string): OlistFigures {
  const value = new Map<string, number>();
  for (const item of rows(join(dir, 'olist_order_items_dataset.csv'))) {
    const id = item.order_id ?? '';
    value.set(id, (value.get(id) ?? 0) + cents(item.price ?? '0') + cents(item.freight_value ?? '0'));
  }
  const byStatus: Record<string, number> = {};
  const days: number[] = [];
  let late = 0;
  let total = 0;
  let orders = 0;
  for (const order of rows(join(dir, 'olist_orders_dataset.csv'))) {
    const orderValue = value.get(order.order_id ?? '');
    if (orderValue === undefined) continue;
    orders += 1;
    total += orderValue;
    const handed = order.order_delivered_carrier_date !== '';
    const delivered = order.order_delivered_customer_date ?? '';
    const shippedOr = handed ? 'fulfilment.shipped' : 'allocated';
    const status =
      {
        created: 'confirmed',
        approved: 'confirmed',
        invoiced: 'allocated',
        processing: 'fulfilment.picking',
        shipped: shippedOr,
        delivered: delivered === '' ? shippedOr : 'fulfilment.delivered',
        canceled: 'cancelled',
        unavailable: 'cancelled',
      }[order.order_status ?? ''] ?? 'unknown';
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    if (status === 'fulfilment.delivered') {
      const at = saoPauloMs(delivered);
      days.push((at - saoPauloMs(order.order_purchase_timestamp ?? '')) / 86_400_000);
      if (at > saoPauloMs(order.order_estimated_delivery_date ?? '')) late += 1;
    }
  }
  const sorted = [...days].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return {
    orders,
    byStatus,
    meanDeliveryDays: days.reduce((a, b) => a + b, 0) / days.length,
    medianDeliveryDays: sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2,
    lateShare: late / days.length,
    meanOrderValue: total / orders,
  };
}

/** The same figures read from Ordinal's orderTracking documents. */
export function trackingFigures(
  documents: readonly {
    readonly status: { readonly main: string };
    readonly placedAt: string | null;
    readonly promisedBy: string | null;
    readonly milestones: { readonly deliveredAt?: string };
    readonly totals: { readonly total: { readonly amount: number } };
  }[],
): OlistFigures {
  const byStatus: Record<string, number> = {};
  const days: number[] = [];
  let late = 0;
  let total = 0;
  for (const doc of documents) {
    byStatus[doc.status.main] = (byStatus[doc.status.main] ?? 0) + 1;
    total += doc.totals.total.amount;
    const delivered = doc.milestones.deliveredAt;
    if (doc.status.main === 'fulfilment.delivered' && delivered !== undefined && doc.placedAt !== null) {
      days.push((Date.parse(delivered) - Date.parse(doc.placedAt)) / 86_400_000);
      if (doc.promisedBy !== null && Date.parse(delivered) > Date.parse(doc.promisedBy)) late += 1;
    }
  }
  const sorted = [...days].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return {
    orders: documents.length,
    byStatus,
    meanDeliveryDays: days.reduce((a, b) => a + b, 0) / days.length,
    medianDeliveryDays: sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2,
    lateShare: late / days.length,
    meanOrderValue: total / documents.length,
  };
}
