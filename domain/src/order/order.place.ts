import type { Money } from '../shared/money.ts';
import { isPositiveInteger, isPresent } from './order.checks.ts';
import type { OrderCommandOf } from './order.commands.ts';
import { ifAllowed, missing, type OrderDecision, type OrderDecisionFacts, rejectOrder } from './order.decision.ts';
import type { OrderEventDraft } from './order.events.ts';
import { type OrderState, orderStatus } from './order.state.ts';
import type { Address, OrderLine } from './order.types.ts';

const CURRENCY = /^[A-Z]{3}$/;
const COUNTRY = /^[A-Z]{2}$/;
/** A coupon code as channels send them: letters, digits, dots, dashes, underscores. */
const COUPON_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** The first field of an address that is missing or malformed, if any. */
export function invalidAddressField(address: Address): string | undefined {
  for (const field of ['name', 'line1', 'city', 'postalCode'] as const) {
    if (!isPresent(address[field])) return field;
  }
  if (typeof address.country !== 'string' || !COUNTRY.test(address.country)) return 'country';
  const at = address.coordinates;
  if (at === undefined) return undefined;
  if (!isInRange(at?.lat, 90)) return 'coordinates/lat';
  if (!isInRange(at?.lng, 180)) return 'coordinates/lng';
  return undefined;
}

const isInRange = (degrees: unknown, limit: number): boolean =>
  typeof degrees === 'number' && Number.isFinite(degrees) && Math.abs(degrees) <= limit;

function isAmount(value: Money | undefined, currency: string): boolean {
  return value !== undefined && Number.isSafeInteger(value.amount) && value.amount >= 0 && value.currency === currency;
}

/**
 * PlaceOrder → OrderPlaced, what the rule sets did (RulesApplied, OrderTagged), then what
 * screening found: OrderHeld, else ApprovalRequested,
 * else OrderConfirmed ('auto-confirmed', or 'imported' for history a bulk import brings in). Line ids default to positions ('1', '2', …); the
 * total is Σ quantity × unit price + shipping fee (zero by default).
 */
export function decidePlaceOrder(
  command: OrderCommandOf<'PlaceOrder'>,
  state: OrderState,
  facts: OrderDecisionFacts,
): OrderDecision {
  if (orderStatus(state).main !== 'new') {
    return rejectOrder(state, 'order.already-placed', `order ${command.orderId} has been placed already`);
  }
  const { currency } = command;
  if (!isPresent(command.orderId)) return rejectOrder(state, 'order.invalid-id', 'the order id must not be empty');
  if (typeof currency !== 'string' || !CURRENCY.test(currency)) {
    return rejectOrder(state, 'order.invalid-currency', `${String(currency)} is not an ISO 4217 currency code`, {
      field: '/currency',
    });
  }
  if (!isPresent(command.customer?.customerId)) return missing(state, '/customer/customerId');
  if (!isPresent(command.channel?.salesChannel)) return missing(state, '/channel/salesChannel');
  const addressField = invalidAddressField(command.shippingAddress);
  if (addressField !== undefined) {
    return rejectOrder(state, 'order.invalid-address', `the shipping address has no valid ${addressField}`, {
      field: `/shippingAddress/${addressField}`,
    });
  }
  if (command.lines.length === 0) return rejectOrder(state, 'order.no-lines', 'an order needs at least one line');

  const lines: OrderLine[] = [];
  let total = 0;
  for (const [index, line] of command.lines.entries()) {
    const at = `/lines/${index}`;
    const lineId = line.lineId ?? String(index + 1);
    if (!isPresent(lineId)) return missing(state, `${at}/lineId`);
    if (lines.some((l) => l.lineId === lineId)) {
      return rejectOrder(state, 'order.duplicate-line', `line id ${lineId} is used twice`, { field: `${at}/lineId` });
    }
    if (!isPresent(line.sku)) return missing(state, `${at}/sku`);
    if (!isPositiveInteger(line.quantity)) {
      return rejectOrder(state, 'order.invalid-quantity', 'a quantity must be a positive whole number', {
        field: `${at}/quantity`,
      });
    }
    if (line.unitPrice?.currency !== currency) {
      return rejectOrder(state, 'order.currency-mismatch', `line ${lineId} is not priced in ${currency}`, {
        field: `${at}/unitPrice/currency`,
      });
    }
    if (!isAmount(line.unitPrice, currency)) {
      return rejectOrder(
        state,
        'order.invalid-price',
        'a unit price must be a whole number of minor units, not negative',
        {
          field: `${at}/unitPrice/amount`,
        },
      );
    }
    total += line.quantity * line.unitPrice.amount;
    lines.push({ lineId, sku: line.sku, name: line.name, quantity: line.quantity, unitPrice: line.unitPrice });
  }
  const shippingFee = command.shippingFee ?? { amount: 0, currency };
  if (shippingFee.currency !== currency) {
    return rejectOrder(state, 'order.currency-mismatch', `the shipping fee is not in ${currency}`, {
      field: '/shippingFee/currency',
    });
  }
  if (!isAmount(shippingFee, currency)) {
    return rejectOrder(state, 'order.invalid-amount', 'the shipping fee must be a whole number of minor units', {
      field: '/shippingFee/amount',
    });
  }
  total += shippingFee.amount;
  if (!Number.isSafeInteger(total)) {
    return rejectOrder(state, 'order.invalid-amount', 'the order total is too large to represent exactly');
  }

  const coupons = command.coupons ?? [];
  for (const [index, code] of coupons.entries()) {
    const field = `/coupons/${index}`;
    if (typeof code !== 'string' || !COUPON_CODE.test(code)) {
      return rejectOrder(
        state,
        'order.invalid-coupon',
        'a coupon code is 1 to 64 letters, digits, dots, dashes or underscores',
        { field },
      );
    }
    if (coupons.indexOf(code) !== index) {
      return rejectOrder(state, 'order.invalid-coupon', `coupon ${code} is given twice`, { field });
    }
  }

  const placed: OrderEventDraft = {
    type: 'OrderPlaced',
    data: {
      orderId: command.orderId,
      customer: command.customer,
      channel: command.channel,
      lines,
      shippingAddress: command.shippingAddress,
      shippingFee: { amount: shippingFee.amount, currency },
      total: { amount: total, currency },
      currency,
      placedAt: facts.metadata.occurredAt ?? facts.now,
      ...(command.promisedBy === undefined ? {} : { promisedBy: command.promisedBy }),
      ...(coupons.length === 0 ? {} : { coupons: [...coupons] }),
    },
  };
  return ifAllowed(
    state,
    facts,
    [placed, ...rulesApplied(facts, lines, currency), screeningOutcome(facts)],
    'order.already-placed',
    'the order cannot be placed',
  );
}

