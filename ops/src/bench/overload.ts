import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { orderIdForIdempotencyKey } from '@ordinal/gateways';
import { BENCH_AUTH_ENV, benchAuthHeaders } from './bench-auth.ts';
import { freePort, startChild, stopChild } from './http-load.ts';
import { figuresOf, latencyRows, type OpenLoopFigures, type StatusRow, summary } from './open-loop.figures.ts';
import { type OpenLoopRequest, type OpenLoopResult, openConnectionPool, openLoop } from './open-loop.ts';
import { checkAccepted, type OverloadCheck, untilProjected } from './overload-check.ts';
import { PLACE_ORDER_BODY } from './place-order.body.ts';

/** PlaceOrder at twice the measured capacity, open model, load shedding on. */
export interface OverloadFigures {
  readonly capacity: number;
  readonly capacityP99Ms: number;
  readonly rate: number;
  readonly seconds: number;
  readonly maxPendingCommands: number;
  readonly shedEventLoopDelayMs: number;
  /** Keep-alive connections opened before the runs. */
  readonly poolConnections: number;
  /** The same generator at the same rate against the fastify echo server. */
  readonly ceiling: OpenLoopFigures;
  readonly place: OpenLoopFigures;
  /** The requests due in the second half of the run, once the start of the overload has passed. */
  readonly secondHalf: readonly StatusRow[];
  readonly check: OverloadCheck;
}

/**
 * Commands in hand at most: what the server gets through in 20 ms at capacity (Little's law:
 * N in hand at C per second wait about N / C), so a command admitted behind a full queue is
 * delayed about 20 ms more than at capacity, and everything beyond is refused at once.
 */
export function pendingLimitFor(capacity: number): number {
  return Math.max(8, Math.round(capacity * 0.02));
}

/** Intake is refused while the event loop runs this far behind (ORDINAL_SHED_EVENT_LOOP_DELAY_MS). */
export const SHED_EVENT_LOOP_DELAY_MS = 10;

const WARM_UP_SECONDS = 3;
/**
 * Keep-alive connections the load generator opens before it starts, as a gateway in front of
 * the OMS keeps a warm pool. Node accepts one new connection per turn of its event loop, so on
 * a server whose loop is busy a burst of new connections waits in the listen queue for
 * seconds whatever the server does with requests (docs/operations.md, "Back-pressure").
 */
const POOL_CONNECTIONS = 256;
const script = (name: string) => fileURLToPath(new URL(name, import.meta.url));
const body = () => JSON.stringify(PLACE_ORDER_BODY);

/**
 * Drives the echo server (ceiling), then `ordinal all` (embedded, no rate limit,
 * ORDINAL_MAX_PENDING_COMMANDS from the capacity, shedding on event-loop delay; warmed up at
 * capacity) with PlaceOrder at
 * 2 × capacity for `seconds`, each request with its own Idempotency-Key. Then waits for the
 * read side to catch up, stops the server and checks its files: one order stream and one
 * tracking document per 201.
 */
