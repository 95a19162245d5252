import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Json, ReadStore } from '@ordinal/domain';
import { PARKED_CARRIER_PAYLOADS_COLLECTION, type ParkedCarrierPayloadDocument } from '@ordinal/projections';
import type { FastifyReply } from 'fastify';
import { ApiError, errorResponses } from '../http/errors.ts';
import { ApiHeaders, actorOf, CommandHeaders, commandMetadata, idempotencyKeyOf } from '../http/request-context.ts';
import { ROUTE_ROLES } from '../http/roles.ts';
import {
  CarrierHeaders,
  CarrierMappingAnswer,
  CarrierMappingBody,
  CarrierMappingVersionQuery,
  CarrierParams,
  ParkedCarrierFilter,
  ParkedCarrierList,
  ParkIdParams,
  ScansParked,
  ScansRecorded,
} from './carrier.schemas.ts';
import type { CarrierDeps } from './carrier-hosts.ts';
import { CarrierIntake, type IntakeAnswer } from './carrier-intake.service.ts';
import { CarrierMappings, unknownCarrier } from './carrier-mappings.service.ts';
import { checkSignature, SIGNATURE_HEADER } from './carrier-signature.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The body's bytes as received, for the carrier's signature. */
    rawBody?: Buffer;
  }
}

/** Everything the carrier routes use, with the API's read store, ids and clock. */
export interface CarrierRoutesOptions extends CarrierDeps {
  readonly readStore: ReadStore;
  readonly newId: () => string;
  readonly clock: () => Date;
  /** Called with the intake once built, so the composition root can retry parked payloads on a schedule. */
  readonly onIntake?: (intake: CarrierIntake) => void;
}

const INTAKE_ERRORS = errorResponses(400, 401, 404, 409, 413, 415, 422, 429);

/** 200 with what became of each scan, or 202 when the payload was parked. */
function answer(reply: FastifyReply, carrier: string, result: IntakeAnswer, parkId?: string) {
  if (result.parked) return reply.status(202).send({ parked: true, parkId: result.parkId, reason: result.reason });
  const { mappingVersion, scans } = result;
  const duplicate = scans.every((scan) => scan.duplicate);
  return reply
    .status(200)
    .send({ carrier, mappingVersion, duplicate, scans: [...scans], ...(parkId ? { parkId } : {}) });
}

/**
 * `POST /carriers/:carrier/events` (signed scans), `GET|POST /carriers/:carrier/mapping`,
 * `GET /carriers/parked` and `POST /carriers/parked/:id/retry`. See docs/carriers.md.
 */
