import { canonicalText } from '../channels/channel-intake.ids.ts';
import type { Decider } from '../shared/decider.ts';
import { fingerprint } from '../shared/fingerprint.ts';
import { reject } from '../shared/rejection.ts';
import {
  CARRIER_PARKED_CATEGORY,
  type CarrierParkedCommand,
  type CarrierParkedEvent,
  type CarrierParkedState,
} from './carrier-parked.events.ts';

/** The id a carrier payload is parked under: `<carrier>-h<hash of the payload>`, the same for a resend. */
export function carrierParkIdFor(carrier: string, payload: unknown): string {
  return `${carrier}-h${fingerprint(canonicalText(payload))}`;
}

/**
 * Carrier payloads that could not be recorded: parked with why (the same payload parked again
 * for the same reason under the same mapping version changes nothing; parked again after it was
 * taken, it is parked anew), then taken once a retry recorded it.
 */
export const carrierParkedDecider: Decider<CarrierParkedCommand, CarrierParkedEvent, CarrierParkedState> = {
  category: CARRIER_PARKED_CATEGORY,
  initialState: () => ({ status: 'none' }),
  evolve(state, event) {
    if (event.type === 'CarrierPayloadParked') return { status: 'parked', parked: event.data };
    if (state.status === 'none') return state;
    return { status: 'taken', parked: state.parked, orderIds: event.data.orderIds };
  },
  decide(command, state, facts) {
    switch (command.type) {
      case 'ParkCarrierPayload': {
        const { carrier, mappingVersion, payload, reason, details } = command;
        const same =
          state.status === 'parked' &&
          state.parked.reason === reason &&
          state.parked.mappingVersion === mappingVersion &&
          canonicalText(state.parked.details) === canonicalText(details);
        if (same) return [];
        return [
          {
            type: 'CarrierPayloadParked',
            data: { carrier, mappingVersion, payload, reason, details, receivedAt: facts.now },
          },
        ];
      }
      case 'TakeCarrierPayload': {
        if (state.status === 'taken') return [];
        if (state.status === 'none') {
          return reject('carrier.parked-not-found', `nothing is parked as ${command.parkId}`, {
            parkId: command.parkId,
          });
        }
        const { mappingVersion, orderIds } = command;
        return [{ type: 'CarrierPayloadTaken', data: { mappingVersion, orderIds } }];
      }
      default: {
        const unknown: never = command;
        return reject('carrier.unknown-command', `unknown command ${JSON.stringify(unknown)}`);
      }
    }
  },
  entityId: (command) => command.parkId,
  describe: (state) => ({ status: state.status }),
};
