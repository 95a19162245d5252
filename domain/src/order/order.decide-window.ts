import type { OrderCommandOf } from './order.commands.ts';
import { ifAllowed, type OrderDecision, type OrderDecisionFacts, rejectOrder } from './order.decision.ts';
import type { OrderState } from './order.state.ts';

/** The shortest delivery window a customer may choose: one hour. */
export const MIN_DELIVERY_WINDOW_MS = 60 * 60 * 1000;

/** The longest delivery window a customer may choose: one week. */
export const MAX_DELIVERY_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

// What is wrong with the window, and in which field; the clock is the decision's.
function windowProblem(
  window: { readonly from: string; readonly to: string },
  now: string,
): { field: string; reason: string } | undefined {
  const from = Date.parse(window.from);
  const to = Date.parse(window.to);
  if (!Number.isFinite(from)) return { field: '/window/from', reason: 'must be an instant' };
  if (!Number.isFinite(to)) return { field: '/window/to', reason: 'must be an instant' };
  if (from < Date.parse(now)) return { field: '/window/from', reason: `must not be in the past (now is ${now})` };
  if (from >= to) return { field: '/window/to', reason: 'must be after from' };
  if (to - from < MIN_DELIVERY_WINDOW_MS) return { field: '/window/to', reason: 'must be at least 1 hour after from' };
  if (to - from > MAX_DELIVERY_WINDOW_MS) return { field: '/window/to', reason: 'must be at most 1 week after from' };
  return undefined;
}

/**
 * Decides the customer's choice of a delivery window: only the order's own customer (a user
 * acting as `customer` whose id is the order's customer id) may choose, a window of 1 hour to
 * 1 week that has not begun, while the parcel is still to come. `chosenBy` records who chose.
 */
export function decideDeliveryWindow(
  command: OrderCommandOf<'ChooseDeliveryWindow'>,
  state: OrderState,
  facts: OrderDecisionFacts,
): OrderDecision {
  const actor = facts.metadata.actor;
  const customerId = state.context.customer?.customerId;
  if (actor.kind !== 'user' || actor.role !== 'customer' || actor.id !== customerId) {
    return rejectOrder(
      state,
      'order.not-your-order',
      'only the customer who placed the order may choose its delivery window',
      { field: '/actor' },
    );
  }
  const problem = windowProblem(command.window, facts.now);
  if (problem !== undefined) {
    return rejectOrder(state, 'order.invalid-delivery-window', `${problem.field} ${problem.reason}`, {
      field: problem.field,
    });
  }
  const window = { from: command.window.from, to: command.window.to };
  return ifAllowed(
    state,
    facts,
    [{ type: 'DeliveryWindowChosen', data: { window, chosenBy: actor } }],
    'order.window-not-choosable',
    'a delivery window can be chosen until the order is delivered, cancelled or closed',
  );
}
