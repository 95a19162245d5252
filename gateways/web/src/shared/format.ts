/** Dates in the viewer's locale and time zone, money in its currency's minor units. */

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'long' });
const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

export interface Money {
  readonly amount: number;
  readonly currency: string;
}

export interface TimeWindow {
  readonly from: string;
  readonly to: string;
}

/** An instant as the viewer reads it, e.g. "4 Mar 2025, 10:30". */
export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dateTime.format(new Date(iso)) : '';
}

/** A day, e.g. "Tue, 4 March". */
export function formatDay(iso: string): string {
  return dateOnly.format(new Date(iso));
}

/** A window, e.g. "Tue, 4 March, 09:00 – 12:00" (the day once when both ends share it). */
export function formatWindow(window: TimeWindow): string {
  const from = new Date(window.from);
  const to = new Date(window.to);
  if (from.toDateString() === to.toDateString()) {
    return `${dateOnly.format(from)}, ${timeOnly.format(from)} – ${timeOnly.format(to)}`;
  }
  return `${dateTime.format(from)} – ${dateTime.format(to)}`;
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** Minor units (cents) as the viewer's locale writes the amount in that currency. */
export function formatMoney(money: Money): string {
  let format = moneyFormats.get(money.currency);
  if (format === undefined) {
    format = new Intl.NumberFormat(undefined, { style: 'currency', currency: money.currency });
    moneyFormats.set(money.currency, format);
  }
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(money.amount / 10 ** digits);
}

/** `fulfilment.inTransit` → "fulfilment · in transit". */
export function words(name: string): string {
  return name
    .split('.')
    .map((part) => part.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase())
    .join(' · ');
}

/** Who or what caused an event, in words (as the API's decisions describe actors). */
export function describeActor(actor: unknown): string {
  if (typeof actor !== 'object' || actor === null) return 'unknown';
  const a = actor as { kind?: string; id?: string; role?: string; component?: string };
  switch (a.kind) {
    case 'user':
      return `${a.id} (${a.role})`;
    case 'role':
      return `someone in the ${a.role} role`;
    case 'system':
      return `system:${a.component}`;
    default:
      return 'unknown';
  }
}
