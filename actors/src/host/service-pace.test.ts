import { describe, expect, it } from 'vitest';
import { MAX_RETRY_AFTER_MS, MIN_RETRY_AFTER_MS, retryAfterMs, ServicePace } from './service-pace.ts';

/** A pace on a clock the test moves by hand. */
function manualPace() {
  let now = 0;
  const pace = new ServicePace(() => now);
  return {
    pace,
    advance(ms: number) {
      now += ms;
    },
  };
}

describe('retryAfterMs', () => {
  it('rounds up to whole seconds and clamps to 1–30 s', () => {
    expect(retryAfterMs(0)).toBe(MIN_RETRY_AFTER_MS);
    expect(retryAfterMs(-5)).toBe(1_000);
    expect(retryAfterMs(1)).toBe(1_000);
    expect(retryAfterMs(1_001)).toBe(2_000);
    expect(retryAfterMs(12_000)).toBe(12_000);
    expect(retryAfterMs(29_999)).toBe(30_000);
    expect(retryAfterMs(90_000)).toBe(MAX_RETRY_AFTER_MS);
    expect(retryAfterMs(Number.POSITIVE_INFINITY)).toBe(30_000);
    expect(retryAfterMs(Number.NaN)).toBe(1_000);
  });
});

describe('ServicePace', () => {
  it('answers the shortest wait before anything has been measured', () => {
    const { pace } = manualPace();
    expect(pace.drainMs(1_000)).toBe(1_000);
    expect(pace.serialDrainMs(1_000)).toBe(1_000);
  });

  it('estimates a serial queue from how long one task ran, not how long it waited', () => {
    const { pace, advance } = manualPace();
    pace.queued(0);
    advance(5_000); // waiting in a queue does not count
    const startedAt = pace.started();
    advance(200);
    pace.finished(startedAt);
    expect(pace.serialDrainMs(10)).toBe(2_000);
    expect(pace.serialDrainMs(1_000)).toBe(30_000);
  });

  it('estimates a whole queue from the gaps between completions while busy, ignoring idle time', () => {
    const { pace, advance } = manualPace();
    // Ten tasks running together, one finishing every 100 ms.
    pace.queued(0);
    const startedAt = pace.started();
    for (let i = 0; i < 10; i += 1) {
      advance(100);
      pace.finished(startedAt);
    }
    expect(pace.drainMs(50)).toBe(5_000);
    // An hour without work, then a task of 100 ms: the pace under load is unchanged.
    advance(3_600_000);
    pace.queued(0);
    const next = pace.started();
    advance(100);
    pace.finished(next);
    expect(pace.drainMs(50)).toBe(5_000);
  });

  it('follows a slowdown within a few tasks', () => {
    const { pace, advance } = manualPace();
    pace.queued(0);
    for (let i = 0; i < 5; i += 1) {
      const startedAt = pace.started();
      advance(10);
      pace.finished(startedAt);
    }
    expect(pace.serialDrainMs(100)).toBe(1_000);
    for (let i = 0; i < 10; i += 1) {
      const startedAt = pace.started();
      advance(1_000);
      pace.finished(startedAt);
    }
    expect(pace.serialDrainMs(10)).toBeGreaterThanOrEqual(9_000);
    expect(pace.serialDrainMs(10)).toBeLessThanOrEqual(10_000);
  });
});
