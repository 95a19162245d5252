import type { FastifyInstance } from 'fastify';
import { retryLater } from './errors.ts';
import { EventLoopPressure } from './event-loop-pressure.ts';
import { isIntake } from './intake-routes.ts';

/** Refuse new work while the event loop runs further behind than this. */
export interface LoadSheddingOptions {
  readonly maxEventLoopDelayMs: number;
  /**
   * Whether commands are in hand (waiting or running). A late loop with nothing in hand is a
   * stall (start-up, a busy neighbour), not a peak: a lone request is then served, not refused.
   * Always busy when absent.
   */
  readonly busy?: () => boolean;
  /** The measurement to use (an EventLoopPressure started and stopped with the app when absent). */
  readonly pressure?: { delayMs(): number };
}

/**
 * Refuses intake requests with 429 `server.overloaded` while the event loop is more than
 * `maxEventLoopDelayMs` late and commands are in hand, as soon as a request is routed and before its body is read or
 * validated: a refusal then costs a small fraction of an accepted command, so a peak of twice
 * the capacity leaves the loop free for the commands it accepts. The command limits of the
 * actor host bound what waits inside; this bounds what waits in front of it.
 */
export function registerLoadShedding(app: FastifyInstance, options: LoadSheddingOptions): void {
  const { maxEventLoopDelayMs } = options;
  if (!Number.isFinite(maxEventLoopDelayMs) || maxEventLoopDelayMs < 1) {
    throw new RangeError(`maxEventLoopDelayMs must be ≥ 1, got ${maxEventLoopDelayMs}`);
  }
  let pressure = options.pressure;
  if (pressure === undefined) {
    const own = new EventLoopPressure();
    own.start();
    // Compiling every route's schemas at start-up stalls the loop once; that is not load, and
    // would shed the first requests after the server starts listening.
    app.addHook('onReady', async () => {
      own.stop();
      own.start();
    });
    app.addHook('onClose', async () => own.stop());
    pressure = own;
  }
  const measured = pressure;
  app.addHook('onRequest', async (request) => {
    if (!isIntake(request)) return;
    const delayMs = measured.delayMs();
    if (delayMs <= maxEventLoopDelayMs || options.busy?.() === false) return;
    throw retryLater(
      'server.overloaded',
      `the server is running ${Math.round(delayMs)} ms behind (limit ${maxEventLoopDelayMs} ms); retry after Retry-After seconds`,
      1_000,
      { eventLoopDelayMs: Math.round(delayMs), maxEventLoopDelayMs },
    );
  });
}
