import { eventually } from '@ordinal/projections/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { embeddedBed } from '../testing/embedded-bed.ts';
import { apiClient } from '../testing/http-client.ts';

const HOUR = 3_600_000;

interface Queue {
  readonly items: readonly { readonly orderId: string; readonly currentRole: string; readonly dueAt: string | null }[];
}
interface Events {
  readonly events: readonly { readonly type: string; readonly data: Record<string, unknown> }[];
}

describe('approval escalation in the running OMS', () => {
  const bed = embeddedBed({ beforeEach, afterEach });

  it('escalates an approval finance left past its deadline to ops under ORDINAL_APPROVAL_ESCALATION', async () => {
    let now = Date.parse('2026-12-04T09:00:00.000Z');
    const { system, config } = await bed.start(
      {
        ORDINAL_ROUTER: 'off',
        ORDINAL_APPROVAL_ESCALATION: 'finance=2h>ops',
        ORDINAL_APPROVAL_CHECK_INTERVAL_MS: '20',
      },
      () => new Date(now),
    );
    const ops = apiClient(system.url, config, { role: 'ops', sub: 'olga' });
    const finance = apiClient(system.url, config, { role: 'finance', sub: 'fiona' });
    const placed = await ops.post('/orders', {
      orderId: 'o-esc-1',
      customer: { customerId: 'cust-esc' },
      channel: { salesChannel: 'webshop' },
      lines: [{ sku: 'SKU-GOLD', name: 'Gold watch', quantity: 1, unitPrice: { amount: 900_000, currency: 'EUR' } }],
      shippingAddress: { name: 'Jane Doe', line1: '1 Main St', city: 'Lyon', postalCode: '69001', country: 'FR' },
      currency: 'EUR',
    });
    expect(placed.status).toBe(201);
    const queued = await eventually(async () => {
      const queue = (await finance.get<Queue>('/approvals?role=finance')).body;
      if (queue.items.length !== 1) throw new Error('not queued yet');
      return queue.items[0];
    });
    expect(queued).toMatchObject({ orderId: 'o-esc-1', currentRole: 'finance', dueAt: '2026-12-04T11:00:00.000Z' });
    expect((await ops.get<Queue>('/approvals?role=ops')).body.items).toEqual([]);

    now += 2 * HOUR;
    const escalated = await eventually(async () => {
      const { events } = (await ops.get<Events>('/orders/o-esc-1/events')).body;
      const found = events.find((e) => e.type === 'ApprovalEscalated');
      if (found === undefined) throw new Error('not escalated yet');
      return found;
    });
    expect(escalated.data).toMatchObject({
      fromRole: 'finance',
      toRole: 'ops',
      level: 1,
      deadline: '2026-12-04T11:00:00.000Z',
      escalatedAt: '2026-12-04T11:00:00.000Z',
      rule: 'finance=2h>ops',
    });
    await eventually(async () => {
      const queue = (await ops.get<Queue>('/approvals?role=ops')).body;
      if (queue.items[0]?.currentRole !== 'ops') throw new Error('not in the ops queue yet');
    });
    const approved = await ops.post<Events>('/approvals/o-esc-1/approve', { reason: 'finance away, customer known' });
    expect(approved.status).toBe(200);
    expect(approved.body.events[0]?.data).toMatchObject({ role: 'ops', decidedBy: { id: 'olga', role: 'ops' } });
    const { events } = (await ops.get<Events>('/orders/o-esc-1/events')).body;
    expect(events.filter((e) => e.type === 'ApprovalEscalated')).toHaveLength(1);
  });
});
