import { describe, expect, it } from 'vitest';
import { type Shipment, statusWords, type TrackingView, trackingSteps } from './tracking.steps.ts';

function view(overrides: Partial<TrackingView>): TrackingView {
  return {
    orderId: 'o-1',
    revision: 2,
    status: { main: 'confirmed', payment: 'pending', returns: 'none' },
    stage: 'confirmed',
    currency: 'EUR',
    lines: [],
    totals: {},
    milestones: { placedAt: '2025-03-01T09:00:00.000Z', confirmedAt: '2025-03-01T09:00:01.000Z' },
    promisedBy: null,
    shipments: [],
    returns: [],
    cancellationReason: null,
    updatedAt: '2025-03-01T09:00:01.000Z',
    ...overrides,
  };
}

const reached = (v: TrackingView) =>
  trackingSteps(v)
    .filter((s) => s.at !== undefined)
    .map((s) => s.key);

describe('the customer’s timeline', () => {
  it('names every step from placed to delivered, reached as far as the milestones go', () => {
    const steps = trackingSteps(view({}));
    expect(steps.map((s) => s.key)).toEqual([
      'placed',
      'confirmed',
      'allocated',
      'picked',
      'packed',
      'dispatched',
      'inTransit',
      'outForDelivery',
      'delivered',
    ]);
    expect(reached(view({}))).toEqual(['placed', 'confirmed']);
  });

  it('takes shipment steps from the first shipment to reach them, and fills a step a carrier skipped', () => {
    const first: Shipment = {
      shipmentId: 's-1',
      status: 'inTransit',
      pickingStartedAt: '2025-03-01T10:00:00.000Z',
      packedAt: '2025-03-01T11:00:00.000Z',
      inTransitAt: '2025-03-02T08:00:00.000Z',
    };
    const second: Shipment = { shipmentId: 's-2', status: 'packed', packedAt: '2025-03-01T10:30:00.000Z' };
    const steps = trackingSteps(
      view({
        milestones: { ...view({}).milestones, allocatedAt: '2025-03-01T09:30:00.000Z' },
        shipments: [first, second],
      }),
    );
    const at = Object.fromEntries(steps.map((s) => [s.key, s.at]));
    expect(at.packed).toBe('2025-03-01T10:30:00.000Z');
    expect(at.dispatched).toBe('');
    expect(at.inTransit).toBe('2025-03-02T08:00:00.000Z');
    expect(at.outForDelivery).toBeUndefined();
  });

  it('ends at cancelled for a cancelled order, and with returned when goods came back', () => {
    const cancelled = view({ milestones: { ...view({}).milestones, cancelledAt: '2025-03-01T12:00:00.000Z' } });
    expect(trackingSteps(cancelled).map((s) => s.key)).toEqual(['placed', 'confirmed', 'cancelled']);
    expect(trackingSteps(cancelled).at(-1)?.stop).toBe(true);
    const returned = view({
      milestones: { ...view({}).milestones, deliveredAt: '2025-03-03T12:00:00.000Z' },
      returns: [{ status: 'received', receivedAt: '2025-03-09T12:00:00.000Z' }],
    });
    expect(trackingSteps(returned).at(-1)).toMatchObject({ key: 'returned', at: '2025-03-09T12:00:00.000Z' });
  });

  it('says the status in plain words, by sub-state first, then by stage', () => {
    expect(
      statusWords(view({ status: { main: 'fulfilment.outForDelivery', payment: 'captured', returns: 'none' } })),
    ).toBe('Out for delivery');
    expect(
      statusWords(view({ status: { main: 'onHold', payment: 'pending', returns: 'none' }, stage: 'onHold' })),
    ).toBe('Being checked');
  });
});
