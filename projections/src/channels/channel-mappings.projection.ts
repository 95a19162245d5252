import type { ActorRef, ChannelMappingPublished, RecordedEvent } from '@ordinal/domain';
import type { Projection } from '../runtime/projection.ts';
import { foldStreamEvent, type StreamDocument } from './stream-fold.ts';

/** Collection of the channels that have a published mapping (id = channel). */
export const CHANNEL_MAPPINGS_COLLECTION = 'channelMappings';

/** A channel's active mapping version, who published it and when. */
export interface ChannelMappingDocument extends StreamDocument {
  readonly channel: string;
  readonly activeVersion: number;
  readonly description: string;
  readonly publishedAt: string;
  readonly publishedBy: ActorRef;
}

// `channel-mapping-<channel>` streams fall in the `channel` category of the relay.
const CATEGORY = 'channel';

/** Answers "which channels take orders, and under which mapping version?". */
export const channelMappingsProjection: Projection = {
  name: 'channelMappings',
  categories: [CATEGORY],
  collections: [CHANNEL_MAPPINGS_COLLECTION],
  apply(recorded, context) {
    const event = recorded as RecordedEvent<ChannelMappingPublished>;
    const { channel } = event.data;
    return foldStreamEvent<ChannelMappingDocument>(event, context, CHANNEL_MAPPINGS_COLLECTION, channel, (_, e) => {
      const published = e as RecordedEvent<ChannelMappingPublished>;
      return {
        id: channel,
        channel,
        activeVersion: published.data.version,
        description: published.data.document.description,
        publishedAt: published.metadata.occurredAt,
        publishedBy: published.data.publishedBy,
        revision: published.revision,
      };
    });
  },
};
