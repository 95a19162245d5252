import { describe, it } from 'vitest';
import { deciderSpec } from '../testing/decider-spec.ts';
import { channelMappingDecider } from './channel-mapping.decider.ts';
import type { ChannelMappingPublished } from './channel-mapping.events.ts';
import { sampleMapping } from './channel-mapping.test-mapping.ts';

const admin = { kind: 'user', id: 'li.wei', role: 'admin' } as const;
const facts = () => ({
  now: '2025-11-11T00:00:00.000Z',
  metadata: { commandId: 'c', correlationId: 'c', actor: admin },
});
const spec = deciderSpec(channelMappingDecider, facts, (draft, index) => ({
  ...(draft as Pick<ChannelMappingPublished, 'type' | 'data'>),
  eventId: `e${index}`,
  metadata: { schemaVersion: 1, occurredAt: facts().now, correlationId: 'c', causationId: 'c', actor: admin },
}));
const published = (version: number): ChannelMappingPublished => ({
  eventId: `p${version}`,
  type: 'ChannelMappingPublished',
  data: { channel: 'sample', version, document: { ...sampleMapping, version }, publishedBy: admin },
  metadata: { schemaVersion: 1, occurredAt: facts().now, correlationId: 'c', causationId: 'c', actor: admin },
});
const publish = (document: unknown) => ({
  type: 'PublishChannelMapping' as const,
  channel: 'sample',
  document,
  publishedBy: admin,
});

describe('channel mapping decider', () => {
  it('publishes the first mapping of a channel as version 1', () => {
    spec
      .given([])
      .when(publish(sampleMapping))
      .then([
        {
          type: 'ChannelMappingPublished',
          data: { channel: 'sample', version: 1, document: sampleMapping, publishedBy: admin },
        },
      ]);
  });

  it('publishes the next version on top of the active one', () => {
    const document = { ...sampleMapping, version: 3, description: 'fixed' };
    spec
      .given([published(1), published(2)])
      .when(publish(document))
      .then([
        { type: 'ChannelMappingPublished', data: { channel: 'sample', version: 3, document, publishedBy: admin } },
      ]);
  });

  it('refuses a version that is not the next one', () => {
    spec
      .given([published(1)])
      .when(publish({ ...sampleMapping, version: 1 }))
      .thenRejects('channel.mapping-version-conflict', { expectedVersion: 2, activeVersion: 1 });
  });

  it('refuses an invalid mapping with every problem', () => {
    const { lines: _, ...withoutLines } = sampleMapping;
    spec
      .given([])
      .when(publish({ ...withoutLines, channel: 'other', fields: {} }))
      .thenRejects('channel.mapping-invalid');
  });

  it('refuses a mapping written for another channel', () => {
    spec
      .given([])
      .when(publish({ ...sampleMapping, channel: 'other' }))
      .thenRejects('channel.mapping-invalid', { problems: [{ location: '/channel', problem: 'must be sample' }] });
  });
});
