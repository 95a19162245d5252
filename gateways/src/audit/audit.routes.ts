import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type EventStore, type OrderEvent, orderStreamId, type RecordedEvent } from '@ordinal/domain';
import { Type } from 'typebox';
import { ApiError, errorResponses } from '../http/errors.ts';
import { ApiHeaders } from '../http/request-context.ts';
import { ROUTE_ROLES } from '../http/roles.ts';
import { OrderIdParams } from '../orders/orders.schemas.ts';
import { exportedEvents, exportText } from './audit-export.ts';
import { AuditExportQuery, OrderAuditSchema } from './order-audit.schemas.ts';
import { orderAuditTrail } from './order-audit.ts';

export interface AuditRoutesOptions {
  readonly events: EventStore;
}

const CONTENT_TYPES = { ndjson: 'application/x-ndjson; charset=utf-8', csv: 'text/csv; charset=utf-8' } as const;

function instant(value: string | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) {
    throw new ApiError(400, 'request.invalid', `${field} is not an instant`, {
      field: `/${field}`,
      reason: 'must be an ISO 8601 instant, e.g. 2026-03-01T00:00:00Z',
      location: 'querystring',
    });
  }
  return at;
}

/** `GET /orders/:orderId/audit` and `GET /audit/export` (docs/audit.md). */
export const auditRoutes: FastifyPluginAsyncTypebox<AuditRoutesOptions> = async (app, { events }) => {
  app.get(
    '/orders/:orderId/audit',
    {
      config: { roles: ROUTE_ROLES.auditTrail },
      schema: {
        tags: ['audit'],
        summary: "An order's audit trail: every event with who took it, in words, the versions and inputs it used",
        headers: ApiHeaders,
        params: OrderIdParams,
        response: { 200: OrderAuditSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const { orderId } = request.params;
      const stream = (await events.readStream(orderStreamId(orderId))) as RecordedEvent<OrderEvent>[];
      if (stream.length === 0) throw new ApiError(404, 'order.not-found', `order ${orderId} does not exist`);
      return { orderId, revision: stream.length, entries: orderAuditTrail(stream) };
    },
  );

  app.get(
    '/audit/export',
    {
      config: { roles: ROUTE_ROLES.auditExport },
      schema: {
        tags: ['audit'],
        summary: 'Every event that occurred in [from, to), in log order, streamed as NDJSON or CSV with its chain hash',
        headers: ApiHeaders,
        querystring: AuditExportQuery,
        response: {
          200: Type.String({
            description: 'NDJSON (one event a line) or CSV (a header row, then one event a row), streamed.',
          }),
          ...errorResponses(400),
        },
      },
    },
    async (request, reply) => {
      const from = instant(request.query.from, 'from');
      const to = instant(request.query.to, 'to');
      if (from !== undefined && to !== undefined && to <= from) {
        throw new ApiError(400, 'request.invalid', 'to must be after from', {
          field: '/to',
          reason: 'must be after from',
          location: 'querystring',
        });
      }
      const format = request.query.format ?? 'ndjson';
      const range = { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
      const stamp = new Date().toISOString().slice(0, 10);
      return (
        reply
          .header('content-type', CONTENT_TYPES[format])
          .header('content-disposition', `attachment; filename="ordinal-audit-${stamp}.${format}"`)
          // fastify pipes a stream as it is (never through the serializer): the schema documents its text.
          .send(Readable.from(exportText(exportedEvents(events, range), format)) as unknown as string)
      );
    },
  );
};