export const carrierRoutes: FastifyPluginAsyncTypebox<CarrierRoutesOptions> = async (app, options) => {
  const mappings = new CarrierMappings(options);
  const intake = new CarrierIntake(options, mappings, options);
  options.onIntake?.(intake);
  // In this plugin only: JSON is parsed from the bytes, which are kept for the signature.
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const raw = body as Buffer;
    request.rawBody = raw;
    try {
      done(null, JSON.parse(raw.toString('utf8')));
    } catch {
      done(new ApiError(400, 'request.invalid-json', 'the body is not JSON', { field: '/' }), undefined);
    }
  });

  app.post(
    '/carriers/:carrier/events',
    {
      // Carriers sign each push with their shared secret instead of carrying a bearer token.
      config: { public: true },
      schema: {
        tags: ['carriers'],
        summary: 'Take a carrier’s tracking scans, signed with its shared secret',
        description:
          'Mapped with the carrier’s active scan mapping, found by tracking number and recorded on each order in one ' +
          'append (`CarrierScanRecorded`), all of a payload or none; a scan taken before is `duplicate`. A payload ' +
          'naming a tracking number no dispatched shipment has yet is parked (202) and recorded once the shipment is ' +
          'dispatched; an unmappable payload or a refused scan is parked and answered 422. See docs/carriers.md.',
        headers: CarrierHeaders,
        params: CarrierParams,
        response: { 200: ScansRecorded, 202: ScansParked, ...INTAKE_ERRORS },
      },
    },
    async (request, reply) => {
      const { carrier } = request.params;
      const secret = intake.secretOf(carrier);
      if (secret === undefined) throw unknownCarrier(carrier);
      const header = request.headers[SIGNATURE_HEADER];
      const refused = checkSignature(
        secret,
        request.rawBody ?? Buffer.alloc(0),
        Array.isArray(header) ? header[0] : header,
      );
      if (refused !== undefined) {
        const message =
          refused === 'missing'
            ? `the ${SIGNATURE_HEADER} header is missing: sign the raw body with HMAC-SHA256 under the carrier’s secret`
            : `the ${SIGNATURE_HEADER} header is not the body’s HMAC-SHA256 under the carrier’s secret`;
        throw new ApiError(401, `carrier.signature-${refused}`, message, { carrier, field: SIGNATURE_HEADER });
      }
      const actor = { kind: 'system', component: `carrier:${carrier}` } as const;
      const result = await intake.receive(carrier, request.body as Json, { correlationId: request.id, actor });
      return answer(reply, carrier, result);
    },
  );

  app.get(
    '/carriers/parked',
    {
      config: { roles: ROUTE_ROLES.parkedCarrierPayloads },
      schema: {
        tags: ['carriers'],
        summary: 'Carrier payloads that could not be recorded (default: still parked), oldest first',
        headers: ApiHeaders,
        querystring: ParkedCarrierFilter,
        response: { 200: ParkedCarrierList, ...errorResponses(400) },
      },
    },
    async (request) => {
      const { carrier, reason, status = 'parked' } = request.query;
      const filter = {
        status,
        ...(carrier === undefined ? {} : { carrier }),
        ...(reason === undefined ? {} : { reason }),
      };
      const items = await options.readStore
        .collection<ParkedCarrierPayloadDocument>(PARKED_CARRIER_PAYLOADS_COLLECTION)
        .find(filter, { sort: [['firstReceivedAt', 'asc']] });
      return {
        count: items.length,
        items: items.map(({ revision: _, trackingNumbers, orderIds, details, ...item }) => ({
          ...item,
          details: { ...details },
          trackingNumbers: [...trackingNumbers],
          ...(orderIds === undefined ? {} : { orderIds: [...orderIds] }),
        })),
      };
    },
  );

  app.post(
    '/carriers/parked/:id/retry',
    {
      config: { roles: ROUTE_ROLES.parkedCarrierPayloads },
      schema: {
        tags: ['carriers'],
        summary: 'Take a parked carrier payload again with the carrier’s active mapping',
        description:
          'Recorded: 200 with what became of each scan, and the entry is resolved. Still not recordable: 202 (a ' +
          'tracking number still unknown) or 422 (unmappable, or a scan refused), and it stays parked.',
        headers: ApiHeaders,
        params: ParkIdParams,
        response: { 200: ScansRecorded, 202: ScansParked, ...INTAKE_ERRORS },
      },
    },
    async (request, reply) => {
      const { carrier, ...result } = await intake.retry(request.params.id, {
        correlationId: request.id,
        actor: actorOf(request),
      });
      return answer(reply, carrier, result, result.parkId);
    },
  );

  app.get(
    '/carriers/:carrier/mapping',
    {
      config: { roles: ROUTE_ROLES.carrierMapping },
      schema: {
        tags: ['carriers'],
        summary: 'A carrier’s active scan mapping, or one version of it',
        headers: ApiHeaders,
        params: CarrierParams,
        querystring: CarrierMappingVersionQuery,
        response: { 200: CarrierMappingAnswer, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const { carrier } = request.params;
      const { versions } = await mappings.state(carrier, request.id);
      if (versions.length === 0) throw unknownCarrier(carrier);
      const version = request.query.version ?? versions.length;
      const document = versions[version - 1];
      if (document === undefined) {
        throw new ApiError(
          404,
          'carrier.mapping-version-not-found',
          `carrier ${carrier} has no mapping version ${version}`,
          { carrier, activeVersion: versions.length },
        );
      }
      return { carrier, version, activeVersion: versions.length, document: { ...document } };
    },
  );

  app.post(
    '/carriers/:carrier/mapping',
    {
      config: { roles: ROUTE_ROLES.publishCarrierMapping },
      schema: {
        tags: ['carriers'],
        summary: 'Publish a scan mapping as the carrier’s next version (admin)',
        description:
          'The body is a scan mapping document (see docs/carriers.md) whose `version` is the active one + 1. An ' +
          'invalid document is 422 `carrier.mapping-invalid` with every problem; the active version does not change.',
        headers: CommandHeaders,
        params: CarrierParams,
        body: CarrierMappingBody,
        response: { 200: CarrierMappingAnswer, ...errorResponses(400, 403, 404, 409, 413, 415, 422) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      if (actor.kind === 'system' || actor.role !== 'admin') {
        throw new ApiError(403, 'carrier.forbidden', 'only the admin role publishes carrier mappings', {
          allowedRoles: ROUTE_ROLES.publishCarrierMapping,
        });
      }
      const { carrier } = request.params;
      const metadata = commandMetadata(request, idempotencyKeyOf(request) ?? options.newId());
      const document = await mappings.publish(carrier, request.body, metadata);
      return { carrier, version: document.version, activeVersion: document.version, document: { ...document } };
    },
  );
};
