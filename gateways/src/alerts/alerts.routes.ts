import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ALERTS_COLLECTION, type AlertDocument } from '@ordinal/projections';
import { Type } from 'typebox';
import { errorResponses } from '../http/errors.ts';
import { ApiHeaders, CommandHeaders, commandMetadata, idempotencyKeyOf } from '../http/request-context.ts';
import { ROUTE_ROLES } from '../http/roles.ts';
import { closed } from '../orders/order-values.schemas.ts';
import { ActorSchema } from '../orders/orders.schemas.ts';
import {
  AcknowledgeBody,
  AlertItem,
  AlertList,
  AlertListQuery,
  AlertParams,
  DeliveryList,
  ResolveBody,
} from './alerts.schemas.ts';
import { type AlertRoutesOptions, Alerts, alertView, notFound } from './alerts.service.ts';

const TAGS = ['alerts'];

const ChangeAnswer = closed(
  { alertId: Type.String(), status: Type.String(), revision: Type.Integer(), by: ActorSchema },
  { title: 'AlertChange' },
);

/**
 * `GET /alerts?status=`, `GET /alerts/:alertId`, `POST /alerts/:alertId/acknowledge`,
 * `POST /alerts/:alertId/resolve` and `GET /alerts/:alertId/deliveries` (docs/alerts.md).
 */
export const alertRoutes: FastifyPluginAsyncTypebox<AlertRoutesOptions> = async (app, options) => {
  const alerts = new Alerts(options);
  const metadataOf = (request: Parameters<typeof commandMetadata>[0]) =>
    commandMetadata(request, idempotencyKeyOf(request) ?? options.newId());

  app.get(
    '/alerts',
    {
      config: { roles: ROUTE_ROLES.readAlerts },
      schema: {
        tags: TAGS,
        summary: 'Alerts, newest first: open, acknowledged or resolved, with the figures that raised them',
        headers: ApiHeaders,
        querystring: AlertListQuery,
        response: { 200: AlertList, ...errorResponses(400) },
      },
    },
    async (request) => {
      const items = await alerts.list(request.query.status, request.query.limit ?? 100);
      return { count: items.length, items: items.map(alertView) };
    },
  );

  app.get(
    '/alerts/:alertId',
    {
      config: { roles: ROUTE_ROLES.readAlerts },
      schema: {
        tags: TAGS,
        summary: 'One alert',
        headers: ApiHeaders,
        params: AlertParams,
        response: { 200: AlertItem, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const { alertId } = request.params;
      const doc = await options.readStore.collection<AlertDocument>(ALERTS_COLLECTION).get(alertId);
      if (doc === undefined) throw notFound(alertId);
      return alertView(doc);
    },
  );

  app.post(
    '/alerts/:alertId/acknowledge',
    {
      config: { roles: ROUTE_ROLES.handleAlerts },
      schema: {
        tags: TAGS,
        summary: 'Acknowledge an alert: recorded with who and the note',
        description:
          'An acknowledged or resolved alert is 409 (`alert.already-acknowledged`, `alert.already-resolved`).',
        headers: CommandHeaders,
        params: AlertParams,
        body: AcknowledgeBody,
        response: { 200: ChangeAnswer, ...errorResponses(400, 403, 404, 409, 413, 415, 422) },
      },
    },
    async (request) => {
      const { alertId } = request.params;
      const note = request.body.note;
      const { event, revision } = await alerts.execute(
        { type: 'AcknowledgeAlert', alertId, ...(note === undefined ? {} : { note }) },
        metadataOf(request),
      );
      return { alertId, status: 'acknowledged', revision, by: event.metadata.actor };
    },
  );

  app.post(
    '/alerts/:alertId/resolve',
    {
      config: { roles: ROUTE_ROLES.handleAlerts },
      schema: {
        tags: TAGS,
        summary: 'Resolve an alert by hand, saying why',
        description: 'A resolved alert is 409 `alert.already-resolved`; a blank reason is 422 `alert.reason-missing`.',
        headers: CommandHeaders,
        params: AlertParams,
        body: ResolveBody,
        response: { 200: ChangeAnswer, ...errorResponses(400, 403, 404, 409, 413, 415, 422) },
      },
    },
    async (request) => {
      const { alertId } = request.params;
      const { event, revision } = await alerts.execute(
        { type: 'ResolveAlert', alertId, how: 'by-hand', reason: request.body.reason },
        metadataOf(request),
      );
      return { alertId, status: 'resolved', revision, by: event.metadata.actor };
    },
  );

  app.get(
    '/alerts/:alertId/deliveries',
    {
      config: { roles: ROUTE_ROLES.readAlerts },
      schema: {
        tags: TAGS,
        summary: 'The delivery log of an alert: each webhook and e-mail notification with every attempt',
        headers: ApiHeaders,
        params: AlertParams,
        response: { 200: DeliveryList, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const { alertId } = request.params;
      const deliveries = await alerts.deliveries(alertId);
      return {
        alertId,
        deliveries: deliveries.map(({ event, channel, target, status, attempts }) => ({
          event,
          channel,
          target,
          status,
          attempts: attempts.map((a) => ({ ...a })),
        })),
      };
    },
  );
};
