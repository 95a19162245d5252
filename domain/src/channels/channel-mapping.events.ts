import type { ActorRef } from '../shared/actor.ts';
import type { DomainEvent } from '../shared/event.ts';
import type { MappingDocument } from './channel-mapping.types.ts';

/** The stream category of channel mappings: `channel-mapping-<channel>`. */
export const CHANNEL_MAPPING_CATEGORY = 'channel-mapping';

/** Publishes a mapping document as the channel's next version (version = previous + 1). */
export interface PublishChannelMapping {
  readonly type: 'PublishChannelMapping';
  readonly channel: string;
  /** Checked by `validateMapping`; its `version`, when given, must be the next one. */
  readonly document: unknown;
  readonly publishedBy: ActorRef;
}

/** Commands of the channel mapping aggregate. */
export type ChannelMappingCommand = PublishChannelMapping;

/** A mapping version became the channel's active one; the whole document is in the event. */
export type ChannelMappingPublished = DomainEvent<
  'ChannelMappingPublished',
  {
    readonly channel: string;
    readonly version: number;
    readonly document: MappingDocument;
    readonly publishedBy: ActorRef;
  }
>;

/** Events of the channel mapping aggregate. */
export type ChannelMappingEvent = ChannelMappingPublished;

/** Every channel mapping event type. */
export const CHANNEL_MAPPING_EVENT_TYPES = ['ChannelMappingPublished'] as const;

/** Every published version of one channel's mapping, oldest first; the last is active. */
export interface ChannelMappingState {
  readonly versions: readonly MappingDocument[];
}

/** The stream of a channel's mappings. */
export function channelMappingStreamId(channel: string): string {
  return `${CHANNEL_MAPPING_CATEGORY}-${channel}`;
}

/** The active mapping of a channel, if any was published. */
export function activeMapping(state: ChannelMappingState): MappingDocument | undefined {
  return state.versions[state.versions.length - 1];
}
