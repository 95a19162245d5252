import { randomUUID } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import {
  AuditCheckpointer,
  EncryptingEventStore,
  isSealed,
  PersonalDataCipher,
  SqliteCheckpointStore,
  SqliteEventStore,
  SqlitePersonalDataVault,
  SqliteSnapshotStore,
} from '@ordinal/actors';
import {
  type DomainEvent,
  ERASED_MARKER,
  erasePersonalData,
  type OrderEvent,
  type OrderEventDraft,
  orderDecider,
  type RecordedEvent,
  toPersistedOrderState,
} from '@ordinal/domain';
import { eraseOrderContext } from '@ordinal/projections';
import { eventfulOrder } from '@ordinal/projections/testing';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditSigningKey } from '../audit/audit-keys.ts';
import { embeddedFiles } from '../profile/adapters.ts';
import { runCli } from '../testing/cli-process.ts';
import { steppingClock, type TempDataDir, tempDataDir, testConfig, testEnv } from '../testing/data-dir.ts';
import { leaks } from '../testing/leaks.ts';

// Strings no other test data holds, so finding one anywhere means it is still there.
const NAME = 'Ysolde Brankovitch-Quill';
const EMAIL = 'ysolde.brankovitch@qvx-mail.example';
const PHONE = '+44 7700 918273';
const STREET = 'Quillfeather Lane 4090';
const NEW_STREET = 'Marrowgate Close 17c';
const SIGNER = 'Ozymand Trelawney-Fisk';
const GONE_NAME = 'Wenceslava Drobnik-Ostrowe';
const SECRETS = [NAME, EMAIL, PHONE, STREET, NEW_STREET, SIGNER, GONE_NAME];
const OTHER_NAME = 'Philippa Kornblumenfeld';

interface Person {
  readonly customerId: string;
  readonly name: string;
  readonly email: string;
  readonly phone: string;
  readonly street: string;
  readonly newStreet: string;
  readonly signer: string;
}

const SEALED: Person = {
  customerId: 'cust-sealed',
  name: NAME,
  email: EMAIL,
  phone: PHONE,
  street: STREET,
  newStreet: NEW_STREET,
  signer: SIGNER,
};
const OTHER: Person = {
  customerId: 'cust-other',
  name: OTHER_NAME,
  email: 'kept@example.org',
  phone: '+49 30 1234567',
  street: 'Lindenweg 3',
  newStreet: 'Lindenweg 5',
  signer: 'Front desk',
};
const GONE: Person = { ...OTHER, customerId: 'cust-gone', name: GONE_NAME, email: 'gone@example.org' };

/** A long, legal order history with the person's data wherever an event holds personal data. */
function history(orderId: string, person: Person): OrderEventDraft[] {
  return eventfulOrder(orderId, person.customerId).map((draft) => {
    const data = draft.data as Record<string, unknown>;
    const address = (line1: string) => ({ name: person.name, line1, city: 'Lyon', postalCode: '69001', country: 'FR' });
    switch (draft.type) {
      case 'OrderPlaced':
        return {
          ...draft,
          data: {
            ...data,
            customer: { customerId: person.customerId, name: person.name, email: person.email, phone: person.phone },
            shippingAddress: { ...address(person.street), phone: person.phone },
          },
        } as OrderEventDraft;
      case 'ShippingAddressChanged':
        return { ...draft, data: { ...data, address: address(person.newStreet) } } as OrderEventDraft;
      case 'ShipmentDelivered':
        return data.receivedBy === undefined
          ? draft
          : ({ ...draft, data: { ...data, receivedBy: person.signer } } as OrderEventDraft);
      default:
        return draft;
    }
  });
}

function toEvent(type: string, data: unknown, i: number): DomainEvent {
  return {
    eventId: randomUUID(),
    type,
    data,
    metadata: {
      schemaVersion: 1,
      occurredAt: new Date(Date.parse('2025-05-06T07:00:00.000Z') + i * 60_000).toISOString(),
      correlationId: `corr-${i}`,
      causationId: `cause-${i}`,
      actor: { kind: 'user', id: 'clerk-1', role: 'ops' },
    },
  };
}

