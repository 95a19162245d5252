import {
  DEFAULT_RULE_SET_NAME,
  type EventStore,
  type OrderEventDataMap,
  type RecordedEvent,
  type RecordedPlacement,
  RULE_SET_CATEGORY,
  type RuleSetEvent,
  type RuleSetState,
  ruleSetDecider,
  ruleSetStateOf,
  streamEntityId,
} from '@ordinal/domain';

const PAGE_SIZE = 2_000;

/** One recorded change of a rule set: what, which version, who, when and why. */
export interface RuleSetChange {
  readonly type: RuleSetEvent['type'];
  readonly version?: number;
  readonly reason?: string;
  readonly by: RecordedEvent['metadata']['actor'];
  readonly at: string;
}

/** A rule set as its stream tells it: the folded state and every change. */
export interface RuleSetHistory {
  readonly name: string;
  readonly state: RuleSetState;
  /** True for `default` while its stream is empty: the built-in version 1. */
  readonly builtIn: boolean;
  readonly changes: readonly RuleSetChange[];
}

/** Every rule set in the log (and the built-in default), by name, each with its audit trail. */
export async function ruleSetHistories(events: Pick<EventStore, 'readAll'>): Promise<RuleSetHistory[]> {
  const found = new Map<string, { state: RuleSetState; changes: RuleSetChange[] }>();
  let after = 0;
  for (;;) {
    const page = await events.readAll({
      afterPosition: after,
      maxCount: PAGE_SIZE,
      streamPrefixes: [`${RULE_SET_CATEGORY}-`],
    });
    for (const recorded of page) {
      const event = recorded as unknown as RecordedEvent<RuleSetEvent>;
      const name = streamEntityId(event.streamId);
      const current = found.get(name) ?? { state: ruleSetDecider.initialState(), changes: [] };
      const data = event.data as { version?: number; reason?: string };
      current.changes.push({
        type: event.type,
        ...(data.version === undefined ? {} : { version: data.version }),
        ...(data.reason === undefined ? {} : { reason: data.reason }),
        by: event.metadata.actor,
        at: event.metadata.occurredAt,
      });
      found.set(name, { state: ruleSetDecider.evolve(current.state, event), changes: current.changes });
    }
    if (page.length < PAGE_SIZE) break;
    after = page[page.length - 1]?.position ?? after;
  }
  const names = [...new Set([DEFAULT_RULE_SET_NAME, ...found.keys()])].sort();
  return names.map((name) => {
    const recorded = found.get(name);
    const state = ruleSetStateOf(recorded?.state ?? ruleSetDecider.initialState(), name);
    return { name, state, builtIn: recorded === undefined, changes: recorded?.changes ?? [] };
  });
}

/** How far a read of the log for placed orders has come. */
export interface PlacementProgress {
  readonly position: number;
  readonly head: number;
  readonly orders: number;
}

/** The placement of one order as its stream recorded it; undefined when it was never placed. */
export async function recordedPlacement(
  events: Pick<EventStore, 'readStream'>,
  orderId: string,
): Promise<RecordedPlacement | undefined> {
  const stream = await events.readStream(`order-${orderId}`);
  return placementOf(orderId, stream);
}

function placementOf(orderId: string, stream: readonly RecordedEvent[]): RecordedPlacement | undefined {
  const placed = stream.find((e) => e.type === 'OrderPlaced');
  if (placed === undefined) return undefined;
  const applied = stream
    .filter((e) => e.type === 'RulesApplied')
    .map((e) => e.data as OrderEventDataMap['RulesApplied']);
  return { orderId, placed: placed.data as OrderEventDataMap['OrderPlaced'], applied };
}

/**
 * The `last` orders placed most recently, as their streams recorded the placement (OrderPlaced
 * and the RulesApplied of the same append), oldest first. Reads the order streams of the log
 * forwards, keeping at most `last` orders in memory.
 */
export async function recentPlacements(
  events: Pick<EventStore, 'readAll' | 'headPosition'>,
  last: number,
  onProgress?: (progress: PlacementProgress) => void,
): Promise<RecordedPlacement[]> {
  const head = await events.headPosition();
  const latest = new Map<string, RecordedEvent[]>();
  let position = 0;
  while (position < head) {
    const page = await events.readAll({ afterPosition: position, maxCount: PAGE_SIZE, streamPrefixes: ['order-'] });
    if (page.length === 0) break;
    for (const event of page) {
      if (event.position > head) break;
      const orderId = streamEntityId(event.streamId);
      if (event.type === 'OrderPlaced') {
        latest.set(orderId, [event]);
        if (latest.size > last) latest.delete(latest.keys().next().value as string);
      } else if (event.type === 'RulesApplied') latest.get(orderId)?.push(event);
    }
    position = page[page.length - 1]?.position ?? head;
    onProgress?.({ position: Math.min(position, head), head, orders: latest.size });
  }
  return [...latest].flatMap(([orderId, stream]) => placementOf(orderId, stream) ?? []);
}
