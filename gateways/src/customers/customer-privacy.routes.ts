import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  type ConsentGiven,
  type ConsentWithdrawn,
  type CustomerCommand,
  type CustomerErased,
  type CustomerState,
  customerStreamId,
  type Document,
  type EventStore,
  type ReadStore,
  type RecordedEvent,
} from '@ordinal/domain';
import {
  ORDER_TRACKING_COLLECTION,
  REPURCHASE_ESTIMATES_COLLECTION,
  RISK_ACCOUNTS_COLLECTION,
  readRepurchaseEstimates,
  readRiskAccount,
} from '@ordinal/projections';
import { customerNotFound } from '../auth/auth.guard.ts';
import type { AggregateHost } from '../channels/channel-hosts.ts';
import { errorResponses, rejectionError } from '../http/errors.ts';
import { ApiHeaders, CommandHeaders, commandMetadata, idempotencyKeyOf } from '../http/request-context.ts';
import { ROUTE_ROLES } from '../http/roles.ts';
import { eventView } from '../orders/order-views.ts';
import { CustomerIdParams } from './customer-orders.schemas.ts';
import {
  ConsentBody,
  ConsentChangesQuery,
  ConsentChangesSchema,
  ConsentsSchema,
  CustomerExportSchema,
  EraseBody,
  ErasureSchema,
} from './customer-privacy.schemas.ts';
import { keptPayloadsNaming } from './kept-payloads.finder.ts';

/** What the privacy routes need from the composition root. */
export interface CustomerPrivacyDeps {
  /** The customer aggregate (`customer-<id>`: erasures and consent) on the event store. */
  readonly customers: AggregateHost<CustomerCommand, CustomerState>;
  /**
   * Destroys the customer's keys and every copy of their personal data the process holds (live
   * order state, parked events, old bytes in the read store's files); resolves with how many
   * keys were destroyed. Called once the erasure is recorded, and again on a repeat; `payloads`
   * are the parked payloads the erasure recorded as naming the customer, whose keys go too.
   */
  readonly shred: (customerId: string, erasurePosition: number, payloads: readonly string[]) => Promise<number>;
}

/** Everything the privacy routes use. */
export interface CustomerPrivacyRoutesOptions extends CustomerPrivacyDeps {
  readonly events: EventStore;
  readonly readStore: ReadStore;
  readonly newId: () => string;
  readonly clock: () => Date;
}

/** One entry of `GET /consents`: a consent given or withdrawn, or an erasure. */
function consentChange(event: RecordedEvent) {
  if (event.type === 'CustomerErased') {
    const { customerId, erasedAt } = (event as RecordedEvent<CustomerErased>).data;
    return { position: event.position, customerId, kind: 'erased' as const, at: erasedAt };
  }
  const { customerId, purpose, channel, source, at } = (event as RecordedEvent<ConsentGiven | ConsentWithdrawn>).data;
  const kind = event.type === 'ConsentGiven' ? ('given' as const) : ('withdrawn' as const);
  return { position: event.position, customerId, kind, purpose, channel, source, at };
}

const consentList = (state: CustomerState) =>
  Object.values(state.consents).sort(
    (a, b) => a.purpose.localeCompare(b.purpose) || a.channel.localeCompare(b.channel),
  );

/**
 * Erasure (`POST /customers/:customerId/erase`), access (`GET /customers/:customerId/export`)
 * and marketing consent (`GET|POST /customers/:customerId/consent`, `GET /consents`), on the
 * customer's stream and the order streams that name them (docs/privacy.md).
 */
