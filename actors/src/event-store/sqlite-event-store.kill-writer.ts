// Child process of the SIGKILL durability test: appends forever from many concurrent writers and
// prints one line per event as soon as its append is acknowledged. Usage: <file> <streams>.
import { randomUUID } from 'node:crypto';
import type { DomainEvent } from '@ordinal/domain';
import { SqliteEventStore } from './sqlite-event-store.ts';

/** The data each event carries, so the parent can check it came back intact. */
export function payloadOf(streamId: string, revision: number, eventId: string) {
  return { streamId, revision, body: eventId.repeat(6) };
}

function eventFor(streamId: string, revision: number): DomainEvent {
  const eventId = randomUUID();
  return {
    eventId,
    type: 'DurabilityProbed',
    data: payloadOf(streamId, revision, eventId),
    metadata: {
      schemaVersion: 1,
      occurredAt: new Date().toISOString(),
      correlationId: eventId,
      causationId: eventId,
      actor: { kind: 'system', component: 'kill-writer' },
    },
  };
}

async function write(store: SqliteEventStore, streamId: string): Promise<void> {
  let revision = await store.streamRevision(streamId);
  for (;;) {
    const count = 1 + (revision % 3);
    const events = Array.from({ length: count }, (_, i) => eventFor(streamId, revision + i + 1));
    const result = await store.append(streamId, events, revision);
    // Pipes are written synchronously on Linux: the line is out before the next append starts.
    process.stdout.write(result.events.map((e) => `${e.streamId} ${e.revision} ${e.eventId}\n`).join(''));
    revision = result.revision;
  }
}

const [file, streams = '40'] = process.argv.slice(2);
if (file !== undefined && process.argv[1]?.endsWith('kill-writer.ts')) {
  const store = SqliteEventStore.open({ file });
  await Promise.all(Array.from({ length: Number(streams) }, (_, i) => write(store, `probe-${i}`)));
}
