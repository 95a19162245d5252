import { DEFAULT_RISK_THRESHOLDS, type OrderEvent, type RecordedEvent, riskHold } from '@ordinal/domain';
import { draft, fx, orderStream } from '@ordinal/domain/testing';
import { describe, expect, it } from 'vitest';
import { orderAuditTrail } from './order-audit.ts';

const stream = (drafts: Parameters<typeof orderStream>[0]) => orderStream(drafts) as RecordedEvent<OrderEvent>[];

describe('orderAuditTrail', () => {
  it('tells a risk hold with the rule version, the window and the orders counted, and its release by whom', () => {
    const hold = riskHold(
      {
        hold: true,
        reason: '3 delivery addresses in 24 h, all with coupons',
        facts: {
          windowHours: 24,
          since: '2026-03-01T00:00:00.000Z',
          until: '2026-03-02T00:00:00.000Z',
          distinctAddresses: 3,
          addresses: ['a', 'b', 'c'],
          orders: 3,
          ordersWithCoupons: 3,
          coupons: ['WELCOME'],
          amount: { EUR: 18_000 },
          orderIds: ['o-7', 'o-8', 'o-9'],
        },
      },
      DEFAULT_RISK_THRESHOLDS,
      'cust-9',
    );
    const released = draft('OrderReleased', {
      reason: 'called the customer',
      decidedBy: { kind: 'user', id: 'rita', role: 'risk' },
    });
    const [, held, release] = orderAuditTrail(stream([fx.placed, draft('OrderHeld', hold), released]));
    expect(held).toMatchObject({
      decision: true,
      summary: 'Held by the risk screen (risk rule v1): 3 delivery addresses in 24 h, all with coupons.',
      versions: { riskRule: 1 },
      inputs: hold,
    });
    expect(held?.explanation[0]).toBe(
      "Counted the account cust-9's orders from 2026-03-01T00:00:00.000Z to 2026-03-02T00:00:00.000Z (24 h): o-7, o-8, o-9.",
    );
    expect(release).toMatchObject({ decision: true, summary: 'Hold lifted by rita (risk): called the customer.' });
  });

  it('tells a refund with its amount and return, and routing in the decisions view’s words with the policy version', () => {
    const events = stream([fx.placed, fx.confirmed, fx.allocated, fx.captured(6000), fx.refunded(2500, 'rf1', 'r1')]);
    const trail = orderAuditTrail(events);
    expect(trail.map((e) => e.revision)).toEqual([1, 2, 3, 4, 5]);
    expect(trail.map((e) => e.decision)).toEqual([false, true, true, false, true]);
    expect(trail[2]?.summary).toMatch(/^Allocated by .+: s1 from /);
    expect(trail[4]?.summary).toMatch(/^Refund rf1 of € 25\.00 issued by .+ for return r1: /);
    // Every entry carries the event's identity, time and actor as recorded.
    for (const [i, entry] of trail.entries()) {
      const event = events[i]!;
      expect(entry).toMatchObject({
        eventId: event.eventId,
        type: event.type,
        position: event.position,
        occurredAt: event.metadata.occurredAt,
        actor: event.metadata.actor,
        inputs: event.data,
      });
    }
  });
});
