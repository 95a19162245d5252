import { describe, expect, it } from 'vitest';
import { projectionSpec } from '../testing/projection-spec.ts';
import { recordedEvent } from '../testing/recorded-event.ts';
import { CHANNEL_MAPPINGS_COLLECTION, channelMappingsProjection } from './channel-mappings.projection.ts';

describe('channelMappings projection', () => {
  const mappings = projectionSpec(channelMappingsProjection, {
    collection: CHANNEL_MAPPINGS_COLLECTION,
    idOf: (event) => (event.data as { channel: string }).channel,
  });
  const published = (version: number) =>
    recordedEvent({
      streamId: 'channel-mapping-jd',
      revision: version,
      position: version,
      type: 'ChannelMappingPublished',
      data: {
        channel: 'jd',
        version,
        document: { description: `v${version}` },
        publishedBy: { kind: 'role', role: 'admin' },
      },
    });

  it('ChannelMappingPublished makes the version active, applied twice changes nothing', async () => {
    const result = await mappings
      .given([published(1)])
      .when(published(2), published(2))
      .then({ id: 'jd', channel: 'jd', activeVersion: 2, description: 'v2', revision: 2 });
    expect(result.outcomes).toEqual(['applied', 'duplicate']);
  });
});
