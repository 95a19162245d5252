import { describe, expect, it } from 'vitest';
import { deciderSpec } from '../testing/decider-spec.ts';
import {
  inventoryFacts,
  inventoryStream,
  recordInventoryEvent,
  STORE_ID,
  INVENTORY_SKU as sku,
  WAREHOUSE_ID,
} from '../testing/inventory-fixtures.ts';
import { minutesAfterT0 } from '../testing/order-fixtures.ts';
import type { InventoryCommand } from './inventory.commands.ts';
import { inventoryDecider } from './inventory.decider.ts';
import type { InventoryEventDraft } from './inventory.events.ts';

const spec = deciderSpec(inventoryDecider, () => inventoryFacts(0), recordInventoryEvent);
const given = (drafts: InventoryEventDraft[]) => spec.given(inventoryStream(drafts));
const later = deciderSpec(inventoryDecider, () => inventoryFacts(90), recordInventoryEvent);

const wh = WAREHOUSE_ID;
const figures = (onHand: number, reserved: number) => ({ onHand, reserved, available: onHand - reserved });
const received = (quantity: number, onHand = quantity, locationId = wh): InventoryEventDraft => ({
  type: 'StockReceived',
  data: { sku, locationId, quantity, reference: 'PO-1', ...figures(onHand, 0) },
});
const expiresAt = minutesAfterT0(60);
const reservation = { sku, reservationId: 'r-1', orderId: 'o-1', lineId: '1', locationId: wh, quantity: 3 };
const reserveCommand: InventoryCommand = { type: 'ReserveStock', ...reservation, expiresAt };
const reserved: InventoryEventDraft = {
  type: 'StockReserved',
  data: { ...reservation, expiresAt, reservedAt: minutesAfterT0(0), ...figures(10, 3) },
};

describe('ReceiveStock', () => {
  it('adds to what is on hand at the location and says the figures after it', () => {
    const state = given([received(10)])
      .when({ type: 'ReceiveStock', sku, locationId: wh, quantity: 5, reference: 'PO-2' })
      .then([
        { type: 'StockReceived', data: { sku, locationId: wh, quantity: 5, reference: 'PO-2', ...figures(15, 0) } },
      ]);
    expect(state.locations[wh]).toEqual({ onHand: 15, reserved: 0 });
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses quantity %s', (quantity) => {
    given([])
      .when({ type: 'ReceiveStock', sku, locationId: wh, quantity, reference: 'PO-1' })
      .thenRejects('inventory.invalid-quantity', { field: 'quantity' });
  });

  it('refuses a blank location', () => {
    given([])
      .when({ type: 'ReceiveStock', sku, locationId: ' ', quantity: 1, reference: 'PO-1' })
      .thenRejects('inventory.invalid-field', { field: 'locationId' });
  });
});

describe('AdjustStock', () => {
  it('corrects on hand by a signed delta', () => {
    given([received(10)])
      .when({ type: 'AdjustStock', sku, locationId: wh, delta: -4, reason: 'cycle count' })
      .then([
        { type: 'StockAdjusted', data: { sku, locationId: wh, delta: -4, reason: 'cycle count', ...figures(6, 0) } },
      ]);
  });

  it('may take on hand down to what is reserved, not below', () => {
    given([received(10), reserved])
      .when({ type: 'AdjustStock', sku, locationId: wh, delta: -7, reason: 'damaged' })
      .then([{ type: 'StockAdjusted', data: { sku, locationId: wh, delta: -7, reason: 'damaged', ...figures(3, 3) } }]);
    given([received(10), reserved])
      .when({ type: 'AdjustStock', sku, locationId: wh, delta: -8, reason: 'damaged' })
      .thenRejects('inventory.below-reserved', { sku, locationId: wh, delta: -8, onHand: 10, reserved: 3 });
  });

  it.each([0, 2.5])('refuses delta %s', (delta) => {
    given([received(10)])
      .when({ type: 'AdjustStock', sku, locationId: wh, delta, reason: 'count' })
      .thenRejects('inventory.invalid-quantity', { field: 'delta' });
  });
});

