import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type RuleSetEvent, ruleSetVersion } from '@ordinal/domain';
import { ApiError, errorResponses } from '../http/errors.ts';
import { ApiHeaders, CommandHeaders, commandMetadata, idempotencyKeyOf } from '../http/request-context.ts';
import { ROUTE_ROLES } from '../http/roles.ts';
import {
  ChangedAnswer,
  DryRunAnswer,
  DryRunBody,
  ReasonBody,
  RecordedAnswer,
  RuleSetAnswer,
  RuleSetBody,
  RuleSetList,
  RuleSetParams,
  RuleSetVersionAnswer,
  RuleSetVersionParams,
} from './rule-sets.schemas.ts';
import { dryRunAnswer, type RuleSetRoutesOptions, RuleSets, statusOf, summaryOf } from './rule-sets.service.ts';

const TAGS = ['rules'];

/** The answer to a create or an edit: the draft version the document became. */
function draftAnswer(name: string, event: RuleSetEvent) {
  return { name, version: (event.data as { version: number }).version, status: 'draft' as const };
}

/**
 * `GET /rules/sets`, `GET /rules/sets/:name`, `GET /rules/sets/:name/versions/:version`,
 * `POST /rules/sets` (create), `POST /rules/sets/:name/versions` (edit: a new draft),
 * `POST /rules/sets/:name/versions/:version/activate`, `POST /rules/sets/:name/retire` and
 * `POST /rules/sets/:name/versions/:version/dry-run`.
 */
