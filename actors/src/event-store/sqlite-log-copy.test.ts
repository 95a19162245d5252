import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyLog } from '../audit/log-verifier.ts';
import { anEvent, someEvents } from './event-store.conformance.fixtures.ts';
import { SqliteEventStore } from './sqlite-event-store.ts';
import { LogCopyOutOfOrderError, SqliteLogCopy } from './sqlite-log-copy.ts';
import { type TempStoreDir, tempStoreDir } from './temp-dir.fixture.ts';

describe('copying a SQLite log row by row', () => {
  let dir: TempStoreDir;
  let source: SqliteEventStore;
  let target: string;

  beforeEach(async () => {
    dir = await tempStoreDir();
    source = dir.open({ clock: () => new Date('2025-04-01T10:00:00.000Z') });
    target = join(dir.file, '..', 'copy.db');
    for (let round = 0; round < 3; round += 1) {
      await source.append('order-a', someEvents(2), round * 2);
      await source.append('order-b', [anEvent('Noted', { round })], round);
    }
  });
  afterEach(async () => {
    await dir.remove();
  });

  it('keeps every row where it was and, for unchanged data, gives the same chain hashes as the appends did', async () => {
    const copy = SqliteLogCopy.create(target);
    copy.append(source.readStored(0, 4));
    copy.append(source.readStored(4, 100));
    copy.close();
    const copied = SqliteEventStore.open({ file: target });
    try {
      expect(await copied.readAll()).toEqual(await source.readAll());
      expect(copied.readStored(0, 100)).toEqual(source.readStored(0, 100));
    } finally {
      await copied.close();
    }
  });

  it('computes the chain again over changed data, so the copy verifies', async () => {
    const copy = SqliteLogCopy.create(target);
    copy.append(
      source.readStored(0, 100).map((row) => (row.streamId === 'order-b' ? { ...row, data: '{"sealed":true}' } : row)),
    );
    copy.close();
    const copied = SqliteEventStore.open({ file: target });
    try {
      const [was, now] = [source.readStored(0, 100), copied.readStored(0, 100)];
      expect(now.map((row) => row.hash === was.find((w) => w.position === row.position)?.hash)).toEqual(
        was.map((row) => row.streamId === 'order-a'),
      );
      const report = await verifyLog({ pages: async (after, max) => copied.readStored(after, max), checkpoints: [] });
      expect(report).toMatchObject({ ok: true, events: 9, streams: 2 });
    } finally {
      await copied.close();
    }
  });

  it('refuses a row that does not follow on in its stream, and an existing file', () => {
    const copy = SqliteLogCopy.create(target);
    const [first, second, third] = source.readStored(0, 3);
    copy.append([first!]);
    // order-a revisions 1 and 2, then order-b's first; revision 4 skips order-a's third.
    const skipped = source.readStored(0, 100).find((row) => row.streamId === 'order-a' && row.revision === 4)!;
    expect(() => copy.append([second!, third!, skipped])).toThrow(LogCopyOutOfOrderError);
    // The batch was rolled back as a whole: its rows can be copied again.
    copy.append([second!, third!]);
    copy.close();
    expect(() => SqliteLogCopy.create(target)).toThrow(/exists already/);
  });
});
