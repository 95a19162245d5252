import { applyCarrierMapping } from '@ordinal/domain';
import { describe, expect, it } from 'vitest';
import { defaultCarrierMapping } from './carrier-defaults.ts';
import { carrierFixture } from './carrier-fixtures.ts';

describe('the shipped carrier mappings on their fixtures', () => {
  it('maps an SF Express route push: China time to UTC, operation codes to kinds, the promised window and the signer', () => {
    const result = applyCarrierMapping(
      defaultCarrierMapping('sf-express'),
      carrierFixture('sf-express', 'one-day-to-the-door'),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.scans.map((scan) => [scan.carrierEventId, scan.kind, scan.occurredAt])).toEqual([
      ['SFR-1001', 'handed-over', '2026-03-02T00:05:11.000Z'],
      ['SFR-1002', 'in-transit', '2026-03-02T02:41:02.000Z'],
      ['SFR-1003', 'in-transit', '2026-03-02T05:20:45.000Z'],
      ['SFR-1004', 'out-for-delivery', '2026-03-02T06:02:30.000Z'],
      ['SFR-1005', 'delivered', '2026-03-02T08:47:19.000Z'],
    ]);
    expect(result.scans[3]).toMatchObject({
      trackingNumber: 'SF1400000000001',
      location: '深圳南山营业点',
      estimatedDelivery: { from: '2026-03-02T07:00:00.000Z', to: '2026-03-02T10:00:00.000Z' },
    });
    expect(result.scans[4]).toMatchObject({ receivedBy: '本人' });
  });

  it('maps an SF Express failed attempt with the courier’s remark as the reason', () => {
    const result = applyCarrierMapping(
      defaultCarrierMapping('sf-express'),
      carrierFixture('sf-express', 'nobody-home'),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.scans[1]).toMatchObject({ kind: 'failed-attempt', reason: '收件人不在,电话无人接听' });
  });

  it('maps a DHL webhook: the tracking number from the envelope or the event, checkpoint codes, the time frame', () => {
    const day = applyCarrierMapping(defaultCarrierMapping('dhl'), carrierFixture('dhl', 'one-day-to-the-door'));
    if (!day.ok) throw new Error(JSON.stringify(day.errors));
    expect(day.scans.map((scan) => scan.kind)).toEqual([
      'handed-over',
      'in-transit',
      'in-transit',
      'out-for-delivery',
      'delivered',
    ]);
    expect(day.scans.every((scan) => scan.trackingNumber === 'JD014600006281001234')).toBe(true);
    expect(day.scans[3]).toMatchObject({
      occurredAt: '2026-03-02T12:30:00.000Z',
      location: 'Berlin, DE',
      estimatedDelivery: { from: '2026-03-02T13:00:00.000Z', to: '2026-03-02T16:00:00.000Z' },
    });
    const closed = applyCarrierMapping(defaultCarrierMapping('dhl'), carrierFixture('dhl', 'closed-on-arrival'));
    if (!closed.ok) throw new Error(JSON.stringify(closed.errors));
    expect(closed.scans[1]).toMatchObject({
      trackingNumber: 'JD014600006281005678',
      kind: 'failed-attempt',
      reason: 'Closed on arrival: business closed',
    });
  });

  it('reports every error of every scan, naming the scan, the field and the payload path', () => {
    const result = applyCarrierMapping(defaultCarrierMapping('dhl'), {
      events: [
        { id: 'e1', trackingNumber: 'T1', timestamp: 'yesterday', typeCode: 'OK' },
        { trackingNumber: 'T1', timestamp: '2026-03-02T10:00:00Z', typeCode: 'ZZ' },
      ],
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        { field: 'events.0.occurredAt', path: 'events.0.timestamp', reason: '"yesterday" is not a date' },
        { field: 'events.1.carrierEventId', path: 'events.1.id', reason: 'is missing' },
        expect.objectContaining({ field: 'events.1.kind', path: 'events.1.typeCode' }),
      ],
    });
    expect(applyCarrierMapping(defaultCarrierMapping('dhl'), { events: [] })).toEqual({
      ok: false,
      errors: [{ field: 'scans', path: 'events', reason: 'has no scans' }],
    });
  });
});
