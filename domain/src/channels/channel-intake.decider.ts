import type { Decider } from '../shared/decider.ts';
import { reject } from '../shared/rejection.ts';
import {
  type ChannelIntakeCommand,
  type ChannelIntakeEvent,
  type ChannelIntakeState,
  INTAKE_CATEGORY,
} from './channel-intake.events.ts';
import { canonicalText } from './channel-intake.ids.ts';

/**
 * Payloads a channel mapping could not map: parked with every error (the same payload parked
 * again under the same mapping version changes nothing), then accepted once a retry placed it.
 */
export const channelIntakeDecider: Decider<ChannelIntakeCommand, ChannelIntakeEvent, ChannelIntakeState> = {
  category: INTAKE_CATEGORY,
  initialState: () => ({ status: 'none' }),
  evolve(state, event) {
    if (event.type === 'ChannelPayloadParked') return { status: 'parked', parked: event.data };
    if (state.status === 'none') return state;
    return { status: 'accepted', parked: state.parked, orderId: event.data.orderId };
  },
  decide(command, state, facts) {
    switch (command.type) {
      case 'ParkChannelPayload': {
        if (state.status === 'accepted') {
          return reject('channel.payload-accepted', `${command.intakeId} was placed as order ${state.orderId}`, {
            orderId: state.orderId,
          });
        }
        const { channel, mappingVersion, payload, errors } = command;
        const same =
          state.status === 'parked' &&
          state.parked.mappingVersion === mappingVersion &&
          canonicalText(state.parked.payload) === canonicalText(payload);
        if (same) return [];
        return [
          { type: 'ChannelPayloadParked', data: { channel, mappingVersion, payload, errors, receivedAt: facts.now } },
        ];
      }
      case 'AcceptChannelPayload': {
        if (state.status === 'accepted') return [];
        if (state.status === 'none')
          return reject('channel.parked-not-found', `nothing is parked as ${command.intakeId}`);
        const { orderId, mappingVersion } = command;
        return [{ type: 'ChannelPayloadAccepted', data: { orderId, mappingVersion } }];
      }
      default: {
        const unknown: never = command;
        return reject('channel.unknown-command', `unknown command ${JSON.stringify(unknown)}`);
      }
    }
  },
  entityId: (command) => command.intakeId,
  describe: (state) => ({ status: state.status }),
};
