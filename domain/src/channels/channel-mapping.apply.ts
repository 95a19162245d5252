import type { PlaceOrderLine } from '../order/order.commands.ts';
import type { Address, Customer } from '../order/order.types.ts';
import { readPath } from './channel-mapping.paths.ts';
import { evaluateRule, sourceOf } from './channel-mapping.rules.ts';
import { checkTarget, LINE_TARGETS, ORDER_TARGETS, type TargetField } from './channel-mapping.targets.ts';
import type { TransformContext } from './channel-mapping.transforms.ts';
import type {
  FieldRule,
  MappedPlaceOrder,
  MappingDocument,
  MappingError,
  MappingResult,
} from './channel-mapping.types.ts';

type Values = Record<string, string | number>;

/** Fills targets from rules into `values`, adding one error per target that cannot be filled. */
function fill(
  targets: Readonly<Record<string, TargetField>>,
  rules: Readonly<Record<string, FieldRule>>,
  scope: { root: unknown; item: unknown; prefix: string; label: string },
  context: TransformContext,
  errors: MappingError[],
): Values {
  const values: Values = {};
  for (const [field, target] of Object.entries(targets)) {
    const rule = Object.hasOwn(rules, field) ? rules[field] : undefined;
    const label = `${scope.label}${field}`;
    if (rule === undefined) {
      if (target.required) errors.push({ field: label, path: '', reason: 'the mapping has no rule for it' });
      continue;
    }
    const path = sourceOf(rule, scope.prefix);
    const step = evaluateRule(rule, scope.root, scope.item, context);
    if ('reason' in step) {
      errors.push({ field: label, path, reason: step.reason });
    } else if ('absent' in step || step.value === null) {
      if (target.required) errors.push({ field: label, path, reason: 'is missing' });
    } else {
      const checked = checkTarget(target.kind, step.value);
      if ('reason' in checked) errors.push({ field: label, path, reason: checked.reason });
      else values[field] = checked.value;
    }
  }
  return values;
}

/** The entries of `values` whose keys start with `prefix.`, without the prefix. */
function group(values: Values, prefix: string): Record<string, string | number> {
  const start = `${prefix}.`;
  return Object.fromEntries(
    Object.entries(values)
      .filter(([key]) => key.startsWith(start))
      .map(([key, value]) => [key.slice(start.length), value]),
  );
}

// The address's flat targets as an Address; coordinates only when both lat and lng were mapped.
function addressOf(values: Values, errors: MappingError[]): Address {
  const { 'coordinates.lat': lat, 'coordinates.lng': lng, ...fields } = group(values, 'shippingAddress');
  if (lat === undefined && lng === undefined) return fields as unknown as Address;
  if (lat === undefined || lng === undefined) {
    const field = `shippingAddress.coordinates.${lat === undefined ? 'lat' : 'lng'}`;
    errors.push({ field, path: '', reason: 'is missing: coordinates need both lat and lng' });
    return fields as unknown as Address;
  }
  return { ...(fields as unknown as Address), coordinates: { lat: Number(lat), lng: Number(lng) } };
}

function mapLines(document: MappingDocument, payload: unknown, context: TransformContext, errors: MappingError[]) {
  const { each, fields } = document.lines;
  const items = readPath(payload, payload, each);
  if (!Array.isArray(items) || items.length === 0) {
    errors.push({ field: 'lines', path: each, reason: Array.isArray(items) ? 'has no lines' : 'is not a list' });
    return [];
  }
  return items.map((item, index) => {
    const scope = { root: payload, item, prefix: `${each}.${index}`, label: `lines[${index}].` };
    const line = fill(LINE_TARGETS, fields, scope, context, errors);
    const currency = context.currency ?? '';
    return {
      ...(line.lineId === undefined ? {} : { lineId: String(line.lineId) }),
      sku: String(line.sku),
      name: String(line.name),
      quantity: Number(line.quantity),
      unitPrice: { amount: Number(line.unitPrice), currency },
    } satisfies PlaceOrderLine;
  });
}

/**
 * Maps a channel's payload to PlaceOrder with a (validated) mapping document. Total: every
 * target is tried and every error is reported, never only the first. The external order id
 * comes back with the errors when it could be read, so the payload can be parked under it.
 */
export function applyMapping(document: MappingDocument, payload: unknown): MappingResult {
  const errors: MappingError[] = [];
  const root = { root: payload, item: payload, prefix: '', label: '' };
  // The currency first: amounts are converted with its exponent.
  const currencyOnly = fill({ currency: ORDER_TARGETS.currency! }, document.fields, root, {}, errors);
  const context: TransformContext =
    typeof currencyOnly.currency === 'string' ? { currency: currencyOnly.currency } : {};
  const { currency: _, ...rest } = ORDER_TARGETS;
  const values = fill(rest, document.fields, root, context, errors);
  const attributed = evaluateRule(document.attributedChannel, payload, payload, context);
  if ('reason' in attributed) {
    errors.push({ field: 'attributedChannel', path: sourceOf(document.attributedChannel), reason: attributed.reason });
  }
  const lines = mapLines(document, payload, context, errors);
  const shippingAddress = addressOf(values, errors);
  const externalOrderId = values.externalOrderId === undefined ? undefined : String(values.externalOrderId);
  if (errors.length > 0 || context.currency === undefined || externalOrderId === undefined) {
    return { ok: false, errors, ...(externalOrderId === undefined ? {} : { externalOrderId }) };
  }
  const currency = context.currency;
  const attributedChannel =
    'value' in attributed && attributed.value !== null ? String(attributed.value) : document.channel;
  const command: MappedPlaceOrder = {
    customer: group(values, 'customer') as unknown as Customer,
    channel: { salesChannel: document.channel, attributedChannel, externalOrderId },
    lines,
    shippingAddress,
    currency,
    ...(values.shippingFee === undefined ? {} : { shippingFee: { amount: Number(values.shippingFee), currency } }),
    ...(values.promisedBy === undefined ? {} : { promisedBy: String(values.promisedBy) }),
  };
  return values.placedAt === undefined
    ? { ok: true, command }
    : { ok: true, command, placedAt: String(values.placedAt) };
}
