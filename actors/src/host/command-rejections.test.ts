import { type CommandRejected, commandStreamId, type EventStore, reject } from '@ordinal/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventIdFor } from './command-ids.ts';
import { commandRejectedEvent, findRefusal, type Refusal, recordRefusal } from './command-rejections.ts';
import { envelope } from './counter.fixture.ts';
import { type TempStore, tempStore } from './temp-store.fixture.ts';

const now = '2024-05-01T10:00:00.000Z';
const refusal: Refusal = {
  targetStreamId: 'counter-c1',
  revision: 3,
  rejection: reject('counter.closed', 'the counter is closed', { allowedCommands: ['Reopen'] }),
  commandHash: 'hash-1',
  now,
};

function refusedEvent(commandId: string, overrides: Partial<Refusal> = {}): CommandRejected {
  return commandRejectedEvent(envelope({ type: 'Close', counterId: 'c1' }, { commandId }), {
    ...refusal,
    ...overrides,
  });
}

describe('command rejections', () => {
  let temp: TempStore;
  let store: EventStore;

  beforeEach(async () => {
    temp = await tempStore();
    store = await temp.open();
  });

  afterEach(async () => {
    await temp.cleanup();
  });

  it('builds the event: the first event id of the command, caused by the command itself', () => {
    const command = envelope(
      { type: 'Close', counterId: 'c1' },
      { commandId: 'cmd-1', causationId: 'event-9', channel: 'webshop', occurredAt: '2024-04-30T08:00:00.000Z' },
    );
    const event = commandRejectedEvent(command, refusal);
    expect(event).toEqual({
      eventId: eventIdFor('cmd-1', 0),
      type: 'CommandRejected',
      data: {
        targetStreamId: 'counter-c1',
        commandType: 'Close',
        commandHash: 'hash-1',
        rejection: {
          code: 'counter.closed',
          message: 'the counter is closed',
          details: { allowedCommands: ['Reopen'] },
        },
        revision: 3,
      },
      metadata: {
        schemaVersion: 1,
        occurredAt: '2024-04-30T08:00:00.000Z',
        correlationId: command.metadata.correlationId,
        causationId: 'cmd-1',
        actor: command.metadata.actor,
        channel: 'webshop',
        commandId: 'cmd-1',
        commandHash: 'hash-1',
      },
    });
    const plain = refusedEvent('cmd-2', { rejection: reject('counter.invalid-amount', 'by > 0') });
    expect(plain.data.rejection).toEqual({ code: 'counter.invalid-amount', message: 'by > 0' });
    expect(plain.metadata.occurredAt).toBe(now);
  });

  it('records a refusal once and answers the stored one to every later attempt', async () => {
    const event = refusedEvent('cmd-1');
    expect(await findRefusal(store, 'cmd-1')).toBeUndefined();
    expect(await recordRefusal(store, event)).toEqual({ data: event.data, duplicate: false });
    expect(await recordRefusal(store, event)).toEqual({ data: event.data, duplicate: true });
    expect(await findRefusal(store, 'cmd-1')).toEqual(event.data);
    const stream = await store.readStream(commandStreamId('cmd-1'));
    expect(stream).toMatchObject([{ eventId: event.eventId, type: 'CommandRejected', revision: 1 }]);
  });

  it('answers the refusal already in the stream when its own append finds the stream taken', async () => {
    const first = refusedEvent('cmd-1');
    // A refusal with another event id, as a store without global event ids could hold.
    await store.append(commandStreamId('cmd-1'), [{ ...first, eventId: eventIdFor('other', 0) }], 'no-stream');
    const late = refusedEvent('cmd-1', { revision: 7, commandHash: 'hash-2' });
    expect(await recordRefusal(store, late)).toEqual({ data: first.data, duplicate: true });
    expect(await store.streamRevision(commandStreamId('cmd-1'))).toBe(1);
  });

  it("says so when the command's first event id is already in another stream", async () => {
    const event = refusedEvent('cmd-1');
    await store.append('counter-c1', [{ ...event, type: 'Closed', data: {} }], 'no-stream');
    expect(await recordRefusal(store, event)).toBe('id-taken');
    expect(await store.streamRevision(commandStreamId('cmd-1'))).toBe(0);
  });

  it('refuses to read anything but a CommandRejected from a command stream', async () => {
    const event = refusedEvent('cmd-1');
    await store.append(commandStreamId('cmd-1'), [{ ...event, type: 'Closed' }], 'no-stream');
    await expect(findRefusal(store, 'cmd-1')).rejects.toThrow(/not a well-formed CommandRejected/);
    await store.append(commandStreamId('cmd-2'), [{ ...refusedEvent('cmd-2'), data: { revision: 1 } }], 'no-stream');
    await expect(findRefusal(store, 'cmd-2')).rejects.toThrow(/not a well-formed CommandRejected/);
  });
});
