import type { Decider } from '../shared/decider.ts';
import { reject } from '../shared/rejection.ts';
import {
  activeMapping,
  CHANNEL_MAPPING_CATEGORY,
  type ChannelMappingCommand,
  type ChannelMappingEvent,
  type ChannelMappingState,
} from './channel-mapping.events.ts';
import { validateMapping } from './channel-mapping.validate.ts';

/**
 * A channel's mapping versions: one stream `channel-mapping-<channel>` per channel. A publish
 * is validated in full (every problem in one refusal) and becomes version previous + 1.
 */
export const channelMappingDecider: Decider<ChannelMappingCommand, ChannelMappingEvent, ChannelMappingState> = {
  category: CHANNEL_MAPPING_CATEGORY,
  initialState: () => ({ versions: [] }),
  evolve: (state, event) => ({ versions: [...state.versions, event.data.document] }),
  decide(command, state) {
    const checked = validateMapping(command.document);
    if (!checked.ok) {
      return reject('channel.mapping-invalid', `the mapping has ${checked.problems.length} problem(s)`, {
        problems: checked.problems,
      });
    }
    const version = state.versions.length + 1;
    const { document } = checked;
    if (document.channel !== command.channel) {
      return reject('channel.mapping-invalid', `the mapping is for ${document.channel}, not ${command.channel}`, {
        problems: [{ location: '/channel', problem: `must be ${command.channel}` }],
      });
    }
    if (document.version !== version) {
      return reject(
        'channel.mapping-version-conflict',
        `the next version of ${command.channel} is ${version}, not ${document.version}`,
        { expectedVersion: version, activeVersion: version - 1 },
      );
    }
    const { publishedBy, channel } = command;
    return [{ type: 'ChannelMappingPublished', data: { channel, version, document, publishedBy } }];
  },
  entityId: (command) => command.channel,
  describe: (state) => ({ activeVersion: activeMapping(state)?.version ?? 0 }),
};
