import {
  type OrderCommand,
  type OrderEvent,
  type OrderState,
  orderDecider,
  type RuleSetCommand,
  type RuleSetEvent,
  type RuleSetState,
  ruleSetDecider,
} from '@ordinal/domain';
import { ActorHost } from '../host/actor-host.ts';
import type { HostTestBed } from '../host/temp-store.fixture.ts';
import { type PlacementScreen, placementScreening } from './placement-screening.ts';

/** An order host on the bed's store whose PlaceOrder is screened by `screens`; closed after the test. */
export function screenedOrders(bed: HostTestBed, clock: () => Date, screens: readonly PlacementScreen[]) {
  return bed.track(
    new ActorHost<OrderCommand, OrderEvent, OrderState>({
      store: bed.store,
      decider: orderDecider,
      clock,
      facts: placementScreening(screens),
    }),
  );
}

/** A rule set host on the bed's store; closed after the test. */
export function ruleSets(bed: HostTestBed, clock: () => Date) {
  return bed.track(
    new ActorHost<RuleSetCommand, RuleSetEvent, RuleSetState>({ store: bed.store, decider: ruleSetDecider, clock }),
  );
}
