/** An amount of money in integer minor units (cents, fen) of one ISO 4217 currency. */
export interface Money {
  readonly amount: number;
  readonly currency: string;
}

/** Thrown when two amounts of different currencies meet, or an amount is not an integer. */
export class MoneyError extends Error {
  override readonly name = 'MoneyError';
}

const CURRENCY = /^[A-Z]{3}$/;

/** Builds a Money value, checking that the amount is a safe integer and the currency a code. */
export function money(amount: number, currency: string): Money {
  if (!Number.isSafeInteger(amount)) throw new MoneyError(`amount ${amount} is not an integer number of minor units`);
  if (!CURRENCY.test(currency)) throw new MoneyError(`currency ${currency} is not an ISO 4217 code`);
  return { amount, currency };
}

/** The zero amount of a currency. */
export function zero(currency: string): Money {
  return money(0, currency);
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new MoneyError(`cannot combine ${a.currency} with ${b.currency}`);
}

/** a + b, same currency. */
export function add(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.amount + b.amount, a.currency);
}

/** a - b, same currency (may be negative). */
export function subtract(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.amount - b.amount, a.currency);
}

/** a × an integer factor (a quantity). */
export function multiply(a: Money, factor: number): Money {
  if (!Number.isSafeInteger(factor)) throw new MoneyError(`factor ${factor} is not an integer`);
  return money(a.amount * factor, a.currency);
}

/** Negative when a < b, zero when equal, positive when a > b; same currency. */
export function compare(a: Money, b: Money): number {
  sameCurrency(a, b);
  return a.amount - b.amount;
}

/** Sum of amounts in one currency; the empty sum is zero of `currency`. */
export function sum(amounts: readonly Money[], currency: string): Money {
  return amounts.reduce<Money>((total, m) => add(total, m), zero(currency));
}
