import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CHANNEL_MAPPINGS_COLLECTION, type ChannelMappingDocument } from '@ordinal/projections';
import { ApiError, errorResponses } from '../http/errors.ts';
import { ApiHeaders, actorOf, CommandHeaders, commandMetadata, idempotencyKeyOf } from '../http/request-context.ts';
import { ROUTE_ROLES } from '../http/roles.ts';
import { ChannelList, ChannelParams, MappingAnswer, MappingBody, MappingVersionQuery } from './channel.schemas.ts';
import type { ChannelRoutesOptions } from './channel-hosts.ts';
import type { ChannelMappings } from './channel-mappings.service.ts';

/** `GET /channels`, `GET /channels/:channel/mapping`, `PUT /channels/:channel/mapping`. */
export const channelMappingRoutes: FastifyPluginAsyncTypebox<
  Pick<ChannelRoutesOptions, 'readStore' | 'newId'> & { readonly mappings: ChannelMappings }
> = async (app, { mappings, readStore, newId }) => {
  app.get(
    '/channels',
    {
      config: { roles: ROUTE_ROLES.channelMapping },
      schema: {
        tags: ['channels'],
        summary: 'Channels that take orders, with their active mapping version',
        headers: ApiHeaders,
        response: { 200: ChannelList, ...errorResponses(400) },
      },
    },
    async (request) => {
      const published = await readStore.collection<ChannelMappingDocument>(CHANNEL_MAPPINGS_COLLECTION).find();
      const names = [...new Set([...mappings.defaultChannels, ...published.map((doc) => doc.channel)])];
      const channels = [];
      for (const channel of names) {
        const { versions } = await mappings.state(channel, request.id);
        const active = versions[versions.length - 1];
        if (active) channels.push({ channel, activeVersion: active.version, description: active.description });
      }
      return { channels };
    },
  );

  app.get(
    '/channels/:channel/mapping',
    {
      config: { roles: ROUTE_ROLES.channelMapping },
      schema: {
        tags: ['channels'],
        summary: 'A channel’s active mapping, or one version of it',
        headers: ApiHeaders,
        params: ChannelParams,
        querystring: MappingVersionQuery,
        response: { 200: MappingAnswer, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const { channel } = request.params;
      const { versions } = await mappings.state(channel, request.id);
      if (versions.length === 0) {
        throw new ApiError(404, 'channel.unknown', `no mapping is published for channel ${channel}`, { channel });
      }
      const version = request.query.version ?? versions.length;
      const document = versions[version - 1];
      if (document === undefined) {
        const message = `channel ${channel} has no mapping version ${version}`;
        throw new ApiError(404, 'channel.mapping-version-not-found', message, {
          channel,
          activeVersion: versions.length,
        });
      }
      return { channel, version, activeVersion: versions.length, document: { ...document } };
    },
  );

  app.put(
    '/channels/:channel/mapping',
    {
      config: { roles: ROUTE_ROLES.publishChannelMapping },
      schema: {
        tags: ['channels'],
        summary: 'Publish a mapping as the channel’s next version (admin)',
        description:
          'The body is a mapping document (see docs/channels.md) whose `version` is the active one + 1. An invalid ' +
          'document is 422 `channel.mapping-invalid` with every problem; the active version does not change.',
        headers: CommandHeaders,
        params: ChannelParams,
        body: MappingBody,
        response: { 200: MappingAnswer, ...errorResponses(400, 403, 409, 413, 415, 422) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      if (actor.kind === 'system' || actor.role !== 'admin') {
        throw new ApiError(403, 'channel.forbidden', 'only the admin role publishes channel mappings', {
          allowedRoles: ROUTE_ROLES.publishChannelMapping,
        });
      }
      const { channel } = request.params;
      const metadata = commandMetadata(request, idempotencyKeyOf(request) ?? newId(), channel);
      const document = await mappings.publish(channel, request.body, metadata);
      return { channel, version: document.version, activeVersion: document.version, document: { ...document } };
    },
  );
};
