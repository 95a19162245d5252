import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CommandExecutor, LocationCommand, ReadStore } from '@ordinal/domain';
import { LOCATIONS_COLLECTION, type LocationDocument } from '@ordinal/projections';
import type { Static } from 'typebox';
import { ApiError, errorResponses } from '../http/errors.ts';
import { ApiHeaders, CommandHeaders, commandMetadata, idempotencyKeyOf } from '../http/request-context.ts';
import { ROUTE_ROLES } from '../http/roles.ts';
import { CommandResultSchema } from '../orders/orders.schemas.ts';
import { acceptedOutcome, COMMAND_ERRORS, commandResult } from './command-answers.ts';
import {
  LocationIdParams,
  LocationListSchema,
  LocationSchema,
  RegisteredLocationSchema,
  RegisterLocationBody,
  UpdateLocationBody,
} from './inventory.schemas.ts';

/** A location document in the served shape. */
function servedLocation(doc: LocationDocument): Static<typeof LocationSchema> {
  return { ...doc, coordinates: { ...doc.coordinates }, capabilities: [...doc.capabilities] };
}

export interface LocationRoutesOptions {
  readonly readStore: ReadStore;
  /** Absent: the location commands are not served. */
  readonly locations?: CommandExecutor<LocationCommand>;
  readonly newId: () => string;
}

/** `GET /locations`, `GET /locations/:locationId`, `POST /locations`, `PUT /locations/:locationId`. */
export const locationRoutes: FastifyPluginAsyncTypebox<LocationRoutesOptions> = async (
  app,
  { readStore, locations, newId },
) => {
  const collection = readStore.collection<LocationDocument>(LOCATIONS_COLLECTION);

  app.get(
    '/locations',
    {
      config: { roles: ROUTE_ROLES.readLocations },
      schema: {
        tags: ['inventory'],
        summary: 'Every warehouse and store',
        headers: ApiHeaders,
        response: { 200: LocationListSchema, ...errorResponses(400) },
      },
    },
    async () => ({ locations: (await collection.find({}, { sort: [['locationId', 'asc']] })).map(servedLocation) }),
  );

  app.get(
    '/locations/:locationId',
    {
      config: { roles: ROUTE_ROLES.readLocations },
      schema: {
        tags: ['inventory'],
        summary: 'One warehouse or store',
        description: 'Read from the locations projection, which may trail the event store for a moment.',
        headers: ApiHeaders,
        params: LocationIdParams,
        response: { 200: LocationSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const { locationId } = request.params;
      const doc = await collection.get(locationId);
      if (doc === undefined)
        throw new ApiError(404, 'location.not-found', `location ${locationId} is not known`, { locationId });
      return servedLocation(doc);
    },
  );

  if (locations === undefined) return;

  app.post(
    '/locations',
    {
      config: { roles: ROUTE_ROLES.manageLocations },
      schema: {
        tags: ['inventory'],
        summary: 'Register a warehouse or store',
        description: 'The same registration again answers as the first time; other data for the id is a 409.',
        headers: CommandHeaders,
        body: RegisterLocationBody,
        response: { 201: RegisteredLocationSchema, ...COMMAND_ERRORS },
      },
    },
    async (request, reply) => {
      const metadata = commandMetadata(request, idempotencyKeyOf(request) ?? newId());
      const command: LocationCommand = { ...request.body, type: 'RegisterLocation' };
      const outcome = acceptedOutcome(await locations.execute({ command, metadata }), reply);
      const { locationId } = request.body;
      return reply
        .status(201)
        .header('location', `/locations/${encodeURIComponent(locationId)}`)
        .send({ locationId, revision: outcome.revision });
    },
  );

  app.put(
    '/locations/:locationId',
    {
      config: { roles: ROUTE_ROLES.manageLocations },
      schema: {
        tags: ['inventory'],
        summary: 'Replace a location’s data',
        headers: CommandHeaders,
        params: LocationIdParams,
        body: UpdateLocationBody,
        response: { 200: CommandResultSchema, ...COMMAND_ERRORS },
      },
    },
    async (request, reply) => {
      const metadata = commandMetadata(request, idempotencyKeyOf(request) ?? newId());
      const command: LocationCommand = {
        ...request.body,
        locationId: request.params.locationId,
        type: 'UpdateLocation',
      };
      return commandResult(acceptedOutcome(await locations.execute({ command, metadata }), reply));
    },
  );
};
