import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApiError, errorResponses } from '../http/errors.ts';
import { ApiHeaders, actorOf, CommandHeaders, commandMetadata, idempotencyKeyOf } from '../http/request-context.ts';
import { ROUTE_ROLES } from '../http/roles.ts';
import {
  ActivateBody,
  ActivatedAnswer,
  DEFAULT_SIMULATION_LIMIT,
  DraftedAnswer,
  PolicyBody,
  PolicyList,
  PolicyVersionAnswer,
  PolicyVersionParams,
  SimulateBody,
  SimulationAnswer,
} from './routing-policy.schemas.ts';
import { RoutingPolicies, type RoutingPolicyRoutesOptions } from './routing-policy.service.ts';

const forbidden = () =>
  new ApiError(403, 'routing.forbidden', 'only the admin role drafts and activates routing policies', {
    allowedRoles: ROUTE_ROLES.manageRoutingPolicies,
  });

/**
 * `GET /routing/policies`, `GET /routing/policies/:version`, `POST /routing/policies` (draft),
 * `POST /routing/policies/:version/activate` and `POST /routing/policies/:version/simulate`.
 */
export const routingPolicyRoutes: FastifyPluginAsyncTypebox<RoutingPolicyRoutesOptions> = async (app, options) => {
  const policies = new RoutingPolicies(options);
  const { newId } = options;

  app.get(
    '/routing/policies',
    {
      config: { roles: ROUTE_ROLES.readRoutingPolicies },
      schema: {
        tags: ['routing'],
        summary: 'Every routing policy version with its status, and every activation',
        headers: ApiHeaders,
        response: { 200: PolicyList, ...errorResponses(400) },
      },
    },
    async () => {
      const { activeVersion, revision, versions, activations } = await policies.view();
      const summaries = versions.map(({ policy: _, ...summary }) => summary);
      return { activeVersion, revision, versions: summaries, activations: [...activations] };
    },
  );

  app.get(
    '/routing/policies/:version',
    {
      config: { roles: ROUTE_ROLES.readRoutingPolicies },
      schema: {
        tags: ['routing'],
        summary: 'One routing policy version: its status and its document',
        headers: ApiHeaders,
        params: PolicyVersionParams,
        response: { 200: PolicyVersionAnswer, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const { version } = request.params;
      const view = await policies.view();
      const found = view.versions.find((v) => v.version === version);
      if (found === undefined) throw policies.notFound(version, view);
      return { ...found, policy: { ...found.policy } };
    },
  );

  app.post(
    '/routing/policies',
    {
      config: { roles: ROUTE_ROLES.manageRoutingPolicies },
      schema: {
        tags: ['routing'],
        summary: 'Draft a routing policy as the next version (admin)',
        description:
          'The body is a whole policy document (see docs/routing.md); its `version` may be left out, or must be the ' +
          'next one. An invalid document is 422 `routing.invalid-policy` with every problem and its field. A draft ' +
          'is not used until it is activated.',
        headers: CommandHeaders,
        body: PolicyBody,
        response: { 201: DraftedAnswer, ...errorResponses(400, 403, 409, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      if (actor.kind === 'system' || actor.role !== 'admin') throw forbidden();
      const metadata = commandMetadata(request, idempotencyKeyOf(request) ?? newId());
      const policy = await policies.draft(request.body, metadata);
      return reply.status(201).send({ version: policy.version, name: policy.name, status: 'draft' as const });
    },
  );

  app.post(
    '/routing/policies/:version/activate',
    {
      config: { roles: ROUTE_ROLES.manageRoutingPolicies },
      schema: {
        tags: ['routing'],
        summary: 'Make a version the one the router uses for the orders that come next (admin)',
        description:
          'Recorded with who (the acting user), the reason and the version it replaces. Orders already routed keep ' +
          'their recorded decision. Activating the active version is 409 `routing.policy-already-active`.',
        headers: CommandHeaders,
        params: PolicyVersionParams,
        body: ActivateBody,
        response: { 200: ActivatedAnswer, ...errorResponses(400, 403, 404, 409, 413, 415, 422) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      if (actor.kind === 'system' || actor.role !== 'admin') throw forbidden();
      const metadata = commandMetadata(request, idempotencyKeyOf(request) ?? newId());
      return policies.activate(request.params.version, request.body.reason, metadata);
    },
  );

  app.post(
    '/routing/policies/:version/simulate',
    {
      config: { roles: ROUTE_ROLES.simulateRoutingPolicy },
      schema: {
        tags: ['routing'],
        summary: 'What a version would have done to the most recently routed orders (nothing is recorded)',
        description:
          'Replays the recorded routing inputs of the last `limit` routed orders (default 500) under the version: ' +
          'the stock, capacity and destinations seen then, never today’s. Answers the orders whose plan would ' +
          'change and the totals before (as recorded) and after.',
        headers: ApiHeaders,
        params: PolicyVersionParams,
        body: SimulateBody,
        response: { 200: SimulationAnswer, ...errorResponses(400, 404, 413, 415) },
      },
    },
    async (request) => {
      const report = await policies.simulate(request.params.version, request.body.limit ?? DEFAULT_SIMULATION_LIMIT);
      return { ...report, changed: [...report.changed] };
    },
  );
};
