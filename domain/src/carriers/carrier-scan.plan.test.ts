import { describe, expect, it } from 'vitest';
import type { ShipmentStatus } from '../order/order.context.ts';
import { planScan } from './carrier-scan.plan.ts';
import type { CarrierScan, CarrierScanKind } from './carrier-scan.types.ts';

const scan = (kind: CarrierScanKind, extra: Partial<CarrierScan> = {}): CarrierScan => ({
  carrierEventId: 'e1',
  trackingNumber: 'T1',
  kind,
  occurredAt: '2026-03-02T08:00:00.000Z',
  ...extra,
});
const types = (status: ShipmentStatus, kind: CarrierScanKind) =>
  planScan('o1', 's1', status, scan(kind)).commands.map((command) => command.type);

describe('planScan', () => {
  it('moves a shipment forward one step at a time, with the location and the window', () => {
    expect(planScan('o1', 's1', 'shipped', scan('in-transit', { location: 'Leipzig' }))).toEqual({
      applied: true,
      commands: [{ type: 'RecordShipmentInTransit', orderId: 'o1', shipmentId: 's1', location: 'Leipzig' }],
    });
    const window = { from: '2026-03-02T14:00:00.000Z', to: '2026-03-02T17:00:00.000Z' };
    expect(planScan('o1', 's1', 'inTransit', scan('out-for-delivery', { estimatedDelivery: window }))).toEqual({
      applied: true,
      commands: [{ type: 'RecordOutForDelivery', orderId: 'o1', shipmentId: 's1', estimatedDelivery: window }],
    });
    expect(types('outForDelivery', 'delivered')).toEqual(['RecordDelivery']);
    expect(types('outForDelivery', 'failed-attempt')).toEqual(['RecordDeliveryFailure']);
  });

  it('brings the steps a scan implies when earlier scans have not arrived', () => {
    expect(types('shipped', 'delivered')).toEqual(['RecordOutForDelivery', 'RecordDelivery']);
    expect(types('inTransit', 'failed-attempt')).toEqual(['RecordOutForDelivery', 'RecordDeliveryFailure']);
    expect(types('deliveryFailed', 'delivered')).toEqual(['ReattemptDelivery', 'RecordDelivery']);
  });

  it('never moves a shipment backwards: a late scan is only recorded', () => {
    for (const kind of ['handed-over', 'in-transit', 'out-for-delivery', 'failed-attempt', 'delivered'] as const) {
      expect(planScan('o1', 's1', 'delivered', scan(kind))).toEqual({ applied: false, commands: [] });
    }
    expect(types('outForDelivery', 'in-transit')).toEqual([]);
    expect(types('deliveryFailed', 'out-for-delivery')).toEqual([]);
  });

  it('records scans of a shipment not with the carrier (not dispatched, returned, cancelled) without moving it', () => {
    for (const status of ['packed', 'returnedToSender', 'cancelled'] as const) {
      expect(planScan('o1', 's1', status, scan('delivered')).applied).toBe(false);
    }
  });
});
