import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  type CommandExecutor,
  type EventStore,
  type InventoryCommand,
  inventoryStreamId,
  type ReadStore,
} from '@ordinal/domain';
import {
  AVAILABLE_TO_PROMISE_COLLECTION,
  type AvailableToPromiseDocument,
  LOCATIONS_COLLECTION,
  type LocationDocument,
} from '@ordinal/projections';
import { ApiError, errorResponses } from '../http/errors.ts';
import { ApiHeaders, CommandHeaders, commandMetadata, idempotencyKeyOf } from '../http/request-context.ts';
import { ROUTE_ROLES } from '../http/roles.ts';
import { CommandResultSchema } from '../orders/orders.schemas.ts';
import { acceptedOutcome, COMMAND_ERRORS, commandResult } from './command-answers.ts';
import { InventoryCommandBody, InventoryViewSchema, SkuParams } from './inventory.schemas.ts';
import { inventoryView } from './inventory.view.ts';

export interface InventoryRoutesOptions {
  readonly readStore: ReadStore;
  readonly events: EventStore;
  /** Absent: the inventory commands are not served. */
  readonly inventory?: CommandExecutor<InventoryCommand>;
  readonly newId: () => string;
}

/** `GET /inventory/:sku` (available to promise) and `POST /inventory/:sku/commands`. */
export const inventoryRoutes: FastifyPluginAsyncTypebox<InventoryRoutesOptions> = async (
  app,
  { readStore, events, inventory, newId },
) => {
  const stock = readStore.collection<AvailableToPromiseDocument>(AVAILABLE_TO_PROMISE_COLLECTION);
  const places = readStore.collection<LocationDocument>(LOCATIONS_COLLECTION);

  app.get(
    '/inventory/:sku',
    {
      config: { roles: ROUTE_ROLES.readInventory },
      schema: {
        tags: ['inventory'],
        summary: 'What can be promised of a SKU, per location, per region and overall',
        description:
          'Read from the availableToPromise and locations projections, which may trail the event store for a ' +
          'moment: `x-ordinal-stream-revision` is the store’s revision, `revision` in the body the view’s.',
        headers: ApiHeaders,
        params: SkuParams,
        response: { 200: InventoryViewSchema, ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const { sku } = request.params;
      const [doc, streamRevision] = await Promise.all([stock.get(sku), events.streamRevision(inventoryStreamId(sku))]);
      reply.header('x-ordinal-stream-revision', String(streamRevision));
      if (doc === undefined) {
        const message = streamRevision === 0 ? `no stock of ${sku} was ever recorded` : `${sku} is not in the view yet`;
        throw new ApiError(404, 'inventory.not-found', message, { sku, streamRevision });
      }
      return inventoryView(doc, await places.getMany(Object.keys(doc.locations)));
    },
  );

  if (inventory === undefined) return;

  app.post(
    '/inventory/:sku/commands',
    {
      config: { roles: ROUTE_ROLES.inventoryCommand },
      schema: {
        tags: ['inventory'],
        summary: 'Send a command to a SKU’s stock',
        description:
          'The body is one command; `type` selects it (ReceiveStock, AdjustStock; the reservation commands are ' +
          'for processes and ops). Not enough stock is a 409 with the figures.',
        headers: CommandHeaders,
        params: SkuParams,
        body: InventoryCommandBody,
        response: { 200: CommandResultSchema, ...COMMAND_ERRORS },
      },
    },
    async (request, reply) => {
      const metadata = commandMetadata(request, idempotencyKeyOf(request) ?? newId());
      const command = { ...request.body, sku: request.params.sku } as InventoryCommand;
      return commandResult(acceptedOutcome(await inventory.execute({ command, metadata }), reply));
    },
  );
};
