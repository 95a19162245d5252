import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { ActorHost, SqliteEventStore } from '@ordinal/actors';
import {
  type CommandOutcome,
  type EventStore,
  figuresOf,
  foldInventory,
  type InventoryCommand,
  type InventoryEvent,
  inventoryDecider,
  inventoryStreamId,
  type RecordedEvent,
  type StockFigures,
  stockAt,
} from '@ordinal/domain';
import Database from 'better-sqlite3';

/** How the hot-SKU scenario runs. */
export interface HotSkuPlan {
  /** ReserveStock commands, one unit each, all for one SKU at one location. */
  readonly reservations: number;
  /** Commands in flight at once (closed loop: each answer sends the next). */
  readonly inFlight: number;
  /** Units received before the orders: fewer than the reservations, so the SKU sells out. */
  readonly stock: number;
}

/** One pass over the same rows: how many, how long. */
export interface HotSkuRate {
  readonly rows: number;
  readonly seconds: number;
  readonly perSecond: number;
}

/** The hot-SKU figures, the ceilings of the same run, and what the stream held afterwards. */
export interface HotSkuFigures {
  readonly plan: HotSkuPlan;
  /** Every ReserveStock answered (taken or refused) through the actor host. */
  readonly host: HotSkuRate & { readonly p50Ms: number; readonly p99Ms: number };
  readonly taken: number;
  readonly refused: number;
  /** The SKU's stream folded after the run. */
  readonly folded: StockFigures;
  readonly conflicts: number;
  /** Every row the run wrote (the receipt, the reservations, a CommandRejected per refusal), appended one at a time straight to a fresh event store. */
  readonly storeAppends: HotSkuRate;
  /** The same rows inserted by better-sqlite3, one transaction each, on a file with the same pragmas. */
  readonly rawInserts: HotSkuRate;
}

const SKU = 'HOT-SKU-1';
const LOCATION = 'wh-sp';
const actor = { kind: 'system', component: 'bench' } as const;

function rate(rows: number, startedAt: number): HotSkuRate {
  const seconds = (performance.now() - startedAt) / 1000;
  return { rows, seconds, perSecond: rows / seconds };
}

function percentile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

/** Throws unless exactly the stock was taken and the rest refused for want of it. */
function checkNeverOversold(plan: HotSkuPlan, outcomes: readonly CommandOutcome[], events: readonly RecordedEvent[]) {
  const taken = outcomes.filter((o) => o.status === 'accepted' && o.events.length > 0).length;
  const refused = outcomes.filter(
    (o) => o.status === 'rejected' && o.rejection.code === 'inventory.insufficient-stock',
  ).length;
  const reservedEvents = events.filter((e) => e.type === 'StockReserved').length;
  const folded = figuresOf(stockAt(foldInventory(events as unknown as InventoryEvent[]), LOCATION));
  const wanted = Math.min(plan.stock, plan.reservations);
  const ok =
    taken === wanted &&
    refused === plan.reservations - wanted &&
    reservedEvents === wanted &&
    folded.onHand === plan.stock &&
    folded.reserved === wanted &&
    folded.available === plan.stock - wanted;
  if (!ok) {
    throw new Error(
      `hot SKU: ${taken} taken, ${refused} refused, ${reservedEvents} StockReserved, figures ${JSON.stringify(folded)} for ${plan.stock} units and ${plan.reservations} orders`,
    );
  }
  return { taken, refused, folded };
}

/** What a new store file and a raw connection with the same pragmas are opened with. */
const SYNCHRONOUS = 'FULL';

/**
 * One SKU, many concurrent orders: `reservations` ReserveStock commands with `inFlight` at once
 * through the actor host on the embedded SQLite store (synchronous=FULL, as the embedded profile
 * runs). Then the ceilings: the rows it wrote appended one at a time to a fresh store, and
 * inserted one transaction each by better-sqlite3 with the same pragmas.
 */
