import { type OrderRejectionKind, orderRejectionKind, type Rejection } from '@ordinal/domain';
import { Type } from 'typebox';
import { type ValidationDetails, validationDetails } from './validation.ts';

/** The JSON body of every error answer. */
export interface ErrorBody {
  readonly error: string;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/** Schema of the error body, for the OpenAPI document and the serializer. */
export const ErrorBodySchema = Type.Object(
  {
    error: Type.String({ description: 'Stable code, e.g. `order.not-cancellable`.' }),
    message: Type.String(),
    details: Type.Object({}, { additionalProperties: true }),
  },
  { additionalProperties: false, title: 'Error' },
);

/** Schema of a 429 body: an error body whose details always say how long to wait. */
export const RetryLaterBodySchema = Type.Object(
  {
    error: Type.String({ description: 'Stable code, e.g. `host.overloaded`.' }),
    message: Type.String(),
    details: Type.Object(
      { retryAfterMs: Type.Integer({ minimum: 1000, description: 'The Retry-After header, in milliseconds.' }) },
      { additionalProperties: true },
    ),
  },
  { additionalProperties: false, title: 'RetryLater' },
);

/** An error answer: status, stable code, message, details and any headers (Retry-After). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }

  /** The body sent to the client. */
  body(): ErrorBody {
    return { error: this.code, message: this.message, details: this.details };
  }
}

/**
 * The HTTP status of each kind of order rejection (the domain classifies every code):
 * refusals about the order's state are 409, with the state and the allowed commands in the
 * body; well-formed commands that break a business rule are 422; an actor who may not send
 * the command for this order (another customer's order) is 403.
 */
export const STATUS_BY_REJECTION_KIND: Readonly<Record<OrderRejectionKind, number>> = {
  'not-found': 404,
  state: 409,
  invalid: 422,
  forbidden: 403,
};

/** Codes that are not order rejections (request, host, store), and their HTTP status. */
export const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  'request.invalid': 400,
  'request.malformed-json': 400,
  'request.empty-body': 400,
  'request.invalid-content-length': 400,
  'request.bad-url': 400,
  'auth.token-missing': 401,
  'auth.token-malformed': 401,
  'auth.token-invalid': 401,
  'auth.token-expired': 401,
  'auth.forbidden': 403,
  'route.not-found': 404,
  'route.method-not-allowed': 405,
  'customer.not-found': 404,
  'customer.invalid-command': 422,
  'customer.consent-unchanged': 409,
  'request.uri-too-long': 414,
  'request.body-too-large': 413,
  'request.unsupported-media-type': 415,
  'order.not-found': 404,
  'order.revision-not-found': 404,
  'order.not-found-at': 404,
  'host.concurrency-conflict': 409,
  'command.idempotency-conflict': 422,
  'host.mailbox-full': 429,
  'host.overloaded': 429,
  'store.overloaded': 429,
  'request.rate-limited': 429,
  'server.overloaded': 429,
  'internal.error': 500,
  'host.closed': 503,
  'pages.not-built': 503,
  'inventory.not-found': 404,
  'inventory.reservation-not-found': 404,
  'location.not-found': 404,
  'inventory.insufficient-stock': 409,
  'inventory.reservation-conflict': 409,
  'inventory.below-reserved': 409,
  'location.already-registered': 409,
  'inventory.invalid-quantity': 422,
  'inventory.invalid-field': 422,
  'location.invalid-field': 422,
  'channel.unknown': 404,
  'channel.unmappable': 422,
  'channel.mapping-invalid': 422,
  'channel.mapping-version-conflict': 409,
  'channel.mapping-version-not-found': 404,
  'channel.parked-not-found': 404,
  'channel.payload-accepted': 409,
  'channel.payload-erased': 409,
  'channel.forbidden': 403,
  'carrier.unknown': 404,
  'carrier.unmappable': 422,
  'carrier.scan-refused': 422,
  'carrier.mapping-invalid': 422,
  'carrier.mapping-version-conflict': 409,
  'carrier.mapping-version-not-found': 404,
  'carrier.parked-not-found': 404,
  'carrier.payload-erased': 409,
  'carrier.forbidden': 403,
  'routing.policy-not-found': 404,
  'routing.policy-already-active': 409,
  'routing.policy-version-conflict': 409,
  'routing.invalid-policy': 422,
  'routing.activation-reason-missing': 422,
  'routing.forbidden': 403,
  'rules.set-not-found': 404,
  'rules.version-not-found': 404,
  'rules.order-not-found': 404,
  'rules.set-exists': 409,
  'rules.already-active': 409,
  'rules.already-retired': 409,
  'rules.invalid-rule-set': 422,
  'rules.name-mismatch': 422,
  'rules.reason-missing': 422,
  'alert.not-found': 404,
  'alert.rule-set-not-found': 404,
  'alert.version-not-found': 404,
  'alert.already-raised': 409,
  'alert.already-acknowledged': 409,
  'alert.already-resolved': 409,
  'alert.version-active': 409,
  'alert.version-conflict': 409,
  'alert.invalid': 422,
  'alert.invalid-rule-set': 422,
  'alert.reason-missing': 422,
  'catalogue.product-not-found': 404,
  'catalogue.unchanged': 409,
  'catalogue.invalid-product': 422,
  'kpis.invalid-date': 400,
  'kpis.invalid-range': 400,
  'kpis.unknown-role': 404,
  'kpis.view-version-conflict': 409,
};

