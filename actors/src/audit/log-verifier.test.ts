import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chainedFieldsOf, eventChainHash, GENESIS_HASH, rollDigest } from '../event-store/event-chain.ts';
import { someEvents } from '../event-store/event-store.conformance.fixtures.ts';
import { SqliteEventStore } from '../event-store/sqlite-event-store.ts';
import { signCheckpoint } from './audit-checkpoint.ts';
import { AuditCheckpointer } from './audit-checkpointer.process.ts';
import { SEAL_PERSONAL_DATA, signRewrite } from './log-rewrite.ts';
import { verifyLog } from './log-verifier.ts';
import { SqliteCheckpointStore } from './sqlite-checkpoint-store.ts';

describe('checkpoints and the log verifier', () => {
  let dir: string;
  let store: SqliteEventStore;
  let checkpoints: SqliteCheckpointStore;
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const other = generateKeyPairSync('ed25519');

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ordinal-audit-'));
    store = SqliteEventStore.open({ file: join(dir, 'events.db') });
    checkpoints = SqliteCheckpointStore.open(join(dir, 'checkpoints.db'));
  });
  afterEach(async () => {
    await store.close();
    checkpoints.close();
    await rm(dir, { recursive: true, force: true });
  });

  const verify = (key = publicKey, pageSize = 7) =>
    verifyLog({
      pages: async (after, max) => store.readStored(after, max),
      checkpoints: checkpoints.all(),
      publicKey: key,
      pageSize,
    });

  /** 30 events over three streams, a checkpoint every 10 by count and one on demand after 5 more. */
  async function writeLog(): Promise<AuditCheckpointer> {
    const checkpointer = new AuditCheckpointer({ events: store, checkpoints, signingKey: privateKey, every: 10 });
    checkpointer.start();
    for (let i = 0; i < 10; i += 1) {
      for (const stream of ['order-a', 'order-b', 'order-c']) await store.append(stream, someEvents(1), 'any');
    }
    await checkpointer.checkpointNow();
    await store.append('order-d', someEvents(5), 'no-stream');
    await checkpointer.checkpointNow();
    await checkpointer.stop();
    return checkpointer;
  }

  it('signs a checkpoint every N events and on demand, resuming the digest after a restart', async () => {
    const checkpointer = await writeLog();
    expect(checkpoints.all().map((c) => [c.sequence, c.count])).toEqual([
      [1, 10],
      [2, 20],
      [3, 30],
      [4, 35],
    ]);
    expect(checkpointer.last()?.position).toBe(await store.headPosition());
    // A new checkpointer goes on from the last checkpoint, not from the start.
    const again = new AuditCheckpointer({ events: store, checkpoints, signingKey: privateKey, every: 0 });
    again.start();
    await store.append('order-d', someEvents(2), 5);
    expect((await again.checkpointNow())?.count).toBe(37);
    await again.stop();
    expect(await verify()).toMatchObject({ ok: true, events: 37, streams: 4, firstBreak: null, problems: [] });
  });

  it('verifies an untouched log with its checkpoints', async () => {
    await writeLog();
    const report = await verify();
    expect(report).toMatchObject({ ok: true, events: 35, streams: 4, checkpoints: { checked: 4 }, problemCount: 0 });
  });

  it('names the one event whose stored data changed, and the checkpoints still agree with the hashes', async () => {
    await writeLog();
    const target = (await store.readStream('order-b'))[4]!;
    const db = new Database(join(dir, 'events.db'));
    db.prepare('UPDATE events SET data = ? WHERE event_id = ?').run('{"index":7}', target.eventId);
    db.close();
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([report.firstBreak]);
    expect(report.firstBreak).toMatchObject({
      kind: 'chain',
      streamId: 'order-b',
      revision: 5,
      position: target.position,
      eventId: target.eventId,
      found: target.hash,
    });
  });

  it('catches a stream whose chain was rewritten to match a change by the signed digest alone', async () => {
    await writeLog();
    const db = new Database(join(dir, 'events.db'));
    const rewrite = db.prepare('UPDATE events SET data = ?, hash = ? WHERE event_id = ?');
    let previous = GENESIS_HASH;
    for (const event of await store.readStream('order-a')) {
      const data = event.revision === 3 ? '{"index":1000}' : JSON.stringify(event.data);
      previous = eventChainHash(previous, { ...chainedFieldsOf(event), data });
      rewrite.run(data, previous, event.eventId);
    }
    db.close();
    const report = await verify();
    expect(report.firstBreak).toBeNull();
    // order-a's third event is at position 7: the first checkpoint (10 events) already covers it.
    expect(report.problems.map((p) => p.kind)).toEqual(Array(4).fill('checkpoint-digest'));
  });

  it('catches a deleted event as a gap and a forged signature', async () => {
    await writeLog();
    const db = new Database(join(dir, 'events.db'));
    const victim = (await store.readStream('order-c'))[4]!;
    db.prepare('DELETE FROM events WHERE event_id = ?').run(victim.eventId);
    db.close();
    const forged = new Database(join(dir, 'checkpoints.db'));
    forged.prepare("UPDATE checkpoints SET signature = 'AAAA' || substr(signature, 5) WHERE sequence = 2").run();
    forged.close();
    const report = await verify();
    expect(report.firstBreak).toMatchObject({ kind: 'gap', streamId: 'order-c', revision: 6, expectedRevision: 5 });
    const kinds = report.problems.map((p) =>
      p.kind === 'gap' || p.kind === 'chain' ? p.kind : `${p.kind}#${p.sequence}`,
    );
    // Checkpoint 1 (10 events) was before the deleted event (position 15); the later ones no longer match.
    expect(kinds).toEqual([
      'gap',
      'checkpoint-signature#2',
      'checkpoint-digest#2',
      'checkpoint-digest#3',
      'checkpoint-digest#4',
    ]);
    // Checkpoints signed by another key are not trusted.
    const foreign = await verify(other.publicKey);
    expect(foreign.problems.filter((p) => p.kind === 'checkpoint-signature')).toHaveLength(4);
  });

  it('keeps the checkpoints signed before a rewrite as superseded, and checks the rewrite statement against the log', async () => {
    await writeLog();
    const before = checkpoints.last()!;
    // A migration rewrites order-a's third event in place, its chain computed again.
    const db = new Database(join(dir, 'events.db'));
    const rewrite = db.prepare('UPDATE events SET data = ?, hash = ? WHERE event_id = ?');
    let previous = GENESIS_HASH;
    for (const event of await store.readStream('order-a')) {
      const data = event.revision === 3 ? '{"index":"sealed"}' : JSON.stringify(event.data);
      previous = eventChainHash(previous, { ...chainedFieldsOf(event), data });
      rewrite.run(data, previous, event.eventId);
    }
    db.close();
    const newDigest = store
      .readStored(0, 100)
      .reduce((digest, row) => rollDigest(digest, row.hash ?? ''), GENESIS_HASH);
    const at = '2025-06-01T00:00:00.000Z';
    const { position, count } = before;
    const body = { sequence: 1, at, reason: SEAL_PERSONAL_DATA, supersedes: before.sequence, position, count };
    const statement = signRewrite({ ...body, oldDigest: before.digest, newDigest, changed: 1 }, privateKey);
    checkpoints.recordRewrite(
      statement,
      signCheckpoint({ sequence: 5, position, count, digest: newDigest, at }, privateKey),
    );
    const withRewrites = (rewrites = checkpoints.rewrites(), key = publicKey) =>
      verifyLog({
        pages: async (after, max) => store.readStored(after, max),
        checkpoints: checkpoints.all(),
        rewrites,
        publicKey: key,
      });

    expect(await withRewrites()).toMatchObject({
      ok: true,
      checkpoints: { checked: 1, lastPosition: position },
      rewrites: { checked: 1, superseded: 4, last: { at, reason: SEAL_PERSONAL_DATA, changed: 1 } },
    });
    // Without the statement, the old checkpoints attest bytes that are gone.
    expect((await verify()).problems.map((p) => p.kind)).toEqual(Array(4).fill('checkpoint-digest'));
    // A statement changed after signing, or signed with another key, is not trusted.
    const altered = await withRewrites([{ ...statement, changed: 0 }]);
    expect(altered.problems.map((p) => p.kind)).toEqual(['rewrite-signature']);
    const foreign = await withRewrites(undefined, other.publicKey);
    expect(foreign.problems.map((p) => p.kind)).toEqual([
      'rewrite-signature',
      ...Array(5).fill('checkpoint-signature'),
    ]);
    // A change made after the rewrite breaks the statement's digest and the fresh checkpoint's.
    const after = new Database(join(dir, 'events.db'));
    const last = (await store.readStream('order-d')).at(-1)!;
    after.prepare('UPDATE events SET hash = ? WHERE event_id = ?').run('f'.repeat(64), last.eventId);
    after.close();
    const tampered = await withRewrites();
    expect(tampered.problems.map((p) => p.kind)).toEqual(['chain', 'rewrite-digest', 'checkpoint-digest']);
  });
});
