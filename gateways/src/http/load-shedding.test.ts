import { afterEach, describe, expect, it } from 'vitest';
import { placeOrderBody } from '../testing/order-bodies.ts';
import { type LimitedApi, startLimitedApi } from './back-pressure.fixture.ts';
import { EventLoopPressure, LagWindow } from './event-loop-pressure.ts';

/** A measurement the test sets: how far behind the loop is said to be. */
function measured(initialMs: number) {
  let delay = initialMs;
  return {
    delayMs: () => delay,
    set(ms: number) {
      delay = ms;
    },
  };
}

describe('shedding on event-loop delay', () => {
  let api: LimitedApi | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  async function post(path: string, body: string) {
    const response = await fetch(`${api?.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      body: (await response.json()) as { error: string; details: Record<string, unknown> },
    };
  }

  it('refuses intake with 429 server.overloaded before reading the body, and takes it again once the loop keeps up', async () => {
    const pressure = measured(80);
    api = await startLimitedApi({ loadShedding: { maxEventLoopDelayMs: 20, pressure } });

    const refused = await post('/orders', JSON.stringify(placeOrderBody({ orderId: 'shed-1' })));
    expect(refused.status).toBe(429);
    expect(refused.retryAfter).toBe('1');
    expect(refused.body).toMatchObject({
      error: 'server.overloaded',
      details: { eventLoopDelayMs: 80, maxEventLoopDelayMs: 20, retryAfterMs: 1000 },
    });
    // Not even parsed: a body that is not JSON gets the same refusal, not a 400.
    expect((await post('/orders', '{not json')).body.error).toBe('server.overloaded');
    expect((await post('/orders/shed-1/commands', '{}')).body.error).toBe('server.overloaded');
    // Reads are never shed: customer service can still look while the intake is refused.
    expect((await fetch(`${api.url}/orders/shed-1`)).status).toBe(404);
    expect((await fetch(`${api.url}/health`)).status).toBe(200);
    expect(await api.events.readAll()).toEqual([]);
    expect(api.shed).toEqual(['server.overloaded', 'server.overloaded', 'server.overloaded']);

    pressure.set(20);
    const placed = await post('/orders', JSON.stringify(placeOrderBody({ orderId: 'shed-1' })));
    expect(placed.status).toBe(201);
    expect((await api.events.readAll()).map((event) => event.type)).toContain('OrderPlaced');
  });

  it('serves a lone request on a late loop: with no command in hand a stall is not a peak', async () => {
    let inHand = false;
    api = await startLimitedApi({
      loadShedding: { maxEventLoopDelayMs: 20, pressure: measured(500), busy: () => inHand },
    });
    const placed = await post('/orders', JSON.stringify(placeOrderBody({ orderId: 'lone-1' })));
    expect(placed.status).toBe(201);
    inHand = true;
    const refused = await post('/orders', JSON.stringify(placeOrderBody({ orderId: 'lone-2' })));
    expect(refused.body.error).toBe('server.overloaded');
  });

  it('is off unless configured', async () => {
    api = await startLimitedApi();
    const placed = await post('/orders', JSON.stringify(placeOrderBody({ orderId: 'unshed-1' })));
    expect(placed.status).toBe(201);
  });

  it('refuses a limit below 1 ms', async () => {
    await expect(startLimitedApi({ loadShedding: { maxEventLoopDelayMs: 0 } })).rejects.toThrow(/maxEventLoopDelayMs/);
  });
});

describe('EventLoopPressure', () => {
  function block(ms: number): void {
    const from = performance.now();
    while (performance.now() - from < ms) {
      // Busy: no timer runs while this loop holds the thread.
    }
  }

  it('sees a loop blocked now, before any timer could fire, and forgets it once the loop runs again', async () => {
    const pressure = new EventLoopPressure({ intervalMs: 5, window: 1 });
    expect(pressure.delayMs()).toBe(0);
    pressure.start();
    try {
      await new Promise((resolve) => setTimeout(resolve, 20));
      block(60);
      expect(pressure.delayMs()).toBeGreaterThanOrEqual(50);
      // A few quiet turns later the measurement is back near zero.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(pressure.delayMs()).toBeLessThan(50);
    } finally {
      pressure.stop();
    }
    expect(pressure.delayMs()).toBe(0);
  });

  it('refuses an interval below 1 ms and a window below 1 tick', () => {
    expect(() => new EventLoopPressure({ intervalMs: 0 })).toThrow(RangeError);
    expect(() => new EventLoopPressure({ window: 0 })).toThrow(RangeError);
  });
});

describe('LagWindow', () => {
  it('dilutes one stall over its window, and not a loop that stays late', () => {
    const window = new LagWindow(2);
    // One stall: the tick now due is 60 ms late, the last one fired on time.
    window.record(0);
    expect(window.meanWith(60)).toBe(30);
    // Late turn after turn: the tick that fired was 60 ms late and the next one is again.
    window.record(60);
    expect(window.meanWith(60)).toBe(60);
    // Back on time.
    window.record(1);
    expect(window.meanWith(0)).toBe(0.5);
  });

  it('remembers size - 1 ticks, never counts early ticks as negative, and with size 1 sees only the tick now due', () => {
    const three = new LagWindow(3);
    for (const lag of [90, 30, -5]) three.record(lag);
    // 90 fell out of the window; -5 counts as on time.
    expect(three.meanWith(0)).toBe(10);
    const one = new LagWindow(1);
    one.record(500);
    expect(one.meanWith(42)).toBe(42);
  });
});
