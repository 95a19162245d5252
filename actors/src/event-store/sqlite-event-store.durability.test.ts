import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RecordedEvent } from '@ordinal/domain';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectIncreasingPositions } from './event-store.conformance.fixtures.ts';
import { payloadOf } from './sqlite-event-store.kill-writer.ts';
import { type TempStoreDir, tempStoreDir } from './temp-dir.fixture.ts';

interface Ack {
  readonly streamId: string;
  readonly revision: number;
  readonly eventId: string;
}

const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const writerScript = fileURLToPath(new URL('./sqlite-event-store.kill-writer.ts', import.meta.url));

/** Runs the writer on `file` and SIGKILLs it once it has acknowledged `acksBeforeKill` events. */
function writeUntilKilled(file: string, acksBeforeKill: number): Promise<Ack[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writerScript, file, '40'], {
      cwd: packageDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acks: Ack[] = [];
    let partial = '';
    let stderr = '';
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        const [streamId = '', revision = '', eventId = ''] = line.split(' ');
        acks.push({ streamId, revision: Number(revision), eventId });
      }
      if (acks.length >= acksBeforeKill) child.kill('SIGKILL');
    });
    child.on('error', reject);
    // 'close' waits for stdout to drain: lines printed just before the kill still count.
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      if (signal === 'SIGKILL' && acks.length >= acksBeforeKill) resolve(acks);
      else reject(new Error(`writer ended with code ${code}, signal ${signal}, ${acks.length} acks\n${stderr}`));
    });
  });
}

describe('SqliteEventStore durability', () => {
  let dir: TempStoreDir;
  beforeEach(async () => {
    dir = await tempStoreDir();
  });
  afterEach(async () => {
    await dir.remove();
  });

  it('keeps every acknowledged append when the writing process is killed, kill after kill', async () => {
    const acknowledged: Ack[] = [];
    for (let kill = 0; kill < 3; kill += 1) {
      acknowledged.push(...(await writeUntilKilled(dir.file, 300)));

      const check = new Database(dir.file);
      expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
      check.close();

      const store = dir.open();
      const all = await store.readAll();
      expectIncreasingPositions(all);
      expect(new Set(all.map((event) => event.eventId)).size).toBe(all.length);
      const byStream = new Map<string, RecordedEvent[]>();
      for (const event of all) byStream.set(event.streamId, [...(byStream.get(event.streamId) ?? []), event]);
      for (const [streamId, events] of byStream) {
        expect(events.map((event) => event.revision)).toEqual(events.map((_, i) => i + 1));
        expect(await store.streamRevision(streamId)).toBe(events.length);
      }
      for (const ack of acknowledged) {
        const stored = byStream.get(ack.streamId)?.[ack.revision - 1];
        expect(stored, `${ack.streamId}@${ack.revision}`).toMatchObject({
          eventId: ack.eventId,
          type: 'DurabilityProbed',
          data: payloadOf(ack.streamId, ack.revision, ack.eventId),
        });
      }
      await store.close();
    }
    expect(acknowledged.length).toBeGreaterThanOrEqual(900);
  }, 120_000);
});
