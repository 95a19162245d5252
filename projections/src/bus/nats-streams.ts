import type { ParkedMessage, RecordedEvent } from '@ordinal/domain';
import {
  DiscardPolicy,
  type JetStreamClient,
  type JetStreamManager,
  NatsError,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
} from 'nats';

/** Header carrying the event's global position, so the bus can tell how far it holds the log. */
export const POSITION_HEADER = 'Ordinal-Position';
/** Header carrying the event's stream id, URI-encoded (header values are ASCII lines). */
export const STREAM_ID_HEADER = 'Ordinal-Stream-Id';
/** Header carrying the event's revision in its stream. */
export const REVISION_HEADER = 'Ordinal-Revision';

/** What a stream of this bus must look like; anything else on it is left as the operator set it. */
export interface StreamShape {
  readonly name: string;
  readonly subjects: readonly string[];
  readonly duplicateWindowNanos: number;
  readonly replicas: number;
}

/** Creates the stream, or updates the settings this bus relies on; no change when they match. */
export async function ensureStream(jsm: JetStreamManager, shape: StreamShape): Promise<void> {
  const wanted: Partial<StreamConfig> = {
    subjects: [...shape.subjects],
    duplicate_window: shape.duplicateWindowNanos,
    num_replicas: shape.replicas,
  };
  let current: StreamConfig;
  try {
    current = (await jsm.streams.info(shape.name)).config;
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await jsm.streams.add({
      name: shape.name,
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
      ...wanted,
    });
    return;
  }
  const same =
    current.duplicate_window === wanted.duplicate_window &&
    current.num_replicas === wanted.num_replicas &&
    JSON.stringify(current.subjects) === JSON.stringify(wanted.subjects);
  if (!same) await jsm.streams.update(shape.name, { ...current, ...wanted });
}

/** Whether a JetStream API error says the stream, consumer or message does not exist. */
export function isNotFound(error: unknown): boolean {
  return error instanceof NatsError && (error.api_error?.code === 404 || /not found/i.test(error.message));
}

/** The highest global position in the stream's last message: 0 when the stream is empty. */
export async function lastPosition(jsm: JetStreamManager, stream: string): Promise<number> {
  const { state } = await jsm.streams.info(stream);
  if (state.messages === 0) return 0;
  const last = await jsm.streams.getMessage(stream, { seq: state.last_seq });
  const header = last.header?.get(POSITION_HEADER);
  const position = header ? Number(header) : last.json<RecordedEvent>().position;
  if (!Number.isSafeInteger(position) || position < 0) {
    throw new Error(`the last message of ${stream} has no valid ${POSITION_HEADER}`);
  }
  return position;
}

/**
 * Reads every parked record with an ordered consumer, up to the stream's last message when
 * the read began, and keeps the newest record per durable and event id.
 */
export async function readParked(
  js: JetStreamClient,
  jsm: JetStreamManager,
  stream: string,
  durableName: string | undefined,
): Promise<ParkedMessage[]> {
  const { state } = await jsm.streams.info(stream);
  if (state.messages === 0) return [];
  const consumer = await js.consumers.get(stream);
  const messages = await consumer.consume();
  const newest = new Map<string, ParkedMessage>();
  try {
    for await (const msg of messages) {
      const parked = msg.json<ParkedMessage>();
      if (durableName === undefined || parked.durableName === durableName) {
        const key = JSON.stringify([parked.durableName, parked.event.eventId]);
        newest.delete(key);
        newest.set(key, parked);
      }
      if (msg.seq >= state.last_seq) break;
    }
  } finally {
    await messages.close();
  }
  return [...newest.values()];
}
