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

const ConsolidationSummary = Type.Object(
  {
    consolidationId: Type.String(),
    consolidatedShipmentId: Type.String(),
    shipmentId: Type.String({ description: "This order's shipment in the parcel." }),
    locationId: Type.String(),
    memberCount: Type.Integer(),
    windowMinutes: Type.Integer(),
    supersedes: Type.Array(Type.String()),
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
          kind: Type.Union(
            [
              Type.Literal('routing'),
              Type.Literal('allocation'),
              Type.Literal('rejection'),
              Type.Literal('consolidation'),
              Type.Literal('consolidation-undone'),
            ],
            {
              description:
                "`routing`: the router chose (or found no plan); `allocation`: made by hand; `rejection`: a location gave its shipment back (or it failed there); `consolidation`: the shipment goes in one parcel with the customer's other orders to the same address; `consolidation-undone`: it is its own parcel again.",
            },
          ),
          decidedBy: Type.String(),
          summary: Type.String(),
          explanation: Type.Array(Type.String()),
          routing: Type.Optional(RoutingSummary),
          consolidation: Type.Optional(ConsolidationSummary),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { $id: 'OrderDecisions', additionalProperties: false },
);
