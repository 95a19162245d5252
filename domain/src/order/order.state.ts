import { initialTransition, type SnapshotFrom, transition } from 'xstate';
import type { OrderContext } from './order.context.ts';
import type { OrderEvent } from './order.events.ts';
import { orderMachine } from './order.machine.ts';

/** The order's state: a snapshot of the order machine (value + context). */
export type OrderState = SnapshotFrom<typeof orderMachine>;

/** A machine state value: a state name, or nested region/substate names. */
export type OrderStateValue = string | { readonly [region: string]: OrderStateValue };

/** The order's state as plain JSON, for storing in read models and resuming the machine. */
export interface PersistedOrderState {
  readonly value: OrderStateValue;
  readonly context: OrderContext;
}

/** The state of each region in words: main is dotted (`fulfilment.inTransit`). */
export interface OrderStatus {
  readonly main: string;
  readonly payment: string;
  readonly returns: string;
}

// XState snapshots are immutable values, so the one initial state is computed once and shared:
// resolving it costs as much as several transitions, and every new order and replay starts here.
let initial: OrderState | undefined;

/** The state before any event: main `new`, payment `pending`, returns `none`. */
export function initialOrderState(): OrderState {
  initial ??= initialTransition(orderMachine)[0];
  return initial;
}

/** The state after one more event (XState's pure `transition`); an event it does not accept changes nothing. */
export function evolveOrder(state: OrderState, event: OrderEvent): OrderState {
  return transition(orderMachine, state, event)[0];
}

/** Folds events, in stream order, from the initial state (or from `from`). */
export function foldOrder(events: readonly OrderEvent[], from: OrderState = initialOrderState()): OrderState {
  let state = from;
  for (const event of events) state = evolveOrder(state, event);
  return state;
}

/**
 * The state after the first `revision` events of a stream (0 = before any). Events that carry
 * a `revision` (recorded events) are taken by it, others by position. Throws RangeError when
 * `revision` is not an integer between 0 and the number of events.
 */
export function orderStateAt(events: readonly OrderEvent[], revision: number): OrderState {
  if (!Number.isSafeInteger(revision) || revision < 0 || revision > events.length) {
    throw new RangeError(`revision ${revision} is outside the stream (0..${events.length})`);
  }
  const upTo = events.filter((event, index) => revisionOf(event, index) <= revision);
  return foldOrder(upTo);
}

function revisionOf(event: OrderEvent, index: number): number {
  const recorded = (event as { revision?: unknown }).revision;
  return typeof recorded === 'number' ? recorded : index + 1;
}

/** Dotted path of a state value with one active child per level: `{ fulfilment: 'packed' }` → `fulfilment.packed`. */
function dotted(value: OrderStateValue | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return Object.entries(value)
    .map(([key, child]) => `${key}.${dotted(child)}`)
    .join(',');
}

/** Each region's state: `{ main: 'fulfilment.inTransit', payment: 'captured', returns: 'none' }`. */
export function orderStatus(state: OrderState): OrderStatus {
  const value = state.value as { readonly [region: string]: OrderStateValue };
  return { main: dotted(value.main), payment: dotted(value.payment), returns: dotted(value.returns) };
}

/** The state as plain JSON `{ value, context }` (a deep copy: safe to store and to change). */
export function toPersistedOrderState(state: OrderState): PersistedOrderState {
  return JSON.parse(JSON.stringify({ value: state.value, context: state.context })) as PersistedOrderState;
}

/** A live state again from its JSON form, ready for `evolve` or `spawn`. */
export function restoreOrderState(persisted: PersistedOrderState): OrderState {
  const copy = JSON.parse(JSON.stringify(persisted)) as PersistedOrderState;
  return orderMachine.resolveState({
    value: copy.value as OrderState['value'],
    context: copy.context,
  });
}