export const customerPrivacyRoutes: FastifyPluginAsyncTypebox<CustomerPrivacyRoutesOptions> = async (app, options) => {
  const { customers, events, readStore } = options;
  const tracking = readStore.collection<Document & { readonly orderId: string }>(ORDER_TRACKING_COLLECTION);

  app.post(
    '/customers/:customerId/erase',
    {
      config: { roles: ROUTE_ROLES.eraseCustomer },
      schema: {
        tags: ['customers'],
        summary: 'Erase a customer’s personal data (admin, privacy)',
        description:
          'Records `CustomerErased` (who, why, when, and the parked channel or carrier payloads that name them) on ' +
          '`customer-<id>`, then destroys the customer’s key and those payloads’ keys: their name, contact, street ' +
          'and position read as `[erased]` everywhere from then on, their orders stay whole. ' +
          'A repeat (same Idempotency-Key) answers the first erasure and destroys any key made since.',
        headers: CommandHeaders,
        params: CustomerIdParams,
        body: EraseBody,
        response: { 200: ErasureSchema, ...errorResponses(400, 403, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const { customerId } = request.params;
      const payloads = (await keptPayloadsNaming(customerId, events, readStore)).map((found) => found.streamId);
      const command = { type: 'EraseCustomer' as const, customerId, reason: request.body.reason, payloads };
      const metadata = commandMetadata(request, idempotencyKeyOf(request) ?? options.newId());
      const outcome = await customers.execute({ command, metadata });
      if (outcome.status === 'rejected') throw rejectionError(outcome.rejection);
      if (outcome.duplicate) reply.headers({ 'idempotent-replayed': 'true' });
      const erased = outcome.events.find((event) => event.type === 'CustomerErased') as
        | RecordedEvent<CustomerErased>
        | undefined;
      if (erased === undefined) throw new Error(`erasing customer ${customerId} recorded nothing`);
      const keysDestroyed = await options.shred(customerId, erased.position, erased.data.payloads ?? []);
      return { ...erased.data, payloads: [...(erased.data.payloads ?? [])], keysDestroyed, revision: outcome.revision };
    },
  );

  app.get(
    '/customers/:customerId/export',
    {
      config: { roles: ROUTE_ROLES.exportCustomer },
      schema: {
        tags: ['customers'],
        summary: 'Everything held about a customer (access request)',
        description:
          'Their orders with every event (personal data in the clear, or `[erased]`), their erasures and consents, ' +
          'the parked channel or carrier payloads that name them, and the read-model documents about them. ' +
          'A customer may export only their own. ' +
          '404 when nothing of the customer is known.',
        headers: ApiHeaders,
        params: CustomerIdParams,
        response: { 200: CustomerExportSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const { customerId } = request.params;
      const customerEvents = await events.readStream(customerStreamId(customerId));
      const trackingDocs = await tracking.find({ customerId }, { sort: [['placedAt', 'asc']] });
      if (customerEvents.length === 0 && trackingDocs.length === 0) throw customerNotFound(customerId);
      const orders = await Promise.all(
        trackingDocs.map(async ({ orderId }) => ({
          orderId,
          events: (await events.readStream(`order-${orderId}`)).map(eventView),
        })),
      );
      const asList = <T>(doc: T | undefined): T[] => (doc === undefined ? [] : [doc]);
      const { state } = await customers.load(customerId);
      return {
        customerId,
        exportedAt: options.clock().toISOString(),
        erasures: [...state.erasures],
        consents: consentList(state),
        customerEvents: customerEvents.map(eventView),
        orders,
        parkedPayloads: await keptPayloadsNaming(customerId, events, readStore),
        readModels: {
          [ORDER_TRACKING_COLLECTION]: trackingDocs,
          [RISK_ACCOUNTS_COLLECTION]: asList(await readRiskAccount(readStore, customerId)),
          [REPURCHASE_ESTIMATES_COLLECTION]: asList(await readRepurchaseEstimates(readStore, customerId)),
        },
      };
    },
  );

  app.get(
    '/customers/:customerId/consent',
    {
      config: { roles: ROUTE_ROLES.readConsent },
      schema: {
        tags: ['customers'],
        summary: 'A customer’s marketing consents per purpose and channel',
        description: 'From the customer’s stream; a customer may read only their own. Empty when none was ever given.',
        headers: ApiHeaders,
        params: CustomerIdParams,
        response: { 200: ConsentsSchema, ...errorResponses(400) },
      },
    },
    async (request) => {
      const { customerId } = request.params;
      const { state, revision } = await customers.load(customerId);
      return { customerId, consents: consentList(state), revision };
    },
  );

  app.post(
    '/customers/:customerId/consent',
    {
      config: { roles: ROUTE_ROLES.manageConsent },
      schema: {
        tags: ['customers'],
        summary: 'Give or withdraw a consent',
        description:
          'Records `ConsentGiven` or `ConsentWithdrawn` with the purpose, channel, source and time. The consent as it ' +
          'stands already is 409 `customer.consent-unchanged`. A customer may change only their own.',
        headers: CommandHeaders,
        params: CustomerIdParams,
        body: ConsentBody,
        response: { 200: ConsentsSchema, ...errorResponses(400, 403, 409, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const { customerId } = request.params;
      const { granted, purpose, channel, source } = request.body;
      const type = granted ? ('GiveConsent' as const) : ('WithdrawConsent' as const);
      const metadata = commandMetadata(request, idempotencyKeyOf(request) ?? options.newId());
      const outcome = await customers.execute({ command: { type, customerId, purpose, channel, source }, metadata });
      if (outcome.status === 'rejected') throw rejectionError(outcome.rejection);
      if (outcome.duplicate) reply.headers({ 'idempotent-replayed': 'true' });
      const { state, revision } = await customers.load(customerId);
      return { customerId, consents: consentList(state), revision };
    },
  );

  app.get(
    '/consents',
    {
      config: { roles: ROUTE_ROLES.followConsents },
      schema: {
        tags: ['customers'],
        summary: 'Consent changes and erasures of every customer, in log order',
        description:
          'For integrations that keep their own list (a mailing tool): read from `after` (a log position), pass ' +
          '`next` back. An `erased` change means: forget everything of that customer.',
        headers: ApiHeaders,
        querystring: ConsentChangesQuery,
        response: { 200: ConsentChangesSchema, ...errorResponses(400) },
      },
    },
    async (request) => {
      const after = request.query.after ?? 0;
      const limit = request.query.limit ?? 100;
      const read = await events.readAll({ afterPosition: after, maxCount: limit, streamPrefixes: ['customer-'] });
      const changes = read.map(consentChange);
      return { changes, next: read.at(-1)?.position ?? after };
    },
  );
};
