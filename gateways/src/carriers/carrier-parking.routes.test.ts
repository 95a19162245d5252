import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/api.fixture.ts';
import { carrierFixture } from './carrier-fixtures.ts';
import { CarrierParkedRetry } from './carrier-retry.ts';
import { dispatch, dispatched, eventually, orderEvents, packedOrder, push, SECRETS } from './carrier-test-kit.ts';

const OPS = { 'x-ordinal-role': 'ops' };
const ADMIN = { 'x-ordinal-role': 'admin', 'x-ordinal-actor-id': 'ana' };

describe('parked carrier payloads and scan mappings', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ carriers: SECRETS });
  });
  afterAll(async () => {
    await api.close();
  });

  const listed = (parkId: string, status = 'parked') =>
    eventually(async () => {
      const list = await api.request('GET', `/carriers/parked?status=${status}`, { headers: OPS });
      expect(list.status, list.text).toBe(200);
      return list.body.items.find((item: { id: string }) => item.id === parkId);
    }, `${parkId} listed as ${status}`);

  it('parks scans of a tracking number nobody dispatched yet (202), and records them once the shipment is dispatched', async () => {
    const head = await api.events.headPosition();
    const payload = carrierFixture('sf-express', 'nobody-home');
    const answer = await push(api, 'sf-express', payload);
    expect(answer.status, answer.text).toBe(202);
    expect(answer.body).toMatchObject({ parked: true, reason: 'unknown-tracking-number' });
    const { parkId } = answer.body;
    expect(await listed(parkId)).toMatchObject({
      carrier: 'sf-express',
      reason: 'unknown-tracking-number',
      trackingNumbers: ['SF1400000000002'],
      payload,
      attempts: 1,
    });
    // The carrier pushes again before the dispatch: the same entry, nothing more written.
    const positionAfterPark = await api.events.headPosition();
    expect(positionAfterPark).toBeGreaterThan(head);
    expect((await push(api, 'sf-express', payload)).status).toBe(202);
    expect(await api.events.headPosition()).toBe(positionAfterPark);

    const retry = new CarrierParkedRetry({ intervalMs: 0, newId: () => crypto.randomUUID(), onError: () => {} });
    retry.attach(api.carrierIntake()!);
    expect(await retry.runOnce()).toBe(0);
    const orderId = await packedOrder(api);
    await dispatch(api, orderId, 'SF Express', 'SF1400000000002');
    expect(await retry.runOnce()).toBe(1);
    const types = (await orderEvents(api, orderId)).map((event) => event.type);
    expect(types.filter((type) => type === 'CarrierScanRecorded').length).toBeGreaterThan(0);
    expect(await listed(parkId, 'taken')).toMatchObject({ status: 'taken', orderIds: [orderId] });
    expect(await retry.runOnce()).toBe(0);
  });

  it('parks an unmappable payload (422, with every error) and retries it by hand once the mapping reads it', async () => {
    const orderId = await dispatched(api, 'dhl', 'JD-NEW-CODE');
    const payload = {
      shipmentTrackingNumber: 'JD-NEW-CODE',
      events: [{ id: 'nc-1', timestamp: '2026-03-05T08:00:00Z', typeCode: 'XX', description: 'Held at customs' }],
    };
    const answer = await push(api, 'dhl', payload);
    expect(answer.status, answer.text).toBe(422);
    expect(answer.body).toMatchObject({ error: 'carrier.unmappable', details: { mappingVersion: 1 } });
    expect(answer.body.details.errors).toEqual([expect.objectContaining({ field: 'events.0.kind' })]);
    const { parkId } = answer.body.details;
    expect(await listed(parkId)).toMatchObject({ reason: 'unmappable', mappingVersion: 1 });
    const stillBad = await api.request('POST', `/carriers/parked/${parkId}/retry`, { headers: OPS });
    expect(stillBad.status).toBe(422);

    // Version 2 of the DHL mapping reads the new checkpoint code as in transit.
    const current = await api.request('GET', '/carriers/dhl/mapping', { headers: OPS });
    expect(current.body).toMatchObject({ carrier: 'dhl', version: 1, activeVersion: 1 });
    const document = structuredClone(current.body.document);
    document.version = 2;
    document.fields.kind.transforms[1].table.XX = 'in-transit';
    const refusedToOps = await api.request('POST', '/carriers/dhl/mapping', { body: document, headers: OPS });
    expect(refusedToOps.status).toBe(403);
    const invalid = await api.request('POST', '/carriers/dhl/mapping', {
      body: { ...document, fields: { ...document.fields, kind: undefined, weight: { path: 'w' } } },
      headers: ADMIN,
    });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error).toBe('carrier.mapping-invalid');
    expect(invalid.body.details.problems).toEqual(
      expect.arrayContaining([
        { location: '/fields/weight', problem: 'is not a scan field' },
        { location: '/fields/kind', problem: 'is required' },
      ]),
    );
    const conflict = await api.request('POST', '/carriers/dhl/mapping', {
      body: { ...document, version: 3 },
      headers: ADMIN,
    });
    expect(conflict.status).toBe(409);
    const published = await api.request('POST', '/carriers/dhl/mapping', { body: document, headers: ADMIN });
    expect(published.status, published.text).toBe(200);
    expect(published.body).toMatchObject({ carrier: 'dhl', version: 2, activeVersion: 2 });
    const first = await api.request('GET', '/carriers/dhl/mapping?version=1', { headers: OPS });
    expect(first.body).toMatchObject({ version: 1, activeVersion: 2 });

    const retried = await api.request('POST', `/carriers/parked/${parkId}/retry`, { headers: OPS });
    expect(retried.status, retried.text).toBe(200);
    expect(retried.body).toMatchObject({ carrier: 'dhl', mappingVersion: 2, parkId });
    const scan = (await orderEvents(api, orderId)).find((event) => event.type === 'CarrierScanRecorded');
    expect(scan?.data).toMatchObject({ carrierEventId: 'nc-1', kind: 'in-transit', mappingVersion: 2 });
    expect(scan?.metadata.inputVersions).toEqual({ 'carrier-mapping-dhl': 2 });
    expect(await listed(parkId, 'taken')).toMatchObject({ mappingVersion: 2, orderIds: [orderId] });
  });

  it('answers 404 for what is not there: an unknown parked id, a carrier without a mapping, a missing version', async () => {
    const none = await api.request('POST', '/carriers/parked/dhl-hnothing/retry', { headers: OPS });
    expect(none.status).toBe(404);
    expect(none.body.error).toBe('carrier.parked-not-found');
    const unknown = await api.request('GET', '/carriers/ups/mapping', { headers: OPS });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe('carrier.unknown');
    const missing = await api.request('GET', '/carriers/sf-express/mapping?version=9', { headers: OPS });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toBe('carrier.mapping-version-not-found');
  });
});
