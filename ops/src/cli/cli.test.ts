import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import {
  ORDER_PROJECTIONS,
  ORDER_TRACKING_COLLECTION,
  rebuild,
  SqliteReadStore,
  type StoredDocument,
} from '@ordinal/projections';
import { eventually } from '@ordinal/projections/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDemo } from '../demo/demo.driver.ts';
import { demoAuth } from '../demo/demo.http.ts';
import { embeddedFiles, startEmbedded } from '../embedded/embedded.ts';
import { openAdapters } from '../profile/adapters.ts';
import { type CliProcess, runCli, startCli } from '../testing/cli-process.ts';
import { steppingClock, type TempDataDir, tempDataDir, testConfig, testEnv } from '../testing/data-dir.ts';
import { apiClient } from '../testing/http-client.ts';
import { projectionHeads } from '../testing/projection-heads.ts';

const BANNER = /Ordinal is running \(embedded profile\) at (http:\/\/[^\s]+)/;
const READ_COLLECTIONS = ORDER_PROJECTIONS.flatMap((projection) => projection.collections);

function readDocuments(dataDir: string): Record<string, StoredDocument[]> {
  const store = new SqliteReadStore({ path: embeddedFiles(dataDir).read });
  try {
    return Object.fromEntries(READ_COLLECTIONS.map((name) => [name, store.storedDocuments(name)]));
  } finally {
    void store.close();
  }
}

