import { dirname, join } from 'node:path';
import type { CommandOutcome, EventStore, ReadStreamOptions } from '@ordinal/domain';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActorHost } from './actor-host.ts';
import {
  type CounterCommand,
  type CounterEvent,
  type CounterState,
  counterDecider,
  envelope,
  foldCounter,
} from './counter.fixture.ts';
import type { ActorHostOptions } from './host.options.ts';
import { SnapshotCorruptError, type SnapshotStore } from './snapshot-store.ts';
import { SqliteSnapshotStore } from './sqlite-snapshot-store.ts';
import { decorate, type TempStore, tempStore } from './temp-store.fixture.ts';

type Host = ActorHost<CounterCommand, CounterEvent, CounterState>;
type Options = Partial<ActorHostOptions<CounterCommand, CounterEvent, CounterState>>;
const inc = (counterId: string, by = 1, times = 1): CounterCommand => ({ type: 'Increment', counterId, by, times });
const VERSION = 'host-1/counter-1';

describe('ActorHost with a snapshot cache', () => {
  let temp: TempStore;
  let store: EventStore;
  let snapshots: SqliteSnapshotStore;
  let snapshotFile: string;
  let reads: { streamId: string; fromRevision: number | undefined }[];
  let errors: unknown[];
  const hosts: Host[] = [];
  const { decider } = counterDecider({ spawn: true, snapshot: true });

  /** A host whose stream reads are recorded, snapshotting every 5 revisions. */
  const makeHost = (options: Options = {}, on: EventStore = store): Host => {
    const counted = decorate(on, {
      beforeRead: (streamId: string, read?: ReadStreamOptions) => {
        reads.push({ streamId, fromRevision: read?.fromRevision });
      },
    });
    const host = new ActorHost({
      store: counted,
      decider,
      snapshots: { store: snapshots, every: 5, onError: (error) => errors.push(error) },
      ...options,
    });
    hosts.push(host);
    return host;
  };
  const times = async (host: Host, id: string, n: number): Promise<CommandOutcome[]> => {
    const outcomes: CommandOutcome[] = [];
    for (let i = 0; i < n; i += 1) outcomes.push(await host.execute(envelope(inc(id))));
    return outcomes;
  };
  const tamper = (sql: string, ...params: unknown[]) => {
    const db = new Database(snapshotFile);
    db.prepare(sql).run(...params);
    db.close();
  };

  beforeEach(async () => {
    temp = await tempStore();
    store = await temp.open();
    snapshotFile = join(dirname(temp.file), 'snapshots.db');
    snapshots = SqliteSnapshotStore.open({ file: snapshotFile });
    reads = [];
    errors = [];
  });

  afterEach(async () => {
    await Promise.all(hosts.splice(0).map((host) => host.close()));
    await snapshots.close();
    await temp.cleanup();
  });

  it('writes a snapshot after the append that crosses a multiple of every, after answering', async () => {
    const host = makeHost();
    await times(host, 'a', 4);
    await host.close();
    expect(await snapshots.get('counter-a')).toBeUndefined();
    const next = makeHost();
    await next.execute(envelope(inc('a')));
    // The answer comes first; the write follows on a later turn of the event loop.
    expect(await snapshots.get('counter-a')).toBeUndefined();
    await next.execute(envelope(inc('a', 2, 3)));
    await next.execute(envelope(inc('a', 1, 3)));
    await next.close();
    const stored = await snapshots.get('counter-a');
    expect(stored).toMatchObject({
      revision: 11,
      version: VERSION,
      state: { total: 14, increments: 11, limit: null, closed: false },
    });
    const stream = await store.readStream('counter-a');
    expect(stored?.eventId).toBe(stream[10]?.eventId);
    expect(errors).toEqual([]);
  });

  it('rehydrates a passivated entity from the snapshot and the events after it', async () => {
    const now = { ms: 0 };
    const host = makeHost({ idleTimeoutMs: 1_000, clock: () => new Date(now.ms) });
    await host.execute(envelope({ type: 'SetLimit', counterId: 'a', limit: 20 }));
    await times(host, 'a', 11);
    const before = await host.load('a');
    await new Promise((resolve) => setImmediate(resolve));
    expect((await snapshots.get('counter-a'))?.revision).toBe(10);
    now.ms += 2_000;
    expect(host.passivateIdle()).toBe(1);
    reads.length = 0;
    expect(await host.load('a')).toEqual(before);
    // From the snapshot's own revision (to check its event), then load's look at the tail.
    expect(reads).toEqual([
      { streamId: 'counter-a', fromRevision: 10 },
      { streamId: 'counter-a', fromRevision: 13 },
    ]);
    // The restored limit still decides.
    expect(await host.execute(envelope(inc('a', 10)))).toMatchObject({
      status: 'rejected',
      rejection: { code: 'counter.limit-exceeded' },
      revision: 12,
    });
    expect(await host.execute(envelope(inc('a', 9)))).toMatchObject({ status: 'accepted', revision: 13 });
    expect(errors).toEqual([]);
  });

  it('answers a retry of a command recorded before the snapshot with its original outcome', async () => {
    const host = makeHost();
    const early = envelope(inc('a', 3, 2));
    const first = await host.execute(early);
    const refused = envelope({ type: 'Reopen', counterId: 'a' } as CounterCommand);
    const refusal = await host.execute(refused);
    expect(refusal).toMatchObject({ status: 'rejected', rejection: { code: 'counter.not-closed' } });
    await times(host, 'a', 10);
    await host.close();
    expect((await snapshots.get('counter-a'))?.revision).toBe(10);
    const fresh = makeHost();
    reads.length = 0;
    expect(await fresh.execute(early)).toEqual({ ...first, duplicate: true });
    expect(reads[0]).toEqual({ streamId: 'counter-a', fromRevision: 10 });
    expect(await fresh.execute({ command: inc('a', 4, 2), metadata: early.metadata })).toMatchObject({
      status: 'rejected',
      rejection: { code: 'command.idempotency-conflict' },
      revision: 12,
    });
    expect(await fresh.execute(refused)).toEqual({ ...refusal, duplicate: true });
    expect(await store.streamRevision('counter-a')).toBe(12);
  });

  it('ignores a snapshot of another version', async () => {
    const host = makeHost();
    await times(host, 'a', 6);
    await host.close();
    const stored = await snapshots.get('counter-a');
    await snapshots.put('counter-a', {
      ...stored!,
      version: 'host-1/counter-0',
      state: { ...stored!.state!, total: 99 },
    });
    const fresh = makeHost();
    reads.length = 0;
    expect(await fresh.load('a')).toMatchObject({ state: { total: 6 }, revision: 6 });
    expect(reads[0]).toEqual({ streamId: 'counter-a', fromRevision: undefined });
    expect(errors).toEqual([]);
  });

  it('ignores and reports a corrupt row, and overwrites it at the next multiple', async () => {
    const host = makeHost();
    await times(host, 'a', 6);
    await host.close();
    tamper('UPDATE snapshots SET state = ?', '{"total": 99, "increments": 6, "limit": null, "closed": fal');
    const fresh = makeHost();
    reads.length = 0;
    expect(await fresh.load('a')).toMatchObject({ state: { total: 6 }, revision: 6 });
    expect(reads[0]).toEqual({ streamId: 'counter-a', fromRevision: undefined });
    expect(errors).toEqual([expect.any(SnapshotCorruptError)]);
    await times(fresh, 'a', 4);
    await fresh.close();
    expect(await snapshots.get('counter-a')).toMatchObject({ revision: 10, state: { total: 10 } });
  });

  it('ignores and reports a snapshot its decider cannot restore', async () => {
    const host = makeHost();
    await times(host, 'a', 5);
    await host.close();
    const stored = await snapshots.get('counter-a');
    await snapshots.put('counter-a', { ...stored!, state: { total: 'five' } });
    expect(await makeHost().load('a')).toMatchObject({ state: { total: 5 }, revision: 5 });
    await snapshots.put('counter-a', { ...stored!, commandIndex: [['c', null, 1, 6]] });
    expect(await makeHost().load('a')).toMatchObject({ state: { total: 5 }, revision: 5 });
    expect(errors.map((error) => (error as Error).message)).toEqual([
      expect.stringMatching(/not a counter state/),
      expect.stringMatching(/command index/),
    ]);
  });

  it('ignores a snapshot that is not of this log: another event at its revision, or beyond the end', async () => {
    const host = makeHost();
    await times(host, 'a', 5);
    await host.close();
    const stored = await snapshots.get('counter-a');
    for (const [i, wrong] of [{ eventId: 'another-log' }, { revision: 8 }].entries()) {
      await snapshots.put('counter-a', { ...stored!, ...wrong, state: { ...stored!.state!, total: 99 } });
      const fresh = makeHost();
      expect(await fresh.load('a')).toMatchObject({ state: { total: 5 + i }, revision: 5 + i });
      // Decided on the log's revision, not the snapshot's: no conflict, no 409.
      expect(await fresh.execute(envelope(inc('a')))).toMatchObject({ status: 'accepted', revision: 6 + i });
      expect(fresh.stats().conflicts).toBe(0);
      await fresh.close();
    }
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatchObject({ code: 'snapshot.corrupt', message: expect.stringMatching(/not in the log/) });
  });

  it('keeps optimistic concurrency when another writer appended after the snapshot', async () => {
    const other = await temp.open();
    const writer = makeHost();
    await writer.execute(envelope({ type: 'SetLimit', counterId: 'a', limit: 13 }));
    await times(writer, 'a', 9);
    await new Promise((resolve) => setImmediate(resolve));
    expect((await snapshots.get('counter-a'))?.revision).toBe(10);
    // Another process appends two events after the snapshot; the writer's live state is stale.
    const rival = makeHost({ snapshots: undefined }, other);
    await rival.execute(envelope(inc('a', 1, 2)));
    reads.length = 0;
    // Decided on the stale total (9 + 3 ≤ 13), the append conflicts; the reload (snapshot + the
    // rival's events) makes 11 + 3 too much.
    const outcome = await writer.execute(envelope(inc('a', 3)));
    expect(outcome).toMatchObject({ status: 'rejected', rejection: { code: 'counter.limit-exceeded' }, revision: 12 });
    expect(writer.stats().conflicts).toBe(1);
    expect(reads.filter((read) => read.streamId === 'counter-a')[0]).toEqual({
      streamId: 'counter-a',
      fromRevision: 10,
    });
    expect(await writer.execute(envelope(inc('a', 1, 2)))).toMatchObject({
      status: 'accepted',
      revision: 14,
      events: [{ data: { total: 12 } }, { data: { total: 13 } }],
    });
    // A host rehydrated from the snapshot at 10, then left behind by the rival's close and reopen.
    const stale = makeHost();
    await stale.load('a');
    await rival.execute(envelope({ type: 'Close', counterId: 'a' }));
    await rival.execute(envelope({ type: 'Reopen', counterId: 'a' }));
    expect(await stale.execute(envelope(inc('a', 5)))).toMatchObject({
      status: 'accepted',
      revision: 18,
      events: [{ data: { total: 18 } }],
    });
    await Promise.all([writer.close(), stale.close(), rival.close()]);
    const stream = await store.readStream('counter-a');
    expect(await makeHost().load('a')).toEqual({ state: foldCounter(stream), revision: 18 });
    expect(errors).toEqual([]);
  });

  it('never fails a command because of the cache', async () => {
    const broken: SnapshotStore = {
      get: () => Promise.reject(new Error('cache read failed')),
      put: () => Promise.reject(new Error('cache write failed')),
      close: async () => {},
    };
    const host = makeHost({
      snapshots: {
        store: broken,
        every: 2,
        onError: (error) => {
          errors.push(error);
          throw new Error('listener failed too');
        },
      },
    });
    const outcomes = await times(host, 'a', 5);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(Array(5).fill('accepted'));
    host.passivateIdle();
    await host.close();
    expect(errors.map((error) => (error as Error).message)).toEqual([
      'cache read failed',
      'cache write failed',
      'cache write failed',
    ]);
  });

  it('needs snapshot hooks and a positive every', () => {
    const plain = counterDecider().decider;
    expect(() => new ActorHost({ store, decider: plain, snapshots: { store: snapshots } })).toThrow(TypeError);
    expect(() => new ActorHost({ store, decider, snapshots: { store: snapshots, every: 0 } })).toThrow(RangeError);
  });
});
