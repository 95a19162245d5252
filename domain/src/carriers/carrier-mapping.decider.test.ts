import { describe, it } from 'vitest';
import type { ActorRef } from '../shared/actor.ts';
import { deciderSpec } from '../testing/decider-spec.ts';
import { carrierMappingDecider } from './carrier-mapping.decider.ts';
import type { CarrierMappingPublished } from './carrier-mapping.events.ts';

const ADMIN: ActorRef = { kind: 'user', id: 'ana', role: 'admin' };
const facts = () => ({
  now: '2026-03-02T09:00:00.000Z',
  metadata: { commandId: 'c', correlationId: 'k', actor: ADMIN },
});
const record = (draft: { type: string; data: unknown }, index: number) =>
  ({ ...draft, eventId: `e${index}`, metadata: { occurredAt: facts().now } }) as unknown as CarrierMappingPublished;
const spec = deciderSpec(carrierMappingDecider, facts, record);
const document = (version: number) => ({
  carrier: 'acme-post',
  version,
  description: 'one scan per push',
  fields: {
    carrierEventId: { path: 'id' },
    trackingNumber: { path: 'parcel' },
    kind: { path: 'what', transforms: [{ op: 'lookup', table: { D: 'delivered' } }] },
    occurredAt: { path: 'at' },
  },
});
const publish = (doc: unknown) =>
  ({ type: 'PublishCarrierMapping', carrier: 'acme-post', document: doc, publishedBy: ADMIN }) as const;
const published = (version: number) =>
  record(
    {
      type: 'CarrierMappingPublished',
      data: { carrier: 'acme-post', version, document: document(version), publishedBy: ADMIN },
    },
    version,
  );

describe('carrier mapping versions', () => {
  it('publishes a valid document as the next version', () => {
    spec
      .given([])
      .when(publish(document(1)))
      .then([
        {
          type: 'CarrierMappingPublished',
          data: { carrier: 'acme-post', version: 1, document: document(1), publishedBy: ADMIN },
        },
      ]);
    spec
      .given([published(1)])
      .when(publish(document(2)))
      .then([published(2)].map(({ type, data }) => ({ type, data })));
  });

  it('refuses an invalid document with every problem, another carrier’s, and a version that is not the next', () => {
    spec
      .given([])
      .when(publish({ ...document(1), fields: {} }))
      .thenRejects('carrier.mapping-invalid');
    spec
      .given([])
      .when(publish({ ...document(1), carrier: 'dhl' }))
      .thenRejects('carrier.mapping-invalid');
    spec
      .given([published(1)])
      .when(publish(document(3)))
      .thenRejects('carrier.mapping-version-conflict', { expectedVersion: 2, activeVersion: 1 });
  });
});
