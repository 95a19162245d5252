import { ORDER_COMMAND_TYPES } from '@ordinal/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/api.fixture.ts';
import { placeOrderBody } from '../testing/order-bodies.ts';

describe('the HTTP API', () => {
  let api: TestApi;
  let readiness = { ready: true, checks: { events: 'ok' } as Record<string, unknown> };
  beforeAll(async () => {
    api = await startTestApi({ bodyLimit: 4096, ready: async () => readiness });
  });
  afterAll(async () => {
    await api.close();
  });

  describe('probes', () => {
    it('GET /health answers while the process runs', async () => {
      const response = await api.request('GET', '/health');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ status: 'ok', time: expect.stringMatching(/^2025-03-01T/) });
    });

    it('GET /ready answers 200 when ready and 503 when not', async () => {
      readiness = { ready: true, checks: { events: 'ok' } };
      expect(await api.request('GET', '/ready')).toMatchObject({ status: 200, body: readiness });
      readiness = { ready: false, checks: { events: 'ok', relay: 'stopped' } };
      expect(await api.request('GET', '/ready')).toMatchObject({ status: 503, body: readiness });
    });
  });

  describe('correlation and identity', () => {
    it('echoes the caller’s correlation id and generates one when absent', async () => {
      const given = await api.request('GET', '/health', { headers: { 'x-correlation-id': 'corr-123' } });
      expect(given.headers.get('x-correlation-id')).toBe('corr-123');
      const generated = await api.request('GET', '/health');
      expect(generated.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('refuses an unknown role with a 400 naming the header', async () => {
      const response = await api.request('POST', '/orders', {
        body: placeOrderBody(),
        headers: { 'x-ordinal-role': 'superuser' },
      });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        error: 'request.invalid',
        details: { field: '/x-ordinal-role', location: 'headers' },
      });
    });
  });

  describe('requests the API cannot read', () => {
    it('answers malformed JSON with 400, never 500', async () => {
      const response = await api.request('POST', '/orders', { raw: '{"customer": ' });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ error: 'request.malformed-json', details: {} });
    });

    it('answers an empty JSON body with 400', async () => {
      const response = await api.request('POST', '/orders', { raw: '' });
      expect(response.status).toBe(400);
      expect(response.body.error).toBe('request.empty-body');
    });

    it('answers a body over the limit with 413', async () => {
      const body = placeOrderBody({ customer: { customerId: 'c', name: 'x'.repeat(5000) } });
      const response = await api.request('POST', '/orders', { body });
      expect(response.status).toBe(413);
      expect(response.body.error).toBe('request.body-too-large');
    });

    it('answers a non-JSON content type with 415', async () => {
      for (const type of ['text/plain', 'application/xml', 'application/x-www-form-urlencoded']) {
        const response = await api.request('POST', '/orders', { raw: 'a=1', headers: { 'content-type': type } });
        expect([type, response.status, response.body.error]).toEqual([type, 415, 'request.unsupported-media-type']);
      }
    });

    it('answers JSON in a charset other than UTF-8 with 415, before reading it', async () => {
      for (const charset of ['utf-16', 'UTF-16LE', '"iso-8859-1"', 'us-ascii']) {
        const response = await api.request('POST', '/orders', {
          body: placeOrderBody(),
          headers: { 'content-type': `application/json; charset=${charset}` },
        });
        expect([charset, response.status, response.body.error]).toEqual([
          charset,
          415,
          'request.unsupported-media-type',
        ]);
        expect(response.body.details).toMatchObject({ header: 'content-type', supported: ['utf-8'] });
      }
      for (const charset of ['utf-8', 'UTF-8', '"utf-8"']) {
        const response = await api.request('POST', '/orders', {
          body: placeOrderBody(),
          headers: { 'content-type': `application/json; charset=${charset}` },
        });
        expect([charset, response.status]).toEqual([charset, 201]);
      }
    });

    it('answers a body with a content coding with 415 naming what it accepts', async () => {
      for (const encoding of ['gzip', 'br', 'deflate', 'GZIP', 'gzip, identity']) {
        const response = await api.request('POST', '/orders', {
          raw: '\u001f\u008b garbage',
          headers: { 'content-type': 'application/json', 'content-encoding': encoding },
        });
        expect([encoding, response.status, response.body.error]).toEqual([
          encoding,
          415,
          'request.unsupported-media-type',
        ]);
        expect(response.headers.get('accept-encoding')).toBe('identity');
        expect(response.body.details).toMatchObject({ header: 'content-encoding' });
      }
      const identity = await api.request('POST', '/orders', {
        body: placeOrderBody(),
        headers: { 'content-encoding': 'identity' },
      });
      expect(identity.status).toBe(201);
    });

    it('answers a known path with a method it does not take with 405 and Allow', async () => {
      const cases: [string, string, string][] = [
        ['PUT', '/orders', 'GET, HEAD, POST'],
        ['DELETE', '/orders', 'GET, HEAD, POST'],
        ['DELETE', '/orders/o-1', 'GET, HEAD'],
        ['PATCH', '/orders/o-1?x=1', 'GET, HEAD'],
        ['GET', '/orders/o-1/commands', 'POST'],
        ['POST', '/customers/c-1/orders', 'GET, HEAD'],
      ];
      for (const [method, path, allow] of cases) {
        const response = await api.request(method, path);
        expect([method, path, response.status, response.headers.get('allow')]).toEqual([method, path, 405, allow]);
        expect(response.body).toMatchObject({
          error: 'route.method-not-allowed',
          details: { method, allowed: allow.split(', ') },
        });
      }
      const unknown = await api.request('PUT', '/nope');
      expect([unknown.status, unknown.body.error, unknown.headers.get('allow')]).toEqual([
        404,
        'route.not-found',
        null,
      ]);
    });

    it('answers an unknown route with a typed 404', async () => {
      const response = await api.request('GET', '/nope');
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ error: 'route.not-found' });
    });

    it('answers ids that are too long or badly encoded with typed errors', async () => {
      const long = await api.request('GET', `/orders/${'a'.repeat(200)}`);
      expect(long.status).toBe(400);
      expect(long.body.details).toMatchObject({ field: '/orderId', location: 'params' });
      const huge = await api.request('GET', `/orders/${'a'.repeat(300)}`);
      expect([huge.status, huge.body.error]).toEqual([414, 'request.uri-too-long']);
      const badUrl = await api.request('GET', '/orders/%E0%A4%A');
      expect([badUrl.status, badUrl.body.error]).toEqual([400, 'request.bad-url']);
    });

    it('answers a query parameter it does not know with 400', async () => {
      const response = await api.request('GET', '/orders?colour=red');
      expect(response.status).toBe(400);
      expect(response.body.details).toMatchObject({ field: '/colour', location: 'querystring' });
    });
  });

  describe('OpenAPI', () => {
    it('lists every route with its roles at /docs/json', async () => {
      const response = await api.request('GET', '/docs/json');
      expect(response.status).toBe(200);
      const operations = Object.entries(response.body.paths as Record<string, Record<string, unknown>>).flatMap(
        ([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
      );
      expect(operations.sort()).toEqual(
        [
          'GET /health',
          'GET /ready',
          'POST /orders',
          'GET /orders',
          'GET /orders/counts',
          'GET /orders/{orderId}',
          'POST /orders/{orderId}/commands',
          'POST /orders/{orderId}/delivery-window',
          'GET /orders/{orderId}/events',
          'GET /orders/{orderId}/state',
          'GET /orders/{orderId}/decisions',
          'GET /orders/{orderId}/audit',
          'GET /audit/export',
          'GET /customers/{customerId}/orders',
          'GET /customers/{customerId}/repurchase',
          'GET /inventory/{sku}',
          'POST /inventory/{sku}/commands',
          'GET /locations',
          'POST /locations',
          'GET /locations/{locationId}',
          'PUT /locations/{locationId}',
          'GET /risk/holds',
          'POST /risk/holds/{orderId}/release',
          'POST /risk/holds/{orderId}/cancel',
          'GET /approvals',
          'POST /approvals/{orderId}/approve',
          'POST /approvals/{orderId}/reject',
        ].sort(),
      );
      const place = response.body.paths['/orders'].post;
      expect(place['x-ordinal-roles']).toContain('integration');
      expect(Object.keys(place.responses)).toEqual(expect.arrayContaining(['201', '400', '409', '413', '415', '422']));
    });

    it('documents each command type of the command route', async () => {
      const { body } = await api.request('GET', '/docs/json');
      const schema = body.paths['/orders/{orderId}/commands'].post.requestBody.content['application/json'].schema;
      const titles = (schema.anyOf as { title: string }[]).map((branch) => branch.title);
      expect(titles.sort()).toEqual(ORDER_COMMAND_TYPES.filter((type) => type !== 'PlaceOrder').sort());
    });

    it('serves the UI at /docs', async () => {
      const response = await api.request('GET', '/docs/');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/html');
    });
  });
});