describe('the ordinal CLI', { timeout: 60_000 }, () => {
  let dir: TempDataDir;
  const running: CliProcess[] = [];

  beforeEach(async () => {
    dir = await tempDataDir();
  });

  afterEach(async () => {
    for (const cli of running.splice(0)) {
      cli.kill();
      await cli.exited;
    }
    await dir.remove();
  });

  function start(args: readonly string[], env: Record<string, string> = {}): CliProcess {
    const cli = startCli(args, testEnv(dir.path, env));
    running.push(cli);
    return cli;
  }

  it('answers help, unknown commands, bad settings and a taken port at once, and exits', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    const busyDir = await tempDataDir();
    try {
      // Each run loads the whole CLI (a couple of seconds on a small machine): run them side by side.
      const [help, unknown, badPort, portTaken] = await Promise.all([
        runCli(['help'], testEnv(dir.path)),
        runCli(['frobnicate'], testEnv(dir.path)),
        runCli(['all'], testEnv(dir.path, { PORT: 'eighty' })),
        runCli(['all'], testEnv(busyDir.path, { PORT: String(port) }), 20_000),
      ]);
      expect(help).toMatchObject({ code: 0, stderr: '' });
      expect(help.stdout).toMatch(/^Usage: ordinal <command>/);
      expect(help.stdout).toContain('rebuild [name]');
      expect(help.stdout).toContain('verify [--json] [--public-key FILE]');
      expect(help.stdout).toContain('checkpoint          sign an audit checkpoint');
      expect(help.stdout).toContain(
        'seal-log            seal the personal data a log recorded before it was encrypted',
      );
      expect(help.stdout).toContain('import olist [--dir D] [--limit N] [--alerts] [--concurrency N]');
      expect(help.stdout).toContain('import mapping <mapping.json> <file.csv|file.ndjson>');

      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('Unknown command "frobnicate"');
      expect(unknown.stderr).toContain('Usage: ordinal <command>');

      expect(badPort).toMatchObject({ code: 1, stdout: '' });
      expect(badPort.stderr.trim()).toBe(
        'Configuration error: PORT=eighty is not valid: set it to a whole number from 0 to 65535, or unset it',
      );
      // A bad setting stops the start before the data files are opened (or created).
      expect(existsSync(embeddedFiles(dir.path).events)).toBe(false);

      // A taken port closes what was opened and exits, instead of hanging with the relay running.
      expect(portTaken).toMatchObject({ code: 1, signal: null, stdout: '' });
      expect(portTaken.stderr.trim()).toBe(
        `Cannot listen on 127.0.0.1:${port}: the port is in use. Set PORT to a free port.`,
      );
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
      await busyDir.remove();
    }
  });

  it('runs the OMS with `all`, takes orders and a `demo --url` run, and stops cleanly on SIGTERM', async () => {
    const first = start(['all']);
    const [, url = ''] = await first.waitFor(BANNER);
    expect(first.stdout()).toContain(`data:      ${dir.path} (0 orders on record)`);
    const api = apiClient(url, testConfig(dir.path));
    expect((await api.get('/health')).status).toBe(200);

    const placed = await api.post<{ orderId: string; revision: number }>(
      '/orders',
      {
        customer: { customerId: 'cust-cli', name: 'Jonas Weber', email: 'jonas@example.com' },
        channel: { salesChannel: 'shopify' },
        lines: [
          { sku: 'MUG-STONEWARE', name: 'Stoneware mug', quantity: 2, unitPrice: { amount: 1450, currency: 'EUR' } },
        ],
        shippingAddress: {
          name: 'Jonas Weber',
          line1: '2 Demo Road',
          city: 'Berlin',
          postalCode: '10115',
          country: 'DE',
        },
        shippingFee: { amount: 495, currency: 'EUR' },
        currency: 'EUR',
      },
      { 'idempotency-key': 'cli-order-1' },
    );
    expect(placed.status).toBe(201);
    await api.viewAt(placed.body.orderId, placed.body.revision);

    // `ordinal demo --url` drives the running OMS and exits 0 when every order went through.
    const demo = await runCli(
      ['demo', '--url', url, '--orders', '4', '--delay', '0', '--seed', '7'],
      testEnv(dir.path),
    );
    expect(demo.stderr).toBe('');
    expect(demo.code).toBe(0);
    expect(demo.stdout).toContain('Demo finished: 4 orders placed');
    expect(demo.stdout).toContain('4 walked to the end, 0 failed.');
    await eventually(async () => {
      const listed = await api.get<{ items: unknown[] }>('/orders');
      expect(listed.body.items).toHaveLength(5);
    });

    first.child.kill('SIGTERM');
    const stopped = await first.exited;
    expect(stopped).toMatchObject({ code: 0, signal: null, stderr: '' });
    expect(stopped.stdout).toContain(`SIGTERM: finishing work in flight and closing ${dir.path}`);
    expect(stopped.stdout).toContain('stopped cleanly.');
    // Everything is on disk (restarts on the same directory are covered in embedded.test.ts).
    expect(readDocuments(dir.path)[ORDER_TRACKING_COLLECTION]).toHaveLength(5);
  });

  it('rebuilds the read models from the log to the same bytes, and refuses an unknown projection', async () => {
    const system = await startEmbedded(testConfig(dir.path), steppingClock());
    let head = 0;
    try {
      const summary = await runDemo({
        url: system.url,
        auth: demoAuth(testConfig(dir.path)),
        orders: 8,
        concurrency: 4,
        stepDelayMs: 0,
        seed: 11,
        runId: 'cli',
      });
      expect(summary.failed).toBe(0);
      head = await system.events.headPosition();
      await eventually(async () => {
        const status = await system.readSide.status();
        expect(status.relay?.checkpoint).toBe(head);
        const heads = await projectionHeads(system.events);
        for (const projection of status.projections) expect(projection.lastPosition).toBe(heads.get(projection.name));
      });
    } finally {
      await system.close();
    }
    const before = readDocuments(dir.path);
    expect(before[ORDER_TRACKING_COLLECTION]).toHaveLength(8);

    // `nosuch` is refused before anything is opened, so it may run beside the real rebuild.
    const [rebuilt, unknown] = await Promise.all([
      runCli(['rebuild'], testEnv(dir.path)),
      runCli(['rebuild', 'nosuch'], testEnv(dir.path)),
    ]);
    expect(rebuilt.code).toBe(0);
    // Every event in the log is an order event, so the rebuild applies all of them again.
    expect(rebuilt.stderr).toContain(`rebuild orderTracking: ${head} events applied up to position ${head}`);
    expect(readDocuments(dir.path)).toEqual(before);

    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(
      'No projection named "nosuch". Known: orderTracking, availableToPromise, locations, shipmentsByTracking, riskAccounts, repurchaseEstimates, approvalQueue, parkedIntake, channelMappings, parkedCarrierPayloads, routingPolicies, kpis, alerts.',
    );
    expect(readDocuments(dir.path)).toEqual(before);
  });

  it('recovers from SIGKILL: the next start catches the read models up to exactly what a rebuild gives', async () => {
    const crashed = start(['all']);
    const [, url = ''] = await crashed.waitFor(BANNER);
    const api = apiClient(url, testConfig(dir.path));
    const answers = Array.from({ length: 30 }, (_, i) =>
      api
        .post<{ orderId: string }>(
          '/orders',
          {
            customer: { customerId: `cust-crash-${i % 4}`, name: 'Li Wei', email: 'li@example.com' },
            channel: { salesChannel: 'tmall' },
            lines: [
              { sku: 'TEA-LONGJING-250G', name: 'Tea', quantity: 1, unitPrice: { amount: 26_800, currency: 'CNY' } },
            ],
            shippingAddress: {
              name: 'Li Wei',
              line1: '3 Demo Road',
              city: 'Hangzhou',
              postalCode: '310000',
              country: 'CN',
            },
            shippingFee: { amount: 1_000, currency: 'CNY' },
            currency: 'CNY',
          },
          { 'idempotency-key': `crash-${i}` },
        )
        .catch(() => undefined),
    );
    await Promise.race(answers);
    crashed.child.kill('SIGKILL');
    expect((await crashed.exited).signal).toBe('SIGKILL');
    const acknowledged = (await Promise.all(answers)).filter((answer) => answer?.status === 201);
    expect(acknowledged.length).toBeGreaterThan(0);

    // The next start (in this process, the same composition `all` runs) catches the read side up.
    const system = await startEmbedded(testConfig(dir.path));
    try {
      const second = apiClient(system.url, testConfig(dir.path));
      const head = await system.events.headPosition();
      await eventually(async () => {
        const status = await system.readSide.status();
        expect(status.relay?.checkpoint).toBe(head);
        // Each PlaceOrder appends OrderPlaced, RulesApplied and OrderConfirmed together.
        expect(await system.orderCount()).toBe(head / 3);
      }, 15_000);
      for (const answer of acknowledged) await second.viewAt(answer?.body.orderId ?? '', 3);
    } finally {
      await system.close();
    }

    // What the crash left behind, caught up, is exactly what replaying the log from scratch gives.
    const recovered = readDocuments(dir.path);
    // Through the composition every process uses: the log's personal data is read with its keys.
    const adapters = await openAdapters(testConfig(dir.path));
    try {
      for (const projection of ORDER_PROJECTIONS) {
        await rebuild(projection, { events: adapters.events, store: adapters.readStore });
      }
    } finally {
      await adapters.close();
    }
    expect(readDocuments(dir.path)).toEqual(recovered);
  });
});
