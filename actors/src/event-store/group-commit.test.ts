import { describe, expect, it } from 'vitest';
import { type BatchOutcome, GroupCommit } from './group-commit.ts';

/** A batcher over numbers that records each batch; odd numbers fail on their own. */
function recordingCommit(options: { maxBatch?: number; failWholeBatch?: boolean } = {}) {
  const batches: number[][] = [];
  const commit = new GroupCommit<number, number>((requests) => {
    batches.push([...requests]);
    if (options.failWholeBatch) throw new Error('disk full');
    return requests.map(
      (n): BatchOutcome<number> => (n % 2 === 0 ? { ok: true, value: n * 10 } : { ok: false, error: `odd ${n}` }),
    );
  }, options);
  return { commit, batches };
}

describe('GroupCommit', () => {
  it('commits requests made in the same turn as one batch, in arrival order, each with its own outcome', async () => {
    const { commit, batches } = recordingCommit();
    const outcomes = await Promise.allSettled([0, 1, 2, 3].map((n) => commit.submit(n)));
    expect(batches).toEqual([[0, 1, 2, 3]]);
    expect(outcomes).toEqual([
      { status: 'fulfilled', value: 0 },
      { status: 'rejected', reason: 'odd 1' },
      { status: 'fulfilled', value: 20 },
      { status: 'rejected', reason: 'odd 3' },
    ]);
    await commit.submit(4);
    expect(batches).toEqual([[0, 1, 2, 3], [4]]);
  });

  it('fails every request of a batch whose transaction fails', async () => {
    const { commit } = recordingCommit({ failWholeBatch: true });
    const outcomes = await Promise.allSettled([0, 2].map((n) => commit.submit(n)));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
  });

  it('splits a long queue into batches of at most maxBatch', async () => {
    const { commit, batches } = recordingCommit({ maxBatch: 2 });
    await Promise.all([0, 2, 4, 6, 8].map((n) => commit.submit(n)));
    expect(batches).toEqual([[0, 2], [4, 6], [8]]);
  });

  it('flushes the queue synchronously on demand', async () => {
    const { commit, batches } = recordingCommit();
    const pending = [commit.submit(2), commit.submit(4)];
    expect(commit.pending).toBe(2);
    commit.flushNow();
    expect(batches).toEqual([[2, 4]]);
    expect(commit.pending).toBe(0);
    expect(await Promise.all(pending)).toEqual([20, 40]);
  });
});
