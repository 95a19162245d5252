import type { DomainEvent } from '@ordinal/domain';
import { describe, expect, it } from 'vitest';
import { gate, hostTestBed } from '../host/temp-store.fixture.ts';
import { LogFollower } from './log-follower.ts';

const bed = hostTestBed();

const event = (id: string): DomainEvent => ({
  eventId: id,
  type: 'Noted',
  data: {},
  metadata: {
    schemaVersion: 1,
    occurredAt: '2026-01-01T00:00:00.000Z',
    correlationId: id,
    causationId: id,
    actor: { kind: 'system', component: 'test' },
  },
});

/** Settles to 'resolved' or 'pending' after the promise had every chance to resolve. */
async function settled(promise: Promise<void>): Promise<'resolved' | 'pending'> {
  const pending = Symbol('pending');
  const outcome = await Promise.race([promise, new Promise((resolve) => setTimeout(resolve, 50, pending))]);
  return outcome === pending ? 'pending' : 'resolved';
}

describe('LogFollower', () => {
  it('is caught up once the events in the log at start are handled, then reaches positions written later', async () => {
    const first = await bed.store.append('order-1', [event('00000000-0000-4000-8000-000000000001')], 'no-stream');
    const seen: [string, boolean][] = [];
    const follower = new LogFollower(bed.store, ['order-'], {
      onEvent: (recorded, live) => {
        seen.push([recorded.streamId, live]);
      },
    });
    follower.start();
    await follower.caughtUp();
    await follower.reached(first.position);
    expect(seen).toEqual([['order-1', false]]);
    const later = await bed.store.append('order-2', [event('00000000-0000-4000-8000-000000000002')], 'no-stream');
    await follower.reached(later.position);
    expect(seen).toEqual([
      ['order-1', false],
      ['order-2', true],
    ]);
    await follower.stop();
  });

  it('lets go of whoever waits for the catch-up or a position when it is stopped first', async () => {
    await bed.store.append('order-1', [event('00000000-0000-4000-8000-000000000003')], 'no-stream');
    const handling = gate();
    const follower = new LogFollower(bed.store, ['order-'], { onEvent: () => handling.promise });
    follower.start();
    const caughtUp = follower.caughtUp();
    const reached = follower.reached(10_000);
    expect(await settled(caughtUp)).toBe('pending');
    handling.open();
    await follower.stop();
    expect(await settled(caughtUp)).toBe('resolved');
    expect(await settled(reached)).toBe('resolved');
    expect(await settled(follower.reached(20_000))).toBe('resolved');
  });
});
