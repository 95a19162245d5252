import { PassThrough } from 'node:stream';
import type { RecordedEvent } from '@ordinal/domain';
import { describe, expect, it } from 'vitest';
import { EsdbAllSubscription, type SubscriptionSource } from './esdb-event-store.subscription.ts';
import { anEvent, iteratorOf, take, withDeadline } from './event-store.conformance.fixtures.ts';

/** An object stream shaped like the client's `$all` subscription, fed by the test. */
class FedSubscription extends PassThrough implements SubscriptionSource<RecordedEvent> {
  unsubscribed = 0;
  constructor() {
    super({ objectMode: true });
  }
  async unsubscribe(): Promise<void> {
    // Like the client: the call is cancelled, the stream object is not ended.
    this.unsubscribed += 1;
  }
}

function recorded(position: number, streamId = 'order-1'): RecordedEvent {
  return { ...anEvent(), streamId, revision: position, position, recordedAt: '2025-01-01T00:00:00.000Z' };
}

function subscriptionOver(source: FedSubscription | undefined, afterPosition = 0) {
  const forgotten: unknown[] = [];
  const subscription = new EsdbAllSubscription<RecordedEvent>({
    afterPosition,
    open: () => source,
    select: (event) => (event.streamId.startsWith('order-') ? event : undefined),
    onClose: (closed) => forgotten.push(closed),
  });
  return { subscription, forgotten };
}

describe('EsdbAllSubscription', () => {
  it('delivers selected events strictly after the start and never one twice', async () => {
    const source = new FedSubscription();
    const { subscription } = subscriptionOver(source, 2);
    const [one, two, three, four] = [1, 2, 3, 4].map((position) => recorded(position));
    for (const event of [one, two, three, recorded(3), recorded(3, 'inventory-1'), four]) source.write(event);
    expect(await take(iteratorOf(subscription), 2)).toEqual([three, four]);
    await subscription.close();
  });

  it('ends a waiting iterator on close, cancels the client subscription once and is forgotten', async () => {
    const source = new FedSubscription();
    const { subscription, forgotten } = subscriptionOver(source);
    const iterator = iteratorOf(subscription);
    const waiting = iterator.next();
    await subscription.close();
    expect(await withDeadline(waiting, () => 'the iterator did not end')).toEqual({ done: true, value: undefined });
    source.write(recorded(1));
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    await subscription.close();
    expect(source.unsubscribed).toBe(1);
    expect(forgotten).toEqual([subscription]);
  });

  it('closes when a for-await loop breaks', async () => {
    const source = new FedSubscription();
    const { subscription } = subscriptionOver(source);
    source.write(recorded(1));
    source.write(recorded(2));
    const seen: RecordedEvent[] = [];
    for await (const event of subscription) {
      seen.push(event);
      break;
    }
    expect(seen.map((event) => event.position)).toEqual([1]);
    expect(subscription.closed).toBe(true);
    expect(source.unsubscribed).toBe(1);
  });

  it('passes the client subscription error on to the reader', async () => {
    const source = new FedSubscription();
    const { subscription } = subscriptionOver(source);
    const next = iteratorOf(subscription).next();
    source.destroy(new Error('unavailable'));
    await expect(next).rejects.toThrow('unavailable');
    expect(subscription.closed).toBe(true);
  });

  it('waits for close without a client subscription when nothing can match', async () => {
    const { subscription } = subscriptionOver(undefined);
    const waiting = iteratorOf(subscription).next();
    await subscription.close();
    expect(await withDeadline(waiting, () => 'the iterator did not end')).toMatchObject({ done: true });
  });
});
