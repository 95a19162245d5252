import type { OrderCommand } from '../order/order.commands.ts';
import type { OrderState } from '../order/order.state.ts';
import { commandFor, type OrderIntent } from './order-intents.ts';

export * from './decider-spec.ts';
export * from './order-fixtures.ts';
export * from './order-intents.ts';
export * from './order-journey.ts';

/** The command an intent stands for, addressed to the given order (random journeys in other packages). */
export function commandForOrder(intent: OrderIntent, state: OrderState, orderId: string): OrderCommand {
  return { ...commandFor(intent, state), orderId };
}
export * from './inventory-fixtures.ts';
