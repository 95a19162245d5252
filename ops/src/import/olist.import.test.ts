import { SqliteEventStore } from '@ordinal/actors';
import { evolveOrder, initialOrderState, type OrderEvent, orderStatus, type RecordedEvent } from '@ordinal/domain';
import type { OrderTrackingDocument } from '@ordinal/projections';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { olistDir, olistPresent } from '../datasets/olist/olist.paths.ts';
import { embeddedFiles } from '../profile/adapters.ts';
import { runCli, startCli } from '../testing/cli-process.ts';
import { type TempDataDir, tempDataDir, testEnv } from '../testing/data-dir.ts';
import { trackingDocuments } from '../testing/distributed-run.ts';
import { type OlistFigures, olistFigures, trackingFigures } from './olist-figures.fixture.ts';

const dir = olistDir();
const present = olistPresent(dir);
if (!present) console.warn(`Olist data set not found at ${dir} (set ORDINAL_OLIST_DIR): its import tests are skipped.`);

// Generous: on a 2-core machine shared with other work an import and a rebuild can each take minutes.
const IMPORT_MS = 600_000;

async function head(dataDir: string): Promise<number> {
  const store = SqliteEventStore.open({ file: embeddedFiles(dataDir).events });
  try {
    return await store.headPosition();
  } finally {
    await store.close();
  }
}

/** Folds a few imported streams of every end state with the pure fold: each replays to what the view shows. */
async function foldSome(dataDir: string, documents: readonly OrderTrackingDocument[]): Promise<number> {
  const store = SqliteEventStore.open({ file: embeddedFiles(dataDir).events });
  let folded = 0;
  try {
    const seen = new Map<string, number>();
    for (const doc of documents) {
      const count = seen.get(doc.status.main) ?? 0;
      if (count >= 5) continue;
      seen.set(doc.status.main, count + 1);
      const events = (await store.readStream(`order-${doc.orderId}`)) as RecordedEvent<OrderEvent>[];
      const state = events.reduce(evolveOrder, initialOrderState());
      expect(orderStatus(state).main).toBe(doc.status.main);
      expect(events).toHaveLength(doc.revision);
      expect(events.every((e) => e.metadata.import?.source === 'olist')).toBe(true);
      folded += 1;
    }
  } finally {
    await store.close();
  }
  return folded;
}

/** Rebuilds the tracking view from the log and reads the figures from it. */
async function figuresIn(dataDir: string): Promise<{ figures: OlistFigures; events: number }> {
  const rebuilt = await runCli(['rebuild', 'orderTracking'], testEnv(dataDir), IMPORT_MS);
  expect(rebuilt.code, rebuilt.stderr).toBe(0);
  const documents = trackingDocuments(dataDir).map((d) => JSON.parse(d.json) as OrderTrackingDocument);
  expect(await foldSome(dataDir, documents)).toBeGreaterThanOrEqual(25);
  return { figures: trackingFigures(documents), events: documents.reduce((sum, d) => sum + d.revision, 0) };
}

function expectSameFigures(actual: OlistFigures, expected: OlistFigures): void {
  expect(actual.orders).toBe(expected.orders);
  expect(actual.byStatus).toEqual(expected.byStatus);
  expect(actual.meanDeliveryDays).toBeCloseTo(expected.meanDeliveryDays, 9);
  expect(actual.medianDeliveryDays).toBeCloseTo(expected.medianDeliveryDays, 9);
  expect(actual.lateShare).toBeCloseTo(expected.lateShare, 12);
  expect(actual.meanOrderValue).toBeCloseTo(expected.meanOrderValue, 6);
}

describe.skipIf(!present)('ordinal import olist on the real files', () => {
  const expected = present ? olistFigures(dir) : undefined;
  let whole: TempDataDir;
  let killed: TempDataDir;
  let first: { figures: OlistFigures; events: number } | undefined;

  beforeAll(async () => {
    whole = await tempDataDir('ordinal-import-');
    killed = await tempDataDir('ordinal-import-killed-');
  });
  afterAll(async () => {
    await whole?.remove();
    await killed?.remove();
  });

  it(
    'gives the read models the figures computed straight from the CSV files',
    async () => {
      const run = await runCli(['import', 'olist', '--dir', dir], testEnv(whole.path), IMPORT_MS);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/orders: [\d,]+ added, 0 already imported \(skipped\), [\d,]+ refused/);
      first = await figuresIn(whole.path);
      // The figures are real ones, not an empty view equal to an empty computation.
      expect(expected!.orders).toBeGreaterThan(7_000);
      expect(expected!.byStatus['fulfilment.delivered']).toBeGreaterThan(100);
      expectSameFigures(first.figures, expected!);
    },
    IMPORT_MS * 2,
  );

  it(
    'adds nothing on a second run: the log head does not move',
    async () => {
      const before = await head(whole.path);
      expect(before).toBeGreaterThan(0);
      const run = await runCli(['import', 'olist', '--dir', dir], testEnv(whole.path), IMPORT_MS);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/orders: 0 added, [\d,]+ already imported \(skipped\)/);
      expect(run.stdout).toMatch(/events: 0 added/);
      expect(await head(whole.path)).toBe(before);
    },
    IMPORT_MS,
  );

  it(
    'ends with the same figures when killed half-way and run again',
    async () => {
      const cli = startCli(['import', 'olist', '--dir', dir], testEnv(killed.path));
      try {
        // Killed once a few thousand orders are in, while appends are in flight.
        let running = true;
        void cli.exited.then(() => {
          running = false;
        });
        for (;;) {
          const counts = [...cli.stderr().matchAll(/ ([\d,]+)\/[\d,]+ orders/g)].map((m) =>
            Number(m[1]?.replaceAll(',', '')),
          );
          if ((counts.at(-1) ?? 0) >= 3_000) break;
          expect(running, `the import ended before it was killed: ${cli.stderr().slice(-500)}`).toBe(true);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        cli.kill();
        const ended = await cli.exited;
        expect(ended.signal).toBe('SIGKILL');
      } finally {
        cli.kill();
      }
      const partial = await head(killed.path);
      expect(partial).toBeGreaterThan(0);
      const rerun = await runCli(['import', 'olist', '--dir', dir], testEnv(killed.path), IMPORT_MS);
      expect(rerun.code, rerun.stderr).toBe(0);
      expect(rerun.stdout).toMatch(/orders: [1-9][\d,]* added, [1-9][\d,]* already imported \(skipped\)/);
      const resumed = await figuresIn(killed.path);
      expectSameFigures(resumed.figures, expected!);
      expect(resumed.events).toBe(first?.events);
    },
    IMPORT_MS * 3,
  );
});
