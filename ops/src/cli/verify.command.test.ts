import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { AuditCheckpointer, SqliteCheckpointStore, SqliteEventStore } from '@ordinal/actors';
import type { DomainEvent, RecordedEvent } from '@ordinal/domain';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditKeyFiles, auditSigningKey } from '../audit/audit-keys.ts';
import { embeddedFiles } from '../profile/adapters.ts';
import { runCli } from '../testing/cli-process.ts';
import { type TempDataDir, tempDataDir, testConfig, testEnv } from '../testing/data-dir.ts';

const MARKER = 'tamper-target-5c1e';

function event(type: string, data: unknown): DomainEvent {
  return {
    eventId: randomUUID(),
    type,
    data,
    metadata: {
      schemaVersion: 1,
      occurredAt: '2025-05-06T07:08:09.000Z',
      correlationId: randomUUID(),
      causationId: randomUUID(),
      actor: { kind: 'user', id: 'clerk-1', role: 'ops' },
    },
  };
}

describe('ordinal verify', { timeout: 60_000 }, () => {
  let dir: TempDataDir;
  let target: RecordedEvent;

  /** A real log of 40 events in 8 order streams, checkpointed every 15 events and at the end. */
  async function writeLog(): Promise<void> {
    const files = embeddedFiles(dir.path);
    const store = SqliteEventStore.open({ file: files.events });
    const checkpoints = SqliteCheckpointStore.open(files.checkpoints);
    const key = auditSigningKey(testConfig(dir.path), () => {});
    const checkpointer = new AuditCheckpointer({ events: store, checkpoints, signingKey: key.privateKey, every: 15 });
    checkpointer.start();
    for (let round = 1; round <= 5; round += 1) {
      for (let order = 1; order <= 8; order += 1) {
        const data =
          order === 3 && round === 4 ? { note: MARKER, amount: 1250 } : { note: `round ${round}`, amount: round * 100 };
        const [recorded] = (await store.append(`order-${order}`, [event('OrderNoted', data)], round - 1)).events;
        if (order === 3 && round === 4) target = recorded!;
      }
    }
    await checkpointer.checkpointNow();
    await checkpointer.stop();
    checkpoints.close();
    await store.close();
  }

  beforeEach(async () => {
    dir = await tempDataDir();
    await writeLog();
  });
  afterEach(async () => {
    await dir.remove();
  });

  it('says an untouched log verifies, with every checkpoint, and exits 0', async () => {
    const [text, json] = await Promise.all([
      runCli(['verify'], testEnv(dir.path)),
      runCli(['verify', '--json'], testEnv(dir.path)),
    ]);
    expect(text.code).toBe(0);
    expect(text.stdout.trim()).toBe(
      'The log verifies: 40 events in 8 streams up to position 40, every chain holds; 3 signed checkpoints checked, the last at position 40.',
    );
    expect(text.stderr).toContain('verifying the log');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, events: 40, streams: 8, firstBreak: null, problems: [] });
  });

  it('vouches for a log no checkpoint was signed over by its chains alone, without a key, and wants one once there are checkpoints', async () => {
    const files = embeddedFiles(dir.path);
    const keys = auditKeyFiles(dir.path);
    rmSync(keys.privateKey);
    rmSync(keys.publicKey);
    const keyless = await runCli(['verify'], testEnv(dir.path));
    expect(keyless.code).toBe(1);
    expect(keyless.stderr).toContain('No audit public key');

    for (const suffix of ['', '-wal', '-shm']) rmSync(`${files.checkpoints}${suffix}`, { force: true });
    const chainsOnly = await runCli(['verify'], testEnv(dir.path));
    expect(chainsOnly.code).toBe(0);
    expect(chainsOnly.stdout.trim()).toBe(
      'The log verifies: 40 events in 8 streams up to position 40, every chain holds; no signed checkpoint yet (the chains alone vouch for the log).',
    );
  });

  it('names exactly the event one byte of which was changed in the SQLite file', async () => {
    const file = embeddedFiles(dir.path).events;
    // Closed cleanly, the store left nothing in a WAL: the event's JSON is in the main file, once.
    expect(existsSync(`${file}-wal`)).toBe(false);
    const bytes = readFileSync(file);
    const at = bytes.indexOf(MARKER);
    expect(at).toBeGreaterThan(0);
    expect(bytes.indexOf(MARKER, at + 1)).toBe(-1);
    bytes[at] = 'T'.charCodeAt(0);
    writeFileSync(file, bytes);

    const [text, json] = await Promise.all([
      runCli(['verify'], testEnv(dir.path)),
      runCli(['verify', '--json'], testEnv(dir.path)),
    ]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(
      `First break: order-3 revision 4 (position ${target.position}, event ${target.eventId}): its content hashes to `,
    );
    expect(text.stdout).toContain(`, the log records ${target.hash}`);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report.firstBreak).toEqual({
      kind: 'chain',
      streamId: 'order-3',
      revision: 4,
      position: target.position,
      eventId: target.eventId,
      expected: expect.stringMatching(/^[0-9a-f]{64}$/),
      found: target.hash,
    });
    expect(report.firstBreak.expected).not.toBe(target.hash);
    // Only that event: the events after it still chain to the hash it recorded, the checkpoints still agree.
    expect(report.problems).toEqual([report.firstBreak]);
  });

  it('signs a checkpoint on demand with `checkpoint`, which verify then checks too', async () => {
    const store = SqliteEventStore.open({ file: embeddedFiles(dir.path).events });
    await store.append(
      'order-9',
      [event('OrderNoted', { note: 'late' }), event('OrderNoted', { note: 'later' })],
      'no-stream',
    );
    await store.close();
    const signed = await runCli(['checkpoint'], testEnv(dir.path));
    expect(signed.code, signed.stderr).toBe(0);
    expect(signed.stdout).toMatch(
      /^Checkpoint 4 signed: 42 events up to position 42, digest [0-9a-f]{64}, key [0-9a-f]{16}\.$/m,
    );
    const [again, verified] = await Promise.all([
      runCli(['checkpoint'], testEnv(dir.path)),
      runCli(['verify'], testEnv(dir.path)),
    ]);
    expect(again.stdout).toContain('Checkpoint 4 already covers the whole log (42 events up to position 42)');
    expect([verified.code, verified.stdout.trim()]).toEqual([
      0,
      'The log verifies: 42 events in 9 streams up to position 42, every chain holds; 4 signed checkpoints checked, the last at position 42.',
    ]);
  });

  it('catches a checkpoint whose signature was changed, and checks with an auditor’s own public key', async () => {
    const files = embeddedFiles(dir.path);
    const db = new Database(files.checkpoints);
    const { signature } = db.prepare('SELECT signature FROM checkpoints WHERE sequence = 2').get() as {
      signature: string;
    };
    const flipped = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    db.prepare('UPDATE checkpoints SET signature = ? WHERE sequence = 2').run(flipped);
    db.close();
    const publicKeyFile = `${dir.path}/auditor.pem`;
    writeFileSync(publicKeyFile, readFileSync(`${dir.path}/audit-public-key.pem`));
    const result = await runCli(['verify', '--json', '--public-key', publicKeyFile], testEnv(dir.path));
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.firstBreak).toBeNull();
    expect(report.problems).toEqual([{ kind: 'checkpoint-signature', sequence: 2, position: 30 }]);
  });
});
