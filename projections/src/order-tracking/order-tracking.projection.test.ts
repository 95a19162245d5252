import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Filter, ORDER_EVENT_TYPES, type OrderEventType } from '@ordinal/domain';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { compileFilter, compileSort } from '../read-store/sqlite-filter.ts';
import { SqliteReadStore } from '../read-store/sqlite-read-store.ts';
import { eventfulOrder, OrderEventRecorder, orderDraft, orderPlaced } from '../testing/order-events.ts';
import { projectionSpec } from '../testing/projection-spec.ts';
import { TRACKING_CASES } from './order-tracking.cases.ts';
import { ORDER_TRACKING_COLLECTION, orderTrackingProjection } from './order-tracking.projection.ts';

const spec = projectionSpec(orderTrackingProjection, { collection: ORDER_TRACKING_COLLECTION });

function scenario(type: OrderEventType) {
  const recorder = new OrderEventRecorder();
  const testCase = TRACKING_CASES[type];
  const given = recorder.stream('o-1', testCase.given);
  const when = recorder.record('o-1', testCase.when);
  return { given, when, expected: testCase.expected };
}

describe('orderTracking projection', () => {
  it('has a case for every order event type', () => {
    expect(Object.keys(TRACKING_CASES).sort()).toEqual([...ORDER_EVENT_TYPES].sort());
  });

  describe.each(ORDER_EVENT_TYPES)('%s', (type) => {
    it('is applied to the document', async () => {
      const { given, when, expected } = scenario(type);
      const { outcomes } = await spec
        .given(given)
        .when(when)
        .then({ ...expected, revision: when.revision, updatedAt: when.metadata.occurredAt });
      expect(outcomes).toEqual(['applied']);
    });

    it('applied twice leaves the document unchanged', async () => {
      const { given, when } = scenario(type);
      const once = await spec.given(given).when(when).then({});
      const twice = await spec.given(given).when(when, when).then({});
      expect(twice.outcomes).toEqual(['applied', 'duplicate']);
      expect(twice.stored).toEqual(once.stored);
    });
  });

  it('treats an older revision as a duplicate', async () => {
    const events = new OrderEventRecorder().stream('o-1', eventfulOrder('o-1'));
    const { outcomes, doc } = await spec.given(events.slice(0, 10)).when(events[3]!, events[0]!).then({ revision: 10 });
    expect(outcomes).toEqual(['duplicate', 'duplicate']);
    expect(doc).toBeDefined();
  });

  it('fills a gap from the log before applying, never skipping an event', async () => {
    const events = new OrderEventRecorder().stream('o-1', eventfulOrder('o-1'));
    const inOrder = await spec.given(events.slice(0, 12)).when(events[12]!).then({});
    const gapped = await spec
      .given(events.slice(0, 2))
      .when(events[12]!)
      .withLog(events)
      .then({ revision: 13, status: { main: 'allocated' }, tags: ['vip'] });
    expect(gapped.outcomes).toEqual(['applied']);
    expect(gapped.stored).toEqual(inOrder.stored);
  });

  it('fails (to be retried) when the log cannot fill the gap', async () => {
    const events = new OrderEventRecorder().stream('o-1', eventfulOrder('o-1'));
    await expect(spec.given(events.slice(0, 2)).when(events[5]!).then({})).rejects.toMatchObject({
      code: 'projection.stream-gap',
    });
  });

  it('keeps orders apart, and takes updatedAt from the event, not the clock', async () => {
    const recorder = new OrderEventRecorder('2020-01-01T00:00:00.000Z');
    const a = recorder.record('a', orderPlaced('a', 'c-1'));
    const b = recorder.record('b', orderPlaced('b', 'c-2'));
    const tagged = recorder.record('a', orderDraft('OrderTagged', { tag: 'x' }));
    const { stored } = await spec
      .given([a, b])
      .when(tagged)
      .then({ id: 'a', tags: ['x'], updatedAt: '2020-01-01T00:02:00.000Z' });
    expect(JSON.parse(stored.get('b')!)).toMatchObject({ customerId: 'c-2', tags: [], revision: 1 });
  });

  it('stores no personal data in clear, not even in the machine state', async () => {
    const events = new OrderEventRecorder().stream('o-1', eventfulOrder('o-1'));
    const { stored } = await spec.given(events.slice(0, -1)).when(events.at(-1)!).then({});
    const json = stored.get('o-1')!;
    for (const secret of ['Jane', 'jane@', '555 123', '1 Main Street', '9 Rue Neuve', '12 34 56']) {
      expect(json).not.toContain(secret);
    }
    expect(json).toContain('Lyon');
  });
});

