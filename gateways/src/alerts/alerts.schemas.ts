import { Type } from 'typebox';
import { closed, Instant, nullable } from '../orders/order-values.schemas.ts';
import { ActorSchema } from '../orders/orders.schemas.ts';

const AlertId = Type.String({ pattern: '^[A-Za-z0-9._:-]{1,200}$', description: 'The alert id.' });
const RuleSetName = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$', description: 'The alert rule set name.' });
const Figures = Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]), {
  description: 'The figures the evaluation read (counts, shares, windows, deadlines).',
});
const Open = (title: string) => Type.Object({}, { additionalProperties: true, title });

/** `:alertId` in a path. */
export const AlertParams = closed({ alertId: AlertId });

/** `GET /alerts` query. */
export const AlertListQuery = closed({
  status: Type.Optional(
    Type.Union([Type.Literal('open'), Type.Literal('acknowledged'), Type.Literal('resolved')], {
      description: 'Only alerts in this status (default: all).',
    }),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100, description: 'At most this many.' })),
});

/** One alert as listed. */
export const AlertItem = closed(
  {
    alertId: Type.String(),
    revision: Type.Integer({ description: 'How many events the alert has had (raised: 1).' }),
    status: Type.String(),
    rule: closed({ ruleSet: Type.String(), version: Type.Integer(), ruleId: Type.String(), kind: Type.String() }),
    subject: closed({ kind: Type.String(), id: Type.String() }),
    summary: Type.String(),
    figures: Figures,
    evaluatedAt: Instant,
    raisedAt: Instant,
    notify: closed({ audience: Type.String(), email: Type.Array(Type.String()), webhooks: Type.Boolean() }),
    acknowledged: nullable(closed({ by: ActorSchema, note: Type.String(), at: Instant })),
    resolved: nullable(
      closed({
        how: Type.String(),
        reason: Type.String(),
        by: ActorSchema,
        figures: nullable(Figures),
        at: Instant,
      }),
    ),
  },
  { title: 'Alert' },
);

export const AlertList = closed({ count: Type.Integer(), items: Type.Array(AlertItem) }, { title: 'Alerts' });

export const AcknowledgeBody = closed(
  { note: Type.Optional(Type.String({ maxLength: 1000, description: 'What is being done about it.' })) },
  { title: 'AlertAcknowledgement' },
);

export const ResolveBody = closed(
  { reason: Type.String({ minLength: 1, maxLength: 1000, description: 'Why the alert is over.' }) },
  { title: 'AlertResolution' },
);

export const DeliveryList = closed(
  {
    alertId: Type.String(),
    deliveries: Type.Array(
      closed({
        event: Type.String(),
        channel: Type.String(),
        target: Type.String(),
        status: Type.String(),
        attempts: Type.Array(
          closed({
            attempt: Type.Integer(),
            at: Instant,
            outcome: Type.String(),
            status: Type.Optional(Type.Integer()),
            error: Type.Optional(Type.String()),
            retryAt: Type.Optional(Instant),
          }),
        ),
      }),
    ),
  },
  { title: 'AlertDeliveries' },
);

/** `:name` and `:name/versions/:version` in a path. */
export const AlertRuleSetParams = closed({ name: RuleSetName });
export const AlertRuleSetVersionParams = closed({ name: RuleSetName, version: Type.Integer({ minimum: 1 }) });

/** `?expectedVersion=` of a draft: the version it is meant to become. */
export const AlertRuleSetDraftQuery = closed({
  expectedVersion: Type.Optional(
    Type.Integer({
      minimum: 1,
      description: 'The version the draft is meant to become (the latest seen + 1); 409 when another came first.',
    }),
  ),
});

/** An alert rule set document (docs/alerts.md), checked in full by the domain. */
export const AlertRuleSetBody = Open('AlertRuleSetDocument');

export const AlertRuleSetReason = closed(
  { reason: Type.String({ minLength: 1, maxLength: 500, description: 'Why, for the audit trail.' }) },
  { title: 'AlertRuleSetReason' },
);

const Change = closed({
  type: Type.String(),
  version: Type.Integer(),
  reason: Type.Optional(Type.String()),
  by: ActorSchema,
  at: Instant,
});

export const AlertRuleSetList = closed(
  {
    sets: Type.Array(
      closed({
        name: Type.String(),
        activeVersion: nullable(Type.Integer()),
        latestVersion: Type.Integer(),
        builtIn: Type.Boolean(),
      }),
    ),
  },
  { title: 'AlertRuleSets' },
);

export const AlertRuleSetAnswer = closed(
  {
    name: Type.String(),
    activeVersion: nullable(Type.Integer()),
    latestVersion: Type.Integer(),
    builtIn: Type.Boolean(),
    versions: Type.Array(closed({ version: Type.Integer(), status: Type.String(), rules: Type.Integer() })),
    changes: Type.Array(Change),
  },
  { title: 'AlertRuleSet' },
);

export const AlertRuleSetVersionAnswer = closed(
  { name: Type.String(), version: Type.Integer(), status: Type.String(), document: Open('AlertRuleSetVersion') },
  { title: 'AlertRuleSetVersion' },
);

export const AlertRuleSetChanged = closed(
  { name: Type.String(), version: Type.Integer(), status: Type.String(), by: ActorSchema },
  { title: 'AlertRuleSetChange' },
);
