import { type DemoAuth, getJson, post, sleep } from './demo.http.ts';
import type { OlistDemoOrder, OlistDemoPlan } from './olist-demo.plan.ts';

/** How an Olist demo run goes. */
export interface OlistDemoOptions {
  /** Base URL of a running Ordinal API. */
  readonly url: string;
  /** Who the demo says it is (`demoAuth` of the OMS's configuration). */
  readonly auth: DemoAuth;
  readonly plan: OlistDemoPlan;
  /** Names this run's idempotency keys: the same run id replays to the same locations, stock and orders. */
  readonly runId: string;
  /** Requests in flight at once. */
  readonly concurrency: number;
  /** How long to wait for the router to decide an order once it is placed (default 30 s). */
  readonly decisionTimeoutMs?: number;
  readonly signal?: AbortSignal;
  /** One line per step worth telling: locations and stock registered, each order placed and decided. */
  readonly say?: (line: string) => void;
}

/** What the router did with one order, from its recorded events. */
export type OlistOrderOutcome =
  | {
      readonly kind: 'routed';
      readonly shipments: readonly { readonly locationId: string; readonly distanceKm: number }[];
    }
  | { readonly kind: 'held'; readonly reason: string }
  | { readonly kind: 'undecided' }
  | { readonly kind: 'failed'; readonly error: string };

/** One order of the run. */
export interface OlistDemoResult {
  readonly olistOrderId: string;
  /** Empty when placing it failed. */
  readonly orderId: string;
  readonly outcome: OlistOrderOutcome;
}

/** What an Olist demo run did, and what the router made of it. */
export interface OlistDemoSummary {
  readonly locations: number;
  readonly receipts: number;
  readonly placed: number;
  readonly routed: number;
  readonly split: number;
  /** Of routed orders, those with more than one shipment. */
  readonly splitRate: number;
  /** Over every shipment of the routed orders, km from the location to the destination. */
  readonly meanDistanceKm: number;
  readonly held: number;
  readonly undecided: number;
  readonly failed: number;
  /** Each order of the plan: its Olist id, its id in the OMS, and what the router did. */
  readonly orders: readonly OlistDemoResult[];
}

interface HistoryView {
  readonly events: readonly { readonly type: string; readonly data: Record<string, unknown> }[];
}

interface DecisionsView {
  readonly decisions: readonly {
    readonly kind: string;
    readonly routing?: {
      readonly outcome: 'routed' | 'unroutable';
      readonly plan: readonly { readonly locationId: string; readonly distanceKm: number }[];
    };
    readonly explanation: readonly string[];
  }[];
}

/** Runs `work` over the items with at most `limit` in flight. */
async function inParallel<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) await work(items[i]!, i);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

/**
 * The router's first word on an order: its routing decision (routed, or unroutable and held) from
 * `GET /orders/:id/decisions`, or a hold without one (an address that cannot be placed) from the
 * order's events. Polls until one is recorded or the time is up.
 */
async function outcomeOf(base: string, auth: DemoAuth, orderId: string, timeoutMs: number, signal?: AbortSignal) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until && !signal?.aborted) {
    const { events } = await getJson<HistoryView>(`${base}/orders/${orderId}/events`, auth, 'ops', signal);
    const decided = events.find((e) => e.type === 'OrderAllocated' || e.type === 'OrderHeld');
    if (decided !== undefined) {
      const { decisions } = await getJson<DecisionsView>(`${base}/orders/${orderId}/decisions`, auth, 'ops', signal);
      const routing = decisions.find((d) => d.kind === 'routing');
      if (routing?.routing?.outcome === 'routed') {
        return { kind: 'routed', shipments: routing.routing.plan } satisfies OlistOrderOutcome;
      }
      if (routing !== undefined) return { kind: 'held', reason: routing.explanation.join(' ') } as const;
      // Allocated by someone else, or held for a reason the router did not record as a decision.
      if (decided.type === 'OrderHeld') return { kind: 'held', reason: String(decided.data.reason) } as const;
      return { kind: 'routed', shipments: [] } as const;
    }
    await sleep(100, signal);
  }
  return { kind: 'undecided' } as const;
}

