import type { RecordedEvent } from '@ordinal/domain';
import { describe, expect, it } from 'vitest';
import type { Caller } from './auth.identity.ts';
import { OrderOwners } from './order-owners.ts';

/** A log of first events by stream that counts its reads. */
function log(placed: Record<string, string>) {
  const reads: string[] = [];
  return {
    reads,
    readStream: async (streamId: string) => {
      reads.push(streamId);
      const customerId = placed[streamId.slice('order-'.length)];
      return customerId === undefined
        ? []
        : [{ type: 'OrderPlaced', data: { customer: { customerId } } } as unknown as RecordedEvent];
    },
  };
}

const customer = (id: string, orderId?: string): Caller => ({
  role: 'customer',
  actor: { kind: 'user', id, role: 'customer' },
  id,
  ...(orderId === undefined ? {} : { orderId }),
  source: 'token',
});

describe('OrderOwners', () => {
  it('reads an order’s customer once from its first event, and not a miss', async () => {
    const events = log({ o1: 'c1' });
    const owners = new OrderOwners(events);
    expect(await owners.customerOf('o1')).toBe('c1');
    expect(await owners.customerOf('o1')).toBe('c1');
    expect(await owners.customerOf('o9')).toBeUndefined();
    expect(await owners.customerOf('o9')).toBeUndefined();
    expect(events.reads).toEqual(['order-o1', 'order-o9', 'order-o9']);
  });

  it('forgets the order asked for least recently beyond its capacity', async () => {
    const events = log({ o1: 'c1', o2: 'c2', o3: 'c3' });
    const owners = new OrderOwners(events, 2);
    await owners.customerOf('o1');
    await owners.customerOf('o2');
    await owners.customerOf('o1');
    await owners.customerOf('o3');
    expect(owners.size).toBe(2);
    events.reads.length = 0;
    await owners.customerOf('o1');
    await owners.customerOf('o2');
    expect(events.reads).toEqual(['order-o2']);
  });

  it('lets a customer reach their own order only, and a one-order token that order only', async () => {
    const owners = new OrderOwners(log({ o1: 'c1', o2: 'c1', o3: 'c2' }));
    expect(await owners.reaches(customer('c1'), 'o1')).toBe(true);
    expect(await owners.reaches(customer('c1'), 'o3')).toBe(false);
    expect(await owners.reaches(customer('c1'), 'o-none')).toBe(false);
    expect(await owners.reaches(customer('c1', 'o1'), 'o2')).toBe(false);
    expect(await owners.reaches(customer('c1', 'o1'), 'o1')).toBe(true);
    const staff: Caller = { role: 'cs', actor: { kind: 'role', role: 'cs' }, source: 'headers' };
    expect(await owners.reaches(staff, 'o3')).toBe(true);
  });
});
