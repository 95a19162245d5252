import { createActor } from 'xstate';
import type { Decider, LiveState } from '../shared/decider.ts';
import { describeOrder } from './order.allowed.ts';
import type { OrderCommand } from './order.commands.ts';
import { decideOrder } from './order.decide.ts';
import type { OrderEvent } from './order.events.ts';
import { orderMachine } from './order.machine.ts';
import { orderSnapshotHooks } from './order.snapshot.ts';
import { evolveOrder, initialOrderState, type OrderState } from './order.state.ts';

/** A live order actor holding a state and fed recorded events one at a time. */
export function spawnOrder(state: OrderState): LiveState<OrderEvent, OrderState> {
  // send() to a running actor is several times cheaper per event than transition(), and
  // gives the same snapshot because the machine does no I/O.
  const actor = createActor(orderMachine, { snapshot: state }).start();
  return {
    send: (event) => actor.send(event),
    getState: () => actor.getSnapshot(),
    stop: () => actor.stop(),
  };
}

/** The order aggregate: category `order`, one stream `order-<orderId>` per order. */
export const orderDecider: Decider<OrderCommand, OrderEvent, OrderState> = {
  category: 'order',
  initialState: initialOrderState,
  evolve: evolveOrder,
  decide: (command, state, facts) => decideOrder(command, state, facts),
  entityId: (command) => command.orderId,
  describe: describeOrder,
  spawn: spawnOrder,
  snapshot: orderSnapshotHooks,
};