describe('ReserveStock', () => {
  it('holds units at the location and records when', () => {
    const state = given([received(10)])
      .when(reserveCommand)
      .then([reserved]);
    expect(state.reservations['r-1']).toEqual({ orderId: 'o-1', lineId: '1', locationId: wh, quantity: 3, expiresAt });
  });

  it('takes exactly what is available, and refuses one more with the figures', () => {
    given([received(3)])
      .when(reserveCommand)
      .then([{ ...reserved, data: { ...reserved.data, ...figures(3, 3) } }]);
    given([received(3, 3), { ...reserved, data: { ...reserved.data, ...figures(3, 3) } }])
      .when({ ...reserveCommand, reservationId: 'r-2', orderId: 'o-2', quantity: 1 })
      .thenRejects('inventory.insufficient-stock', { sku, locationId: wh, requested: 1, available: 0 });
  });

  it('counts only the stock of the location asked for', () => {
    given([received(10, 10, STORE_ID)])
      .when(reserveCommand)
      .thenRejects('inventory.insufficient-stock', { sku, locationId: wh, requested: 3, available: 0 });
  });

  it('records nothing for the same reservation again, and refuses the id with other data', () => {
    given([received(10), reserved])
      .when(reserveCommand)
      .then([]);
    given([received(10), reserved])
      .when({ ...reserveCommand, quantity: 4 })
      .thenRejects('inventory.reservation-conflict', { reservationId: 'r-1' });
  });

  it('never reuses the id of a closed reservation for another one', () => {
    const release: InventoryEventDraft = {
      type: 'ReservationReleased',
      data: { ...reservation, reason: 'cancelled', ...figures(10, 0) },
    };
    given([received(10), reserved, release])
      .when({ ...reserveCommand, orderId: 'o-9' })
      .thenRejects('inventory.reservation-conflict');
  });

  it.each([0, -2, 0.5])('refuses quantity %s', (quantity) => {
    given([received(10)])
      .when({ ...reserveCommand, quantity })
      .thenRejects('inventory.invalid-quantity', { field: 'quantity' });
  });

  it('refuses an expiry that is not an instant', () => {
    given([received(10)])
      .when({ ...reserveCommand, expiresAt: 'tomorrow' })
      .thenRejects('inventory.invalid-field', { field: 'expiresAt' });
  });
});

describe('ReleaseReservation', () => {
  const release: InventoryCommand = { type: 'ReleaseReservation', sku, reservationId: 'r-1', reason: 'cancelled' };
  const released: InventoryEventDraft = {
    type: 'ReservationReleased',
    data: { ...reservation, reason: 'cancelled', ...figures(10, 0) },
  };

  it('gives the units back', () => {
    const state = given([received(10), reserved])
      .when(release)
      .then([released]);
    expect(state.closed['r-1']?.status).toBe('released');
    expect(state.reservations).toEqual({});
  });

  it('records nothing when released or expired already, so a repeated release is safe', () => {
    given([received(10), reserved, released])
      .when(release)
      .then([]);
    const expired: InventoryEventDraft = {
      type: 'ReservationExpired',
      data: { ...reservation, expiresAt, expiredAt: minutesAfterT0(61), ...figures(10, 0) },
    };
    given([received(10), reserved, expired])
      .when(release)
      .then([]);
  });

  it('refuses an unknown or committed reservation', () => {
    given([received(10)])
      .when(release)
      .thenRejects('inventory.reservation-not-found', { reservationId: 'r-1' });
    const committed: InventoryEventDraft = {
      type: 'ReservationCommitted',
      data: { ...reservation, shipmentId: 's-1', ...figures(7, 0) },
    };
    given([received(10), reserved, committed])
      .when(release)
      .thenRejects('inventory.reservation-not-found', { status: 'committed' });
  });

  it('refuses a reservation id that only the prototype of an object has', () => {
    given([received(10)])
      .when({ ...release, reservationId: 'constructor' })
      .thenRejects('inventory.reservation-not-found');
  });
});

