import { Type } from 'typebox';
import { closed, Instant } from '../orders/order-values.schemas.ts';
import { ActorSchema } from '../orders/orders.schemas.ts';

const Hash = Type.String({
  description: "The event's chain hash (docs/audit.md), to check against the log with `ordinal verify`.",
});

/** The answer of `GET /orders/:orderId/audit`. */
export const OrderAuditSchema = closed(
  {
    orderId: Type.String(),
    revision: Type.Integer(),
    entries: Type.Array(
      closed({
        revision: Type.Integer({ minimum: 1 }),
        position: Type.Integer({ minimum: 1 }),
        eventId: Type.String(),
        type: Type.String(),
        occurredAt: Instant,
        recordedAt: Instant,
        actor: ActorSchema,
        decidedBy: Type.String({
          description: 'Who or what took it, in words: `ana (finance)`, `system:order-router`.',
        }),
        decision: Type.Boolean({
          description: 'True for a decision (rules, holds, approvals, routing, refunds…), false for a plain fact.',
        }),
        summary: Type.String(),
        explanation: Type.Array(Type.String()),
        versions: Type.Record(Type.String(), Type.Integer(), {
          description:
            'Rule set, routing policy and risk rule versions the decision used, and the input versions the command was built with.',
        }),
        inputs: Type.Object(
          {},
          { additionalProperties: true, description: "The event's data as recorded: the decision's inputs." },
        ),
        hash: Type.Union([Hash, Type.Null()]),
        import: Type.Optional(
          closed({ source: Type.String(), runId: Type.String(), record: Type.Optional(Type.String()) }),
        ),
      }),
    ),
  },
  { title: 'OrderAudit' },
);

/** The query of `GET /audit/export`. */
export const AuditExportQuery = closed({
  from: Type.Optional(
    Type.String({ format: 'date-time', description: 'Events that occurred at or after this instant.' }),
  ),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'Events that occurred before this instant.' })),
  format: Type.Optional(Type.Union([Type.Literal('ndjson'), Type.Literal('csv')], { default: 'ndjson' })),
});
