import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ReadStore } from '@ordinal/domain';
import { ApiError, errorResponses } from '../http/errors.ts';
import { CarrierHeaders, CarrierParams, ScansRecorded } from './carrier.schemas.ts';
import { defaultCarrierMappings } from './carrier-defaults.ts';
import { type CarrierDeps, CarrierIntake, unknownCarrier } from './carrier-intake.service.ts';
import { checkSignature, SIGNATURE_HEADER } from './carrier-signature.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The body's bytes as received, for the carrier's signature. */
    rawBody?: Buffer;
  }
}

/** `POST /carriers/:carrier/events`: a carrier's signed scans, mapped and recorded on their orders. */
export const carrierRoutes: FastifyPluginAsyncTypebox<CarrierDeps & { readonly readStore: ReadStore }> = async (
  app,
  options,
) => {
  const intake = new CarrierIntake(options, options.mappings ?? defaultCarrierMappings(), options.readStore);
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
          'Mapped with the carrier’s scan mapping, found by tracking number and recorded on the order: a scan moves ' +
          'the shipment forward (never back) and is noted on the order’s timeline under (carrier, carrier event id), ' +
          'so a resent scan is `duplicate` and writes nothing. See docs/carriers.md.',
        headers: CarrierHeaders,
        params: CarrierParams,
        response: { 200: ScansRecorded, ...errorResponses(400, 401, 404, 409, 413, 415, 422) },
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
      const scans = await intake.receive(carrier, request.body, { correlationId: request.id, actor });
      return reply.status(200).send({ carrier, duplicate: scans.every((scan) => scan.duplicate), scans: [...scans] });
    },
  );
};
