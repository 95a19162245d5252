import { Type } from 'typebox';
import { closed, Id, Instant } from '../orders/order-values.schemas.ts';
import { ActorSchema, RecordedEventSchema } from '../orders/orders.schemas.ts';

const Token = Type.String({ pattern: '^[a-z0-9][a-z0-9._-]{0,39}$' });

/** Body of `POST /customers/:customerId/erase`. */
export const EraseBody = closed(
  {
    reason: Type.String({
      minLength: 1,
      maxLength: 500,
      description: 'Why: the request’s reference, the law it answers.',
    }),
  },
  { title: 'EraseCustomer' },
);

/** Answer of an erasure. */
export const ErasureSchema = closed(
  {
    customerId: Id,
    reason: Type.String(),
    erasedBy: ActorSchema,
    erasedAt: Instant,
    payloads: Type.Array(Type.String(), {
      description: 'The parked channel or carrier payloads (stream ids) found to name the customer, erased with them.',
    }),
    keysDestroyed: Type.Integer({
      minimum: 0,
      description: 'Keys destroyed by this call, the customer’s and their parked payloads’ (0 on a repeat).',
    }),
    revision: Type.Integer({ minimum: 1, description: 'The customer stream’s revision after the erasure.' }),
  },
  { title: 'Erasure' },
);

/** One consent as it stands. */
export const ConsentSchema = closed(
  {
    purpose: Type.String(),
    channel: Type.String(),
    granted: Type.Boolean(),
    source: Type.String(),
    changedAt: Instant,
  },
  { title: 'Consent' },
);

/** Body of `POST /customers/:customerId/consent`. */
export const ConsentBody = closed(
  {
    purpose: { ...Token, description: 'What the customer may be contacted for, e.g. `marketing`.' },
    channel: { ...Token, description: 'How, e.g. `email`, `sms`, `post`.' },
    granted: Type.Boolean({ description: 'true gives the consent, false withdraws it.' }),
    source: Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'Where it was taken: a form, a channel, a call.',
    }),
  },
  { title: 'ConsentChange' },
);

/** A customer's consents. */
export const ConsentsSchema = closed(
  {
    customerId: Id,
    consents: Type.Array(ConsentSchema),
    revision: Type.Integer({ minimum: 0, description: 'The customer stream’s revision these reflect.' }),
  },
  { title: 'CustomerConsents' },
);

/** `GET /consents` paging: changes after a log position. */
export const ConsentChangesQuery = closed({
  after: Type.Optional(
    Type.Integer({ minimum: 0, description: 'Changes after this log position (0 or absent: from the start).' }),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
});

/** Consent changes and erasures in log order, for integrations that keep their own copy. */
export const ConsentChangesSchema = closed(
  {
    changes: Type.Array(
      closed({
        position: Type.Integer({ minimum: 1 }),
        customerId: Id,
        kind: Type.Union([Type.Literal('given'), Type.Literal('withdrawn'), Type.Literal('erased')]),
        purpose: Type.Optional(Type.String()),
        channel: Type.Optional(Type.String()),
        source: Type.Optional(Type.String()),
        at: Instant,
      }),
    ),
    next: Type.Integer({ minimum: 0, description: 'Pass back as `after` for the next page.' }),
  },
  { title: 'ConsentChanges' },
);

const Loose = Type.Object({}, { additionalProperties: true });

/** Everything held about a customer (an access request), personal data in the clear. */
export const CustomerExportSchema = closed(
  {
    customerId: Id,
    exportedAt: Instant,
    erasures: Type.Array(closed({ erasedAt: Instant, reason: Type.String() })),
    consents: Type.Array(ConsentSchema),
    customerEvents: Type.Array(RecordedEventSchema),
    orders: Type.Array(closed({ orderId: Id, events: Type.Array(RecordedEventSchema) })),
    parkedPayloads: Type.Array(
      closed({
        streamId: Type.String(),
        source: Type.Union([Type.Literal('channel'), Type.Literal('carrier')]),
        from: Type.String({ description: 'The channel or carrier that sent it.' }),
        payload: Type.Unknown(),
        receivedAt: Instant,
      }),
      { description: 'Payloads still parked by channel or carrier intake that name the customer, as received.' },
    ),
    readModels: Type.Record(Type.String(), Type.Array(Loose), {
      description: 'Documents about the customer, by read model (orderTracking, riskAccounts, repurchaseEstimates).',
    }),
  },
  { title: 'CustomerExport' },
);
