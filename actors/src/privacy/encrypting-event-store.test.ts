import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type DomainEvent, ERASED_MARKER, type EventDraft, type RecordedEvent } from '@ordinal/domain';
import { fx, placeOrderCommand, recordOrderEvent } from '@ordinal/domain/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventStoreConformance } from '../event-store/event-store.conformance.ts';
import { type TempStoreDir, tempStoreDir } from '../event-store/temp-dir.fixture.ts';
import { SqliteSnapshotStore } from '../host/sqlite-snapshot-store.ts';
import { EncryptingEventStore, PersonalDataOwnerUnknownError } from './encrypting-event-store.ts';
import { EncryptingSnapshotStore } from './encrypting-snapshot-store.ts';
import { PersonalDataCipher } from './personal-data.cipher.ts';
import { SqlitePersonalDataVault } from './sqlite-personal-data-vault.ts';

const openEncrypted = (dir: TempStoreDir) => {
  const vault = SqlitePersonalDataVault.open({ file: join(dirname(dir.file), 'keys.db') });
  const cipher = new PersonalDataCipher(vault);
  const store = new EncryptingEventStore(dir.open(), cipher);
  return { vault, cipher, store };
};

eventStoreConformance('EncryptingEventStore over SqliteEventStore', async () => {
  const dir = await tempStoreDir();
  const opened = [openEncrypted(dir)];
  return {
    store: opened[0]!.store,
    reopen: async () => {
      const next = openEncrypted(dir);
      opened.push(next);
      return next.store;
    },
    cleanup: async () => {
      for (const { vault } of opened) await vault.close();
      await dir.remove();
    },
  };
});

const NAME = 'Zephyrine Quillborough';
const STREET = '77 Obscuravia Lane';

/** An order event of `orderId` with a fresh id, as the host would append it. */
const event = (orderId: string, draft: EventDraft, index: number): DomainEvent => {
  const { streamId: _s, revision: _r, position: _p, recordedAt: _t, ...rest } = recordOrderEvent(draft, index, orderId);
  return { ...rest, eventId: `${orderId}-${index}` };
};

const placedFor = (customerId: string, name: string, line1: string): EventDraft => {
  const command = placeOrderCommand();
  return {
    ...fx.placed,
    data: {
      ...(fx.placed.data as object),
      customer: { ...command.customer, customerId, name, email: `${customerId}@example.org` },
      shippingAddress: { ...command.shippingAddress, name, line1, coordinates: { lat: 1.5, lng: 2.5 } },
    },
  };
};

const dataOf = (events: readonly RecordedEvent[], type: string) =>
  events.find((e) => e.type === type)?.data as Record<string, Record<string, unknown>>;