export async function measureHotSku(
  dir: string,
  plan: HotSkuPlan,
  say: (line: string) => void,
): Promise<HotSkuFigures> {
  const store = SqliteEventStore.open({ file: join(dir, 'hot-sku.db'), synchronous: SYNCHRONOUS });
  const host = new ActorHost({ store, decider: inventoryDecider });
  const send = (command: InventoryCommand) =>
    host.execute({ command, metadata: { commandId: randomUUID(), correlationId: randomUUID(), actor } });
  await send({ type: 'ReceiveStock', sku: SKU, locationId: LOCATION, quantity: plan.stock, reference: 'PO-HOT' });
  say(`• hot SKU: ${plan.reservations} reservations of one SKU, ${plan.inFlight} in flight, ${plan.stock} in stock`);
  const outcomes: CommandOutcome[] = [];
  const latencies: number[] = [];
  let next = 0;
  const worker = async () => {
    for (let n = next++; n < plan.reservations; n = next++) {
      const sentAt = performance.now();
      const outcome = await send({
        type: 'ReserveStock',
        sku: SKU,
        reservationId: `r-${n}`,
        orderId: `o-${n}`,
        lineId: '1',
        locationId: LOCATION,
        quantity: 1,
        expiresAt: '2030-01-01T00:00:00.000Z',
      });
      latencies.push(performance.now() - sentAt);
      outcomes.push(outcome);
    }
  };
  const startedAt = performance.now();
  await Promise.all(Array.from({ length: plan.inFlight }, worker));
  const hostRate = rate(plan.reservations, startedAt);
  const { conflicts } = host.stats();
  await host.close();
  const stream = await store.readStream(inventoryStreamId(SKU));
  const { taken, refused, folded } = checkNeverOversold(plan, outcomes, stream);
  // Every row the run wrote, in log order: the SKU's events and one CommandRejected per refusal.
  const written = await store.readAll();
  await store.close();
  latencies.sort((a, b) => a - b);
  say(
    `  ${Math.round(hostRate.perSecond)} reservations/s, p50 ${percentile(latencies, 0.5).toFixed(1)} ms, p99 ${percentile(latencies, 0.99).toFixed(1)} ms; ${taken} taken, ${refused} refused`,
  );
  const storeAppends = await appendOneByOne(join(dir, 'hot-sku-appends.db'), written);
  say(`  ceiling: ${Math.round(storeAppends.perSecond)} appends/s straight to the event store`);
  const rawInserts = await insertOneByOne(join(dir, 'hot-sku-raw.db'), written);
  say(`  ceiling: ${Math.round(rawInserts.perSecond)} raw inserts/s, one transaction each`);
  return {
    plan,
    host: { ...hostRate, p50Ms: percentile(latencies, 0.5), p99Ms: percentile(latencies, 0.99) },
    taken,
    refused,
    folded,
    conflicts,
    storeAppends,
    rawInserts,
  };
}

/** The rows appended one at a time, each awaited, with its exact expected revision. */
async function appendOneByOne(file: string, rows: readonly RecordedEvent[]): Promise<HotSkuRate> {
  const store: EventStore = SqliteEventStore.open({ file, synchronous: SYNCHRONOUS });
  const drafts = rows.map(({ eventId, type, data, metadata, streamId, revision }) => ({
    streamId,
    expected: revision === 1 ? ('no-stream' as const) : revision - 1,
    event: { eventId, type, data, metadata },
  }));
  const startedAt = performance.now();
  for (const { streamId, expected, event } of drafts) await store.append(streamId, [event], expected);
  const figures = rate(rows.length, startedAt);
  await store.close();
  return figures;
}

/** The same rows by better-sqlite3 into the store's own table, one autocommit insert each. */
async function insertOneByOne(file: string, rows: readonly RecordedEvent[]): Promise<HotSkuRate> {
  // The store creates the schema and switches the file to WAL; the raw connection sets the rest alike.
  await SqliteEventStore.open({ file, synchronous: SYNCHRONOUS }).close();
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${SYNCHRONOUS}`);
  const insert = db.prepare(
    'INSERT INTO events (stream_id, revision, event_id, type, data, metadata, recorded_at, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  // The chain hashes the store recorded: the ceiling writes the same bytes without computing them.
  const values = rows.map((e) => [
    e.streamId,
    e.revision,
    e.eventId,
    e.type,
    JSON.stringify(e.data),
    JSON.stringify(e.metadata),
    e.recordedAt,
    e.hash ?? null,
  ]);
  const startedAt = performance.now();
  for (const row of values) insert.run(...row);
  const figures = rate(rows.length, startedAt);
  db.close();
  return figures;
}
