import type { SnapshotHooks } from '../shared/decider.ts';
import { fingerprint } from '../shared/fingerprint.ts';
import { orderMachine } from './order.machine.ts';
import { type OrderState, type PersistedOrderState, restoreOrderState, toPersistedOrderState } from './order.state.ts';

/**
 * Bump this whenever a stored order snapshot could fold differently from a fresh fold, in ways
 * the machine's definition does not show: a change to what an action or guard does (the
 * reducers in order.updates/fulfilment/payment/transitions, order.guards), to the context's
 * shape or defaults, or to `toPersistedOrderState` / `restoreOrderState`. States, transitions,
 * and the names and parameters of guards and actions are in the definition and change the
 * fingerprint by themselves. When in doubt, bump: the cost is one full fold per order.
 */
export const ORDER_SNAPSHOT_REVISION = 3;

/** `<revision>-<fingerprint of the machine's JSON definition>`, computed once at module load. */
export const ORDER_SNAPSHOT_VERSION = `${ORDER_SNAPSHOT_REVISION}-${fingerprint(JSON.stringify(orderMachine.definition))}`;

/** Snapshot hooks of the order decider: the machine's `{ value, context }` as JSON. */
export const orderSnapshotHooks: SnapshotHooks<OrderState> = {
  version: ORDER_SNAPSHOT_VERSION,
  persist: toPersistedOrderState,
  restore(json) {
    if (!isPersistedOrderState(json)) throw new TypeError('not a persisted order state: { value, context } expected');
    // resolveState throws on a state the machine does not have.
    return restoreOrderState(json);
  },
};

function isPersistedOrderState(json: unknown): json is PersistedOrderState {
  if (typeof json !== 'object' || json === null) return false;
  const { value, context } = json as Record<string, unknown>;
  const isObject = (x: unknown) => typeof x === 'object' && x !== null && !Array.isArray(x);
  return (typeof value === 'string' || isObject(value)) && isObject(context);
}
