import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ALERT_SIGNATURE_HEADER, verifyAlertSignature } from '@ordinal/gateways';
import { eventually } from '@ordinal/projections/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { embeddedBed } from '../testing/embedded-bed.ts';
import { apiClient } from '../testing/http-client.ts';

const SECRET = 'whsec-embedded-0123456789';

interface Deliveries {
  readonly deliveries: readonly { readonly status: string; readonly attempts: readonly { outcome: string }[] }[];
}

describe('alerts in the running OMS', () => {
  const bed = embeddedBed({ beforeEach, afterEach });

  it('raises an alert from a placement, lists it, and posts it signed to ORDINAL_ALERT_WEBHOOKS after a failed try', async () => {
    const received: { body: string; headers: IncomingHttpHeaders }[] = [];
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => {
        body += chunk.toString('utf8');
      });
      request.on('end', () => {
        received.push({ body, headers: request.headers });
        response.writeHead(received.length === 1 ? 502 : 204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const { system, config } = await bed.start({
        ORDINAL_ROUTER: 'off',
        ORDINAL_ALERT_WEBHOOKS: `http://127.0.0.1:${port}/alerts ${SECRET}`,
        ORDINAL_ALERT_RETRY_BASE_MS: '20',
      });
      const ops = apiClient(system.url, config, { role: 'ops', sub: 'olga' });
      const placed = await ops.post('/orders', {
        orderId: 'o-surge-1',
        customer: { customerId: 'cust-surge' },
        channel: { salesChannel: 'webshop' },
        lines: [{ sku: 'SKU-FAN', name: 'Fan', quantity: 14, unitPrice: { amount: 3_000, currency: 'EUR' } }],
        shippingAddress: { name: 'Jane Doe', line1: '1 Main St', city: 'Lyon', postalCode: '69001', country: 'FR' },
        currency: 'EUR',
      });
      expect(placed.status).toBe(201);
      const listed = await eventually(async () => {
        const page = (await ops.get<{ items: { alertId: string; figures: Record<string, unknown> }[] }>('/alerts'))
          .body;
        expect(page.items).toHaveLength(1);
        return page.items[0];
      });
      expect(listed?.alertId).toMatch(/^sku-sales-surge\.SKU-FAN\./);
      expect(listed?.figures).toMatchObject({ recentUnits: 14, basis: 'new-demand' });

      const log = await eventually(async () => {
        const answer = (await ops.get<Deliveries>(`/alerts/${listed?.alertId}/deliveries`)).body;
        expect(answer.deliveries[0]?.status).toBe('delivered');
        return answer;
      });
      expect(log?.deliveries[0]?.attempts.map((a) => a.outcome)).toEqual(['failed', 'delivered']);
      expect(received).toHaveLength(2);
      for (const request of received) {
        const signature = request.headers[ALERT_SIGNATURE_HEADER] as string;
        // Signed at the wall clock, as a receiver checks it.
        const now = Math.floor(Date.now() / 1000);
        expect(verifyAlertSignature(SECRET, request.body, signature, now)).toBeUndefined();
        expect(verifyAlertSignature('another-secret-0123456789', request.body, signature, now)).toBe('invalid');
      }
      expect(JSON.parse(received[1]?.body ?? '{}')).toMatchObject({
        type: 'alert.raised',
        alert: { alertId: listed?.alertId },
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
