import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActorHost, SqliteEventStore } from '@ordinal/actors';
import { type AlertCommand, alertDecider, type RaiseAlert } from '@ordinal/domain';
import { SqliteReadStore } from '@ordinal/projections';
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlertDeliveryLog } from './alert-deliveries.ts';
import { smtpTransport } from './alert-email.ts';
import { AlertNotifier, type AlertNotifierOptions, retryDelay } from './alert-notifier.ts';
import { ALERT_DELIVERY_HEADER, ALERT_SIGNATURE_HEADER, verifyAlertSignature } from './alert-signature.ts';

const SECRET = 'whsec-test-1';
const RETRY = { attempts: 4, baseDelayMs: 40, maxDelayMs: 100 };
const OPS = { kind: 'user', id: 'rui.costa', role: 'ops' } as const;

const raise = (alertId: string, email: string[] = []): RaiseAlert => ({
  type: 'RaiseAlert',
  alertId,
  rule: { ruleSet: 'default', version: 1, ruleId: 'sku-sales-surge', kind: 'skuSalesSurge' },
  subject: { kind: 'sku', id: 'SKU-1' },
  summary: 'SKU SKU-1: 16 units sold since 2026-11-27, 60% above the 10 before',
  figures: { recentUnits: 16, previousUnits: 10, changePercent: 60 },
  evaluatedAt: '2026-12-04T12:00:00.000Z',
  notify: { audience: 'purchasing', email, webhooks: true },
});

interface Received {
  readonly at: number;
  readonly body: string;
  readonly headers: IncomingMessage['headers'];
  readonly answered: number;
}