describe('EncryptingEventStore', () => {
  let dir: TempStoreDir;
  let opened: ReturnType<typeof openEncrypted>;
  beforeEach(async () => {
    dir = await tempStoreDir();
    opened = openEncrypted(dir);
  });
  afterEach(async () => {
    await opened.vault.close();
    await dir.remove();
  });

  const fileBytes = async () => {
    const folder = dirname(dir.file);
    const names = await readdir(folder);
    return Buffer.concat(await Promise.all(names.map((name) => readFile(join(folder, name)))));
  };

  it('stores personal fields sealed and hands them back in the clear on every read', async () => {
    const { store } = opened;
    await store.append('order-a', [event('a', placedFor('c-1', NAME, STREET), 0)], 'no-stream');
    const delivered = { type: 'ShipmentDelivered', data: { shipmentId: 's1', receivedBy: NAME } };
    const appended = await store.append('order-a', [event('a', delivered, 1)], 1);
    expect(appended.events[0]?.data).toEqual(delivered.data);

    const read = await store.readStream('order-a');
    expect(dataOf(read, 'OrderPlaced').customer).toMatchObject({ customerId: 'c-1', name: NAME });
    expect(dataOf(read, 'OrderPlaced').shippingAddress).toMatchObject({ line1: STREET, coordinates: { lat: 1.5 } });
    expect(dataOf(await store.readAll(), 'ShipmentDelivered').receivedBy).toBe(NAME);
    const subscription = store.subscribeAll();
    const seen: RecordedEvent[] = [];
    for await (const e of subscription) {
      seen.push(e);
      if (seen.length === 2) break;
    }
    await subscription.close();
    expect(dataOf(seen, 'OrderPlaced').customer?.name).toBe(NAME);

    const raw = await store.inner.readStream('order-a');
    const rawPlaced = dataOf(raw, 'OrderPlaced');
    expect(rawPlaced.customer?.customerId).toBe('c-1');
    expect(rawPlaced.customer?.name).toMatch(/^pii:1:s:/);
    expect(rawPlaced.shippingAddress?.city).toBe('Lyon');
    expect((await fileBytes()).includes(Buffer.from(NAME))).toBe(false);
  });

  it('reads a destroyed customer’s fields as erased, the rest of their history and other customers unchanged', async () => {
    const { store, cipher } = opened;
    await store.append('order-a', [event('a', placedFor('c-1', NAME, STREET), 0)], 'no-stream');
    await store.append('order-b', [event('b', placedFor('c-2', 'Other Person', '1 Kept Rd'), 0)], 'no-stream');
    const before = await store.readStream('order-a');
    expect(await cipher.destroy('c-1')).toBe(1);

    const after = await store.readStream('order-a');
    const placed = dataOf(after, 'OrderPlaced');
    expect(placed.customer).toEqual({ customerId: 'c-1', name: ERASED_MARKER, email: ERASED_MARKER });
    expect(placed.shippingAddress).not.toHaveProperty('coordinates');
    expect(placed.shippingAddress).toMatchObject({ name: ERASED_MARKER, line1: ERASED_MARKER, postalCode: '69001' });
    expect(placed.total).toEqual(dataOf(before, 'OrderPlaced').total);
    expect(after.map((e) => [e.eventId, e.revision, e.position])).toEqual(
      before.map((e) => [e.eventId, e.revision, e.position]),
    );
    expect(dataOf(await store.readStream('order-b'), 'OrderPlaced').customer?.name).toBe('Other Person');
  });

  it('seals the position a routing decision recorded for the destination, and erases it with the customer', async () => {
    const { store, cipher } = opened;
    await store.append('order-a', [event('a', placedFor('c-1', NAME, STREET), 0)], 'no-stream');
    const destination = { lat: 45.123457, lng: 4.987653, region: 'ARA', country: 'FR', postalCode: '69001' };
    const allocated = { type: 'OrderAllocated', data: { allocations: [], routing: { input: { destination } } } };
    await store.append('order-a', [event('a', allocated, 1)], 1);
    const routed = () => store.readStream('order-a').then((read) => dataOf(read, 'OrderAllocated').routing);
    expect((await routed())?.input).toEqual({ destination });
    const raw = dataOf(await store.inner.readStream('order-a'), 'OrderAllocated').routing as {
      input: { destination: Record<string, unknown> };
    };
    expect(raw.input.destination).toMatchObject({
      region: 'ARA',
      postalCode: '69001',
      lat: expect.stringMatching(/^pii:1:o:/),
    });
    expect((await fileBytes()).includes(Buffer.from('45.123457'))).toBe(false);

    await cipher.destroy('c-1');
    expect((await routed())?.input).toEqual({ destination: { region: 'ARA', country: 'FR', postalCode: '69001' } });
  });

  it('refuses personal data on a stream no customer owns, and passes other events as they are', async () => {
    const { store } = opened;
    const delivered = { type: 'ShipmentDelivered', data: { shipmentId: 's1', receivedBy: NAME } };
    await expect(store.append('order-x', [event('x', delivered, 0)], 'any')).rejects.toBeInstanceOf(
      PersonalDataOwnerUnknownError,
    );
    const plain = { type: 'ShipmentDelivered', data: { shipmentId: 's1' } };
    await store.append('order-x', [event('x', plain, 0)], 'any');
    expect((await store.inner.readStream('order-x'))[0]?.data).toEqual(plain.data);
  });

  it('seals snapshots under the stream’s customer and reads them as none once the customer is erased', async () => {
    const { store, cipher } = opened;
    await store.append('order-a', [event('a', placedFor('c-1', NAME, STREET), 0)], 'no-stream');
    const inner = SqliteSnapshotStore.open({ file: join(dirname(dir.file), 'snapshots.db') });
    const snapshots = new EncryptingSnapshotStore(inner, cipher, (streamId) => store.ownerOf(streamId));
    const snapshot = { revision: 1, eventId: 'a-0', version: 'v', state: { name: NAME }, commandIndex: [] };
    await snapshots.put('order-a', snapshot);
    expect(await snapshots.get('order-a')).toEqual(snapshot);
    expect((await inner.get('order-a'))?.state).toMatch(/^pii:1:o:/);
    await cipher.destroy('c-1');
    expect(await snapshots.get('order-a')).toBeUndefined();
    await snapshots.close();
  });

  it('seals a kept payload under a key of its own and destroys that key once the payload is settled', async () => {
    const { store, cipher } = opened;
    const payload = { tid: 'T-9', buyer: { name: NAME, address: STREET } };
    const parked = (type: string, id: string, data: object): DomainEvent => event(id, { type, data }, 0);
    const errors = [{ field: '/lines', path: '$.items', reason: 'missing' }];
    const channelParked = { channel: 'tmall', mappingVersion: 1, payload, errors, receivedAt: 'now' };
    await store.append('intake-tmall-T-9', [parked('ChannelPayloadParked', 'p-1', channelParked)], 'no-stream');
    const carrierParked = { carrier: 'sf', mappingVersion: 1, payload, reason: 'unmappable', details: {} };
    await store.append('carrier-parked-sf-h1', [parked('CarrierPayloadParked', 'p-2', carrierParked)], 'no-stream');
    expect((await fileBytes()).includes(Buffer.from(NAME))).toBe(false);
    const stored = (await store.inner.readStream('intake-tmall-T-9'))[0]?.data as { payload: unknown };
    expect(stored.payload).toMatch(/^pii:1:o:/);
    const payloadOf = async (streamId: string) =>
      ((await store.readStream(streamId))[0]?.data as { payload?: unknown } | undefined)?.payload;
    expect(await payloadOf('intake-tmall-T-9')).toEqual(payload);
    expect(await store.ownerOf('intake-tmall-T-9')).toBe('#payload:intake-tmall-T-9');

    // Accepted as an order: the raw payload's key goes, the other payload keeps its own.
    const accepted = parked('ChannelPayloadAccepted', 'p-3', { orderId: 'tmall:T-9', mappingVersion: 2 });
    await store.append('intake-tmall-T-9', [accepted], 1);
    expect(await payloadOf('intake-tmall-T-9')).toBeUndefined();
    expect(await payloadOf('carrier-parked-sf-h1')).toEqual(payload);
    // A retried append of the settling event destroys nothing more.
    await store.append('intake-tmall-T-9', [accepted], 1);
    expect(await cipher.destroy('#payload:carrier-parked-sf-h1')).toBe(1);
    expect(await payloadOf('carrier-parked-sf-h1')).toBeUndefined();
  });
});
