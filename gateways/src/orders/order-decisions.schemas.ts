import { Type } from '@fastify/type-provider-typebox';

const Line = Type.Object({ lineId: Type.String(), quantity: Type.Integer() }, { additionalProperties: false });

const RoutingSummary = Type.Object(
  {
    attempt: Type.Integer({ minimum: 1 }),
    outcome: Type.Union([Type.Literal('routed'), Type.Literal('unroutable')]),
    policy: Type.String(),
    policyVersion: Type.Integer(),
    candidates: Type.Integer({ description: 'Locations the router was given (with stock of a SKU of the order).' }),
    destination: Type.Object(
      {
        country: Type.String(),
        region: Type.String(),
        locatedBy: Type.Union(
          [
            Type.Literal('address'),
            Type.Literal('postal-table'),
            Type.Literal('region-centroid'),
            Type.Literal('unrecorded'),
          ],
          {
            description:
              "How the destination was placed: the address's own coordinates, a postal-code table, the middle of the region's locations; `unrecorded` for decisions older than the record of it.",
          },
        ),
      },
      { additionalProperties: false },
    ),
    excludedLocations: Type.Array(
      Type.Object({ locationId: Type.String(), reason: Type.String() }, { additionalProperties: false }),
    ),
    plan: Type.Array(
      Type.Object(
        {
          locationId: Type.String(),
          service: Type.String(),
          lines: Type.Array(Line),
          distanceKm: Type.Number(),
          shippingCost: Type.String({ description: 'In words, e.g. `R$ 12.90`.' }),
          promisedDate: Type.String(),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

/** The answer of `GET /orders/:orderId/decisions`. */
export const OrderDecisionsSchema = Type.Object(
  {
    orderId: Type.String(),
    revision: Type.Integer(),
    decisions: Type.Array(
      Type.Object(
        {
          revision: Type.Integer({ description: 'The event that records the decision.' }),
          occurredAt: Type.String(),
          kind: Type.Union([Type.Literal('routing'), Type.Literal('allocation'), Type.Literal('rejection')], {
            description:
              '`routing`: the router chose (or found no plan); `allocation`: made by hand; `rejection`: a location gave its shipment back (or it failed there).',
          }),
          decidedBy: Type.String(),
          summary: Type.String(),
          explanation: Type.Array(Type.String()),
          routing: Type.Optional(RoutingSummary),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { $id: 'OrderDecisions', additionalProperties: false },
);