/** A webhook receiver that answers 503 to the first `failFirst` requests, then 200. */
async function receiver(failFirst: number, answerAfter = 200) {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const answered = received.length < failFirst ? 503 : answerAfter;
      received.push({
        at: Date.now(),
        body: Buffer.concat(chunks).toString('utf8'),
        headers: request.headers,
        answered,
      });
      response.writeHead(answered).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/alerts`, received, close: () => new Promise((r) => server.close(r)) };
}

/** A real SMTP server (the smtp-server package) on a free port, keeping every message it takes. */
async function mailbox() {
  const messages: { from: string; to: string[]; data: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let data = '';
      stream.on('data', (chunk: Buffer) => {
        data += chunk.toString('utf8');
      });
      stream.on('end', () => {
        messages.push({
          from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address),
          data,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, messages, close: () => new Promise<void>((r) => server.close(() => r())) };
}

let dir: string;
let events: SqliteEventStore;
let readStore: SqliteReadStore;
let alerts: ActorHost<AlertCommand, never, never>;
const running: { close(): unknown }[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ordinal-alert-notifier-'));
  events = SqliteEventStore.open({ file: join(dir, 'events.db'), synchronous: 'NORMAL' });
  readStore = new SqliteReadStore({ path: join(dir, 'read.db') });
  alerts = new ActorHost({ store: events, decider: alertDecider }) as unknown as ActorHost<AlertCommand, never, never>;
});

afterEach(async () => {
  for (const item of running.splice(0).reverse()) await item.close();
  await alerts.close();
  await readStore.close();
  await events.close();
  await rm(dir, { recursive: true, force: true });
});

async function send(command: AlertCommand): Promise<number> {
  const outcome = await alerts.execute({
    command,
    metadata: { commandId: randomUUID(), correlationId: randomUUID(), actor: OPS },
  });
  if (outcome.status !== 'accepted') throw new Error(outcome.rejection.code);
  return outcome.events.at(-1)?.position ?? 0;
}

function notifier(options: Partial<AlertNotifierOptions>): AlertNotifier {
  const made = new AlertNotifier({
    events,
    log: new AlertDeliveryLog(readStore),
    webhooks: [],
    retry: RETRY,
    ...options,
  });
  running.push({ close: () => made.stop() });
  return made;
}

describe('the alert notifier', () => {
  it('signs each webhook over timestamp and body, and retries a failing receiver with doubling waits up to the cap', async () => {
    const hook = await receiver(3);
    running.push(hook);
    const position = await send(raise('a-1'));
    const sender = notifier({ webhooks: [{ url: hook.url, secret: SECRET }] });
    await sender.start();
    await sender.settled(position);

    expect(hook.received.map((r) => r.answered)).toEqual([503, 503, 503, 200]);
    const gaps = hook.received.slice(1).map((r, i) => r.at - (hook.received[i]?.at ?? 0));
    // 40, 80, then 160 capped at 100 ms (a loaded machine may be later, never earlier).
    expect(gaps.map((gap, i) => gap >= [40, 80, 100][i]! - 5)).toEqual([true, true, true]);
    expect([1, 2, 3, 4].map((n) => retryDelay(RETRY, n))).toEqual([40, 80, 100, 100]);
    const now = Math.floor(Date.now() / 1000);
    for (const request of hook.received) {
      const header = request.headers[ALERT_SIGNATURE_HEADER] as string;
      expect(verifyAlertSignature(SECRET, request.body, header, now)).toBeUndefined();
      expect(verifyAlertSignature('another secret', request.body, header, now)).toBe('invalid');
      expect(verifyAlertSignature(SECRET, `${request.body} `, header, now)).toBe('invalid');
      expect(verifyAlertSignature(SECRET, request.body, header, now + 3600)).toBe('stale');
    }
    // The same delivery id and body on every try; the payload carries the alert and its figures.
    expect(new Set(hook.received.map((r) => r.headers[ALERT_DELIVERY_HEADER])).size).toBe(1);
    expect(new Set(hook.received.map((r) => r.body)).size).toBe(1);
    expect(JSON.parse(hook.received[0]?.body ?? '{}')).toMatchObject({
      type: 'alert.raised',
      alert: { alertId: 'a-1', status: 'open', figures: { recentUnits: 16 }, notify: { audience: 'purchasing' } },
    });

    const [delivery] = await new AlertDeliveryLog(readStore).ofAlert('a-1');
    expect(delivery).toMatchObject({ channel: 'webhook', target: hook.url, status: 'delivered' });
    expect(delivery?.attempts.map((a) => [a.outcome, a.status ?? null, a.retryAt !== undefined])).toEqual([
      ['failed', 503, true],
      ['failed', 503, true],
      ['failed', 503, true],
      ['delivered', null, false],
    ]);
  });

  it('gives up after the last try, and at once when the receiver refuses the request itself', async () => {
    const down = await receiver(100);
    const refusing = await receiver(0, 410);
    running.push(down, refusing);
    const position = await send(raise('a-2'));
    const sender = notifier({
      webhooks: [
        { url: down.url, secret: SECRET },
        { url: refusing.url, secret: SECRET },
      ],
    });
    await sender.start();
    await sender.settled(position);
    expect(down.received).toHaveLength(RETRY.attempts);
    expect(refusing.received).toHaveLength(1);
    const log = await new AlertDeliveryLog(readStore).ofAlert('a-2');
    expect(log.map((d) => [d.target, d.status, d.attempts.length])).toEqual(
      [
        [down.url, 'gave-up', 4],
        [refusing.url, 'gave-up', 1],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
  });

  it('sends each notification once in effect: a restart sends nothing delivered again, only what came since', async () => {
    const hook = await receiver(0);
    running.push(hook);
    const first = await send(raise('a-3'));
    const before = notifier({ webhooks: [{ url: hook.url, secret: SECRET }] });
    await before.start();
    await before.settled(first);
    await before.stop();
    const resolved = await send({ type: 'ResolveAlert', alertId: 'a-3', how: 'by-hand', reason: 'stock ordered' });
    const after = notifier({ webhooks: [{ url: hook.url, secret: SECRET }] });
    await after.start();
    await after.settled(resolved);
    expect(hook.received.map((r) => JSON.parse(r.body).type)).toEqual(['alert.raised', 'alert.resolved']);
    expect(JSON.parse(hook.received[1]?.body ?? '{}')).toMatchObject({
      alert: { alertId: 'a-3', status: 'resolved' },
      change: { how: 'by-hand', reason: 'stock ordered', by: OPS },
    });
  });

  it('e-mails the rule’s recipients through a real SMTP server', async () => {
    const smtp = await mailbox();
    running.push(smtp);
    const position = await send(raise('a-4', ['buyers@example.com', 'lead@example.com']));
    const sender = notifier({ email: { transport: smtpTransport(smtp.url), from: 'alerts@ordinal.example' } });
    await sender.start();
    await sender.settled(position);
    expect(smtp.messages).toHaveLength(1);
    const [message] = smtp.messages;
    expect(message?.from).toBe('alerts@ordinal.example');
    expect(message?.to).toEqual(['buyers@example.com', 'lead@example.com']);
    expect(message?.data).toContain('Subject: [Ordinal alert] SKU SKU-1: 16 units sold');
    expect(message?.data).toContain('recentUnits: 16');
    expect(message?.data).toContain('For: purchasing');
    const [delivery] = await new AlertDeliveryLog(readStore).ofAlert('a-4');
    expect(delivery).toMatchObject({
      channel: 'email',
      status: 'delivered',
      target: 'buyers@example.com, lead@example.com',
    });
  });
});
