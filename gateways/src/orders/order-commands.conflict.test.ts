import { randomUUID } from 'node:crypto';
import { ActorHost } from '@ordinal/actors';
import {
  type CommandMetadata,
  type OrderCommand,
  type OrderEvent,
  type OrderState,
  orderDecider,
  orderStreamId,
} from '@ordinal/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/api.fixture.ts';
import { placeOrderBody } from '../testing/order-bodies.ts';

describe('a 409 for an order other writers keep changing', () => {
  let api: TestApi;
  let rival: ActorHost<OrderCommand, OrderEvent, OrderState> | undefined;
  // The stream another process writes to right before each append of the API's host.
  let contested: string | undefined;
  let rivalWrites = 0;

  beforeAll(async () => {
    api = await startTestApi({
      beforeAppend: async (streamId) => {
        if (streamId !== contested || rival === undefined) return;
        rivalWrites += 1;
        const orderId = streamId.slice('order-'.length);
        const command: OrderCommand = { type: 'TagOrder', orderId, tag: `rival-${rivalWrites}` };
        const metadata: CommandMetadata = {
          commandId: randomUUID(),
          correlationId: 'rival',
          actor: { kind: 'role', role: 'ops' },
        };
        await rival.execute({ command, metadata });
      },
    });
    // A second host on the same store: another process deciding for the same orders.
    rival = new ActorHost({ store: api.events, decider: orderDecider, clock: api.clock });
  });
  afterAll(async () => {
    await rival?.close();
    await api.close();
  });

  it('carries the latest state per region and the allowed commands, like every other 409', async () => {
    const placed = await api.request('POST', '/orders', { body: placeOrderBody() });
    const { orderId } = placed.body;
    const send = (body: unknown) => api.request('POST', `/orders/${orderId}/commands`, { body });
    const lines = [
      { lineId: '1', quantity: 2 },
      { lineId: '2', quantity: 1 },
    ];
    const allocations = [{ shipmentId: 's1', locationId: 'wh-1', lines }];
    expect((await send({ type: 'AllocateOrder', allocations })).status).toBe(200);
    expect((await send({ type: 'StartPicking', shipmentId: 's1' })).status).toBe(200);
    contested = orderStreamId(orderId);
    const response = await send({ type: 'PackShipment', shipmentId: 's1', parcels: 1 });
    contested = undefined;

    expect(response.status).toBe(409);
    const revision = await api.events.streamRevision(orderStreamId(orderId));
    expect(rivalWrites).toBe(revision - 4);
    const latest = await api.request('GET', `/orders/${orderId}/state`, { headers: { 'x-ordinal-role': 'ops' } });
    expect(response.body).toEqual({
      error: 'host.concurrency-conflict',
      message: expect.any(String),
      details: {
        streamId: orderStreamId(orderId),
        revision,
        state: latest.body.status,
        allowedCommands: latest.body.allowedCommands,
      },
    });
    // The status per region, dotted, never the machine's nested value.
    expect(response.body.details.state).toEqual({ main: 'fulfilment.picking', payment: 'pending', returns: 'none' });

    // A refusal about the state has the same details shape.
    const refused = await send({ type: 'CloseOrder' });
    expect(refused.status).toBe(409);
    expect(refused.body.details).toEqual({
      state: response.body.details.state,
      allowedCommands: response.body.details.allowedCommands,
    });
  });
});
