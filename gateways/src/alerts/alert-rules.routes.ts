import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApiError, errorResponses } from '../http/errors.ts';
import { ApiHeaders, CommandHeaders, commandMetadata, idempotencyKeyOf } from '../http/request-context.ts';
import { ROUTE_ROLES } from '../http/roles.ts';
import {
  AlertRuleSetAnswer,
  AlertRuleSetBody,
  AlertRuleSetChanged,
  AlertRuleSetDraftQuery,
  AlertRuleSetList,
  AlertRuleSetParams,
  AlertRuleSetReason,
  AlertRuleSetVersionAnswer,
  AlertRuleSetVersionParams,
} from './alerts.schemas.ts';
import { type AlertRoutesOptions, Alerts, versionStatus } from './alerts.service.ts';

const TAGS = ['alerts'];

/**
 * `GET /alerts/rules`, `GET /alerts/rules/:name`, `GET /alerts/rules/:name/versions/:version`,
 * `POST /alerts/rules/:name/versions` (a draft) and `POST /alerts/rules/:name/versions/:version/activate`.
 */
export const alertRuleRoutes: FastifyPluginAsyncTypebox<AlertRoutesOptions> = async (app, options) => {
  const alerts = new Alerts(options);
  const metadataOf = (request: Parameters<typeof commandMetadata>[0]) =>
    commandMetadata(request, idempotencyKeyOf(request) ?? options.newId());

  app.get(
    '/alerts/rules',
    {
      config: { roles: ROUTE_ROLES.readAlerts },
      schema: {
        tags: TAGS,
        summary: 'Every alert rule set: its active and latest version',
        headers: ApiHeaders,
        response: { 200: AlertRuleSetList, ...errorResponses(400) },
      },
    },
    async () => ({
      sets: (await alerts.ruleSets()).map(({ name, state, builtIn }) => ({
        name,
        activeVersion: state.activeVersion ?? null,
        latestVersion: state.versions.length,
        builtIn,
      })),
    }),
  );

  app.get(
    '/alerts/rules/:name',
    {
      config: { roles: ROUTE_ROLES.readAlerts },
      schema: {
        tags: TAGS,
        summary: 'One alert rule set: each version’s status and every change with who, when and why',
        headers: ApiHeaders,
        params: AlertRuleSetParams,
        response: { 200: AlertRuleSetAnswer, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const { name, state, builtIn, changes } = await alerts.ruleSet(request.params.name);
      return {
        name,
        activeVersion: state.activeVersion ?? null,
        latestVersion: state.versions.length,
        builtIn,
        versions: state.versions.map((document, i) => ({
          version: i + 1,
          status: versionStatus(state, i + 1),
          rules: document.rules.length,
        })),
        changes: changes.map((c) => ({ ...c })),
      };
    },
  );

  app.get(
    '/alerts/rules/:name/versions/:version',
    {
      config: { roles: ROUTE_ROLES.readAlerts },
      schema: {
        tags: TAGS,
        summary: 'One version of an alert rule set: its status and its document',
        headers: ApiHeaders,
        params: AlertRuleSetVersionParams,
        response: { 200: AlertRuleSetVersionAnswer, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const { name, version } = request.params;
      const { state } = await alerts.ruleSet(name);
      const document = state.versions[version - 1];
      if (document === undefined) {
        throw new ApiError(404, 'alert.version-not-found', `alert rule set ${name} has no version ${version}`, {
          version,
          latestVersion: state.versions.length,
        });
      }
      return { name, version, status: versionStatus(state, version), document: { ...document } };
    },
  );

  app.post(
    '/alerts/rules/:name/versions',
    {
      config: { roles: ROUTE_ROLES.manageAlertRules },
      schema: {
        tags: TAGS,
        summary: 'Draft an alert rule set: the whole document becomes its next version (admin)',
        description:
          'The body is a whole alert rule set document (docs/alerts.md) named like the path. An invalid document is ' +
          '422 `alert.invalid-rule-set` with every problem and its JSON pointer. With `?expectedVersion=`, a draft ' +
          'written against an older version is 409 `alert.version-conflict`. Nothing changes until it is activated.',
        headers: CommandHeaders,
        params: AlertRuleSetParams,
        querystring: AlertRuleSetDraftQuery,
        body: AlertRuleSetBody,
        response: { 201: AlertRuleSetChanged, ...errorResponses(400, 403, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const { name } = request.params;
      const event = await alerts.executeRules(
        { type: 'DraftAlertRuleSet', name, document: request.body, ...request.query },
        metadataOf(request),
      );
      return reply.status(201).send({ name, version: event.data.version, status: 'draft', by: event.metadata.actor });
    },
  );

  app.post(
    '/alerts/rules/:name/versions/:version/activate',
    {
      config: { roles: ROUTE_ROLES.manageAlertRules },
      schema: {
        tags: TAGS,
        summary: 'Make a version the one the alert evaluator runs, saying why (admin)',
        description: 'Activating the active version is 409 `alert.version-active`.',
        headers: CommandHeaders,
        params: AlertRuleSetVersionParams,
        body: AlertRuleSetReason,
        response: { 200: AlertRuleSetChanged, ...errorResponses(400, 403, 404, 409, 413, 415, 422) },
      },
    },
    async (request) => {
      const { name, version } = request.params;
      const event = await alerts.executeRules(
        { type: 'ActivateAlertRuleSet', name, version, reason: request.body.reason },
        metadataOf(request),
      );
      return { name, version, status: 'active', by: event.metadata.actor };
    },
  );
};