/**
 * One RulesApplied per rule set evaluated, then OrderTagged for each tag the rules gave (once
 * each). A set that matched nothing is recorded too (no rules matched, no effects), so every
 * order says which version of each set it met and the facts it was judged on. Gift lines get
 * ids `gift-1`, `gift-2`… after any id the order already uses.
 */
function rulesApplied(facts: OrderDecisionFacts, ordered: readonly OrderLine[], currency: string): OrderEventDraft[] {
  const drafts: OrderEventDraft[] = [];
  const tags: string[] = [];
  const used = new Set(ordered.map((line) => line.lineId));
  let next = 1;
  for (const evaluation of facts.screening?.rules ?? []) {
    const { ruleSet, version, matched, effects } = evaluation;
    const addedLines = effects.giftLines.map(({ sku, name, quantity }) => {
      while (used.has(`gift-${next}`)) next += 1;
      const lineId = `gift-${next}`;
      used.add(lineId);
      return { lineId, sku, name, quantity, unitPrice: { amount: 0, currency }, gift: true };
    });
    drafts.push({
      type: 'RulesApplied',
      data: { ruleSet, version, matched: matched.map((m) => m.ruleId), facts: evaluation.facts, effects, addedLines },
    });
    for (const tag of effects.tags) if (!tags.includes(tag)) tags.push(tag);
  }
  return [...drafts, ...tags.map((tag): OrderEventDraft => ({ type: 'OrderTagged', data: { tag } }))];
}

function screeningOutcome(facts: OrderDecisionFacts): OrderEventDraft {
  // History was screened when it happened: today's rules, risk and approvals do not judge it again.
  if (facts.metadata.import !== undefined) return { type: 'OrderConfirmed', data: { reason: 'imported' } };
  const { hold, approval } = facts.screening ?? {};
  if (hold !== undefined) {
    return { type: 'OrderHeld', data: { reason: hold.reason, ...(hold.facts ? { facts: hold.facts } : {}) } };
  }
  if (approval !== undefined) {
    const { role, reason } = approval;
    return { type: 'ApprovalRequested', data: { role, reason, ...(approval.facts ? { facts: approval.facts } : {}) } };
  }
  return { type: 'OrderConfirmed', data: { reason: 'auto-confirmed' } };
}
