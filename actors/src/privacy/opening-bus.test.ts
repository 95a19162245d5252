import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BusMessage, EventBus, ParkedMessage, RecordedEvent } from '@ordinal/domain';
import { fx, placeOrderCommand, recordOrderEvent } from '@ordinal/domain/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../event-store/sqlite-event-store.ts';
import { EncryptingEventStore } from './encrypting-event-store.ts';
import { OpeningBus } from './opening-bus.ts';
import { PersonalDataCipher } from './personal-data.cipher.ts';
import { SqlitePersonalDataVault } from './sqlite-personal-data-vault.ts';

/** A bus that keeps what is published and hands it to one subscriber, as a broker's files would hold it. */
class RecordingBus implements EventBus {
  readonly published: RecordedEvent[] = [];
  readonly parkedMessages: ParkedMessage[] = [];
  #handler: ((message: BusMessage) => Promise<void>) | undefined;

  async publish(events: readonly RecordedEvent[]): Promise<void> {
    this.published.push(...events);
    for (const event of events) {
      await this.#handler?.({
        event,
        deliveryCount: 1,
        ack: async () => {},
        nak: async () => {},
        park: async (reason) => {
          this.parkedMessages.push({ durableName: 'd', event, reason, deliveryCount: 1, parkedAt: event.recordedAt });
        },
      });
    }
  }
  async subscribe(_options: unknown, handler: (message: BusMessage) => Promise<void>) {
    this.#handler = handler;
    return { close: async () => {} };
  }
  async parked(): Promise<ParkedMessage[]> {
    return this.parkedMessages;
  }
  async close(): Promise<void> {}
}

describe('OpeningBus', () => {
  let dir: string;
  let vault: SqlitePersonalDataVault;
  let store: EncryptingEventStore;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ordinal-opening-bus-'));
    vault = SqlitePersonalDataVault.open({ file: join(dir, 'keys.db') });
    store = new EncryptingEventStore(
      SqliteEventStore.open({ file: join(dir, 'events.db') }),
      new PersonalDataCipher(vault),
    );
  });
  afterEach(async () => {
    await store.close();
    await vault.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('carries the sealed log and hands subscribers the events opened, parked ones too', async () => {
    const { streamId: _s, revision: _r, position: _p, recordedAt: _t, ...placed } = recordOrderEvent(fx.placed, 0);
    await store.append('order-o-1', [placed], 'no-stream');
    const inner = new RecordingBus();
    const bus = new OpeningBus(inner, new PersonalDataCipher(vault));
    const seen: RecordedEvent[] = [];
    await bus.subscribe({ durableName: 'd' }, async (message) => {
      seen.push(message.event);
      await message.park('cannot apply');
    });
    await bus.publish(await store.inner.readAll());

    const name = placeOrderCommand().customer.name;
    expect(JSON.stringify(inner.published)).not.toContain(name);
    expect(seen.map((event) => (event.data as { customer: { name?: string } }).customer.name)).toEqual([name]);
    const [parked] = await bus.parked();
    expect(parked?.event.data).toMatchObject({ customer: { name } });
    expect(JSON.stringify(inner.parkedMessages)).not.toContain(name);
  });
});
