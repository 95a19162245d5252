import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { olistDir } from '../datasets/olist/olist.paths.ts';
import { BENCH_AUTH_ENV } from './bench-auth.ts';
import { fanOutSection } from './fan-out.report.ts';
import { measureFanOut } from './fan-out.ts';
import { hotSkuSection } from './hot-sku.report.ts';
import { measureHotSku } from './hot-sku.ts';
import { freePort, type HttpFigures, loadTest, startChild, stopChild } from './http-load.ts';
import { importSection } from './import.report.ts';
import { measureImport } from './import.ts';
import { kpiRebuildSection } from './kpi-rebuild.report.ts';
import { measureKpiRebuild } from './kpi-rebuild.ts';
import { measureOverload } from './overload.ts';
import { PLACE_ORDER_BODY } from './place-order.body.ts';
import { measureReadSide } from './read-side.ts';
import { measureRehydration, type RehydrationFigures, type Timing } from './rehydration.ts';
import { type BenchRun, renderReport } from './report.ts';
import { measureRouting } from './routing.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const seconds = Number(process.env.ORDINAL_BENCH_SECONDS ?? 10);
const connections = Number(process.env.ORDINAL_BENCH_CONNECTIONS ?? 16);
// Sized so the relay and each catch-up take well under 40 s on 2 cores.
const logEvents = Number(process.env.ORDINAL_BENCH_EVENTS ?? 30_000);

function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

async function httpScenario(
  name: string,
  script: string[],
  env: NodeJS.ProcessEnv,
  path: string,
  body: unknown,
): Promise<HttpFigures> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  say(`• ${name}: starting server`);
  const child = await startChild(
    process.execPath,
    ['--import', 'tsx', ...script],
    { ...env, ...BENCH_AUTH_ENV, PORT: String(port), HOST: '127.0.0.1', ORDINAL_LOG_LEVEL: 'silent' },
    path === '/echo' ? `${base}/echo` : `${base}/health`,
  );
  try {
    say(`• ${name}: warm-up 3 s`);
    await loadTest(`${base}${path}`, body, connections, 3);
    say(`• ${name}: measuring ${seconds} s with ${connections} connections`);
    const figures = await loadTest(`${base}${path}`, body, connections, seconds);
    say(
      `  ${Math.round(figures.requestsPerSecond)} req/s, p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms, ${figures.non2xx} non-2xx, ${figures.errors} errors; by status ${JSON.stringify(figures.statuses)}`,
    );
    return figures;
  } finally {
    await stopChild(child);
  }
}

