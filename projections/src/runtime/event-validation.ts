import {
  ALERT_EVENT_TYPES,
  ALERT_RULE_SET_EVENT_TYPES,
  CARRIER_MAPPING_EVENT_TYPES,
  CARRIER_PARKED_EVENT_TYPES,
  CHANNEL_INTAKE_EVENT_TYPES,
  CHANNEL_MAPPING_EVENT_TYPES,
  CUSTOMER_EVENT_TYPES,
  INVENTORY_EVENT_TYPES,
  LOCATION_EVENT_TYPES,
  ORDER_EVENT_TYPES,
  PRODUCT_EVENT_TYPES,
  type RecordedEvent,
  ROUTING_POLICY_EVENT_TYPES,
  RULE_SET_EVENT_TYPES,
  streamCategory,
  streamEntityId,
} from '@ordinal/domain';

/** Event types known per stream category; an event of another type or category is invalid. */
export type KnownEventTypes = Readonly<Record<string, readonly string[]>>;

/** The event catalogue the read side knows today. */
export const KNOWN_EVENT_TYPES: KnownEventTypes = {
  order: ORDER_EVENT_TYPES,
  inventory: INVENTORY_EVENT_TYPES,
  location: LOCATION_EVENT_TYPES,
  // `channel-mapping-<channel>` streams: the category is what precedes the first dash.
  channel: CHANNEL_MAPPING_EVENT_TYPES,
  intake: CHANNEL_INTAKE_EVENT_TYPES,
  // `carrier-mapping-<carrier>` and `carrier-parked-<id>` streams.
  carrier: [...CARRIER_MAPPING_EVENT_TYPES, ...CARRIER_PARKED_EVENT_TYPES],
  // The `routing-policies` stream.
  routing: ROUTING_POLICY_EVENT_TYPES,
  // `ruleset-<name>` streams.
  ruleset: RULE_SET_EVENT_TYPES,
  // `catalogue-<sku>` streams.
  catalogue: PRODUCT_EVENT_TYPES,
  // `alert-<id>` and `alertrules-<name>` streams.
  alert: ALERT_EVENT_TYPES,
  alertrules: ALERT_RULE_SET_EVENT_TYPES,
  // `customer-<id>` streams: erasures and consent.
  customer: CUSTOMER_EVENT_TYPES,
};

/** Prefix of every reason given for an invalid envelope. */
export const INVALID_EVENT_REASON = 'projection.invalid-event';

const ACTOR_KINDS = new Set(['user', 'role', 'system']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function isInstant(value: unknown): boolean {
  return isText(value) && !Number.isNaN(Date.parse(value));
}

function isPositiveInteger(value: unknown): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}

function problemWith(event: Record<string, unknown>, known: KnownEventTypes): string | undefined {
  if (!isText(event.eventId)) return 'eventId is missing';
  if (!isText(event.streamId) || streamEntityId(event.streamId) === '') return 'streamId is not <category>-<id>';
  const category = streamCategory(event.streamId);
  const types = known[category];
  if (types === undefined) return `stream category ${category} is unknown`;
  if (!isText(event.type) || !types.includes(event.type))
    return `type ${String(event.type)} is not a ${category} event`;
  if (!isPositiveInteger(event.revision)) return 'revision is not an integer >= 1';
  if (!isPositiveInteger(event.position)) return 'position is not an integer >= 1';
  if (!isInstant(event.recordedAt)) return 'recordedAt is not an ISO instant';
  if (!isRecord(event.data)) return 'data is not an object';
  const metadata = event.metadata;
  if (!isRecord(metadata)) return 'metadata is not an object';
  if (!isInstant(metadata.occurredAt)) return 'metadata.occurredAt is not an ISO instant';
  if (!isPositiveInteger(metadata.schemaVersion)) return 'metadata.schemaVersion is not an integer >= 1';
  if (!isText(metadata.correlationId)) return 'metadata.correlationId is missing';
  if (!isText(metadata.causationId)) return 'metadata.causationId is missing';
  if (!isRecord(metadata.actor) || !ACTOR_KINDS.has(metadata.actor.kind as string)) return 'metadata.actor is invalid';
  return undefined;
}

/**
 * Checks an event envelope from the bus before a projection sees it. Returns why it is
 * invalid (`projection.invalid-event: …`), or undefined when it is a well-formed event.
 */
export function invalidEventReason(event: unknown, known: KnownEventTypes = KNOWN_EVENT_TYPES): string | undefined {
  const problem = isRecord(event) ? problemWith(event, known) : 'the message is not an object';
  return problem === undefined ? undefined : `${INVALID_EVENT_REASON}: ${problem}`;
}

/** Narrows after validation. */
export function isValidEvent(event: unknown, known: KnownEventTypes = KNOWN_EVENT_TYPES): event is RecordedEvent {
  return invalidEventReason(event, known) === undefined;
}
