import type {
  AppendExpectedRevision,
  EventData,
  JSONType,
  Position,
  ReadPosition,
  ReadRevision,
  ResolvedEvent,
} from '@eventstore/db-client';
import {
  type DomainEvent,
  DuplicateEventIdError,
  type EventMetadata,
  type ExpectedRevision,
  type ReadStreamOptions,
  type RecordedEvent,
} from '@ordinal/domain';
import { eventChainHash } from './event-chain.ts';

// The client's constants, spelled out so this module stays pure (no client loaded by its tests).
const ANY = 'any';
const NO_STREAM = 'no_stream';
const STREAM_EXISTS = 'stream_exists';
const START = 'start';
const END = 'end';

/** A position or revision from EventStoreDB does not fit in a JavaScript number. */
export class PositionOutOfRangeError extends RangeError {
  override readonly name = 'PositionOutOfRangeError';
  readonly code = 'store.position-out-of-range';
  constructor(
    readonly what: string,
    readonly value: bigint,
  ) {
    super(`EventStoreDB ${what} ${value} exceeds Number.MAX_SAFE_INTEGER: it cannot be an Ordinal ${what}`);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Our expected revision (number of events) as EventStoreDB's (0-based revision of the last event). */
export function toEsdbExpected(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no-stream':
      return NO_STREAM;
    case 'stream-exists':
      return STREAM_EXISTS;
    default:
      if (!Number.isSafeInteger(expected) || expected < 0) {
        throw new RangeError(`an expected revision must be an integer ≥ 0, got ${String(expected)}`);
      }
      return expected === 0 ? NO_STREAM : BigInt(expected - 1);
  }
}

/** Our 1-based revision of an event EventStoreDB numbers from 0. */
export function fromEsdbRevision(revision: bigint): number {
  const ours = revision + 1n;
  if (ours > BigInt(Number.MAX_SAFE_INTEGER)) throw new PositionOutOfRangeError('revision', revision);
  return Number(ours);
}

/** The stream's revision (number of events) from EventStoreDB's current revision of a stream. */
export function fromEsdbCurrent(current: bigint | string): number {
  return typeof current === 'bigint' ? fromEsdbRevision(current) : 0;
}

/** Our global position: the event's commit position. */
export function fromEsdbPosition(commit: bigint): number {
  if (commit < 0n || commit > BigInt(Number.MAX_SAFE_INTEGER)) throw new PositionOutOfRangeError('position', commit);
  return Number(commit);
}

/**
 * Where to start reading `$all` to see everything after `afterPosition`. A commit position
 * with the same prepare position is where that event's record starts; reads from there include
 * the event itself, so callers also drop what is at or before it.
 */
export function toEsdbReadPosition(afterPosition: number): ReadPosition {
  if (afterPosition <= 0) return START;
  const at = BigInt(Math.trunc(afterPosition));
  return { commit: at, prepare: at } satisfies Position;
}

/** What to ask EventStoreDB for one of our stream reads, or `empty` when nothing can match. */
export function toEsdbStreamRead(
  options: ReadStreamOptions,
): 'empty' | { direction: 'forwards' | 'backwards'; fromRevision: ReadRevision; maxCount?: number } {
  const direction = options.direction ?? 'forwards';
  const maxCount = options.maxCount === undefined ? undefined : Math.max(0, Math.trunc(options.maxCount));
  if (maxCount === 0) return 'empty';
  const from = options.fromRevision;
  let fromRevision: ReadRevision;
  if (direction === 'forwards') {
    fromRevision = from === undefined || from <= 1 ? START : BigInt(Math.trunc(from) - 1);
  } else {
    if (from !== undefined && from < 1) return 'empty';
    // Past the end, EventStoreDB reads backwards from the last event, as our port does.
    fromRevision = from === undefined || from >= Number.MAX_SAFE_INTEGER ? END : BigInt(Math.trunc(from) - 1);
  }
  return maxCount === undefined ? { direction, fromRevision } : { direction, fromRevision, maxCount };
}

/** Event ids compare without regard to case: EventStoreDB hands UUIDs back in lower case. */
export function sameEventId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The key under which an event's chain hash travels in its EventStoreDB metadata. */
export const CHAIN_HASH_KEY = 'chainHash';

/** Where an append's events join their stream's chain: the revision they follow and its hash. */
export interface ChainLink {
  readonly afterRevision: number;
  readonly previousHash: string;
}

/**
 * Our events as EventStoreDB JSON events: the id as the EventStoreDB id, data and metadata as
 * JSON. Refuses ids that are not UUIDs (the server needs them) or repeat within the append, and
 * data that is not JSON, before anything goes over the wire. Given the link to the stream's
 * chain, each event's chain hash is added to its metadata under CHAIN_HASH_KEY, computed over
 * the metadata without it.
 */
export function toEventData(streamId: string, events: readonly DomainEvent[], link?: ChainLink): EventData[] {
  const seen = new Set<string>();
  let previous = link?.previousHash;
  return events.map((event, index) => {
    if (typeof event.eventId !== 'string' || !UUID.test(event.eventId)) {
      throw new TypeError(`EventStoreDB needs UUID event ids, got ${String(event.eventId)}`);
    }
    const key = event.eventId.toLowerCase();
    if (seen.has(key)) throw new DuplicateEventIdError(streamId, event.eventId);
    seen.add(key);
    const data = event.data ?? null;
    // JSON.stringify throws on bigint and cycles: the same refusal the embedded store gives.
    const dataText = JSON.stringify(data);
    const metadataText = JSON.stringify(event.metadata ?? null);
    let metadata = (event.metadata ?? undefined) as unknown as JSONType | undefined;
    if (link !== undefined && previous !== undefined) {
      const revision = link.afterRevision + index + 1;
      const { eventId, type } = event;
      previous = eventChainHash(previous, {
        streamId,
        revision,
        eventId,
        type,
        data: dataText,
        metadata: metadataText,
      });
      metadata = { ...(event.metadata ?? {}), [CHAIN_HASH_KEY]: previous } as unknown as JSONType;
    }
    return { id: event.eventId, contentType: 'application/json', type: event.type, data: data as JSONType, metadata };
  });
}

/** The parts of an EventStoreDB recorded event the mapping reads. */
export interface EsdbRecorded {
  readonly streamId: string;
  readonly id: string;
  readonly revision: bigint;
  readonly type: string;
  readonly created: Date;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly position?: Position | undefined;
}

/**
 * An EventStoreDB event as the port hands it out. `commitPosition` stands in for servers
 * that do not put the position on events read from a stream (before 22.6).
 */
export function fromEsdbEvent(event: EsdbRecorded, commitPosition?: bigint): RecordedEvent {
  const commit = event.position?.commit ?? commitPosition;
  if (commit === undefined) {
    throw new Error(`EventStoreDB gave no position for ${event.streamId}@${event.revision}: use 22.6 or later`);
  }
  const { metadata, hash } = splitChainHash(event.metadata);
  return {
    eventId: event.id,
    type: event.type,
    data: event.data ?? null,
    metadata: metadata as EventMetadata,
    streamId: event.streamId,
    revision: fromEsdbRevision(event.revision),
    position: fromEsdbPosition(commit),
    recordedAt: event.created.toISOString(),
    ...(hash === undefined ? {} : { hash }),
  };
}

/** Stored metadata as the metadata the writer gave and the chain hash added to it. */
function splitChainHash(stored: unknown): { metadata: unknown; hash: string | undefined } {
  // Metadata written as null is not stored at all, so it reads back as undefined.
  if (stored === null || stored === undefined || typeof stored !== 'object' || Array.isArray(stored)) {
    return { metadata: stored ?? null, hash: undefined };
  }
  const { [CHAIN_HASH_KEY]: hash, ...rest } = stored as Record<string, unknown>;
  if (typeof hash !== 'string') return { metadata: stored, hash: undefined };
  // Metadata written as null travels as an object holding the hash alone.
  return { metadata: Object.keys(rest).length === 0 ? null : rest, hash };
}

/** A resolved event of one stream as ours (undefined for a link that resolves to nothing). */
export function fromResolvedEvent(resolved: ResolvedEvent): RecordedEvent | undefined {
  return resolved.event === undefined ? undefined : fromEsdbEvent(resolved.event, resolved.commitPosition);
}
