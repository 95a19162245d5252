import {
  type CommandEnvelope,
  type CommandOutcome,
  commandStreamId,
  type EventStore,
  isRejection,
  type OrderCommand,
  type OrderEvent,
  orderDecider,
  type RecordedEvent,
} from '@ordinal/domain';
import { type OrderIntent, commandForOrder as orderCommandFor } from '@ordinal/domain/testing';
import { expect } from 'vitest';
import { toEvents } from './command-events.ts';
import { commandHash } from './command-ids.ts';
import { envelope } from './counter.fixture.ts';
import { type ConcurrencyConflictError, IDEMPOTENCY_CONFLICT } from './host.errors.ts';

// What the two-host order race checks once every command was answered.

/** One command sent to one host. */
export interface Sent {
  readonly host: 0 | 1;
  /** Event-loop turns before it is sent. */
  readonly start: number;
  readonly envelope: CommandEnvelope<OrderCommand>;
}

/** Commands for the intents as one writer would send them in turn (command ids `<orderId>-<i>`). */
export function simulate(intents: readonly OrderIntent[], orderId: string): CommandEnvelope<OrderCommand>[] {
  const now = '2026-03-02T09:00:00.000Z';
  let state = orderDecider.initialState();
  return intents.map((intent, i) => {
    const command = envelope(orderCommandFor(intent, state, orderId), { commandId: `${orderId}-${i}` });
    const decision = orderDecider.decide(command.command, state, { now, metadata: command.metadata });
    if (!isRejection(decision)) {
      for (const event of toEvents(decision, command, { now, commandHash: '' })) {
        state = orderDecider.evolve(state, event as OrderEvent);
      }
    }
    return command;
  });
}

/**
 * The stream is gapless with unique ids; each command's events are in it once, together; each
 * command id got one answer (a retry the same one), or an idempotency conflict for another body;
 * refused commands wrote nothing but their refusal, decided on a revision at least as new as
 * the one `seen` before the command was sent.
 */
export async function checkAnswers(
  store: EventStore,
  stream: readonly RecordedEvent[],
  sends: readonly Sent[],
  answers: readonly (CommandOutcome | ConcurrencyConflictError)[],
  seen: readonly number[],
): Promise<void> {
  expect(stream.map((event) => event.revision)).toEqual(stream.map((_, i) => i + 1));
  expect(new Set(stream.map((event) => event.eventId)).size).toBe(stream.length);
  const byCommand = new Map<string, { hash: string; outcome: CommandOutcome }[]>();
  const acceptedIds = new Set<string>();
  for (const [i, answer] of answers.entries()) {
    if (!('status' in answer)) continue;
    const { command, metadata } = sends[i]!.envelope;
    const written = stream.filter((event) => event.metadata.commandId === metadata.commandId);
    if (answer.status === 'rejected' && answer.rejection.code === IDEMPOTENCY_CONFLICT) continue;
    const hash = commandHash(command);
    if (answer.status === 'accepted') {
      acceptedIds.add(metadata.commandId);
      expect(answer.events).toEqual(written);
      for (const event of answer.events) expect(stream[event.revision - 1]).toEqual(event);
    } else {
      // A refusal is final, so it was decided on a revision no older than the one the stream
      // had when the command was sent (a replay answers an earlier decision).
      if (answer.duplicate !== true) expect(answer.revision).toBeGreaterThanOrEqual(seen[i]!);
      expect(written).toEqual([]);
      const refusal = await store.readStream(commandStreamId(metadata.commandId));
      expect(refusal).toMatchObject([{ type: 'CommandRejected', data: { commandHash: hash } }]);
    }
    const { duplicate: _, ...outcome } = answer;
    const list = byCommand.get(metadata.commandId) ?? [];
    list.push({ hash, outcome: outcome as CommandOutcome });
    byCommand.set(metadata.commandId, list);
  }
  for (const list of byCommand.values()) {
    // Every answer to one command id, but conflicts, is the first answer for the first body.
    for (const other of list.slice(1)) expect(other).toEqual(list[0]);
  }
  for (const event of stream) expect(acceptedIds.has(event.metadata.commandId ?? '')).toBe(true);
}
