import type { Static } from '@fastify/type-provider-typebox';
import { describeActor, type OrderEvent, type RecordedEvent } from '@ordinal/domain';
import { orderDecisions } from '../orders/order-decisions.ts';
import type { OrderAuditSchema } from './order-audit.schemas.ts';
import { auditWords } from './order-audit.words.ts';

/** One entry of an order's audit trail. */
export type AuditEntryView = Static<typeof OrderAuditSchema>['entries'][number];

/**
 * Every event of an order as an auditor reads it: who or what recorded it, in words, with the
 * rule and policy versions a decision used and the inputs as recorded, and the event's chain
 * hash. Routing, allocations, rejections and consolidations are told as the decisions view
 * tells them; nothing is computed again from live data.
 */
export function orderAuditTrail(stream: readonly RecordedEvent<OrderEvent>[]): AuditEntryView[] {
  const decisions = new Map(orderDecisions(stream).map((decision) => [decision.revision, decision]));
  return stream.map((event) => {
    const { metadata } = event;
    const words = auditWords(event);
    const decision = decisions.get(event.revision);
    const routing = decision?.routing;
    const versions: Record<string, number> = { ...metadata.inputVersions, ...words.versions };
    if (routing !== undefined) versions[`routingPolicy:${routing.policy}`] = routing.policyVersion;
    return {
      revision: event.revision,
      position: event.position,
      eventId: event.eventId,
      type: event.type,
      occurredAt: metadata.occurredAt,
      recordedAt: event.recordedAt,
      actor: metadata.actor,
      decidedBy: decision?.decidedBy ?? describeActor(metadata.actor),
      decision: decision !== undefined || words.decision,
      summary: decision?.summary ?? words.summary,
      explanation: [...(decision?.explanation ?? words.explanation)],
      versions,
      inputs: event.data as unknown as Record<string, unknown>,
      hash: event.hash ?? null,
      ...(metadata.import === undefined ? {} : { import: metadata.import }),
    };
  });
}
