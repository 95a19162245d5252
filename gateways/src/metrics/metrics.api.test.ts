import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeOrderBody } from '../testing/order-bodies.ts';
import { type MeteredApi, startMeteredApi } from './metrics.fixture.ts';
import { sampleValue } from './prometheus-text.fixture.ts';

/** Polls until the check passes, for asynchronous delivery to the read side (not a speed test). */
async function eventually<T>(check: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

describe('GET /metrics on the API, after real commands', () => {
  let api: MeteredApi;
  let text: string;
  let head: number;

  beforeAll(async () => {
    api = await startMeteredApi();
    const placed = [];
    for (const customerId of ['cust-1', 'cust-2']) {
      const response = await api.post(
        '/orders',
        placeOrderBody({ customer: { customerId, name: 'Jo', email: 'jo@example.com' } }),
      );
      expect(response.status).toBe(201);
      placed.push(((await response.json()) as { orderId: string }).orderId);
    }
    // PlaceOrder confirms an unscreened order at once, so confirming again is refused. The refusal
    // goes to a command stream the relay does not publish, so it is not the last event of the log.
    const refused = await api.post(`/orders/${placed[0]}/commands`, { type: 'ConfirmOrder' });
    expect(refused.status).toBe(409);
    // The same Idempotency-Key twice: the retry is answered from the record.
    for (let i = 0; i < 2; i += 1) {
      const response = await api.post('/orders', placeOrderBody(), { 'idempotency-key': 'order-from-shop-77' });
      expect(response.status).toBe(201);
    }
    text = await eventually(async () => {
      const scraped = await api.scrape();
      expect(sampleValue(scraped, 'ordinal_relay_lag_positions')).toBe(0);
      expect(sampleValue(scraped, 'ordinal_projection_lag_positions', { projection: 'orderTracking' })).toBe(0);
      return scraped;
    });
    head = await api.head();
  });
  afterAll(async () => {
    await api.close();
  });

  const count = (type: string, outcome: string) =>
    sampleValue(text, 'ordinal_command_duration_seconds_count', { type, outcome });

  it('times every command by type and outcome', () => {
    expect(count('PlaceOrder', 'accepted')).toBe(3);
    expect(count('PlaceOrder', 'duplicate')).toBe(1);
    expect(count('ConfirmOrder', 'rejected')).toBe(1);
    expect(count('ConfirmOrder', 'accepted')).toBeUndefined();
    expect(
      sampleValue(text, 'ordinal_command_duration_seconds_bucket', {
        type: 'PlaceOrder',
        outcome: 'accepted',
        le: '+Inf',
      }),
    ).toBe(3);
    expect(
      sampleValue(text, 'ordinal_command_duration_seconds_sum', { type: 'PlaceOrder', outcome: 'accepted' }),
    ).toBeGreaterThan(0);
  });

  it('counts appends and the events they wrote', () => {
    // Three orders placed and one refusal recorded; the keyed retry appended nothing.
    expect(sampleValue(text, 'ordinal_appends_total', { outcome: 'ok' })).toBe(4);
    // Every event in this fresh log was written through the instrumented store.
    expect(sampleValue(text, 'ordinal_appended_events_total')).toBe(head);
    expect(head).toBeGreaterThan(4);
    expect(sampleValue(text, 'ordinal_appends_total', { outcome: 'conflict' })).toBeUndefined();
  });

  it('reads the read side: everything relayed and applied, nothing parked', () => {
    expect(sampleValue(text, 'ordinal_relay_published_events_total')).toBeGreaterThan(0);
    expect(sampleValue(text, 'ordinal_projection_applied_events_total', { projection: 'orderTracking' })).toBe(
      sampleValue(text, 'ordinal_relay_published_events_total'),
    );
    expect(sampleValue(text, 'ordinal_projection_redeliveries_total', { projection: 'orderTracking' })).toBe(0);
    expect(sampleValue(text, 'ordinal_parked_events', { projection: 'orderTracking' })).toBe(0);
  });

  it('reads the actor host: one live actor per order, no command queued', () => {
    expect(sampleValue(text, 'ordinal_live_actors')).toBe(3);
    expect(api.hostStats().liveActors).toBe(3);
    expect(sampleValue(text, 'ordinal_queued_commands')).toBe(0);
  });
});
