import type { AllStreamResolvedEvent } from '@eventstore/db-client';
import type { RecordedEvent } from '@ordinal/domain';
import { fromEsdbEvent } from './esdb-event-store.mapping.ts';

/** Streams and events EventStoreDB keeps for itself (`$`-prefixed), which the port never shows. */
export function isSystemEvent(event: { readonly streamId: string; readonly type: string }): boolean {
  return event.streamId.startsWith('$') || event.type.startsWith('$');
}

/** Whether a stream id starts with one of the prefixes; no prefixes means every stream. */
export function matchesPrefixes(streamId: string, prefixes: readonly string[] | undefined): boolean {
  return prefixes === undefined || prefixes.some((prefix) => streamId.startsWith(prefix));
}

/**
 * The prefixes both the store's and the call's filters accept: undefined when neither filters,
 * an empty list when nothing can match both. Two prefixes overlap only when one starts with the
 * other, and then the longer one is the overlap.
 */
export function combinePrefixes(
  store: readonly string[] | undefined,
  call: readonly string[] | undefined,
): readonly string[] | undefined {
  const a = store === undefined || store.length === 0 ? undefined : store;
  const b = call === undefined || call.length === 0 ? undefined : call;
  if (a === undefined) return b;
  if (b === undefined) return a;
  const both = new Set<string>();
  for (const x of a) {
    for (const y of b) {
      if (x.startsWith(y)) both.add(x);
      else if (y.startsWith(x)) both.add(y);
    }
  }
  return [...both];
}

/**
 * An event read from `$all` as ours, or undefined when the port does not show it: system
 * events, streams outside the prefixes, and anything at or before `afterPosition`.
 */
export function selectFromAll(
  resolved: AllStreamResolvedEvent,
  afterPosition: number,
  prefixes: readonly string[] | undefined,
): RecordedEvent | undefined {
  const event = resolved.event;
  if (event === undefined || isSystemEvent(event) || !matchesPrefixes(event.streamId, prefixes)) return undefined;
  const recorded = fromEsdbEvent(event, resolved.commitPosition);
  return recorded.position > afterPosition ? recorded : undefined;
}
