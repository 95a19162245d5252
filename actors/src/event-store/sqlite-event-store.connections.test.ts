import { WrongExpectedRevisionError } from '@ordinal/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  expectIncreasingPositions,
  iteratorOf,
  rejectionOf,
  someEvents,
  take,
} from './event-store.conformance.fixtures.ts';
import { type TempStoreDir, tempStoreDir } from './temp-dir.fixture.ts';

// Two connections on one file stand in for two processes: SQLite locks per connection, and
// `PRAGMA data_version` only moves for commits made by a connection other than the reader.
describe('SqliteEventStore, two connections on one file', () => {
  let dir: TempStoreDir;
  beforeEach(async () => {
    dir = await tempStoreDir();
  });
  afterEach(async () => {
    await dir.remove();
  });

  it("reads the other connection's appends and checks revisions against them", async () => {
    const one = dir.open();
    const two = dir.open();
    const written = await one.append('order-1', someEvents(2), 'no-stream');
    expect(await two.readStream('order-1')).toEqual(written.events);
    expect(await two.headPosition()).toBe(written.position);
    const error = await rejectionOf(two.append('order-1', someEvents(1), 'no-stream'));
    expect(error).toBeInstanceOf(WrongExpectedRevisionError);
    expect(error).toMatchObject({ actual: 2 });
    expect((await two.append('order-1', someEvents(1), 2)).revision).toBe(3);
    expect(await one.streamRevision('order-1')).toBe(3);
    expect(await two.append('order-1', written.events, 'any')).toEqual({ ...written, duplicate: true });
  });

  it('interleaves group commits from both connections with unique, increasing positions', async () => {
    const one = dir.open();
    const two = dir.open();
    await Promise.all(
      Array.from({ length: 100 }, (_, i) => [
        one.append(`order-${i}`, someEvents(1), 'any'),
        two.append(`order-${i}`, someEvents(1), 'any'),
      ]).flat(),
    );
    const all = await one.readAll();
    expect(all).toHaveLength(200);
    expectIncreasingPositions(all);
    expect(await two.readAll()).toEqual(all);
    for (let i = 0; i < 100; i += 1) {
      expect((await two.readStream(`order-${i}`)).map((event) => event.revision)).toEqual([1, 2]);
    }
  });

  it('delivers live events committed by the other connection, in order, to a subscription', async () => {
    const writer = dir.open();
    const reader = dir.open({ pollIntervalMs: 5 });
    await writer.append('order-0', someEvents(3), 'no-stream');
    const iterator = iteratorOf(reader.subscribeAll());
    expect(await take(iterator, 3)).toEqual(await writer.readAll());
    const appending = (async () => {
      for (let round = 0; round < 10; round += 1) {
        await Promise.all([
          writer.append(`order-${round}`, someEvents(2), 'any'),
          reader.append(`inventory-${round}`, someEvents(1), 'any'),
        ]);
      }
    })();
    const live = await take(iterator, 30);
    await appending;
    expect(live).toEqual((await reader.readAll()).slice(3));
    expect(live.filter((event) => event.streamId.startsWith('order-'))).toHaveLength(20);
  });
});
