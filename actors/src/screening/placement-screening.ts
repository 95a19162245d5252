import type { OrderCommand, OrderCommandOf, OrderScreening, OrderState } from '@ordinal/domain';
import type { DecisionExtras } from '../host/host.options.ts';

/**
 * One check of a new order before it is recorded (the rule set in force, the account's risk
 * counters): what it finds about the PlaceOrder at `now`. It must be quick and must not throw for
 * an order it has nothing to say about; whatever it relied on goes into the facts it returns,
 * because PlaceOrder records them and a replay never asks again.
 */
export interface PlacementScreen {
  /** Names the screen in the combined facts (`rules`, `risk`). */
  readonly name: string;
  screen(command: OrderCommandOf<'PlaceOrder'>, now: string): OrderScreening | Promise<OrderScreening>;
}

/**
 * What several screens found, as one screening: a hold wins over an approval (a held order is
 * looked at before anyone approves it); several holds keep every reason, in the screens' order,
 * and each screen's facts under its name; the first approval asked for is the one requested.
 * Fields beyond hold and approval (a screen's own record) are kept as each screen gave them.
 */
export function combineScreenings(
  found: readonly { readonly name: string; readonly screening: OrderScreening }[],
): OrderScreening {
  const holds = found.filter((f) => f.screening.hold !== undefined);
  const approval = found.find((f) => f.screening.approval !== undefined)?.screening.approval;
  let combined: OrderScreening = {};
  for (const { screening } of found) {
    const { hold: _hold, approval: _approval, ...rest } = screening;
    combined = { ...combined, ...rest };
  }
  if (holds.length === 1) {
    const only = holds[0]?.screening.hold;
    return only === undefined ? combined : { ...combined, hold: only };
  }
  if (holds.length > 1) {
    const reason = holds.map((f) => f.screening.hold?.reason).join('; ');
    const facts = Object.fromEntries(holds.map((f) => [f.name, f.screening.hold?.facts ?? {}]));
    return { ...combined, hold: { reason, facts } };
  }
  return approval === undefined ? combined : { ...combined, approval };
}

/**
 * The order host's `facts` hook: a PlaceOrder is screened by every screen, in order, and decided
 * with what they found (`facts.screening`); any other command gets no extra facts.
 */
export function placementScreening(
  screens: readonly PlacementScreen[],
): (command: OrderCommand, state: OrderState, now: string) => Promise<DecisionExtras> {
  return async (command, _state, now) => {
    if (command.type !== 'PlaceOrder' || screens.length === 0) return {};
    const found = [];
    for (const screen of screens) found.push({ name: screen.name, screening: await screen.screen(command, now) });
    return { screening: combineScreenings(found) };
  };
}
