import { describe, expect, it } from 'vitest';
import { gate, hostTestBed, turns } from '../host/temp-store.fixture.ts';
import { ScheduledFollower } from './scheduled-follower.ts';

const bed = hostTestBed();

/** A follower of nothing in particular whose catch-up and rounds wait on gates the test opens. */
function rounds() {
  const caughtUp = gate();
  let release = gate();
  let calls = 0;
  const follower = new ScheduledFollower({
    events: bed.store,
    streamPrefixes: ['order-'],
    handlers: { onEvent: () => {}, onCaughtUp: () => caughtUp.promise },
    intervalMs: 0,
    round: async () => {
      calls += 1;
      await release.promise;
      return calls;
    },
  });
  return {
    follower,
    caughtUp,
    calls: () => calls,
    release() {
      release.open();
      release = gate();
    },
  };
}

async function caughtUpBy(follower: ScheduledFollower): Promise<void> {
  for (let i = 0; i < 500 && !follower.caughtUp; i += 1) await turns(1);
  expect(follower.caughtUp).toBe(true);
}

describe('ScheduledFollower', () => {
  it('runs no round before its onCaughtUp is done, then joins a round asked while one runs', async () => {
    const { follower, caughtUp, calls, release } = rounds();
    follower.start();
    await turns(5);
    expect(follower.caughtUp).toBe(false);
    expect(await follower.round()).toBe(0);
    caughtUp.open();
    await caughtUpBy(follower);
    const first = follower.round();
    const joined = follower.round();
    expect(joined).toBe(first);
    release();
    expect(await first).toBe(1);
    expect(calls()).toBe(1);
    const second = follower.round();
    release();
    expect(await second).toBe(2);
    await follower.stop();
  });

  it('waits on stop for the round in progress, and runs none after', async () => {
    const { follower, caughtUp, calls, release } = rounds();
    caughtUp.open();
    follower.start();
    await caughtUpBy(follower);
    const running = follower.round();
    let stopped = false;
    const stopping = follower.stop().then(() => {
      stopped = true;
    });
    await turns(5);
    expect(follower.stopped).toBe(true);
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(await running).toBe(1);
    expect(await follower.round()).toBe(0);
    expect(calls()).toBe(1);
  });
});
