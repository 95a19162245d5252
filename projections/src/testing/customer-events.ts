import type { RecordedEvent } from '@ordinal/domain';

/** A `CustomerErased` as read back from `customer-<id>`, at a log position after the orders' events. */
export function customerErased(customerId: string, position = 10_000, revision = 1): RecordedEvent {
  const erasedAt = '2026-03-05T12:00:00.000Z';
  const actor = { kind: 'user', id: 'dpo', role: 'privacy' } as const;
  return {
    eventId: `erased-${customerId}-${revision}`,
    type: 'CustomerErased',
    data: { customerId, reason: 'asked', erasedBy: actor, erasedAt },
    metadata: { schemaVersion: 1, occurredAt: erasedAt, correlationId: 'c', causationId: 'c', actor },
    streamId: `customer-${customerId}`,
    revision,
    position,
    recordedAt: erasedAt,
  };
}
