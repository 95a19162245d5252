import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ChannelRoutesOptions } from './channel-hosts.ts';
import { channelIntakeRoutes } from './channel-intake.routes.ts';
import { ChannelIntake } from './channel-intake.service.ts';
import { channelMappingRoutes } from './channel-mapping.routes.ts';
import { ChannelMappings } from './channel-mappings.service.ts';

/** Every channel route: mappings (list, read, publish) and intake (orders, parked, retry). */
export const channelRoutes: FastifyPluginAsyncTypebox<ChannelRoutesOptions> = async (app, options) => {
  const mappings = new ChannelMappings(options);
  const intake = new ChannelIntake(options, mappings);
  await app.register(channelMappingRoutes, { mappings, readStore: options.readStore, newId: options.newId });
  await app.register(channelIntakeRoutes, { intake, readStore: options.readStore });
};
