import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActorHost, HostClosedError, SqliteEventStore } from '@ordinal/actors';
import { type DomainEvent, type OrderCommand, orderDecider, WrongExpectedRevisionError } from '@ordinal/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { instrumentEventStore, instrumentExecutor } from './metrics.instrument.ts';
import { createMetrics, type OrdinalMetrics } from './metrics.registry.ts';
import { sampleValue } from './prometheus-text.fixture.ts';

function event(eventId: string): DomainEvent {
  return {
    eventId,
    type: 'NoteAdded',
    data: { note: eventId },
    metadata: {
      schemaVersion: 1,
      occurredAt: '2025-03-01T09:00:00.000Z',
      correlationId: 'c-1',
      causationId: 'c-1',
      actor: { kind: 'role', role: 'ops' },
    },
  };
}

describe('instrumented event store and executor, on a real SQLite store', () => {
  let dir: string;
  let store: SqliteEventStore;
  let metrics: OrdinalMetrics;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ordinal-instrument-'));
    store = SqliteEventStore.open({ file: join(dir, 'events.db'), synchronous: 'NORMAL' });
    metrics = createMetrics({ defaultMetrics: false });
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  const value = async (name: string, labels: Record<string, string> = {}) =>
    sampleValue(await metrics.registry.metrics(), name, labels);

  it('counts appends by outcome and only the events newly written', async () => {
    const instrumented = instrumentEventStore(store, metrics);
    const first = await instrumented.append('note-1', [event('e1'), event('e2')], 'no-stream');
    expect(first).toMatchObject({ revision: 2, duplicate: false });
    // The same ids again: idempotent, nothing new stored.
    expect(await instrumented.append('note-1', [event('e1'), event('e2')], 'no-stream')).toMatchObject({
      duplicate: true,
    });
    await expect(instrumented.append('note-1', [event('e3')], 1)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect(await value('ordinal_appends_total', { outcome: 'ok' })).toBe(2);
    expect(await value('ordinal_appends_total', { outcome: 'conflict' })).toBe(1);
    expect(await value('ordinal_appended_events_total')).toBe(2);
    // Reads pass straight through to the store.
    expect((await instrumented.readStream('note-1')).map((e) => e.eventId)).toEqual(['e1', 'e2']);
    expect(await instrumented.headPosition()).toBe(await store.headPosition());
    expect(await instrumented.streamRevision('note-1')).toBe(2);
  });

  it('counts the risk holds written, once, and no other hold', async () => {
    const instrumented = instrumentEventStore(store, metrics);
    const held = (eventId: string, facts: Record<string, unknown>) => ({
      ...event(eventId),
      type: 'OrderHeld',
      data: { reason: 'held', facts },
    });
    await instrumented.append('order-1', [event('e1'), held('e2', { source: 'risk' })], 'no-stream');
    await instrumented.append('order-1', [event('e1'), held('e2', { source: 'risk' })], 'no-stream');
    await instrumented.append('order-2', [held('e3', { source: 'routing' })], 'no-stream');
    await instrumented.append('order-3', [held('e4', { rules: {}, risk: { source: 'risk' } })], 'no-stream');
    expect(await value('ordinal_risk_holds_total')).toBe(2);
  });

  it('counts a failing append as an error and rethrows it unchanged', async () => {
    const instrumented = instrumentEventStore(store, metrics);
    await store.close();
    const failure = await instrumented.append('note-1', [event('e1')], 'any').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(WrongExpectedRevisionError);
    expect(await value('ordinal_appends_total', { outcome: 'error' })).toBe(1);
    expect(await value('ordinal_appends_total', { outcome: 'ok' })).toBeUndefined();
  });

  it('times a command that throws as an error and rethrows it', async () => {
    const host = new ActorHost({ store, decider: orderDecider });
    await host.close();
    const executor = instrumentExecutor<OrderCommand>(host, metrics);
    const command: OrderCommand = { type: 'CancelOrder', orderId: 'o-1', reason: 'customer' };
    const envelope = {
      command,
      metadata: { commandId: 'cmd-1', correlationId: 'c-1', actor: { kind: 'role', role: 'ops' } as const },
    };
    await expect(executor.execute(envelope)).rejects.toBeInstanceOf(HostClosedError);
    expect(await value('ordinal_command_duration_seconds_count', { type: 'CancelOrder', outcome: 'error' })).toBe(1);
  });
});
