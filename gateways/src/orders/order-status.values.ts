import { orderMachine } from '@ordinal/domain';

/**
 * Every state the main region of an order can rest in, sub-states dotted
 * (`fulfilment.inTransit`), read from the order machine so the list stays in step with it.
 * Left out: the initial state (no order is shown before OrderPlaced) and transient states,
 * which the machine leaves in the same step it enters them.
 */
function restingMainStates(): string[] {
  const main = orderMachine.root.states.main;
  if (main === undefined) throw new Error('the order machine has no main region');
  const initial = main.initial.target[0]?.key;
  const values: string[] = [];
  for (const [name, node] of Object.entries(main.states)) {
    if (name === initial || node.always !== undefined) continue;
    values.push(name, ...Object.keys(node.states).map((sub) => `${name}.${sub}`));
  }
  return values;
}

/** The values `GET /orders?status=` accepts: main states and their dotted sub-states. */
export const ORDER_STATUS_VALUES: readonly string[] = restingMainStates();