function machineAt(loadAverage: number): BenchRun['machine'] {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    freeMemoryGiB: Math.round(freemem() / 2 ** 30),
    loadAverage,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

const HOT_SKU_PLAN = { reservations: 2_000, inFlight: 256, stock: 1_000 } as const;
// Sized so both halves, with setting up 2,020 sockets twice, take about 30 s on 2 cores.
const FAN_OUT_PLAN = {
  orders: 2_000,
  opsClients: 20,
  commandsPerSecond: 200,
  seconds: 10,
  connectBatch: 100,
  seed: 2026,
} as const;

/** PlaceOrder over HTTP against `ordinal all` on a fresh embedded data directory. */
function measurePlaceOrder(dir: string): Promise<HttpFigures> {
  return httpScenario(
    'PlaceOrder over HTTP (embedded profile)',
    [join(root, 'ops/src/cli/ordinal.ts'), 'all'],
    // The per-client rate limit would answer most of one client's load with cheap 429s.
    { ORDINAL_DATA_DIR: join(dir, 'http'), ORDINAL_RATE_LIMIT: '0' },
    '/orders',
    PLACE_ORDER_BODY,
  );
}

/** Every scenario, then the report (written to docs/benchmarks.md unless ORDINAL_BENCH_WRITE=0). */
async function runAll(dir: string): Promise<void> {
  const started = Date.now();
  // Other work on the machine slows every figure (ratios less): the report says how busy it was.
  const startLoad = loadavg()[0] ?? 0;
  const echo = await httpScenario(
    'fastify echo (ceiling)',
    [join(root, 'ops/src/bench/echo-server.ts')],
    {},
    '/echo',
    PLACE_ORDER_BODY,
  );
  const place = await measurePlaceOrder(dir);
  // Capacity is what the server accepts: any refusal in the closed-loop run does not count.
  const capacity = place.total === 0 ? 0 : (place.requestsPerSecond * (place.total - place.non2xx)) / place.total;
  const overload = await measureOverload(dir, { requestsPerSecond: capacity, p99Ms: place.p99Ms }, seconds, say);
  say('• rehydration: writing an order with 1,000 events');
  const rehydration: RehydrationFigures = await measureRehydration(dir, 1_000, (done) => say(`  ${done}/1000 events`));
  const fmt = (t: Timing) => `median ${t.medianMs.toFixed(2)} ms, p95 ${t.p95Ms.toFixed(2)} ms`;
  say(`  host load with snapshot ${fmt(rehydration.hostLoadWithSnapshot)}`);
  say(`  host load without snapshot ${fmt(rehydration.hostLoad)}; raw rows ${fmt(rehydration.rawRowsRead)}`);
  const hotSku = await measureHotSku(dir, HOT_SKU_PLAN, say);
  const fanOut = await measureFanOut(dir, FAN_OUT_PLAN, say);
  const readSide = await measureReadSide(dir, logEvents, say);
  const kpiRebuild = await measureKpiRebuild(dir, logEvents, say);
  const routing = await measureRouting(olistDir(), seconds / 2, say);
  const bulkImport = await measureImport(dir, olistDir(), say);
  const machine = machineAt(startLoad);
  const report = renderReport({
    date: new Date().toISOString(),
    machine,
    seconds,
    connections,
    echo,
    place,
    rehydration,
    hotSku,
    fanOut,
    overload,
    readSide,
    kpiRebuild,
    routing,
    import: bulkImport,
    tookSeconds: Math.round((Date.now() - started) / 1000),
  });
  console.log(report);
  if (process.env.ORDINAL_BENCH_WRITE !== '0') {
    await writeFile(join(root, 'docs/benchmarks.md'), report);
    say('• written to docs/benchmarks.md');
  }
}

/** The scenarios that run on their own, each measuring and rendering its section. */
const ALONE: Record<string, (dir: string) => Promise<string>> = {
  'place-order': async (dir) => {
    const f = await measurePlaceOrder(dir);
    return `PlaceOrder: ${Math.round(f.requestsPerSecond)} req/s, p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms, ${f.non2xx} non-2xx of ${f.total} (${JSON.stringify(f.statuses)}), ${f.errors} errors.`;
  },
  'hot-sku': async (dir) => hotSkuSection(await measureHotSku(dir, HOT_SKU_PLAN, say)),
  'fan-out': async (dir) => fanOutSection(await measureFanOut(dir, FAN_OUT_PLAN, say)),
  'kpi-rebuild': async (dir) => kpiRebuildSection(await measureKpiRebuild(dir, logEvents, say)),
  import: async (dir) => importSection(await measureImport(dir, olistDir(), say)),
};

/** One scenario on its own: prints its section with the machine it ran on, writes nothing. */
async function runOnly(dir: string, measure: (dir: string) => Promise<string>): Promise<void> {
  const m = machineAt(loadavg()[0] ?? 0);
  const section = await measure(dir);
  console.log(`${section}
Measured on its own on ${new Date().toISOString().slice(0, 10)}: ${m.cpu}, ${m.cores} cores, ${m.platform}, Node ${m.node}; load average ${m.loadAverage.toFixed(2)} at the start.`);
}

const dir = await mkdtemp(join(tmpdir(), 'ordinal-bench-'));
try {
  const only = process.env.ORDINAL_BENCH_ONLY;
  if (only === undefined) await runAll(dir);
  else {
    const measure = ALONE[only];
    if (measure === undefined) {
      throw new Error(
        `ORDINAL_BENCH_ONLY=${only}: the scenarios that run on their own are ${Object.keys(ALONE).join(', ')}`,
      );
    }
    await runOnly(dir, measure);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
