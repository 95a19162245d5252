import { afterEach, describe, expect, it } from 'vitest';
import { placeOrderBody } from '../testing/order-bodies.ts';
import { type LimitedApi, type LimitedApiOptions, startLimitedApi } from './back-pressure.fixture.ts';

interface Answer {
  readonly orderId: string;
  readonly status: number;
  readonly retryAfter: string | null;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers.
  readonly body: any;
}

function gate(): { readonly promise: Promise<void>; open(): void } {
  let open = (): void => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** Resolves once `check` holds, looking again at every turn of the event loop. */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setImmediate(resolve));
}

/** Checks what every 429 must carry: Retry-After in whole seconds and the same wait in the body. */
function expectRetryLater(answer: Answer, code: string): void {
  expect(answer.status).toBe(429);
  expect(answer.retryAfter).toMatch(/^[1-9][0-9]*$/);
  expect(answer.body).toMatchObject({ error: code, message: expect.any(String) });
  expect(answer.body.details.retryAfterMs).toBe(Number(answer.retryAfter) * 1000);
}

describe('back-pressure over HTTP', () => {
  let api: LimitedApi | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });
  const start = async (options: LimitedApiOptions) => {
    api = await startLimitedApi(options);
    return api;
  };

  async function send(orderId: string, path = '/orders', body: unknown = placeOrderBody({ orderId })) {
    const response = await fetch(`${api?.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const answer: Answer = {
      orderId,
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      body: await response.json(),
    };
    return answer;
  }

  async function streamOf(orderId: string) {
    return (await api?.events.readStream(`order-${orderId}`)) ?? [];
  }

  it('sheds a flood with 429s, loses nothing it accepted and records nothing it refused', async () => {
    // Appends are held until the first refusal reaches a client, so the host is surely full once.
    const held = gate();
    const { logs, shed, host } = await start({ maxPendingCommands: 8, beforeAppend: () => held.promise });
    const ids = Array.from({ length: 60 }, (_, i) => `flood-${i}`);
    let released = false;
    const release = () => {
      released = true;
      held.open();
    };
    // Without admission control every request would queue: then release them rather than hang.
    const watchdog = until(() => released || host.stats().queuedCommands >= ids.length).then(release);
    const answers = await Promise.all(
      ids.map(async (orderId) => {
        const answer = await send(orderId);
        if (answer.status === 429) release();
        return answer;
      }),
    );
    await watchdog;

    expect(answers.filter((answer) => answer.status >= 500)).toEqual([]);
    expect(new Set(answers.map((answer) => answer.status))).toEqual(new Set([201, 429]));
    const placed = answers.filter((answer) => answer.status === 201);
    const refused = answers.filter((answer) => answer.status === 429);
    expect(placed.length).toBeGreaterThanOrEqual(8);
    for (const answer of refused) expectRetryLater(answer, 'host.overloaded');
    for (const answer of placed) {
      const stream = await streamOf(answer.orderId);
      expect(stream[0]?.type).toBe('OrderPlaced');
      expect(answer.body).toEqual({ orderId: answer.orderId, revision: stream.length });
    }
    for (const answer of refused) expect(await streamOf(answer.orderId)).toEqual([]);
    const written = await api?.events.readAll();
    expect(new Set(written?.map((event) => event.streamId))).toEqual(
      new Set(placed.map((answer) => `order-${answer.orderId}`)),
    );
    expect(shed).toEqual(refused.map(() => 'host.overloaded'));
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.filter((line) => line.level >= 50)).toEqual([]);
  });

  it('answers a full mailbox with 429 and Retry-After, and takes the command once there is room', async () => {
    const held = gate();
    let appending = false;
    await start({
      mailboxCapacity: 1,
      beforeAppend: () => {
        appending = true;
        return held.promise;
      },
    });
    const placing = send('o-1');
    await until(() => appending);
    const tag = { type: 'TagOrder', tag: 'peak' };
    const refused = await send('o-1', '/orders/o-1/commands', tag);
    expectRetryLater(refused, 'host.mailbox-full');
    held.open();
    const placed = await placing;
    expect(placed.status).toBe(201);
    const stream = await streamOf('o-1');
    expect(stream.map((event) => event.type)).not.toContain('OrderTagged');
    expect(stream).toHaveLength(placed.body.revision);
    const retried = await send('o-1', '/orders/o-1/commands', tag);
    expect(retried).toMatchObject({ status: 200, body: { revision: placed.body.revision + 1 } });
  });

  it('answers a full append queue with 429 store.overloaded and writes none of the refused orders', async () => {
    const held = gate();
    let waiting = 0;
    const { shed } = await start({
      maxQueuedAppends: 3,
      beforeAppend: () => {
        waiting += 1;
        return held.promise;
      },
    });
    const ids = Array.from({ length: 10 }, (_, i) => `queued-${i}`);
    const answering = Promise.all(ids.map((orderId) => send(orderId)));
    // Released together, the ten appends reach the store in one turn: three fit its queue.
    await until(() => waiting === ids.length);
    held.open();
    const answers = await answering;
    const placed = answers.filter((answer) => answer.status === 201);
    const refused = answers.filter((answer) => answer.status !== 201);
    expect([placed.length, refused.length]).toEqual([3, 7]);
    for (const answer of refused) expectRetryLater(answer, 'store.overloaded');
    for (const answer of refused) expect(await streamOf(answer.orderId)).toEqual([]);
    for (const answer of placed) expect(await streamOf(answer.orderId)).toHaveLength(answer.body.revision);
    expect(shed).toEqual(Array(7).fill('store.overloaded'));
  });
});