export const ruleSetRoutes: FastifyPluginAsyncTypebox<RuleSetRoutesOptions> = async (app, options) => {
  const sets = new RuleSets(options);
  const metadataOf = (request: Parameters<typeof commandMetadata>[0]) =>
    commandMetadata(request, idempotencyKeyOf(request) ?? options.newId());

  app.get(
    '/rules/sets',
    {
      config: { roles: ROUTE_ROLES.readRules },
      schema: {
        tags: TAGS,
        summary: 'Every rule set: its active and latest version, retired or not',
        headers: ApiHeaders,
        response: { 200: RuleSetList, ...errorResponses(400) },
      },
    },
    async () => ({ sets: (await sets.list()).map(summaryOf) }),
  );

  app.get(
    '/rules/sets/:name',
    {
      config: { roles: ROUTE_ROLES.readRules },
      schema: {
        tags: TAGS,
        summary: 'One rule set: each version’s status and every change with who, when and why',
        headers: ApiHeaders,
        params: RuleSetParams,
        response: { 200: RuleSetAnswer, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const history = await sets.get(request.params.name);
      const versions = history.state.versions.map((document, i) => ({
        version: i + 1,
        status: statusOf(history.state, i + 1),
        rules: document.rules.length,
      }));
      return { ...summaryOf(history), versions, changes: history.changes.map((c) => ({ ...c })) };
    },
  );

  app.get(
    '/rules/sets/:name/versions/:version',
    {
      config: { roles: ROUTE_ROLES.readRules },
      schema: {
        tags: TAGS,
        summary: 'One version of a rule set: its status and its document',
        headers: ApiHeaders,
        params: RuleSetVersionParams,
        response: { 200: RuleSetVersionAnswer, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const { name, version } = request.params;
      const { state } = await sets.get(name);
      const document = ruleSetVersion(state, version);
      if (document === undefined) {
        throw new ApiError(404, 'rules.version-not-found', `rule set ${name} has no version ${version}`, {
          version,
          latestVersion: state.versions.length,
        });
      }
      return { name, version, status: statusOf(state, version), document: { ...document } };
    },
  );

  app.post(
    '/rules/sets',
    {
      config: { roles: ROUTE_ROLES.manageRules },
      schema: {
        tags: TAGS,
        summary: 'Create a rule set: its document becomes version 1, a draft (admin)',
        description:
          'The body is a whole rule set document (docs/rules.md); its `name` names the set. An invalid document is ' +
          '422 `rules.invalid-rule-set` with every problem and its JSON pointer; an existing name is 409 ' +
          '`rules.set-exists`. Nothing is evaluated until a version is activated.',
        headers: CommandHeaders,
        body: RuleSetBody,
        response: { 201: RecordedAnswer, ...errorResponses(400, 403, 409, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const given = (request.body as { name?: unknown }).name;
      const name = typeof given === 'string' ? given : '';
      const { event } = await sets.execute(
        { type: 'CreateRuleSet', name, document: request.body },
        metadataOf(request),
      );
      return reply.status(201).send(draftAnswer(name, event));
    },
  );

  app.post(
    '/rules/sets/:name/versions',
    {
      config: { roles: ROUTE_ROLES.manageRules },
      schema: {
        tags: TAGS,
        summary: 'Edit a rule set: the whole document becomes its next version, a draft (admin)',
        headers: CommandHeaders,
        params: RuleSetParams,
        body: RuleSetBody,
        response: { 201: RecordedAnswer, ...errorResponses(400, 403, 404, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const { name } = request.params;
      const { event } = await sets.execute({ type: 'EditRuleSet', name, document: request.body }, metadataOf(request));
      return reply.status(201).send(draftAnswer(name, event));
    },
  );

  app.post(
    '/rules/sets/:name/versions/:version/activate',
    {
      config: { roles: ROUTE_ROLES.manageRules },
      schema: {
        tags: TAGS,
        summary: 'Make a version the one evaluated for the orders that come next (admin)',
        description:
          'Recorded with who, why and the version it replaces. Orders already placed keep what they recorded. ' +
          'Activating the active version is 409 `rules.already-active`; a retired set comes back this way.',
        headers: CommandHeaders,
        params: RuleSetVersionParams,
        body: ReasonBody,
        response: { 200: ChangedAnswer, ...errorResponses(400, 403, 404, 409, 413, 415, 422) },
      },
    },
    async (request) => {
      const { name, version } = request.params;
      const command = { type: 'ActivateRuleSet' as const, name, version, reason: request.body.reason };
      const { event, by } = await sets.execute(command, metadataOf(request));
      return { ...(event.data as { name: string; reason: string }), by };
    },
  );

  app.post(
    '/rules/sets/:name/retire',
    {
      config: { roles: ROUTE_ROLES.manageRules },
      schema: {
        tags: TAGS,
        summary: 'Retire a rule set: it evaluates nothing from now on (admin)',
        headers: CommandHeaders,
        params: RuleSetParams,
        body: ReasonBody,
        response: { 200: ChangedAnswer, ...errorResponses(400, 403, 404, 409, 413, 415, 422) },
      },
    },
    async (request) => {
      const command = { type: 'RetireRuleSet' as const, name: request.params.name, reason: request.body.reason };
      const { event, by } = await sets.execute(command, metadataOf(request));
      return { ...(event.data as { name: string; reason: string }), by };
    },
  );

  app.post(
    '/rules/sets/:name/versions/:version/dry-run',
    {
      config: { roles: ROUTE_ROLES.dryRunRules },
      schema: {
        tags: TAGS,
        summary: 'What a version would decide for recorded orders, next to what they recorded (nothing is recorded)',
        description:
          'Body `{ "orderId": … }` or `{ "last": N }` (the N orders placed most recently). Each order is evaluated on ' +
          'the facts its OrderPlaced and RulesApplied recorded, never on today’s data, and compared with what this ' +
          'set recorded for it then.',
        headers: ApiHeaders,
        params: RuleSetVersionParams,
        body: DryRunBody,
        response: { 200: DryRunAnswer, ...errorResponses(400, 404, 413, 415) },
      },
    },
    async (request) => {
      const { name, version } = request.params;
      return dryRunAnswer(await sets.dryRun(name, version, request.body));
    },
  );
};
