import { type DemoAuth, DemoHttpError, post, sleep } from './demo.http.ts';
import { type DemoOrderPlan, planDemoOrder, seededRandom } from './demo.plan.ts';

/** How the demo runs. */
export interface DemoOptions {
  /** Base URL of a running Ordinal API. */
  readonly url: string;
  /** Who the demo says it is (tokens minted from the OMS's configuration: `demoAuth`). */
  readonly auth: DemoAuth;
  /** Orders to play; undefined = until stopped. */
  readonly orders?: number;
  /** Orders in flight at once. */
  readonly concurrency: number;
  /** Pause between two steps of one order, so people can watch it move. */
  readonly stepDelayMs: number;
  readonly seed: number;
  /** Names this run's idempotency keys: the same run id and seed replays to the same orders. */
  readonly runId: string;
  readonly signal?: AbortSignal;
  readonly onOrderDone?: (plan: DemoOrderPlan, orderId: string, result: 'done' | 'failed', detail?: string) => void;
}

/** What a demo run did. */
export interface DemoSummary {
  readonly placed: number;
  readonly commands: number;
  readonly completed: number;
  readonly failed: number;
  readonly orderIds: readonly string[];
}

/** Places demo orders over HTTP and walks each through its lifecycle, several at a time. */
export async function runDemo(options: DemoOptions): Promise<DemoSummary> {
  const random = seededRandom(options.seed);
  const base = options.url.replace(/\/$/, '');
  let next = 0;
  let placed = 0;
  let commands = 0;
  let completed = 0;
  let failed = 0;
  const orderIds: string[] = [];
  const more = () => !options.signal?.aborted && (options.orders === undefined || next < options.orders);

  // Two demo orders of one customer to one address may share a parcel: the warehouse then picks the parcel.
  async function send(orderId: string, step: DemoOrderPlan['steps'][number], key: string): Promise<void> {
    const url = `${base}/orders/${orderId}/commands`;
    try {
      await post(url, step, key, options.auth, options.signal);
    } catch (error) {
      const consolidationId = consolidatedParcel(error);
      if (step.type !== 'StartPicking' || consolidationId === undefined) throw error;
      await post(url, { ...step, consolidationId }, `${key}:parcel`, options.auth, options.signal);
    }
  }

  async function play(plan: DemoOrderPlan): Promise<void> {
    let orderId = '';
    try {
      const answer = await post(`${base}/orders`, plan.place, plan.key, options.auth, options.signal);
      orderId = String(answer.orderId);
      orderIds.push(orderId);
      placed += 1;
      for (const [i, step] of plan.steps.entries()) {
        await sleep(options.stepDelayMs, options.signal);
        if (options.signal?.aborted) return;
        await send(orderId, step, `${plan.key}:${i}`);
        commands += 1;
      }
      completed += 1;
      options.onOrderDone?.(plan, orderId, 'done');
    } catch (error) {
      if (options.signal?.aborted) return;
      failed += 1;
      options.onOrderDone?.(plan, orderId, 'failed', error instanceof Error ? error.message : String(error));
    }
  }

  async function worker(): Promise<void> {
    while (more()) {
      const plan = planDemoOrder(random, options.runId, next);
      next += 1;
      await play(plan);
    }
  }

  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  return { placed, commands, completed, failed, orderIds };
}

/** The consolidation a refused `StartPicking` names (409 `shipment.consolidated`), if that is the refusal. */
function consolidatedParcel(error: unknown): string | undefined {
  if (!(error instanceof DemoHttpError) || error.status !== 409) return undefined;
  try {
    const body = JSON.parse(error.body) as { error?: string; details?: { consolidationId?: unknown } };
    const id = body.details?.consolidationId;
    return body.error === 'shipment.consolidated' && typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}
