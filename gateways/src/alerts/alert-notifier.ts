import { LogFollower } from '@ordinal/actors';
import {
  ALERT_CATEGORY,
  type AlertEvent,
  type AlertRaised,
  describeActor,
  type EventStore,
  type RecordedEvent,
} from '@ordinal/domain';
import type { AlertDeliveryDocument, AlertDeliveryLog, DeliveryAttempt } from './alert-deliveries.ts';
import type { AlertMailTransport } from './alert-email.ts';
import { ALERT_DELIVERY_HEADER, ALERT_SIGNATURE_HEADER, signAlertPayload } from './alert-signature.ts';

/** A webhook alerts are posted to, and the secret their signature is made with. */
export interface AlertWebhook {
  readonly url: string;
  readonly secret: string;
}

/** How often and how patiently a notification is tried. */
export interface AlertRetryPolicy {
  /** Tries in all, the first included. */
  readonly attempts: number;
  /** The wait after the first failure; doubled after each next one… */
  readonly baseDelayMs: number;
  /** …up to this. */
  readonly maxDelayMs: number;
}

export interface AlertNotifierOptions {
  readonly events: Pick<EventStore, 'readAll' | 'headPosition' | 'subscribeAll' | 'readStream'>;
  readonly log: AlertDeliveryLog;
  readonly webhooks: readonly AlertWebhook[];
  /** E-mail to the addresses each rule names; absent: no e-mail is sent. */
  readonly email?: { readonly transport: AlertMailTransport; readonly from: string };
  readonly retry: AlertRetryPolicy;
  /** The wall clock signatures and retry times are read from (default: the real one). */
  readonly clock?: () => Date;
  /** Aborts a webhook request that takes longer (default 10 s). */
  readonly timeoutMs?: number;
  readonly onError?: (error: unknown, deliveryId: string) => void;
}

const EVENT_NAMES: Readonly<Record<string, string>> = {
  AlertRaised: 'alert.raised',
  AlertAcknowledged: 'alert.acknowledged',
  AlertResolved: 'alert.resolved',
};

/** The wait before try `attempt + 1` after try `attempt` failed: doubling from the base, capped. */
export function retryDelay(policy: AlertRetryPolicy, attempt: number): number {
  return Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
}

/** A 4xx other than 408 and 429 says the receiver refuses the request itself: retrying mends nothing. */
const refusedForGood = (status: number) => status >= 400 && status < 500 && status !== 408 && status !== 429;

/**
 * Sends alert events to the configured webhooks (signed, see `signAlertPayload`) and by e-mail
 * to the addresses the rule names, retrying with exponential backoff up to a cap. It follows the
 * alert streams from the start of the log at every start, and every attempt is written to the
 * delivery log before the next: a notification delivered (or given up) is never sent again, one
 * interrupted is taken up where it stopped. So each notification is sent once in effect (a
 * receiver may see a retry after a crash; the delivery id header lets it drop the repeat).
 */
export class AlertNotifier {
  readonly #options: AlertNotifierOptions;
  readonly #follower: LogFollower;
  readonly #inFlight = new Set<Promise<void>>();
  readonly #sleeps = new Set<() => void>();
  #stopped = false;