describe('CommitReservation', () => {
  const commit: InventoryCommand = { type: 'CommitReservation', sku, reservationId: 'r-1', shipmentId: 's-1' };
  const committed: InventoryEventDraft = {
    type: 'ReservationCommitted',
    data: { ...reservation, shipmentId: 's-1', ...figures(7, 0) },
  };

  it('takes the units off on hand and reserved', () => {
    const state = given([received(10), reserved])
      .when(commit)
      .then([committed]);
    expect(state.locations[wh]).toEqual({ onHand: 7, reserved: 0 });
  });

  it('records nothing for the same commit again, and refuses another shipment', () => {
    given([received(10), reserved, committed])
      .when(commit)
      .then([]);
    given([received(10), reserved, committed])
      .when({ ...commit, shipmentId: 's-2' })
      .thenRejects('inventory.reservation-not-found', { status: 'committed' });
  });

  it('refuses an unknown or released reservation', () => {
    given([received(10)])
      .when(commit)
      .thenRejects('inventory.reservation-not-found');
    const released: InventoryEventDraft = {
      type: 'ReservationReleased',
      data: { ...reservation, reason: 'x', ...figures(10, 0) },
    };
    given([received(10), reserved, released])
      .when(commit)
      .thenRejects('inventory.reservation-not-found', { status: 'released' });
  });
});

describe('ExpireReservations', () => {
  const second = { ...reservation, reservationId: 'r-2', orderId: 'o-2', quantity: 2 };
  const early = minutesAfterT0(30);
  const reservedEarly: InventoryEventDraft = {
    type: 'StockReserved',
    data: { ...second, expiresAt: early, reservedAt: minutesAfterT0(0), ...figures(10, 5) },
  };
  const reservedLate: InventoryEventDraft = {
    type: 'StockReserved',
    data: {
      ...reservation,
      reservationId: 'r-3',
      orderId: 'o-3',
      quantity: 1,
      expiresAt: minutesAfterT0(120),
      reservedAt: minutesAfterT0(0),
      ...figures(10, 6),
    },
  };

  it('releases each reservation past its expiry, oldest first, one event each', () => {
    later
      .given(inventoryStream([received(10), reserved, reservedEarly, reservedLate]))
      .when({ type: 'ExpireReservations', sku })
      .then([
        {
          type: 'ReservationExpired',
          data: { ...second, expiresAt: early, expiredAt: minutesAfterT0(90), ...figures(10, 4) },
        },
        {
          type: 'ReservationExpired',
          data: { ...reservation, expiresAt, expiredAt: minutesAfterT0(90), ...figures(10, 1) },
        },
      ]);
  });

  it('records nothing when none is due', () => {
    given([received(10), reserved])
      .when({ type: 'ExpireReservations', sku })
      .then([]);
  });

  it("judges by the caller's `now` when given, recorded as expiredAt, and refuses one later than the actor's clock", () => {
    // The actor's clock reads T0 + 90 min; a scheduler that read T0 + 45 min expires only what was due then.
    later
      .given(inventoryStream([received(10), reserved, reservedEarly, reservedLate]))
      .when({ type: 'ExpireReservations', sku, now: minutesAfterT0(45) })
      .then([
        {
          type: 'ReservationExpired',
          data: { ...second, expiresAt: early, expiredAt: minutesAfterT0(45), ...figures(10, 4) },
        },
      ]);
    later
      .given(inventoryStream([received(10), reserved]))
      .when({ type: 'ExpireReservations', sku, now: minutesAfterT0(91) })
      .thenRejects('inventory.invalid-field', { field: 'now', reason: 'in the future' });
    later
      .given(inventoryStream([received(10), reserved]))
      .when({ type: 'ExpireReservations', sku, now: 'yesterday' })
      .thenRejects('inventory.invalid-field', { field: 'now' });
  });
});