export async function measureOverload(
  dir: string,
  capacity: { readonly requestsPerSecond: number; readonly p99Ms: number },
  seconds: number,
  say: (line: string) => void,
): Promise<OverloadFigures> {
  const dataDir = join(dir, 'overload');
  const maxPendingCommands = pendingLimitFor(capacity.requestsPerSecond);
  const rate = Math.max(1, Math.round(2 * capacity.requestsPerSecond));
  const progress = (sent: number) => say(`  ${sent}/${Math.round(rate * seconds)} sent`);

  say(`• overload ceiling: fastify echo at ${rate} req/s for ${seconds} s, open model`);
  const echo = await serve([script('./echo-server.ts')], {}, '/echo');
  let ceiling: OpenLoopResult;
  const echoPool = await openConnectionPool(`${echo.base}/echo`, POOL_CONNECTIONS);
  try {
    ceiling = await openLoop(
      { url: `${echo.base}/echo`, body, headers: () => ({}) },
      rate,
      seconds,
      progress,
      echoPool,
    );
  } finally {
    echoPool.close();
    await stopChild(echo.child);
  }

  say(
    `• overload: ordinal all with ORDINAL_MAX_PENDING_COMMANDS=${maxPendingCommands}, ORDINAL_SHED_EVENT_LOOP_DELAY_MS=${SHED_EVENT_LOOP_DELAY_MS}, no rate limit`,
  );
  const env = {
    ORDINAL_DATA_DIR: dataDir,
    ORDINAL_RATE_LIMIT: '0',
    ORDINAL_MAX_PENDING_COMMANDS: `${maxPendingCommands}`,
    ORDINAL_SHED_EVENT_LOOP_DELAY_MS: `${SHED_EVENT_LOOP_DELAY_MS}`,
  };
  const server = await serve([script('../cli/ordinal.ts'), 'all'], env, '/health');
  const run = randomUUID();
  const authorization = benchAuthHeaders();
  const keyOf = (phase: string, i: number) => `bench-${run}-${phase}-${i}`;
  const orders = (key: string): OpenLoopRequest => ({
    url: `${server.base}/orders`,
    body,
    headers: (i) => ({ 'idempotency-key': keyOf(key, i), ...authorization }),
  });
  const late = latencyRows();
  let warmUp: OpenLoopResult;
  let place: OpenLoopResult;
  let catchUpSeconds: number;
  const pool = await openConnectionPool(`${server.base}/health`, POOL_CONNECTIONS);
  try {
    say(`• overload: warm-up ${WARM_UP_SECONDS} s at capacity (${Math.round(capacity.requestsPerSecond)} req/s)`);
    warmUp = await openLoop(orders('warm-up'), capacity.requestsPerSecond, WARM_UP_SECONDS, undefined, pool);
    say(`• overload: PlaceOrder at ${rate} req/s (2 × capacity) for ${seconds} s, open model`);
    const total = Math.round(rate * seconds);
    place = await openLoop(
      { ...orders('run'), onAnswer: (i, status, ms) => i >= total / 2 && late.add(status, ms) },
      rate,
      seconds,
      progress,
      pool,
    );
    say('• overload: waiting for the read side to catch up, then checking the files');
    const answered = performance.now();
    await untilProjected(server.base, dataDir, 120_000);
    catchUpSeconds = (performance.now() - answered) / 1_000;
  } finally {
    pool.close();
    await stopChild(server.child);
  }
  const acceptedIds = [...warmUp.created, ...place.created].map((answer) => (answer as { orderId: string }).orderId);
  const unansweredIds = [
    ...warmUp.unanswered.map((i) => orderIdForIdempotencyKey(keyOf('warm-up', i))),
    ...place.unanswered.map((i) => orderIdForIdempotencyKey(keyOf('run', i))),
  ];
  const check = await checkAccepted(dataDir, acceptedIds, unansweredIds, catchUpSeconds);
  say(`  echo: ${summary(figuresOf(ceiling))}`);
  say(`  PlaceOrder: ${summary(figuresOf(place))}`);
  say(`  PlaceOrder due in the second half: ${summary({ ...figuresOf(place), statuses: late.rows(), errors: 0 })}`);
  say(
    `  ${check.accepted} accepted (warm-up included), ${check.createdWithoutAnswer} created without an answer, ${check.orderStreams} order streams, ${check.trackingDocuments} tracking documents: ${check.holds ? 'consistent' : 'MISMATCH'}`,
  );
  return {
    capacity: capacity.requestsPerSecond,
    capacityP99Ms: capacity.p99Ms,
    rate,
    seconds,
    maxPendingCommands,
    shedEventLoopDelayMs: SHED_EVENT_LOOP_DELAY_MS,
    poolConnections: POOL_CONNECTIONS,
    ceiling: figuresOf(ceiling),
    place: figuresOf(place),
    secondHalf: late.rows(),
    check,
  };
}

async function serve(args: string[], env: NodeJS.ProcessEnv, readyPath: string) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = await startChild(
    process.execPath,
    ['--import', 'tsx', ...args],
    { ...env, ...BENCH_AUTH_ENV, PORT: String(port), HOST: '127.0.0.1', ORDINAL_LOG_LEVEL: 'silent' },
    `${base}${readyPath}`,
  );
  return { base, child };
}
