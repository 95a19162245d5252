import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SqliteEventStore } from '@ordinal/actors';
import {
  evolveOrder,
  initialOrderState,
  type OrderEvent,
  orderDecider,
  orderStatus,
  type RecordedEvent,
} from '@ordinal/domain';
import { orderIdForIdempotencyKey } from '@ordinal/gateways';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TempDataDir, tempDataDir } from '../testing/data-dir.ts';
import { runImport } from './import.runner.ts';
import { importHosts } from './import.session.ts';
import type { ImportIssue, PlannedOrder } from './import.types.ts';
import { ImportMappingError, readImportMapping, readMappedSource } from './mapping.source.ts';

const fixture = (name: string) => join(import.meta.dirname, 'fixtures', name);
const webshopOrder = (external: string) => orderIdForIdempotencyKey(`webshop:${external}`);

describe('ordinal import mapping on a real event store', () => {
  let dir: TempDataDir;
  let store: SqliteEventStore;

  beforeEach(async () => {
    dir = await tempDataDir('ordinal-import-mapping-');
    store = SqliteEventStore.open({ file: join(dir.path, 'events.db') });
  });
  afterEach(async () => {
    await store.close();
    await dir.remove();
  });

  async function importFile(mappingFile: string, file: string, runId = 'run-1') {
    const mapping = await readImportMapping(fixture(mappingFile));
    const orders = await readMappedSource(mapping, fixture(file));
    const issues: ImportIssue[] = [];
    const hosts = importHosts(store, 8);
    try {
      const totals = await runImport({ locations: [], products: [], orders }, hosts, {
        source: mapping.source,
        runId,
        concurrency: 8,
        onIssue: (issue) => issues.push(issue),
      });
      return { totals, issues, orders };
    } finally {
      await hosts.close();
    }
  }

  const streamOf = (orderId: string) => store.readStream(`order-${orderId}`) as Promise<RecordedEvent<OrderEvent>[]>;

  it('replays a CSV export at its São Paulo times, daylight saving included, one shipment per warehouse', async () => {
    const { totals } = await importFile('shop-export.mapping.json', 'shop-export.csv');
    expect(totals).toMatchObject({ orders: 6, ordersAdded: 4, ordersRefused: 2, ordersSkipped: 0 });
    const events = await streamOf(webshopOrder('A1001'));
    expect(events.map((e) => e.type)).toEqual([
      'OrderPlaced',
      'OrderConfirmed',
      'PaymentAuthorized',
      'PaymentCaptured',
      'OrderAllocated',
      'PickingStarted',
      'PickingStarted',
      'ShipmentPacked',
      'ShipmentDispatched',
      'ShipmentPacked',
      'ShipmentDispatched',
      'ShipmentOutForDelivery',
      'ShipmentDelivered',
      'ShipmentOutForDelivery',
      'ShipmentDelivered',
    ]);
    const [placed, confirmed] = events;
    // January is summer time in São Paulo: 09:15 local is 11:15 UTC.
    expect(placed?.data).toMatchObject({
      placedAt: '2017-01-10T11:15:00.000Z',
      promisedBy: '2017-01-20T02:00:00.000Z',
      total: { amount: 2 * 1_990 + 4_500, currency: 'BRL' },
      channel: { salesChannel: 'webshop', externalOrderId: 'A1001' },
    });
    expect(confirmed?.data).toEqual({ reason: 'imported' });
    expect(events.find((e) => e.type === 'OrderAllocated')?.data).toMatchObject({
      allocations: [
        { shipmentId: 's1', locationId: 'wh-sp', lines: [{ lineId: '1', quantity: 2 }] },
        { shipmentId: 's2', locationId: 'wh-rj', lines: [{ lineId: '2', quantity: 1 }] },
      ],
    });
    expect(events.at(-1)?.metadata.occurredAt).toBe('2017-01-14T13:30:00.000Z');
    for (const event of events) {
      expect(event.metadata.import).toEqual({ source: 'shop-export', runId: 'run-1', record: 'shop-export.csv:2' });
      expect(event.metadata.actor).toEqual({ kind: 'system', component: 'import' });
    }
    // The hand-over fell in the hour the clocks skipped (2017-10-15 00:30): read as 01:30, 03:30 UTC.
    const early = await streamOf(webshopOrder('A1003'));
    expect(early.find((e) => e.type === 'ShipmentDispatched')?.metadata.occurredAt).toBe('2017-10-15T03:30:00.000Z');
    // Handed over before the payment was approved: the payment is recorded after the dispatch, at its time.
    expect(early.map((e) => e.type).slice(-2)).toEqual(['PaymentAuthorized', 'PaymentCaptured']);
    expect(early.at(-1)?.metadata.occurredAt).toBe('2017-10-16T10:00:00.000Z');
    // 23:30 on 2018-02-17 came twice (summer time ended at midnight): the first, summer one.
    const twice = await streamOf(webshopOrder('A1006'));
    expect(twice[0]?.metadata.occurredAt).toBe('2018-02-18T01:30:00.000Z');
  });

  it('reports every row it refused or adjusted, with the reason, and imports the adjusted ones', async () => {
    const { issues } = await importFile('shop-export.mapping.json', 'shop-export.csv');
    expect(issues.map((i) => [i.record, i.action, i.code])).toEqual([
      ['shop-export.csv:4', 'adjusted', 'cancelled-with-delivery-dates'],
      ['shop-export.csv:5', 'kept', 'handed-over-before-approval'],
      ['shop-export.csv:6', 'refused', 'unmappable'],
      ['shop-export.csv:7', 'refused', 'unmappable'],
      ['shop-export.csv:8', 'adjusted', 'delivered-without-date'],
    ]);
    expect(issues[2]?.reason).toBe('lines[0].unitPrice (rows.0.price): "12,50" is not a non-negative decimal amount');
    expect(issues[3]?.reason).toBe('history.status (status): "lost" is not in the lookup table');
    const cancelled = await streamOf(webshopOrder('A1002'));
    expect(cancelled.map((e) => e.type)).toEqual([
      'OrderPlaced',
      'OrderConfirmed',
      'PaymentAuthorized',
      'PaymentCaptured',
      'OrderCancelled',
    ]);
    expect(await streamOf(webshopOrder('A1004'))).toEqual([]);
    const undated = await streamOf(webshopOrder('A1006'));
    expect(undated.at(-1)?.type).toBe('ShipmentDispatched');
  });

  it('adds nothing when run again, whatever the run id, and imported streams replay like any other', async () => {
    const { orders } = await importFile('shop-export.mapping.json', 'shop-export.csv');
    const head = await store.headPosition();
    const again = await importFile('shop-export.mapping.json', 'shop-export.csv', 'run-2');
    expect(again.totals).toMatchObject({ eventsAdded: 0, ordersAdded: 0, ordersSkipped: 4 });
    expect(await store.headPosition()).toBe(head);
    const expected: Record<string, string> = {
      A1001: 'fulfilment.delivered',
      A1002: 'cancelled',
      A1003: 'fulfilment.shipped',
      A1006: 'fulfilment.shipped',
    };
    for (const [external, main] of Object.entries(expected)) {
      const orderId = webshopOrder(external);
      expect(orders.some((o: PlannedOrder) => o.orderId === orderId)).toBe(true);
      const events = await streamOf(orderId);
      // The pure fold and a live actor fed the same events agree, as for any order.
      const folded = events.reduce(evolveOrder, initialOrderState());
      const live = orderDecider.spawn?.(initialOrderState());
      for (const event of events) live?.send(event);
      expect(orderStatus(folded).main).toBe(main);
      expect(live?.getState().value).toEqual(folded.value);
      expect(live?.getState().context).toEqual(folded.context);
      live?.stop();
    }
  });

  it('reads NDJSON with times that carry their own offset, and refuses unreadable lines and orders without lines', async () => {
    const { totals, issues } = await importFile('marketplace.mapping.json', 'marketplace.ndjson');
    expect(totals).toMatchObject({ ordersAdded: 2, ordersRefused: 2 });
    expect(issues.map((i) => [i.record, i.code])).toEqual([
      ['marketplace.ndjson:2', 'unmappable'],
      ['marketplace.ndjson:3', 'unreadable'],
    ]);
    expect(issues[0]?.reason).toBe('lines (items): has no lines');
    const placed = (await streamOf(orderIdForIdempotencyKey('marketplace:M-1')))[0];
    // -03:00 given in the record wins over the mapping's zone.
    expect(placed?.data).toMatchObject({ placedAt: '2017-05-02T17:00:00.000Z' });
    const paid = await streamOf(orderIdForIdempotencyKey('marketplace:M-4'));
    expect(paid.map((e) => e.type)).toEqual(['OrderPlaced', 'OrderConfirmed', 'PaymentAuthorized', 'PaymentCaptured']);
    expect(paid[2]?.data).toMatchObject({ method: 'unknown', amount: { amount: 9_000, currency: 'BRL' } });
  });

  it('refuses a mapping that cannot be used, naming every problem', async () => {
    const file = join(dir.path, 'broken.mapping.json');
    const good = await readImportMapping(fixture('marketplace.mapping.json'));
    const { status: _status, ...history } = good.history;
    await writeFile(file, JSON.stringify({ ...good, source: 'Bad Name', timeZone: 'Mars/Olympus', history, extra: 1 }));
    const error = await readImportMapping(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportMappingError);
    expect((error as ImportMappingError).problems).toEqual([
      { location: '/extra', problem: 'is not a property of an import mapping' },
      { location: '/source', problem: 'must be 2 to 40 lower-case letters, digits or dashes' },
      { location: '/timeZone', problem: 'must be an IANA time zone (America/Sao_Paulo) or an offset (+08:00, Z)' },
      { location: '/history/status', problem: 'is required' },
    ]);
  });
});
