import { INVENTORY_EVENT_TYPES, type InventoryEventDraft, type InventoryEventType } from '@ordinal/domain';
import { inventoryStream, INVENTORY_SKU as sku } from '@ordinal/domain/testing';
import { describe, expect, it } from 'vitest';
import { projectionSpec } from '../testing/projection-spec.ts';
import { AVAILABLE_TO_PROMISE_COLLECTION, availableToPromiseProjection } from './available-to-promise.projection.ts';

const spec = projectionSpec(availableToPromiseProjection, { collection: AVAILABLE_TO_PROMISE_COLLECTION });
const figures = (onHand: number, reserved: number) => ({ onHand, reserved, available: onHand - reserved });
const reservation = { sku, reservationId: 'r-1', orderId: 'o-1', lineId: '1', locationId: 'wh-sh', quantity: 2 };
const expiresAt = '2026-03-02T10:00:00.000Z';

// A history that reaches every event type: stock at two locations, then a reservation.
const history: InventoryEventDraft[] = [
  { type: 'StockReceived', data: { sku, locationId: 'wh-sh', quantity: 10, reference: 'PO-1', ...figures(10, 0) } },
  { type: 'StockReceived', data: { sku, locationId: 'st-bj', quantity: 4, reference: 'PO-2', ...figures(4, 0) } },
  {
    type: 'StockReserved',
    data: { ...reservation, expiresAt, reservedAt: '2026-03-02T09:00:00.000Z', ...figures(10, 2) },
  },
];

/** For each event type: the event after `history`, and the wh-sh figures it leaves. */
const CASES: Record<InventoryEventType, { when: InventoryEventDraft; whSh: ReturnType<typeof figures> }> = {
  StockReceived: {
    when: {
      type: 'StockReceived',
      data: { sku, locationId: 'wh-sh', quantity: 5, reference: 'PO-3', ...figures(15, 2) },
    },
    whSh: figures(15, 2),
  },
  StockAdjusted: {
    when: { type: 'StockAdjusted', data: { sku, locationId: 'wh-sh', delta: -3, reason: 'count', ...figures(7, 2) } },
    whSh: figures(7, 2),
  },
  StockReserved: {
    when: {
      type: 'StockReserved',
      data: { ...reservation, reservationId: 'r-2', expiresAt, reservedAt: expiresAt, ...figures(10, 4) },
    },
    whSh: figures(10, 4),
  },
  ReservationReleased: {
    when: { type: 'ReservationReleased', data: { ...reservation, reason: 'cancelled', ...figures(10, 0) } },
    whSh: figures(10, 0),
  },
  ReservationCommitted: {
    when: { type: 'ReservationCommitted', data: { ...reservation, shipmentId: 's-1', ...figures(8, 0) } },
    whSh: figures(8, 0),
  },
  ReservationExpired: {
    when: {
      type: 'ReservationExpired',
      data: { ...reservation, expiresAt, expiredAt: '2026-03-02T10:05:00.000Z', ...figures(10, 0) },
    },
    whSh: figures(10, 0),
  },
};

function scenario(type: InventoryEventType) {
  const events = inventoryStream([...history, CASES[type].when]);
  return { given: events.slice(0, -1), when: events[events.length - 1]!, whSh: CASES[type].whSh };
}

describe('availableToPromise projection', () => {
  it('has a case for every inventory event type', () => {
    expect(Object.keys(CASES).sort()).toEqual([...INVENTORY_EVENT_TYPES].sort());
  });

  describe.each(INVENTORY_EVENT_TYPES)('%s', (type) => {
    it('sets the location’s figures and the totals', async () => {
      const { given, when, whSh } = scenario(type);
      const { outcomes } = await spec
        .given(given)
        .when(when)
        .then({
          id: sku,
          sku,
          revision: 4,
          locations: { 'wh-sh': whSh, 'st-bj': figures(4, 0) },
          totals: figures(whSh.onHand + 4, whSh.reserved),
          updatedAt: when.metadata.occurredAt,
        });
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
    const events = inventoryStream(history);
    const { outcomes } = await spec
      .given(events)
      .when(events[0]!)
      .then({ revision: 3, totals: figures(14, 2) });
    expect(outcomes).toEqual(['duplicate']);
  });

  it('fills a gap from the log, so no location is left with old figures', async () => {
    const events = inventoryStream([...history, CASES.ReservationReleased.when]);
    const inOrder = await spec.given(events.slice(0, 3)).when(events[3]!).then({});
    const gapped = await spec.given(events.slice(0, 1)).when(events[3]!).withLog(events).then({ revision: 4 });
    expect(gapped.stored).toEqual(inOrder.stored);
  });

  it('keeps SKUs apart', async () => {
    const tea = inventoryStream(history);
    const cup = inventoryStream(history.slice(0, 1), 'CUP-02');
    await spec
      .given(tea)
      .when(cup[0]!)
      .then({ id: 'CUP-02', sku: 'CUP-02', totals: figures(10, 0) });
  });
});
