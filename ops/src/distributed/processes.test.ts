import { type NatsServerProcess, natsSuite, startNatsServer } from '@ordinal/projections/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PLACE_ORDER_BODY as PLACE_ORDER } from '../bench/place-order.body.ts';
import { type CliProcess, runCli, startCli } from '../testing/cli-process.ts';
import { type TempDataDir, tempDataDir, testEnv } from '../testing/data-dir.ts';
import { distributedConfig, distributedEnv } from '../testing/distributed-run.ts';
import { apiClient, type TrackingView } from '../testing/http-client.ts';

const STARTED = /\{"msg":"ordinal started","role":"(\w+)","url":"([^"]+)"/;

describe('ordinal relay and projector without NATS', () => {
  let dir: TempDataDir;
  beforeEach(async () => {
    dir = await tempDataDir();
  });
  afterEach(async () => {
    await dir.remove();
  });

  it('refuse to start and say what to set', async () => {
    for (const role of ['relay', 'projector']) {
      const result = await runCli([role], testEnv(dir.path));
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/set ORDINAL_NATS_URL/);
    }
  });

  it('refuses a projector --only name that does not exist, listing the known ones', async () => {
    const result = await runCli(
      ['projector', '--only', 'nope'],
      testEnv(dir.path, { ORDINAL_NATS_URL: 'nats://127.0.0.1:1' }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no projection named "nope".*orderTracking/);
  });
});

describe.skipIf(natsSuite() === 'skip')('api, relay and projector as separate processes', { timeout: 120_000 }, () => {
  let dir: TempDataDir;
  let nats: NatsServerProcess;
  const running: CliProcess[] = [];

  beforeEach(async () => {
    dir = await tempDataDir();
    nats = await startNatsServer();
  });

  afterEach(async () => {
    for (const cli of running.splice(0)) {
      cli.kill();
      await cli.exited;
    }
    await nats.stop();
    await dir.remove();
  });

  async function start(args: string[]): Promise<{ cli: CliProcess; url: string }> {
    const cli = startCli(args, distributedEnv(dir.path, nats.url));
    running.push(cli);
    const [, , url] = await cli.waitFor(STARTED, 30_000);
    return { cli, url: url! };
  }

  it('take an order through the API, relay it over JetStream, project it, and stop gracefully on SIGTERM', async () => {
    const projector = await start(['projector']);
    const relay = await start(['relay']);
    const api = await start(['api']);
    const client = apiClient(api.url, distributedConfig(dir.path, nats.url));

    const placed = await client.post<{ orderId: string; revision: number }>('/orders', PLACE_ORDER, {
      'idempotency-key': 'split-processes-1',
    });
    expect(placed.status).toBe(201);
    const { orderId } = placed.body;
    const view = await (async () => {
      for (let i = 0; i < 200; i += 1) {
        const found = await client.get<TrackingView>(`/orders/${orderId}`);
        if (found.status === 200) return found.body;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`order ${orderId} never reached the tracking view`);
    })();
    expect(view.orderId).toBe(orderId);

    // Every role answers its probes; the relay and projector report what they run.
    for (const { url } of [projector, relay]) {
      const ready = await apiClient(url, distributedConfig(dir.path, nats.url)).get<{ ready: boolean }>('/ready');
      expect(ready.status).toBe(200);
      expect(ready.body.ready).toBe(true);
      const metrics = await fetch(`${url}/metrics`);
      expect(await metrics.text()).toMatch(/^ordinal_/m);
    }

    for (const { cli } of [api, relay, projector]) {
      cli.child.kill('SIGTERM');
      const result = await cli.exited;
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/"msg":"ordinal stopped"/);
    }
  });
});