/** Every row of every table of a SQLite file, as JSON: what it holds, whatever SQLite did to its pages. */
function rowsOf(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    return JSON.stringify(tables.map((table) => db.prepare(`SELECT * FROM "${String(table)}" ORDER BY 1`).all()));
  } finally {
    db.close();
  }
}
const withoutHash = ({ hash: _, ...event }: RecordedEvent) => event;
const fold = (events: readonly RecordedEvent[]) =>
  toPersistedOrderState(
    events.reduce((state, event) => orderDecider.evolve(state, event as OrderEvent), orderDecider.initialState()),
  );

describe('ordinal seal-log', { timeout: 180_000 }, () => {
  let dir: TempDataDir;

  /**
   * A log written before encryption existed: order histories of three customers appended to a bare
   * SqliteEventStore (personal data in the clear), one customer erased since, a checkpoint signed
   * over it all, and a plain order snapshot.
   */
  async function writePlainLog(): Promise<RecordedEvent[]> {
    const files = embeddedFiles(dir.path);
    const store = SqliteEventStore.open({ file: files.events, clock: steppingClock() });
    let i = 0;
    for (const [orderId, person] of [
      ['o-sealed', SEALED],
      ['o-other', OTHER],
      ['o-gone', GONE],
    ] as const) {
      const events = history(orderId, person).map((draft) => toEvent(draft.type, draft.data, i++));
      // Appended a few at a time, so the orders' events interleave in the log.
      for (let at = 0; at < events.length; at += 5)
        await store.append(`order-${orderId}`, events.slice(at, at + 5), at);
    }
    const erasure = {
      customerId: 'cust-gone',
      reason: 'request 7',
      erasedBy: { kind: 'user', id: 'dpo' },
      erasedAt: '2025-05-07T00:00:00.000Z',
    };
    await store.append('customer-cust-gone', [toEvent('CustomerErased', erasure, i++)], 'no-stream');
    await store.append('order-o-sealed', [toEvent('OrderTagged', { tag: 'after-erasure' }, i++)], 'any');
    const checkpoints = SqliteCheckpointStore.open(files.checkpoints);
    const key = auditSigningKey(testConfig(dir.path), () => {});
    const checkpointer = new AuditCheckpointer({ events: store, checkpoints, signingKey: key.privateKey, every: 0 });
    checkpointer.start();
    await checkpointer.checkpointNow();
    await checkpointer.stop();
    checkpoints.close();
    const snapshots = SqliteSnapshotStore.open({ file: files.snapshots });
    await snapshots.put('order-o-sealed', {
      revision: 1,
      eventId: 'e-1',
      version: 'plain',
      state: { customer: { name: NAME } },
      commandIndex: [],
    });
    await snapshots.close();
    const all = await store.readAll();
    await store.close();
    return all;
  }

  /** The log read through an EncryptingEventStore over the data directory's key vault. */
  async function readOpened<T>(read: (events: EncryptingEventStore, cipher: PersonalDataCipher) => Promise<T>) {
    const files = embeddedFiles(dir.path);
    const store = SqliteEventStore.open({ file: files.events });
    const vault = SqlitePersonalDataVault.open({ file: files.keys });
    const cipher = new PersonalDataCipher(vault);
    try {
      return await read(new EncryptingEventStore(store, cipher), cipher);
    } finally {
      await store.close();
      await vault.close();
    }
  }

  beforeEach(async () => {
    dir = await tempDataDir();
  });
  afterEach(async () => {
    await dir.remove();
  });

  it('seals every plain personal value in place, keeps every event where it was, re-signs the audit trail and leaves no byte of the values behind', async () => {
    const original = await writePlainLog();
    const env = testEnv(dir.path);
    // The read models a server derived from the plain log: the risk view keeps the street.
    expect((await runCli(['rebuild'], env, 60_000)).code).toBe(0);
    expect((await leaks(dir.path, [STREET])).some((leak) => leak.includes('read.db'))).toBe(true);
    expect((await leaks(dir.path, [NAME])).some((leak) => leak.includes('events.db'))).toBe(true);

    const sealed = await runCli(['seal-log'], env, 120_000);
    expect(sealed.code, sealed.stderr).toBe(0);
    // OrderPlaced, the address change and the signed delivery of each of the three orders.
    expect(sealed.stdout).toContain(
      `Sealed the personal data of 9 of ${original.length} events (positions, ids, revisions and times kept); 3 of them belong to customers erased since and now read as erased.`,
    );
    expect(sealed.stdout).toMatch(
      /The old log was overwritten with zeros and removed; rewrite statement 1 and checkpoint 2 signed \(digest [0-9a-f]{64}, key [0-9a-f]{16}\); the earlier checkpoint is kept as superseded\./,
    );
    expect(sealed.stdout).toContain('The order snapshots (snapshots.db) were removed');
    expect(sealed.stderr).toContain('sealing a copy of the log');
    expect(sealed.stderr).toContain('rebuild riskAccounts');

    const files = embeddedFiles(dir.path);
    // Only the risk view rebuilt from the sealed log holds a live customer's street (in an address
    // fingerprint, as before any erasure); the log, the snapshots and every other file none.
    expect(await leaks(dir.path, SECRETS)).toEqual([`${files.read}: ${STREET}`]);
    expect([existsSync(`${files.events}.sealing`), existsSync(files.snapshots)]).toEqual([false, false]);

    const verified = await runCli(['verify'], env);
    expect(verified.code, verified.stdout).toBe(0);
    expect(verified.stdout).toContain(
      `The log verifies: ${original.length} events in 4 streams up to position ${original.length}, every chain holds; 1 signed checkpoints checked`,
    );
    expect(verified.stdout).toMatch(
      /The log was rewritten on \S+ to seal the personal data recorded in the clear: 9 events changed, the signed statement checked; the checkpoint signed before it attests the old bytes and is kept as superseded \(its signature checked\)\.$/m,
    );

    // Every event opens to its original data, at its position, with its id, revision, time and
    // metadata; the erased customer's values read as erased.
    const opened = await readOpened((events) => events.readAll());
    const expected = original.map((event) =>
      event.streamId === 'order-o-gone' ? { ...event, data: erasePersonalData(event.type, event.data) } : event,
    );
    expect(opened.map(withoutHash)).toEqual(expected.map(withoutHash));
    const stored = new Database(files.events, { readonly: true });
    const placed = stored.prepare("SELECT data FROM events WHERE type = 'OrderPlaced'").pluck().all() as string[];
    stored.close();
    expect(placed.map((data) => isSealed(JSON.parse(data).customer.name))).toEqual([true, true, true]);

    // A second run finds nothing to seal and changes nothing.
    const [log, checkpoints] = [rowsOf(files.events), rowsOf(files.checkpoints)];
    const again = await runCli(['seal-log'], env);
    expect([again.code, again.stdout.trim()]).toEqual([
      0,
      `No personal value in the log's ${original.length} events is in the clear: there is nothing to seal.`,
    ]);
    expect([rowsOf(files.events), rowsOf(files.checkpoints)]).toEqual([log, checkpoints]);

    // Erasing the customer now reaches the events recorded before encryption: the order still replays.
    await readOpened(async (events, cipher) => {
      expect(await cipher.destroy('cust-sealed')).toBe(1);
      const before = original.filter((event) => event.streamId === 'order-o-sealed');
      const after = await events.readStream('order-o-sealed');
      expect(after[0]?.data).toMatchObject({ customer: { name: ERASED_MARKER, email: ERASED_MARKER } });
      const replayed = fold(after);
      const was = fold(before);
      expect(replayed).toEqual({ value: was.value, context: eraseOrderContext(was.context) });
      expect((await events.readStream('order-o-other'))[0]?.data).toMatchObject({ customer: { name: OTHER_NAME } });
      const erasure = {
        customerId: 'cust-sealed',
        reason: 'request 8',
        erasedBy: { kind: 'user', id: 'dpo' },
        erasedAt: '2025-05-08T00:00:00.000Z',
      };
      await events.append('customer-cust-sealed', [toEvent('CustomerErased', erasure, 1_000)], 'no-stream');
    });
    // Once the read models have the erasure too, nothing of the customer is left under the data directory.
    expect((await runCli(['rebuild'], env, 60_000)).code).toBe(0);
    expect(await leaks(dir.path, SECRETS)).toEqual([]);
  });

  it('seals parked channel payloads under their own keys, and those placed as orders since as erased', async () => {
    const files = embeddedFiles(dir.path);
    const store = SqliteEventStore.open({ file: files.events, clock: steppingClock() });
    const placedPayload = { orderNumber: 'WS-1', customer: { name: 'Quintilla Farrowdene' } };
    const parkedPayload = { orderNumber: 'WS-2', customer: { name: 'Thaddeus Wimbleforth' } };
    const parked = (payload: unknown, i: number) =>
      toEvent(
        'ChannelPayloadParked',
        { channel: 'webshop', mappingVersion: 1, payload, errors: [], receivedAt: '2025-05-06T07:00:00.000Z' },
        i,
      );
    await store.append('intake-webshop-WS-1', [parked(placedPayload, 0)], 'no-stream');
    await store.append('intake-webshop-WS-2', [parked(parkedPayload, 1)], 'no-stream');
    const accepted = toEvent('ChannelPayloadAccepted', { orderId: 'webshop:WS-1', mappingVersion: 2 }, 2);
    await store.append('intake-webshop-WS-1', [accepted], 1);
    await store.close();

    const sealed = await runCli(['seal-log'], testEnv(dir.path), 120_000);
    expect(sealed.code, sealed.stderr).toBe(0);
    expect(sealed.stdout).toContain('Sealed the personal data of 2 of 3 events');
    // The log holds neither payload in the clear; the rebuilt parked view lists the one still parked.
    const found = await leaks(dir.path, ['Quintilla Farrowdene', 'Thaddeus Wimbleforth']);
    expect(found).toEqual([`${files.read}: Thaddeus Wimbleforth`]);
    const payloads = await readOpened(async (events) =>
      (await events.readAll()).map((event) => [event.streamId, (event.data as { payload?: unknown }).payload]),
    );
    expect(payloads).toEqual([
      ['intake-webshop-WS-1', undefined],
      ['intake-webshop-WS-2', parkedPayload],
      ['intake-webshop-WS-1', undefined],
    ]);
  });

  it('refuses a log whose chain is broken and leaves it untouched', async () => {
    const original = await writePlainLog();
    const files = embeddedFiles(dir.path);
    const target = original.find((event) => event.type === 'OrderTagged' && event.streamId === 'order-o-other')!;
    const db = new Database(files.events);
    db.prepare('UPDATE events SET data = ? WHERE event_id = ?').run('{"tag":"changed"}', target.eventId);
    db.close();
    const before = rowsOf(files.events);

    const refused = await runCli(['seal-log'], testEnv(dir.path));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('The log does not verify, so seal-log leaves it as it is (nothing was changed)');
    expect(refused.stderr).toContain(
      `First break: order-o-other revision ${target.revision} (position ${target.position}, event ${target.eventId})`,
    );
    expect(rowsOf(files.events)).toBe(before);
    expect(existsSync(`${files.events}.sealing`)).toBe(false);
    expect((await leaks(dir.path, [NAME])).some((leak) => leak.includes('events.db'))).toBe(true);
  });

  it('stops at a plain personal value no customer owns, and puts nothing in place of the log', async () => {
    await writePlainLog();
    const files = embeddedFiles(dir.path);
    const store = SqliteEventStore.open({ file: files.events });
    await store.append(
      'order-orphan',
      [toEvent('ShipmentDelivered', { shipmentId: 's1', receivedBy: SIGNER }, 0)],
      'no-stream',
    );
    await store.close();
    const before = rowsOf(files.events);

    const stopped = await runCli(['seal-log'], testEnv(dir.path));
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toContain(
      'ShipmentDelivered on order-orphan holds personal data in the clear, but no customer owns the stream (it has no OrderPlaced naming one), so it cannot be sealed. Nothing was changed.',
    );
    expect(rowsOf(files.events)).toBe(before);
    expect(existsSync(`${files.events}.sealing`)).toBe(false);
    expect(JSON.parse(rowsOf(files.checkpoints))).toEqual([expect.any(Array), []]);
  });

  it('refuses while another process holds the data directory, and on EventStoreDB says why', async () => {
    await writePlainLog();
    const files = embeddedFiles(dir.path);
    const before = rowsOf(files.events);
    writeFileSync(`${dir.path}/ordinal.lock`, `${process.pid}\nordinal all\n`);
    const locked = await runCli(['seal-log'], testEnv(dir.path));
    expect(locked.code).toBe(1);
    expect(locked.stderr).toContain(`is in use by process ${process.pid} (ordinal all). Stop it first`);
    expect(rowsOf(files.events)).toBe(before);

    const esdb = await runCli(['seal-log'], testEnv(dir.path, { ORDINAL_ESDB_URL: 'esdb://localhost:2113?tls=false' }));
    expect(esdb.code).toBe(1);
    expect(esdb.stderr).toContain('EventStoreDB never changes or rewrites a stored event');
  });
});
