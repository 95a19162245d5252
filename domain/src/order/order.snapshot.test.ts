import { describe, expect, it } from 'vitest';
import { fingerprint } from '../shared/fingerprint.ts';
import { draft, fx, orderStream, pathTo } from '../testing/order-fixtures.ts';
import { orderDecider } from './order.decider.ts';
import { orderMachine } from './order.machine.ts';
import { ORDER_SNAPSHOT_REVISION, ORDER_SNAPSHOT_VERSION } from './order.snapshot.ts';
import { foldOrder, orderStateAt, toPersistedOrderState } from './order.state.ts';

const journey = orderStream([
  ...pathTo('delivered'),
  fx.authorized(),
  fx.captured(),
  draft('NoteAdded', { noteId: 'n1', text: 'fragile', visibility: 'customer' }),
  draft('OrderCompleted', { reason: 'delivered' }),
]);
const hooks = orderDecider.snapshot!;

describe('order snapshot hooks', () => {
  it('version the snapshot by the manual revision and the machine definition', () => {
    expect(hooks.version).toBe(ORDER_SNAPSHOT_VERSION);
    expect(ORDER_SNAPSHOT_VERSION).toBe(
      `${ORDER_SNAPSHOT_REVISION}-${fingerprint(JSON.stringify(orderMachine.definition))}`,
    );
    expect(ORDER_SNAPSHOT_VERSION).toMatch(/^\d+-[0-9a-f]{16}$/);
  });

  it('fingerprints differ when the definition differs by one character', () => {
    const json = JSON.stringify(orderMachine.definition);
    expect(fingerprint(json)).toBe(fingerprint(`${json}`));
    expect(fingerprint(json)).not.toBe(fingerprint(json.replace('"placed"', '"placeD"')));
  });

  it('restore(persist(state)) folds the rest of a stream as the state itself does, at every cut', () => {
    const final = toPersistedOrderState(foldOrder(journey));
    for (let cut = 0; cut <= journey.length; cut += 1) {
      const json = JSON.parse(JSON.stringify(hooks.persist(orderStateAt(journey, cut))));
      const live = orderDecider.spawn!(hooks.restore(json));
      for (const event of journey.slice(cut)) live.send(event);
      expect(toPersistedOrderState(live.getState())).toStrictEqual(final);
      live.stop();
      expect(toPersistedOrderState(foldOrder(journey.slice(cut), hooks.restore(json)))).toStrictEqual(final);
    }
  });

  it('refuses JSON that is not a state of this machine', () => {
    const context = toPersistedOrderState(foldOrder(journey)).context;
    for (const bad of [null, 42, 'x', [], {}, { value: 'new' }, { value: { main: 'nowhere' }, context }]) {
      expect(() => hooks.restore(bad)).toThrow();
    }
  });
});
