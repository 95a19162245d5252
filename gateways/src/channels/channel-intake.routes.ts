import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Json } from '@ordinal/domain';
import { PARKED_INTAKE_COLLECTION, type ParkedIntakeDocument } from '@ordinal/projections';
import type { FastifyRequest } from 'fastify';
import { errorResponses } from '../http/errors.ts';
import { ApiHeaders, actorOf } from '../http/request-context.ts';
import { ROUTE_ROLES } from '../http/roles.ts';
import {
  ChannelOrderPlaced,
  ChannelParams,
  ChannelPayload,
  IntakeIdParams,
  ParkedFilter,
  ParkedList,
} from './channel.schemas.ts';
import type { ChannelRoutesOptions } from './channel-hosts.ts';
import type { ChannelIntake, IntakeRequest } from './channel-intake.service.ts';

const REPLAYED = { 'idempotent-replayed': 'true' } as const;
const INTAKE_ERRORS = errorResponses(400, 404, 409, 413, 415, 422, 429);

const intakeRequest = (request: FastifyRequest): IntakeRequest => ({
  correlationId: request.id,
  actor: actorOf(request),
});

/** `POST /channels/:channel/orders`, `GET /channels/parked`, `POST /channels/parked/:id/retry`. */
export const channelIntakeRoutes: FastifyPluginAsyncTypebox<
  Pick<ChannelRoutesOptions, 'readStore'> & { readonly intake: ChannelIntake }
> = async (app, { intake, readStore }) => {
  app.post(
    '/channels/:channel/orders',
    {
      config: { roles: ROUTE_ROLES.channelIntake },
      schema: {
        tags: ['channels'],
        summary: 'Take an order in the channel’s own payload shape',
        description:
          'Mapped with the channel’s active mapping and placed under `<channel>:<external order id>`, so a resend ' +
          'answers as the first time. A payload that cannot be mapped is 422 `channel.unmappable` with every error, ' +
          'and is parked for a retry.',
        headers: ApiHeaders,
        params: ChannelParams,
        body: ChannelPayload,
        response: { 201: ChannelOrderPlaced, ...INTAKE_ERRORS },
      },
    },
    async (request, reply) => {
      const { channel } = request.params;
      const placed = await intake.receive(channel, request.body as Json, intakeRequest(request));
      if (placed.duplicate) reply.headers(REPLAYED);
      const { orderId, revision, mappingVersion } = placed;
      return reply
        .status(201)
        .header('location', `/orders/${encodeURIComponent(orderId)}`)
        .send({ orderId, revision, mappingVersion });
    },
  );

  app.get(
    '/channels/parked',
    {
      config: { roles: ROUTE_ROLES.parkedIntake },
      schema: {
        tags: ['channels'],
        summary: 'Channel payloads that could not be mapped (default: still parked), oldest first',
        headers: ApiHeaders,
        querystring: ParkedFilter,
        response: { 200: ParkedList, ...errorResponses(400) },
      },
    },
    async (request) => {
      const { channel, status = 'parked' } = request.query;
      const filter = channel === undefined ? { status } : { status, channel };
      const items = await readStore
        .collection<ParkedIntakeDocument>(PARKED_INTAKE_COLLECTION)
        .find(filter, { sort: [['firstReceivedAt', 'asc']] });
      return {
        count: items.length,
        items: items.map(({ revision: _, errors, ...item }) => ({ ...item, errors: [...errors] })),
      };
    },
  );

  app.post(
    '/channels/parked/:id/retry',
    {
      config: { roles: ROUTE_ROLES.parkedIntake },
      schema: {
        tags: ['channels'],
        summary: 'Map a parked payload again with the channel’s active mapping',
        description:
          'On success the order is placed and the entry resolved (201); otherwise 422 `channel.unmappable` with the ' +
          'new errors, and the payload stays parked.',
        headers: ApiHeaders,
        params: IntakeIdParams,
        response: { 201: ChannelOrderPlaced, ...INTAKE_ERRORS },
      },
    },
    async (request, reply) => {
      const placed = await intake.retry(request.params.id, intakeRequest(request));
      if (placed.duplicate) reply.headers(REPLAYED);
      const { orderId, revision, mappingVersion, intakeId } = placed;
      return reply.status(201).send({ orderId, revision, mappingVersion, intakeId });
    },
  );
};
