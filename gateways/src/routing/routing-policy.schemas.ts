import { Type } from 'typebox';
import { closed, Instant, MoneySchema } from '../orders/order-values.schemas.ts';
import { ActorSchema } from '../orders/orders.schemas.ts';

/** The largest `limit` a simulation over HTTP takes; the CLI has none. */
export const MAX_SIMULATION_LIMIT = 5_000;

/** The default number of recent routed orders a simulation replays. */
export const DEFAULT_SIMULATION_LIMIT = 500;

/** `:version` in a path. */
export const PolicyVersionParams = closed({ version: Type.Integer({ minimum: 1 }) });

/** A policy document as sent to `POST /routing/policies`: checked in full by the domain, every problem told at once. */
export const PolicyBody = Type.Object({}, { additionalProperties: true, title: 'RoutingPolicyBody' });

/** The body of an activation. */
export const ActivateBody = closed(
  { reason: Type.String({ minLength: 1, maxLength: 500, description: 'Why, for the audit trail.' }) },
  { title: 'ActivateRoutingPolicy' },
);

/** The body of a simulation. */
export const SimulateBody = closed(
  {
    limit: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: MAX_SIMULATION_LIMIT,
        description: `Replay the most recently routed orders, at most this many (default ${DEFAULT_SIMULATION_LIMIT}).`,
      }),
    ),
  },
  { title: 'SimulateRoutingPolicy' },
);

const Status = Type.Union([Type.Literal('draft'), Type.Literal('active'), Type.Literal('retired')]);

const Activation = closed(
  {
    version: Type.Integer(),
    previousVersion: Type.Integer(),
    reason: Type.String(),
    activatedBy: ActorSchema,
    activatedAt: Instant,
  },
  { title: 'RoutingPolicyActivation' },
);

const versionFields = {
  version: Type.Integer({ minimum: 1 }),
  name: Type.String(),
  status: Status,
  builtIn: Type.Boolean({ description: 'Version 1: the default shipped with Ordinal, active until another is.' }),
  draftedBy: Type.Optional(ActorSchema),
  draftedAt: Type.Optional(Instant),
  lastActivation: Type.Optional(Activation),
  retiredAt: Type.Optional(Instant),
};

/** The answer of `GET /routing/policies`. */
export const PolicyList = closed(
  {
    activeVersion: Type.Integer({ minimum: 1 }),
    revision: Type.Integer({ minimum: 0, description: 'Events of `routing-policies` the view has applied.' }),
    versions: Type.Array(closed(versionFields, { title: 'RoutingPolicySummary' })),
    activations: Type.Array(Activation),
  },
  { title: 'RoutingPolicies' },
);

/** The answer of `GET /routing/policies/:version`: the summary and the document. */
export const PolicyVersionAnswer = closed(
  { ...versionFields, policy: Type.Object({}, { additionalProperties: true }) },
  { title: 'RoutingPolicyVersion' },
);

/** The answer of a draft. */
export const DraftedAnswer = closed(
  { version: Type.Integer({ minimum: 2 }), name: Type.String(), status: Type.Literal('draft') },
  { title: 'RoutingPolicyDrafted' },
);

/** The answer of an activation. */
export const ActivatedAnswer = closed(
  {
    version: Type.Integer({ minimum: 1 }),
    previousVersion: Type.Integer({ minimum: 1 }),
    reason: Type.String(),
    activatedBy: ActorSchema,
  },
  { title: 'RoutingPolicyActivated' },
);

const Totals = closed(
  {
    orders: Type.Integer(),
    routed: Type.Integer(),
    unroutable: Type.Integer(),
    shipments: Type.Integer(),
    shippingCosts: Type.Array(MoneySchema, {
      description:
        'One sum per currency (each destination country is priced in its tariff’s currency), by currency code.',
    }),
    distanceKm: Type.Number({ description: 'To 0.1 km.' }),
    splitOrders: Type.Integer(),
    splitRate: Type.Number({ description: 'Split orders over routed orders.' }),
    promiseMisses: Type.Integer({ description: 'Routed orders that would arrive after their promised date.' }),
  },
  { title: 'SimulationTotals' },
);

const Plan = closed({
  outcome: Type.Union([Type.Literal('routed'), Type.Literal('unroutable')]),
  policyVersion: Type.Integer(),
  plan: Type.String({ description: 'Each shipment: location, service, [line ids]; or `unroutable`.' }),
  shippingCost: Type.Union([MoneySchema, Type.Null()]),
  distanceKm: Type.Number(),
  promiseMissed: Type.Boolean(),
});

/** The answer of a simulation. */
export const SimulationAnswer = closed(
  {
    policy: closed({ version: Type.Integer(), name: Type.String() }),
    orders: Type.Integer({ description: 'Recorded routed orders replayed.' }),
    eventsRead: Type.Integer({ description: 'Order events read from the log to find them.' }),
    changed: Type.Array(closed({ orderId: Type.String(), before: Plan, after: Plan })),
    totals: closed({ before: Totals, after: Totals }),
  },
  { title: 'RoutingSimulation' },
);
