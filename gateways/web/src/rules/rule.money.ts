/**
 * Amounts as operators type and read them (major units: 5,000.00) and as rule documents keep
 * them (minor units of the order's currency: 500000). Written with a point and comma grouping,
 * whatever the viewer's locale, so the words of a rule read the same for everyone.
 */
const MAJOR = /^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/;

/** "5,000.00", "5000" or "5000.5" → minor units (500000, 500000, 500050); undefined when it is not an amount or has too many decimals. */
export function parseMajor(text: string, digits = 2): number | undefined {
  const trimmed = text.trim().replace(/\s/g, '');
  const match = MAJOR.exec(trimmed);
  if (match === null) return undefined;
  const decimals = match[1] ?? '';
  if (decimals.length > digits) return undefined;
  const [whole = '0'] = trimmed.replace(/,/g, '').split('.');
  const minor = Number(whole) * 10 ** digits + Number(decimals.padEnd(digits, '0') || '0');
  return Number.isSafeInteger(minor) ? minor : undefined;
}

/** Minor units → "5,000.00" (grouped) or "5000.00" (for an input). */
export function formatMajor(minor: number, digits = 2, grouped = true): string {
  const negative = minor < 0;
  const abs = Math.abs(Math.trunc(minor));
  const scale = 10 ** digits;
  const whole = Math.floor(abs / scale).toString();
  const fraction = digits > 0 ? `.${(abs % scale).toString().padStart(digits, '0')}` : '';
  const shown = grouped ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : whole;
  return `${negative ? '-' : ''}${shown}${fraction}`;
}
