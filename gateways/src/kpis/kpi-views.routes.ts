import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Document, describeActor, type ReadStore, ROLES, type Role } from '@ordinal/domain';
import { localDay } from '@ordinal/projections';
import { ApiError, errorResponses } from '../http/errors.ts';
import { ApiHeaders } from '../http/request-context.ts';
import { ROUTE_ROLES } from '../http/roles.ts';
import {
  KPI_VIEW_FILTERS,
  KPI_WIDGETS,
  type KpiViewBody,
  KpiViewBodySchema,
  KpiViewSchema,
  RoleParams,
} from './kpis.schemas.ts';

/** Where the per-role views are kept: data, not code, so an admin changes them without a release. */
export const KPI_VIEWS_COLLECTION = 'kpiViews';

/** A role's saved view of `/ops/kpis`. */
export interface KpiViewDocument extends Document {
  readonly version: number;
  readonly widgets: readonly string[];
  readonly filters: readonly string[];
  readonly groupBy: string;
  readonly days: number;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

/** What a role sees before an admin saved its view: everything, per day, over the last 30 days. */
export function defaultKpiView(role: Role) {
  return {
    role,
    version: 0,
    widgets: [...KPI_WIDGETS],
    filters: [...KPI_VIEW_FILTERS],
    groupBy: 'day',
    days: 30,
    updatedAt: null,
    updatedBy: null,
  };
}

function roleOf(role: string): Role {
  if ((ROLES as readonly string[]).includes(role)) return role as Role;
  throw new ApiError(404, 'kpis.unknown-role', `there is no role ${role}`, { field: '/role', reason: 'not a role' });
}

const DAY_MS = 86_400_000;

/** The business days a view of `days` days opens on at `now`: up to today in the time zone. */
export function kpiViewDays(days: number, now: Date, timeZone: string) {
  const to = localDay(now.toISOString(), timeZone);
  const from = new Date(Date.parse(`${to}T00:00:00Z`) - (days - 1) * DAY_MS).toISOString().slice(0, 10);
  return { from, to, timeZone };
}

function answer(doc: KpiViewDocument) {
  const { id, ...rest } = doc;
  return { role: id, ...rest, widgets: [...doc.widgets], filters: [...doc.filters] };
}

/**
 * `GET /kpis/views/:role` and `PUT /kpis/views/:role`: which widgets and filters a role sees on
 * `/ops/kpis` by default, saved per role with a version (admin to change).
 */
export const kpiViewRoutes: FastifyPluginAsyncTypebox<{
  readonly readStore: ReadStore;
  readonly clock: () => Date;
  /** The business time zone the view's days are counted in. */
  readonly timeZone: string;
}> = async (app, { readStore, clock, timeZone }) => {
  const withDays = <V extends { days: number }>(view: V) => ({
    ...view,
    opensOn: kpiViewDays(view.days, clock(), timeZone),
  });
  const views = readStore.collection<KpiViewDocument>(KPI_VIEWS_COLLECTION);
  app.get(
    '/kpis/views/:role',
    {
      config: { roles: ROUTE_ROLES.readKpis },
      schema: {
        tags: ['kpis'],
        summary: 'What a role sees on the KPI dashboard by default',
        description:
          'Version 0 is the built-in default (every widget and filter, per day, 30 days). `opensOn` gives the ' +
          'business days it opens on now, today being the day in the business time zone. 404 for no such role.',
        headers: ApiHeaders,
        params: RoleParams,
        response: { 200: KpiViewSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const role = roleOf(request.params.role);
      const doc = await views.get(role);
      return withDays(doc === undefined ? defaultKpiView(role) : answer(doc));
    },
  );

  app.put(
    '/kpis/views/:role',
    {
      config: { roles: ROUTE_ROLES.manageKpiViews },
      schema: {
        tags: ['kpis'],
        summary: 'Save what a role sees on the KPI dashboard by default (admin)',
        description:
          'Replaces the role’s view and bumps its version; with `expectedVersion`, 409 `kpis.view-version-conflict` ' +
          'when someone saved in between.',
        headers: ApiHeaders,
        params: RoleParams,
        body: KpiViewBodySchema,
        response: { 200: KpiViewSchema, ...errorResponses(400, 403, 404, 409) },
      },
    },
    async (request) => {
      const role = roleOf(request.params.role);
      const body: KpiViewBody = request.body;
      const current = await views.get(role);
      const version = current?.version ?? 0;
      if (body.expectedVersion !== undefined && body.expectedVersion !== version) {
        throw new ApiError(409, 'kpis.view-version-conflict', `the ${role} view is at version ${version}`, {
          field: '/expectedVersion',
          reason: `the view is at version ${version}`,
          version,
        });
      }
      const caller = request.caller;
      const doc: KpiViewDocument = {
        id: role,
        version: version + 1,
        widgets: [...new Set(body.widgets)],
        filters: [...new Set(body.filters)],
        groupBy: body.groupBy,
        days: body.days,
        updatedAt: clock().toISOString(),
        updatedBy: caller === undefined ? 'unknown' : describeActor(caller.actor),
      };
      const condition =
        current === undefined
          ? { kind: 'absent' as const }
          : { kind: 'field-equals' as const, field: 'version', value: version };
      if (!(await views.put(doc, condition))) {
        throw new ApiError(409, 'kpis.view-version-conflict', `the ${role} view changed while saving`, {
          field: '/expectedVersion',
          reason: 'the view changed while saving',
        });
      }
      return withDays(answer(doc));
    },
  );
};
