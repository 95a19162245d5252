import type { RulesEvaluation } from '../rules/rules.evaluate.ts';
import type { DecisionFacts } from '../shared/decider.ts';
import type { EventMetadata } from '../shared/event.ts';
import { type Rejection, reject } from '../shared/rejection.ts';
import { allowedOrderCommands, candidateEvent } from './order.allowed.ts';
import { ORDER_EVENT_SCHEMA_VERSION, type OrderEventDraft } from './order.events.ts';
import type { OrderRejectionCode } from './order.rejections.ts';
import { evolveOrder, type OrderState, orderStatus } from './order.state.ts';

/** What a rules or risk engine found about a new order; PlaceOrder records it. */
export interface OrderScreening {
  readonly hold?: { readonly reason: string; readonly facts?: Readonly<Record<string, unknown>> };
  readonly approval?: {
    readonly role: string;
    readonly reason: string;
    readonly facts?: Readonly<Record<string, unknown>>;
  };
  /** Each active rule set's evaluation; PlaceOrder records each as `RulesApplied`. */
  readonly rules?: readonly RulesEvaluation[];
}

/** Facts an order decision may use besides the command and the state. */
export interface OrderDecisionFacts extends DecisionFacts {
  readonly screening?: OrderScreening;
}

/** What decide answers: the events to record, or why not. */
export type OrderDecision = OrderEventDraft[] | Rejection<OrderRejectionCode>;

/** A rejection whose details say where the order stands and what it accepts now. */
export function rejectOrder(
  state: OrderState,
  code: OrderRejectionCode,
  message: string,
  details: Readonly<Record<string, unknown>> = {},
): Rejection<OrderRejectionCode> {
  return reject(code, message, { ...details, state: orderStatus(state), allowedCommands: allowedOrderCommands(state) });
}

/** The metadata the drafts will carry, as far as decide can know it (for the machine's judgement). */
export function candidateMetadata(facts: DecisionFacts): EventMetadata {
  const { metadata } = facts;
  return {
    schemaVersion: ORDER_EVENT_SCHEMA_VERSION,
    occurredAt: metadata.occurredAt ?? facts.now,
    correlationId: metadata.correlationId,
    causationId: metadata.causationId ?? metadata.commandId,
    actor: metadata.actor,
    ...(metadata.channel === undefined ? {} : { channel: metadata.channel }),
    commandId: metadata.commandId,
  };
}

/**
 * The drafts, if the machine accepts each of them in turn from `state`; otherwise the state
 * rejection `code`. This is the single place legality is decided: the machine.
 */
export function ifAllowed(
  state: OrderState,
  facts: DecisionFacts,
  drafts: OrderEventDraft[],
  code: OrderRejectionCode,
  message: string,
  details?: Readonly<Record<string, unknown>>,
): OrderDecision {
  const metadata = candidateMetadata(facts);
  let current = state;
  for (const [index, draft] of drafts.entries()) {
    const event = candidateEvent(draft, metadata, `candidate-${index}`);
    if (!current.can(event)) return rejectOrder(state, code, message, details);
    if (index < drafts.length - 1) current = evolveOrder(current, event);
  }
  return drafts;
}

/** A rejection for a field that must be a non-empty string. */
export function missing(state: OrderState, field: string): Rejection<OrderRejectionCode> {
  return rejectOrder(state, 'order.invalid-field', `${field} must not be empty`, { field });
}

const PROBLEM_MESSAGES: Partial<Record<OrderRejectionCode, string>> = {
  'order.no-lines': 'at least one line is required',
  'order.duplicate-line': 'a line appears more than once',
  'order.line-unknown': 'the order has no such line',
  'order.invalid-quantity': 'quantities must be positive whole numbers within what the line allows',
  'order.allocation-mismatch': "allocations must cover every line's remaining quantity exactly",
  'order.routing-mismatch':
    'the routing record must be a routed decision whose plan the allocations carry out, with every allocated quantity reserved',
  'order.invalid-field': 'a required field is empty',
  'shipment.duplicate': 'that shipment id is already in use',
  'payment.invalid-amount': 'the amount must be a positive whole number of minor units',
  'payment.currency-mismatch': "the amount is not in the order's currency",
  'payment.unknown': 'the order has no such payment',
  'payment.duplicate': 'that payment id is already in use',
  'payment.capture-exceeds-authorized': 'the capture exceeds what is left of the authorization',
  'payment.capture-exceeds-order-value': 'the capture exceeds what the order is still worth after cancelled lines',
  'payment.refund-exceeds-captured': 'the refund exceeds what was captured and not yet refunded',
  'payment.duplicate-refund': 'that refund id is already in use',
  'return.unknown': 'the order has no such return',
  'return.duplicate': 'that return id is already in use',
  'return.exceeds-delivered': 'the quantity exceeds what was delivered and not yet returned',
};

/** A rejection for a problem found by one of the order checks, in words. */
export function problem(state: OrderState, code: OrderRejectionCode, field: string): Rejection<OrderRejectionCode> {
  return rejectOrder(state, code, PROBLEM_MESSAGES[code] ?? code, { field });
}
