import { channelMappingStreamId } from '@ordinal/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/api.fixture.ts';

// biome-ignore lint/suspicious/noExplicitAny: tests edit mapping documents as arbitrary JSON.
type Editable = Record<string, any>;

import { defaultMappingDocument } from './channel-defaults.ts';
import { allChannelFixtures, channelFixture } from './channel-fixtures.ts';

const ADMIN = { 'x-ordinal-role': 'admin', 'x-ordinal-actor-id': 'li.wei' };
const OPS = { 'x-ordinal-role': 'ops' };

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`not reached: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('channel intake over HTTP', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ channels: true });
  });
  afterAll(async () => {
    await api.close();
  });

  it.each(allChannelFixtures().map((f) => [`${f.channel}/${f.name}`, f] as const))(
    '%s is placed with its sales channel, and a resend gets the first answer',
    async (_, fixture) => {
      const path = `/channels/${fixture.channel}/orders`;
      const first = await api.request('POST', path, { body: fixture.payload });
      expect(first.status).toBe(201);
      expect(first.body).toEqual({ orderId: expect.any(String), revision: 2, mappingVersion: 1 });
      const [placed] = await api.events.readStream(`order-${first.body.orderId}`);
      expect(placed?.type).toBe('OrderPlaced');
      expect(placed?.data).toMatchObject({ channel: { salesChannel: fixture.channel } });
      expect(placed?.metadata.inputVersions).toEqual({ [channelMappingStreamId(fixture.channel)]: 1 });
      // The history served says which mapping version built the order, as the log does.
      const history = await api.request('GET', `/orders/${first.body.orderId}/events`, {
        headers: { 'x-ordinal-role': 'ops', 'x-ordinal-actor-id': 'ops-1' },
      });
      expect(history.body.events[0].metadata.inputVersions).toEqual({ [channelMappingStreamId(fixture.channel)]: 1 });

      const head = await api.events.headPosition();
      const again = await api.request('POST', path, { body: fixture.payload });
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(await api.events.headPosition()).toBe(head);
    },
  );

  it('answers 404 channel.unknown for a channel without a mapping', async () => {
    const response = await api.request('POST', '/channels/jd/orders', { body: { orderId: '1' } });
    expect(response.status).toBe(404);
    expect(response.body.error).toBe('channel.unknown');
  });

  it('parks what it cannot map, lists it, and places it on retry once the mapping is fixed', async () => {
    const { payload } = channelFixture('shopify', 'orders-create-instagram');
    const { currency: _, shipping_address, ...rest } = payload as Record<string, Record<string, unknown>>;
    const { country_code: __, ...address } = shipping_address ?? {};
    const bad = { ...rest, id: 5812345670001, shipping_address: address };

    const refused = await api.request('POST', '/channels/shopify/orders', { body: bad });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toBe('channel.unmappable');
    expect(refused.body.details).toMatchObject({
      channel: 'shopify',
      mappingVersion: 1,
      intakeId: 'shopify-5812345670001',
    });
    expect(refused.body.details.errors.map((e: { field: string }) => e.field)).toEqual([
      'currency',
      'shippingAddress.country',
      'shippingFee',
      'lines[0].unitPrice',
      'lines[1].unitPrice',
    ]);
    const parked = await eventually(
      () => api.request('GET', '/channels/parked?channel=shopify', { headers: OPS }),
      (r) => r.body?.count === 1,
    );
    expect(parked.body.items[0]).toMatchObject({ id: 'shopify-5812345670001', status: 'parked', payload: bad });

    const stillBad = await api.request('POST', '/channels/parked/shopify-5812345670001/retry', { headers: OPS });
    expect(stillBad.status).toBe(422);

    const fixed = structuredClone(defaultMappingDocument('shopify')) as Editable;
    fixed.version = 2;
    fixed.fields.currency = { firstOf: ['currency', 'presentment_currency'] };
    fixed.fields['shippingAddress.country'] = {
      firstOf: ['shipping_address.country_code', 'shipping_address.country'],
      transforms: [{ op: 'lookup', table: { 'United States': 'US', 'United Kingdom': 'GB' }, default: null }],
    };
    const notAdmin = await api.request('PUT', '/channels/shopify/mapping', { body: fixed, headers: OPS });
    expect(notAdmin.status).toBe(403);
    expect(notAdmin.body).toMatchObject({ error: 'auth.forbidden', details: { role: 'ops', allowedRoles: ['admin'] } });
    const published = await api.request('PUT', '/channels/shopify/mapping', { body: fixed, headers: ADMIN });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ channel: 'shopify', version: 2, activeVersion: 2 });

    const retried = await api.request('POST', '/channels/parked/shopify-5812345670001/retry', { headers: OPS });
    expect(retried.status).toBe(201);
    expect(retried.body).toMatchObject({ mappingVersion: 2, intakeId: 'shopify-5812345670001' });
    const [placed] = await api.events.readStream(`order-${retried.body.orderId}`);
    expect(placed?.metadata.inputVersions).toEqual({ 'channel-mapping-shopify': 2 });
    expect(placed?.data).toMatchObject({ currency: 'USD', shippingAddress: { country: 'US' } });
    const resolved = await eventually(
      () => api.request('GET', '/channels/parked?channel=shopify&status=accepted', { headers: OPS }),
      (r) => r.body?.count === 1,
    );
    expect(resolved.body.items[0]).toMatchObject({ orderId: retried.body.orderId, mappingVersion: 2 });
    expect((await api.request('GET', '/channels/parked?channel=shopify', { headers: OPS })).body.count).toBe(0);
  });

  it('refuses an invalid mapping with every problem, and the active version stays', async () => {
    const before = await api.request('GET', '/channels/tmall/mapping');
    const invalid = structuredClone(defaultMappingDocument('tmall')) as Editable;
    invalid.version = before.body.activeVersion + 1;
    invalid.fields.currency = { path: 'currency', transforms: [{ op: 'titleCase' }] };
    delete invalid.lines.fields.sku;
    const refused = await api.request('PUT', '/channels/tmall/mapping', { body: invalid, headers: ADMIN });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toBe('channel.mapping-invalid');
    expect(refused.body.details.problems).toEqual([
      { location: '/fields/currency/transforms/0/op', problem: expect.stringContaining('is not a transform') },
      { location: '/lines/fields/sku', problem: 'is a required target field without a rule' },
    ]);
    const after = await api.request('GET', '/channels/tmall/mapping');
    expect(after.body.activeVersion).toBe(before.body.activeVersion);
    expect((await api.request('GET', '/channels/tmall/mapping?version=1')).body.document.version).toBe(1);
  });

  it('takes a new channel with a mapping alone', async () => {
    const jd = { ...(defaultMappingDocument('tmall') as object), channel: 'jd', description: 'JD, Tmall-like trades' };
    expect((await api.request('PUT', '/channels/jd/mapping', { body: jd, headers: ADMIN })).status).toBe(200);
    const { payload } = channelFixture('tmall', 'single-tea-gift-box');
    const placed = await api.request('POST', '/channels/jd/orders', { body: payload });
    expect(placed.status).toBe(201);
    const channels = await eventually(
      () => api.request('GET', '/channels'),
      (r) => r.body?.channels?.some((c: { channel: string }) => c.channel === 'jd'),
    );
    expect(channels.body.channels.map((c: { channel: string }) => c.channel)).toEqual(
      expect.arrayContaining(['tmall', 'douyin', 'pinduoduo', 'shopify', 'webshop', 'pos', 'jd']),
    );
  });
});
