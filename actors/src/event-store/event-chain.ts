import { createHash } from 'node:crypto';
import type { RecordedEvent } from '@ordinal/domain';

/** The `previousHash` of a stream's first event: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The parts of a stored event its chain hash covers: where it sits in its stream, its id and
 * type, and its data and metadata as the JSON text the store holds (so personal fields
 * encrypted before the append are covered as ciphertext, and destroying their key leaves the
 * chain whole). `recordedAt` and `position` are not covered: EventStoreDB assigns both on the
 * server after the hash is computed; the signed checkpoints fix the global order instead.
 */
export interface ChainedFields {
  readonly streamId: string;
  readonly revision: number;
  readonly eventId: string;
  readonly type: string;
  /** The event's data as stored: JSON text. */
  readonly data: string;
  /** The event's metadata as stored, without the hash itself: JSON text. */
  readonly metadata: string;
}

/**
 * The chain hash of one event: SHA-256 (hex) of the previous event's hash in the same stream
 * (GENESIS_HASH for revision 1), a newline, then the covered fields as one JSON array. Event
 * ids are hashed in lower case, the form EventStoreDB hands them back in.
 */
export function eventChainHash(previousHash: string, event: ChainedFields): string {
  const covered = JSON.stringify([
    event.streamId,
    event.revision,
    event.eventId.toLowerCase(),
    event.type,
    event.data,
    event.metadata,
  ]);
  return createHash('sha256').update(previousHash).update('\n').update(covered).digest('hex');
}

/** The rolling digest of the whole log after one more event: SHA-256 of the digest so far and its hash. */
export function rollDigest(digest: string, eventHash: string): string {
  return createHash('sha256').update(digest).update(eventHash).digest('hex');
}

/** The covered fields of an event read through the port (data and metadata as JSON text again). */
export function chainedFieldsOf(event: RecordedEvent): ChainedFields {
  return {
    streamId: event.streamId,
    revision: event.revision,
    eventId: event.eventId,
    type: event.type,
    data: JSON.stringify(event.data ?? null),
    metadata: JSON.stringify(event.metadata ?? null),
  };
}

/** Where a stream's chain breaks: the event, the hash it should have, and the one it has. */
export interface ChainBreak {
  readonly streamId: string;
  readonly revision: number;
  readonly position: number;
  readonly eventId: string;
  readonly expected: string;
  readonly found: string | undefined;
}

/**
 * Checks events of one stream read in order from `previousHash` on (GENESIS_HASH when they
 * start at revision 1): the first event whose recorded hash is not the recomputed one, or
 * undefined when the chain holds.
 */
export function firstChainBreak(events: readonly RecordedEvent[], previousHash = GENESIS_HASH): ChainBreak | undefined {
  let previous = previousHash;
  for (const event of events) {
    const expected = eventChainHash(previous, chainedFieldsOf(event));
    if (event.hash !== expected) {
      const { streamId, revision, position, eventId } = event;
      return { streamId, revision, position, eventId, expected, found: event.hash };
    }
    previous = expected;
  }
  return undefined;
}