  constructor(options: AlertNotifierOptions) {
    this.#options = options;
    this.#follower = new LogFollower(options.events, [`${ALERT_CATEGORY}-`], {
      onEvent: (event) => this.#notify(event as RecordedEvent<AlertEvent>),
    });
  }

  async start(): Promise<void> {
    await this.#options.log.setup();
    this.#follower.start();
  }

  /** Stops following; tries waiting for their backoff stay pending in the log and go on at the next start. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#follower.stop();
    for (const wake of this.#sleeps) wake();
    await Promise.allSettled([...this.#inFlight]);
    this.#options.email?.transport.close();
  }

  /** Resolves once every notification of the alert events up to `position` has been delivered or given up. */
  async settled(position: number): Promise<void> {
    await this.#follower.reached(position);
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  async #notify(event: RecordedEvent<AlertEvent>): Promise<void> {
    const raised = event.type === 'AlertRaised' ? event.data : await this.#raisedOf(event);
    if (raised === undefined) return;
    const payload = JSON.stringify({
      id: event.eventId,
      type: EVENT_NAMES[event.type],
      occurredAt: event.metadata.occurredAt,
      alert: { ...raised, status: statusAfter(event) },
      ...(event.type === 'AlertRaised' ? {} : { change: event.data }),
    });
    const targets: { channel: 'webhook' | 'email'; target: string; send: (attempt: number) => Promise<void> }[] = [];
    if (raised.notify.webhooks) {
      for (const hook of this.#options.webhooks) {
        targets.push({ channel: 'webhook', target: hook.url, send: () => this.#post(hook, event.eventId, payload) });
      }
    }
    const email = this.#options.email;
    if (email !== undefined && raised.notify.email.length > 0 && event.type !== 'AlertAcknowledged') {
      const mail = {
        from: email.from,
        to: raised.notify.email,
        subject: `[Ordinal alert${event.type === 'AlertResolved' ? ' resolved' : ''}] ${raised.summary}`,
        text: mailText(event, raised),
        messageId: `<${event.eventId}@ordinal.alerts>`,
      };
      targets.push({
        channel: 'email',
        target: raised.notify.email.join(', '),
        send: () => email.transport.send(mail),
      });
    }
    for (const target of targets) {
      const id = `${raised.alertId}|${event.revision}|${target.channel}|${target.target}`;
      const existing = await this.#options.log.get(id);
      if (existing !== undefined && existing.status !== 'pending') continue;
      const doc: AlertDeliveryDocument = existing ?? {
        id,
        alertId: raised.alertId,
        event: event.type,
        eventId: event.eventId,
        channel: target.channel,
        target: target.target,
        status: 'pending',
        attempts: [],
      };
      const run = this.#tryUntilDone(doc, target.send).catch((error) => this.#options.onError?.(error, id));
      this.#inFlight.add(run);
      void run.finally(() => this.#inFlight.delete(run));
    }
  }

  async #tryUntilDone(start: AlertDeliveryDocument, send: (attempt: number) => Promise<void>): Promise<void> {
    const { retry } = this.#options;
    const now = () => (this.#options.clock?.() ?? new Date()).getTime();
    let doc = start;
    await this.#options.log.put(doc);
    while (doc.status === 'pending' && !this.#stopped) {
      const last = doc.attempts.at(-1);
      if (last?.retryAt !== undefined) await this.#sleep(Date.parse(last.retryAt) - now());
      if (this.#stopped) return;
      const attempt = doc.attempts.length + 1;
      const at = new Date(now()).toISOString();
      let tried: DeliveryAttempt;
      let done: boolean;
      try {
        await send(attempt);
        tried = { attempt, at, outcome: 'delivered' };
        done = true;
      } catch (error) {
        const status = (error as { status?: unknown }).status;
        const reason = error instanceof Error ? error.message : String(error);
        done = typeof status === 'number' && refusedForGood(status);
        const retryAt = done || attempt >= retry.attempts ? undefined : now() + retryDelay(retry, attempt);
        tried = {
          attempt,
          at,
          outcome: 'failed',
          ...(typeof status === 'number' ? { status } : {}),
          error: reason,
          ...(retryAt === undefined ? {} : { retryAt: new Date(retryAt).toISOString() }),
        };
        done = retryAt === undefined;
      }
      const status = tried.outcome === 'delivered' ? 'delivered' : done ? 'gave-up' : 'pending';
      doc = { ...doc, status, attempts: [...doc.attempts, tried] };
      await this.#options.log.put(doc);
    }
  }

  async #post(hook: AlertWebhook, deliveryId: string, body: string): Promise<void> {
    const timestamp = Math.floor((this.#options.clock?.() ?? new Date()).getTime() / 1000);
    const response = await fetch(hook.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [ALERT_SIGNATURE_HEADER]: signAlertPayload(hook.secret, timestamp, body),
        [ALERT_DELIVERY_HEADER]: deliveryId,
      },
      body,
      signal: AbortSignal.timeout(this.#options.timeoutMs ?? 10_000),
    });
    await response.body?.cancel();
    if (!response.ok) {
      throw Object.assign(new Error(`the webhook answered ${response.status}`), { status: response.status });
    }
  }

  #sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.#sleeps.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.#sleeps.add(wake);
    });
  }

  async #raisedOf(event: RecordedEvent): Promise<AlertRaised['data'] | undefined> {
    const [first] = await this.#options.events.readStream(event.streamId, { maxCount: 1 });
    return first?.type === 'AlertRaised' ? (first.data as AlertRaised['data']) : undefined;
  }
}

function statusAfter(event: RecordedEvent<AlertEvent>): string {
  if (event.type === 'AlertRaised') return 'open';
  return event.type === 'AlertAcknowledged' ? 'acknowledged' : 'resolved';
}

function mailText(event: RecordedEvent<AlertEvent>, raised: AlertRaised['data']): string {
  const figures = Object.entries(raised.figures).map(([key, value]) => `  ${key}: ${String(value)}`);
  const lines = [
    raised.summary,
    '',
    `Rule: ${raised.rule.ruleId} (${raised.rule.kind}), alert rule set ${raised.rule.ruleSet} version ${raised.rule.version}`,
    `For: ${raised.notify.audience}`,
    `Evaluated at: ${raised.evaluatedAt}`,
    'Figures:',
    ...figures,
  ];
  if (event.type === 'AlertResolved') {
    lines.push('', `Resolved (${event.data.how}) by ${describeActor(event.data.by)}: ${event.data.reason}`);
  }
  lines.push('', `Alert ${raised.alertId}`);
  return `${lines.join('\n')}\n`;
}
