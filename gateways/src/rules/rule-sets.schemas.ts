import { Type } from 'typebox';
import { closed, Instant } from '../orders/order-values.schemas.ts';
import { ActorSchema } from '../orders/orders.schemas.ts';

/** The largest `last` a dry-run over HTTP takes. */
export const MAX_DRY_RUN_ORDERS = 5_000;

const Name = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$', description: 'The rule set name.' });
const Open = Type.Object({}, { additionalProperties: true });

/** `:name` in a path. */
export const RuleSetParams = closed({ name: Name });

/** `:name/versions/:version` in a path. */
export const RuleSetVersionParams = closed({ name: Name, version: Type.Integer({ minimum: 1 }) });

/** A rule set document (docs/rules.md): checked in full by the domain, every problem told at once. */
export const RuleSetBody = Type.Object({}, { additionalProperties: true, title: 'RuleSetDocument' });

/** Why a version is activated or a set retired. */
export const ReasonBody = closed(
  { reason: Type.String({ minLength: 1, maxLength: 500, description: 'Why, for the audit trail.' }) },
  { title: 'RuleSetReason' },
);

/** What a dry-run evaluates: one recorded order, or the last N placed. */
export const DryRunBody = Type.Union(
  [
    closed({ orderId: Type.String({ minLength: 1, maxLength: 200 }) }),
    closed({ last: Type.Integer({ minimum: 1, maximum: MAX_DRY_RUN_ORDERS }) }),
  ],
  { title: 'RuleSetDryRun' },
);

const Status = Type.Union([Type.Literal('draft'), Type.Literal('active'), Type.Literal('retired')]);

const summaryFields = {
  name: Type.String(),
  description: Type.String(),
  activeVersion: Type.Union([Type.Integer(), Type.Null()], { description: 'null: a draft only, or retired.' }),
  latestVersion: Type.Integer(),
  retired: Type.Boolean(),
  builtIn: Type.Boolean({ description: 'The default set before anything was recorded for it.' }),
};

/** The answer of `GET /rules/sets`. */
export const RuleSetList = closed({ sets: Type.Array(closed(summaryFields)) }, { title: 'RuleSets' });

const Change = closed({
  type: Type.String(),
  version: Type.Optional(Type.Integer()),
  reason: Type.Optional(Type.String()),
  by: ActorSchema,
  at: Instant,
});

/** The answer of `GET /rules/sets/:name`: the summary, each version's status and every change. */
export const RuleSetAnswer = closed(
  {
    ...summaryFields,
    versions: Type.Array(closed({ version: Type.Integer(), status: Status, rules: Type.Integer() })),
    changes: Type.Array(Change),
  },
  { title: 'RuleSet' },
);

/** The answer of `GET /rules/sets/:name/versions/:version`. */
export const RuleSetVersionAnswer = closed(
  { name: Type.String(), version: Type.Integer(), status: Status, document: Open },
  { title: 'RuleSetVersion' },
);

/** The answer of a create or an edit. */
export const RecordedAnswer = closed(
  { name: Type.String(), version: Type.Integer(), status: Type.Literal('draft') },
  { title: 'RuleSetRecorded' },
);

/** The answer of an activation or a retirement. */
export const ChangedAnswer = closed(
  {
    name: Type.String(),
    version: Type.Optional(Type.Integer()),
    previousVersion: Type.Optional(Type.Integer()),
    reason: Type.String(),
    by: ActorSchema,
  },
  { title: 'RuleSetChanged' },
);

const Difference = closed({ field: Type.String(), recorded: Type.Unknown(), wouldBe: Type.Unknown() });

/** The answer of a dry-run: per order, what was recorded and what this version would decide. */
export const DryRunAnswer = closed(
  {
    ruleSet: closed({ name: Type.String(), version: Type.Integer() }),
    orders: Type.Integer({ description: 'Recorded orders evaluated.' }),
    changed: Type.Integer({ description: 'Orders this version would decide differently.' }),
    differencesByField: Type.Record(Type.String(), Type.Integer()),
    results: Type.Array(
      closed({
        orderId: Type.String(),
        recordedVersion: Type.Union([Type.Integer(), Type.Null()], {
          description: 'The version of this set the order met; null when the set was not evaluated then.',
        }),
        recordedMatched: Type.Array(Type.String()),
        wouldMatch: Type.Array(Type.String()),
        facts: Open,
        effects: Open,
        differences: Type.Array(Difference),
      }),
    ),
  },
  { title: 'RuleSetDryRunReport' },
);