function describe(outcome: OlistOrderOutcome): string {
  switch (outcome.kind) {
    case 'routed': {
      const from = outcome.shipments.map((s) => `${s.locationId.slice(0, 15)} (${Math.round(s.distanceKm)} km)`);
      return `routed: ${outcome.shipments.length} shipment(s) from ${from.join(', ')}`;
    }
    case 'held':
      return `held: ${outcome.reason.slice(0, 160)}`;
    case 'undecided':
      return 'no decision in time';
    case 'failed':
      return `failed: ${outcome.error}`;
  }
}

/**
 * Registers the plan's sellers as locations and receives their stock (as `ops`), then places each
 * real order and authorizes its payment (as `integration`), so the order routing process routes
 * it; waits for each decision and sums them up. Every request carries an idempotency key derived
 * from the run id, so running the same plan again adds nothing.
 */
export async function runOlistDemo(options: OlistDemoOptions): Promise<OlistDemoSummary> {
  const { plan, runId, signal, auth } = options;
  const base = options.url.replace(/\/$/, '');
  const say = options.say ?? (() => {});
  await inParallel(plan.locations, options.concurrency, async (location) => {
    await post(`${base}/locations`, location, `${runId}:location:${location.locationId}`, auth, signal, 'ops');
  });
  say(`Registered ${plan.locations.length} Olist sellers as warehouses.`);
  await inParallel(plan.receipts, options.concurrency, async ({ sku, locationId, quantity }) => {
    const body = { type: 'ReceiveStock', locationId, quantity, reference: `${runId}-opening-stock` };
    await post(`${base}/inventory/${sku}/commands`, body, `${runId}:stock:${sku}:${locationId}`, auth, signal, 'ops');
  });
  const units = plan.receipts.reduce((sum, r) => sum + r.quantity, 0);
  say(`Received ${units} units of ${plan.catalogue.size} products (${plan.receipts.length} deliveries).`);

  const results: OlistDemoResult[] = [];
  let placed = 0;
  const play = async (order: OlistDemoOrder) => {
    let orderId = '';
    let outcome: OlistOrderOutcome;
    try {
      const answer = await post(`${base}/orders`, order.place, order.key, auth, signal);
      orderId = String(answer.orderId);
      placed += 1;
      await post(`${base}/orders/${orderId}/commands`, order.authorize, `${order.key}:pay`, auth, signal);
      outcome = await outcomeOf(base, auth, orderId, options.decisionTimeoutMs ?? 30_000, signal);
    } catch (error) {
      if (signal?.aborted) return;
      outcome = { kind: 'failed', error: error instanceof Error ? error.message : String(error) };
    }
    results.push({ olistOrderId: order.olistOrderId, orderId, outcome });
    say(`[${results.length}/${plan.orders.length}] ${order.olistOrderId} → ${orderId || '?'}: ${describe(outcome)}`);
  };
  await inParallel(plan.orders, options.concurrency, play);
  return summarise(plan, placed, results);
}

function summarise(plan: OlistDemoPlan, placed: number, orders: readonly OlistDemoResult[]): OlistDemoSummary {
  const all = orders.map((o) => o.outcome);
  const routed = all.flatMap((o) => (o.kind === 'routed' ? [o] : []));
  const shipments = routed.flatMap((o) => o.shipments);
  const split = routed.filter((o) => o.shipments.length > 1).length;
  const count = (kind: OlistOrderOutcome['kind']) => all.filter((o) => o.kind === kind).length;
  return {
    locations: plan.locations.length,
    receipts: plan.receipts.length,
    placed,
    routed: routed.length,
    split,
    splitRate: routed.length === 0 ? 0 : split / routed.length,
    meanDistanceKm: shipments.length === 0 ? 0 : shipments.reduce((sum, s) => sum + s.distanceKm, 0) / shipments.length,
    held: count('held'),
    undecided: count('undecided'),
    failed: count('failed'),
    orders,
  };
}
