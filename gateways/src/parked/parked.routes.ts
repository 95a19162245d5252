import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ParkedMessage } from '@ordinal/domain';
import type { ReadSide } from '@ordinal/projections';
import { type Static, Type } from 'typebox';
import { errorResponses } from '../http/errors.ts';
import { ApiHeaders } from '../http/request-context.ts';
import { ROUTE_ROLES } from '../http/roles.ts';

/** What the routes need of the read side: its parked events and a retry. */
export type ParkedEvents = Pick<ReadSide, 'parked' | 'retryParked'>;

export interface ParkedRoutesOptions {
  readonly parked: ParkedEvents;
}

const Filter = Type.Object(
  {
    projection: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'Only this projection.' })),
    eventId: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'Only this event.' })),
  },
  { additionalProperties: false },
);

const ParkedItem = Type.Object(
  {
    projection: Type.String(),
    eventId: Type.String(),
    streamId: Type.Optional(Type.String()),
    revision: Type.Optional(Type.Number()),
    type: Type.Optional(Type.String()),
    position: Type.Optional(Type.Number()),
    reason: Type.String(),
    deliveryCount: Type.Number(),
    parkedAt: Type.String(),
  },
  { additionalProperties: false },
);

const ParkedList = Type.Object(
  { count: Type.Number(), items: Type.Array(ParkedItem) },
  { additionalProperties: false },
);

const RetryResult = Type.Object(
  { retried: Type.Number(), applied: Type.Number(), stillFailing: Type.Number() },
  { additionalProperties: false },
);

/** A parked message as the API shows it; an invalid envelope may lack any of its fields. */
function item(message: ParkedMessage): Static<typeof ParkedItem> {
  const event = (message.event ?? {}) as unknown as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const number = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
  const fields = {
    streamId: text(event.streamId),
    revision: number(event.revision),
    type: text(event.type),
    position: number(event.position),
  };
  return {
    projection: message.durableName,
    eventId: text(event.eventId) ?? '(none)',
    ...Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)),
    reason: message.reason,
    deliveryCount: message.deliveryCount,
    parkedAt: message.parkedAt,
  };
}

function filterOf(query: Static<typeof Filter>): { durableName?: string; eventId?: string } {
  return {
    ...(query.projection === undefined ? {} : { durableName: query.projection }),
    ...(query.eventId === undefined ? {} : { eventId: query.eventId }),
  };
}

/**
 * `GET /parked-events` lists the events a projection could not apply (kept in the read store
 * until retried); `POST /parked-events/retry` applies them again through their projection,
 * which is safe at any time: the revision guard skips what is already applied.
 */
export const parkedRoutes: FastifyPluginAsyncTypebox<ParkedRoutesOptions> = async (app, { parked }) => {
  app.get(
    '/parked-events',
    {
      config: { roles: ROUTE_ROLES.parkedEvents },
      schema: {
        tags: ['operations'],
        summary: 'Events a projection could not apply, oldest first per projection',
        headers: ApiHeaders,
        querystring: Filter,
        response: { 200: ParkedList, ...errorResponses(400) },
      },
    },
    async (request) => {
      const items = (await parked.parked(filterOf(request.query))).map(item);
      return { count: items.length, items };
    },
  );

  app.post(
    '/parked-events/retry',
    {
      config: { roles: ROUTE_ROLES.parkedEvents },
      schema: {
        tags: ['operations'],
        summary: 'Apply parked events again (all, one projection’s, or one event)',
        description:
          'Events that apply now, or turn out to be applied already, are no longer parked; the rest ' +
          'stay parked with the new reason.',
        headers: ApiHeaders,
        querystring: Filter,
        response: { 200: RetryResult, ...errorResponses(400) },
      },
    },
    async (request) => parked.retryParked(filterOf(request.query)),
  );
};
