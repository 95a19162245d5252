import { locationStreamId } from '@ordinal/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/api.fixture.ts';
import { shanghaiWarehouse as shanghai } from '../testing/location-bodies.ts';

describe('locations over HTTP', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ headers: { 'x-ordinal-role': 'ops' } });
  });
  afterAll(async () => {
    await api.close();
  });

  it('registers a location, serves it once projected, and answers the same registration again alike', async () => {
    const body = { ...shanghai, locationId: 'wh-reg' };
    const created = await api.request('POST', '/locations', { body });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/locations/wh-reg');
    expect(created.body).toEqual({ locationId: 'wh-reg', revision: 1 });
    const events = await api.events.readStream(locationStreamId('wh-reg'));
    expect(events.map((e) => [e.type, e.data])).toEqual([
      ['LocationRegistered', { ...body, capabilities: ['fragile', 'express'] }],
    ]);
    const view = await api.waitForRevision('/locations/wh-reg', 1);
    expect(view.body).toMatchObject({ ...body, id: 'wh-reg', revision: 1 });
    const again = await api.request('POST', '/locations', { body });
    expect(again.status).toBe(201);
    expect(await api.events.streamRevision(locationStreamId('wh-reg'))).toBe(1);
    const list = await api.request('GET', '/locations');
    expect(list.body.locations.map((l: { locationId: string }) => l.locationId)).toContain('wh-reg');
  });

  it('replaces the data with PUT and refuses other data under a registered id', async () => {
    const body = { ...shanghai, locationId: 'wh-put' };
    await api.request('POST', '/locations', { body });
    const { locationId: _id, ...fields } = body;
    const put = await api.request('PUT', '/locations/wh-put', {
      body: { ...fields, dailyCapacity: 12, active: false },
    });
    expect(put.status).toBe(200);
    expect(put.body.events).toMatchObject([{ type: 'LocationUpdated', data: { dailyCapacity: 12, active: false } }]);
    const view = await api.waitForRevision('/locations/wh-put', 2);
    expect(view.body).toMatchObject({ dailyCapacity: 12, active: false });
    const clash = await api.request('POST', '/locations', { body: { ...body, name: 'Other' } });
    expect(clash.status).toBe(409);
    expect(clash.body).toMatchObject({ error: 'location.already-registered', details: { locationId: 'wh-put' } });
  });

  it('answers 404 for a location never registered, on PUT and GET', async () => {
    const { locationId: _id, ...fields } = shanghai;
    const put = await api.request('PUT', '/locations/nowhere', { body: fields });
    expect(put.status).toBe(404);
    expect(put.body).toMatchObject({ error: 'location.not-found', details: { locationId: 'nowhere' } });
    const get = await api.request('GET', '/locations/nowhere');
    expect(get.status).toBe(404);
    expect(get.body.error).toBe('location.not-found');
    expect(await api.events.streamRevision(locationStreamId('nowhere'))).toBe(0);
  });

  it.each([
    ['/coordinates/lat', { coordinates: { lat: 95, lng: 0 } }],
    ['/kind', { kind: 'depot' }],
    ['/capabilities/0', { capabilities: ['teleport'] }],
    ['/dailyCapacity', { dailyCapacity: -1 }],
    ['/country', { country: 'china' }],
    ['/color', { color: 'red' }],
  ])('refuses a wrong %s with a 400 naming it, writing nothing', async (field, overrides) => {
    const body = { ...shanghai, locationId: 'wh-bad', ...overrides };
    const response = await api.request('POST', '/locations', { body });
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('request.invalid');
    expect(JSON.stringify(response.body.details)).toContain(field.split('/').pop());
    expect(await api.events.streamRevision(locationStreamId('wh-bad'))).toBe(0);
  });
});
