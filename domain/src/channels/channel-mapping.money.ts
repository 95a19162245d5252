// ISO 4217 minor-unit exponents that are not 2; every other currency has 2 (cents, fen).
const EXPONENTS: Readonly<Record<string, number>> = {
  BHD: 3,
  CLP: 0,
  IQD: 3,
  ISK: 0,
  JOD: 3,
  JPY: 0,
  KRW: 0,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  UGX: 0,
  VND: 0,
};

/** The number of decimal digits of a currency's minor unit (ISO 4217): CNY 2, JPY 0, KWD 3. */
export function currencyExponent(currency: string): number {
  return EXPONENTS[currency] ?? 2;
}

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/**
 * A decimal amount in major units ("199.00", 19.9) as integer minor units of the currency,
 * exactly (no binary floating point on the way), or why not: negative, not a decimal, or more
 * decimals than the currency has.
 */
export function decimalToMinorUnits(value: unknown, currency: string): { value: number } | { reason: string } {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== 'string') return { reason: `${JSON.stringify(value)} is not a decimal amount` };
  const match = DECIMAL.exec(text.trim());
  if (match === null) return { reason: `${JSON.stringify(value)} is not a non-negative decimal amount` };
  const exponent = currencyExponent(currency);
  const whole = match[1] ?? '0';
  const fraction = match[2] ?? '';
  if (fraction.slice(exponent).replace(/0/g, '') !== '') {
    return { reason: `${text} has more than ${exponent} decimals for ${currency}` };
  }
  const minor = Number(whole + fraction.slice(0, exponent).padEnd(exponent, '0'));
  return Number.isSafeInteger(minor) ? { value: minor } : { reason: `${text} is too large to represent exactly` };
}
