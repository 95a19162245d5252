import { type EventStoreDBClient, StreamNotFoundError } from '@eventstore/db-client';
import type { ReadStreamOptions, RecordedEvent } from '@ordinal/domain';
import { fromResolvedEvent, toEsdbStreamRead } from './esdb-event-store.mapping.ts';

/** Events of one stream as the port reads them: an unknown stream reads as empty. */
export async function readStreamEvents(
  client: EventStoreDBClient,
  streamId: string,
  options: ReadStreamOptions,
): Promise<RecordedEvent[]> {
  const request = toEsdbStreamRead(options);
  if (request === 'empty') return [];
  const events: RecordedEvent[] = [];
  for await (const event of streamEvents(client, streamId, request)) events.push(event);
  return events;
}

/** Streams the events of one stream; a loop that breaks early cancels the read. */
export async function* streamEvents(
  client: EventStoreDBClient,
  streamId: string,
  request: Exclude<ReturnType<typeof toEsdbStreamRead>, 'empty'>,
): AsyncGenerator<RecordedEvent, void, undefined> {
  const read = client.readStream(streamId, request);
  try {
    for await (const resolved of read) {
      const event = fromResolvedEvent(resolved);
      if (event !== undefined) yield event;
    }
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  } finally {
    await cancelRead(read);
  }
}

/** Stops a read the caller left early; a read that already ended ignores it. */
export async function cancelRead(read: { cancel(): Promise<void> }): Promise<void> {
  await read.cancel().catch(() => undefined);
}