/** Status of a stable code; codes nobody listed are treated as business-rule refusals (422). */
export function statusForCode(code: string): number {
  const kind = orderRejectionKind(code);
  return STATUS_BY_CODE[code] ?? (kind === undefined ? 422 : STATUS_BY_REJECTION_KIND[kind]);
}

/** The HTTP error for a command the domain refused (headers: e.g. the replay marker). */
export function rejectionError(rejection: Rejection, headers: Readonly<Record<string, string>> = {}): ApiError {
  const { code, message, details } = rejection;
  return new ApiError(statusForCode(code), code, message, details ?? {}, headers);
}

// Fastify's own request errors, by their code, in our vocabulary.
const FRAMEWORK_CODES: Readonly<Record<string, string>> = {
  FST_ERR_VALIDATION: 'request.invalid',
  FST_ERR_CTP_INVALID_JSON_BODY: 'request.malformed-json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'request.empty-body',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'request.invalid-content-length',
  FST_ERR_CTP_BODY_TOO_LARGE: 'request.body-too-large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'request.unsupported-media-type',
  FST_ERR_BAD_URL: 'request.bad-url',
  FST_ERR_MAX_PARAM_LENGTH: 'request.uri-too-long',
};

interface ThrownError {
  readonly code?: unknown;
  readonly message?: unknown;
  readonly statusCode?: unknown;
  readonly validation?: unknown;
  readonly validationContext?: unknown;
  readonly streamId?: unknown;
  readonly revision?: unknown;
  readonly state?: unknown;
  readonly retryAfterMs?: unknown;
}

/**
 * A 429: the request was refused to shed load and nothing was recorded. `Retry-After` is in
 * whole seconds (at least 1), and `details.retryAfterMs` says the same in milliseconds.
 */
export function retryLater(
  code: string,
  message: string,
  retryAfterMs: unknown,
  details: Readonly<Record<string, unknown>> = {},
): ApiError {
  const ms = typeof retryAfterMs === 'number' && Number.isFinite(retryAfterMs) ? retryAfterMs : 1_000;
  const seconds = Math.max(1, Math.ceil(ms / 1_000));
  return new ApiError(
    429,
    code,
    message,
    { ...details, retryAfterMs: seconds * 1_000 },
    { 'retry-after': String(seconds) },
  );
}

const SHED_MESSAGES: Readonly<Record<string, string>> = {
  'host.mailbox-full': 'too many commands are waiting for this order; retry after Retry-After seconds',
  'host.overloaded': 'the service has as many commands in hand as it takes; retry after Retry-After seconds',
  'store.overloaded': 'the event store has as many writes waiting as it takes; retry after Retry-After seconds',
};

/**
 * The latest state of a conflict in the shape of every other 409's details: `state` is the
 * status per region (`{ main: 'fulfilment.shipped', payment, returns }`) and `allowedCommands`
 * what may be sent now, both from the decider's `describe`; its raw machine `value` stays out.
 */
function conflictState(described: unknown): { state?: unknown; allowedCommands?: unknown } {
  const { state, allowedCommands } = (typeof described === 'object' && described !== null ? described : {}) as {
    state?: unknown;
    allowedCommands?: unknown;
  };
  return { state, allowedCommands };
}

function hostError(error: ThrownError): ApiError | undefined {
  const shed = typeof error.code === 'string' ? SHED_MESSAGES[error.code] : undefined;
  if (shed !== undefined && typeof error.code === 'string') return retryLater(error.code, shed, error.retryAfterMs);
  if (error.code === 'host.concurrency-conflict') {
    const message = 'the order kept changing while the command was decided; read it and retry';
    return new ApiError(409, error.code, message, {
      streamId: error.streamId,
      revision: error.revision,
      ...conflictState(error.state),
    });
  }
  if (error.code === 'host.closed') {
    return new ApiError(503, error.code, 'the service is shutting down; retry elsewhere', {}, { 'retry-after': '1' });
  }
  if (error.code === 'store.duplicate-event-id') {
    // The same Idempotency-Key was already used for a command on another order.
    const message = 'the Idempotency-Key was already used for another command';
    return new ApiError(422, 'command.idempotency-conflict', message, {});
  }
  return undefined;
}

/** Maps anything a handler or fastify throws to the error answer; unknown errors become 500. */
export function toApiError(thrown: unknown): ApiError {
  if (thrown instanceof ApiError) return thrown;
  const error = (typeof thrown === 'object' && thrown !== null ? thrown : {}) as ThrownError;
  const fromHost = hostError(error);
  if (fromHost) return fromHost;
  const message = typeof error.message === 'string' ? error.message : 'request refused';
  if (error.code === 'FST_ERR_VALIDATION' && Array.isArray(error.validation)) {
    const details: ValidationDetails = validationDetails(error.validation, String(error.validationContext ?? 'body'));
    return new ApiError(400, 'request.invalid', `${details.location}${details.field} ${details.reason}`, details);
  }
  const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
  const code = typeof error.code === 'string' ? FRAMEWORK_CODES[error.code] : undefined;
  if (code) return new ApiError(statusForCode(code), code, message);
  if (status >= 400 && status < 500) return new ApiError(status, 'request.invalid', message);
  return new ApiError(500, 'internal.error', 'internal error');
}

/** Error answers a route documents: status → the error body schema (429 with its retry-after). */
export function errorResponses(
  ...statuses: number[]
): Record<number, typeof ErrorBodySchema | typeof RetryLaterBodySchema> {
  return Object.fromEntries(
    statuses.map((status) => [status, status === 429 ? RetryLaterBodySchema : ErrorBodySchema]),
  );
}
