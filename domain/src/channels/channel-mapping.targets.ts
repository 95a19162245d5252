/** What a target field holds, checked after its rule ran. */
export type TargetKind = 'text' | 'currency' | 'country' | 'instant' | 'amount' | 'quantity' | 'latitude' | 'longitude';

/** One field of PlaceOrder a mapping can fill. */
export interface TargetField {
  readonly kind: TargetKind;
  readonly required: boolean;
}

const text = (required: boolean): TargetField => ({ kind: 'text', required });

/** The order fields a mapping fills (`customer.name` is PlaceOrder's `customer.name`). */
export const ORDER_TARGETS: Readonly<Record<string, TargetField>> = {
  externalOrderId: text(true),
  currency: { kind: 'currency', required: true },
  placedAt: { kind: 'instant', required: false },
  promisedBy: { kind: 'instant', required: false },
  'customer.customerId': text(true),
  'customer.name': text(false),
  'customer.email': text(false),
  'customer.phone': text(false),
  'customer.tier': text(false),
  'shippingAddress.name': text(true),
  'shippingAddress.line1': text(true),
  'shippingAddress.line2': text(false),
  'shippingAddress.city': text(true),
  'shippingAddress.region': text(false),
  'shippingAddress.postalCode': text(true),
  'shippingAddress.country': { kind: 'country', required: true },
  'shippingAddress.phone': text(false),
  // Both or neither: an address with one of them is an error (see applyMapping).
  'shippingAddress.coordinates.lat': { kind: 'latitude', required: false },
  'shippingAddress.coordinates.lng': { kind: 'longitude', required: false },
  shippingFee: { kind: 'amount', required: false },
};

/** The fields of each line a mapping fills; `lineId` defaults to the line's position. */
export const LINE_TARGETS: Readonly<Record<string, TargetField>> = {
  lineId: text(false),
  sku: text(true),
  name: text(true),
  quantity: { kind: 'quantity', required: true },
  unitPrice: { kind: 'amount', required: true },
};

const CURRENCY = /^[A-Z]{3}$/;
const COUNTRY = /^[A-Z]{2}$/;
const DEGREES = /^[-+]?\d+(\.\d+)?$/;

/** The value for a target of this kind, or why the value does not fit it. */
export function checkTarget(kind: TargetKind, value: unknown): { value: string | number } | { reason: string } {
  switch (kind) {
    case 'text':
      if (typeof value === 'number' && Number.isFinite(value)) return { value: String(value) };
      return typeof value === 'string' && value.trim() !== '' ? { value } : { reason: 'is not a non-empty text' };
    case 'currency':
      return typeof value === 'string' && CURRENCY.test(value)
        ? { value }
        : { reason: `${JSON.stringify(value)} is not an ISO 4217 currency code` };
    case 'country':
      return typeof value === 'string' && COUNTRY.test(value)
        ? { value }
        : { reason: `${JSON.stringify(value)} is not an ISO 3166-1 alpha-2 country code` };
    case 'instant': {
      const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
      return Number.isNaN(ms)
        ? { reason: `${JSON.stringify(value)} is not a date` }
        : { value: new Date(ms).toISOString() };
    }
    case 'amount':
      return Number.isSafeInteger(value) && (value as number) >= 0
        ? { value: value as number }
        : { reason: `${JSON.stringify(value)} is not a whole number of minor units (decimalToMinor converts prices)` };
    case 'latitude':
    case 'longitude': {
      const limit = kind === 'latitude' ? 90 : 180;
      const degrees = typeof value === 'string' && DEGREES.test(value.trim()) ? Number(value) : value;
      return typeof degrees === 'number' && Number.isFinite(degrees) && Math.abs(degrees) <= limit
        ? { value: degrees }
        : { reason: `${JSON.stringify(value)} is not a ${kind} in decimal degrees from -${limit} to ${limit}` };
    }
    case 'quantity':
      return Number.isSafeInteger(value) && (value as number) > 0
        ? { value: value as number }
        : { reason: `${JSON.stringify(value)} is not a positive whole number` };
  }
}