describe('orderTracking carrier scans', () => {
  const dispatchedOrder = (orderId: string) => [
    orderPlaced(orderId, 'c-1'),
    orderDraft('OrderConfirmed', { reason: 'auto' }),
    orderDraft('OrderAllocated', {
      allocations: [
        {
          shipmentId: 's1',
          locationId: 'wh',
          lines: [
            { lineId: '1', quantity: 2 },
            { lineId: '2', quantity: 1 },
          ],
        },
      ],
    }),
    orderDraft('PickingStarted', { shipmentId: 's1' }),
    orderDraft('ShipmentPacked', { shipmentId: 's1' }),
    orderDraft('ShipmentDispatched', { shipmentId: 's1', carrier: 'dhl', trackingNumber: 'JD1' }),
  ];
  const scan = (carrierEventId: string, kind: 'in-transit' | 'out-for-delivery' | 'delivered', hour: number) =>
    orderDraft('CarrierScanRecorded', {
      shipmentId: 's1',
      carrier: 'dhl',
      carrierEventId,
      kind,
      occurredAt: `2026-03-02T${String(hour).padStart(2, '0')}:00:00.000Z`,
      location: `hub ${hour}`,
      ...(kind === 'delivered' ? { receivedBy: 'Maria Weber' } : {}),
    });
  const day = [scan('e1', 'in-transit', 9), scan('e2', 'out-for-delivery', 13), scan('e3', 'delivered', 15)];

  async function shipmentAfter(scans: readonly ReturnType<typeof scan>[]) {
    const events = new OrderEventRecorder().stream('o-1', [...dispatchedOrder('o-1'), ...scans]);
    const { doc } = await spec.given(events.slice(0, -1)).when(events.at(-1)!).then({});
    return (doc as unknown as { shipments: unknown[] }).shipments[0];
  }

  it('shows the scans in the order they happened, whatever order they arrived in, with the receiver masked', async () => {
    const inOrder = await shipmentAfter(day);
    expect(inOrder).toMatchObject({
      status: 'delivered',
      lastLocation: 'hub 15',
      receivedBy: 'M*** W***',
      scans: [
        { carrierEventId: 'e1', kind: 'in-transit', location: 'hub 9' },
        { carrierEventId: 'e2', kind: 'out-for-delivery' },
        { carrierEventId: 'e3', kind: 'delivered', receivedBy: 'M*** W***' },
      ],
    });
    expect(await shipmentAfter([day[2]!, day[0]!, day[1]!])).toEqual(inOrder);
    expect(await shipmentAfter([day[1]!, day[2]!, day[1]!, day[0]!])).toEqual(inOrder);
    expect(JSON.stringify(inOrder)).not.toContain('Maria');
  });
});

describe('orderTracking indexes', () => {
  it('serve a customer’s orders newest first, and the next page, from the customerId + placedAt index', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ordinal-tracking-index-'));
    const path = join(dir, 'read.db');
    try {
      const store = new SqliteReadStore({ path });
      await orderTrackingProjection.setup?.(store);
      await store.close();
      const db = new Database(path, { readonly: true });
      const plan = (filter: Filter) => {
        const where = compileFilter(filter);
        const sql = `EXPLAIN QUERY PLAN SELECT body FROM documents WHERE collection = '${ORDER_TRACKING_COLLECTION}' AND (${where.sql}) ORDER BY ${compileSort([['placedAt', 'desc']])} LIMIT 51`;
        const rows = db.prepare(sql).all(...where.params) as { detail: string }[];
        return rows.map((r) => r.detail).join(' | ');
      };
      try {
        // The index gives placedAt order; only ties on placedAt are sorted by id, not the whole list.
        const first = plan({ customerId: 'c-1' });
        expect(first).toMatch(/SEARCH documents USING INDEX ixp_\w+ \(collection=\? AND <expr>=\?\)/);
        expect(first).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
        const next = plan({ customerId: 'c-1', placedAt: { $lt: '2026-03-01T09:00:00.000Z' } });
        expect(next).toMatch(/USING INDEX ixp_\w+ \(collection=\? AND <expr>=\? AND <expr><\?\)/);
        expect(next).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
      } finally {
        db.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
