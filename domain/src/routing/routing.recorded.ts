import { type RecordedEvent, streamEntityId } from '../shared/event.ts';
import type { RoutingDecision } from './routing.decision.ts';
import type { RecordedRouting } from './routing.simulate.ts';
import type { RoutingInput } from './routing.types.ts';

interface RoutingRecord {
  readonly attempt?: unknown;
  readonly input?: RoutingInput;
  readonly decision?: RoutingDecision;
}

/**
 * The routing decision an order event records, with the input it was taken from: the `routing`
 * of an `OrderAllocated` the router made, or the `facts.routing` of the `OrderHeld` an
 * unroutable decision caused. Undefined for any other event (a hand-made allocation, a hold
 * for another reason) and for a decision whose destination was erased with its customer
 * (docs/privacy.md), so a simulation only ever replays what was recorded.
 */
export function recordedRoutingOf(event: RecordedEvent): (RecordedRouting & { readonly attempt: number }) | undefined {
  let record: RoutingRecord | undefined;
  if (event.type === 'OrderAllocated') record = (event.data as { routing?: RoutingRecord }).routing;
  else if (event.type === 'OrderHeld') record = (event.data as { facts?: { routing?: RoutingRecord } }).facts?.routing;
  if (record?.input === undefined || record.decision === undefined) return undefined;
  // The customer was erased: the destination's position is gone, so there is nothing to replay.
  const { lat, lng } = record.input.destination;
  if (!Number.isFinite(lat) || !Number.isFinite(lng)) return undefined;
  const attempt = typeof record.attempt === 'number' ? record.attempt : 1;
  return { orderId: streamEntityId(event.streamId), attempt, input: record.input, decision: record.decision };
}
