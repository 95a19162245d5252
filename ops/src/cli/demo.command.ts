import { randomInt } from 'node:crypto';
import type { OrdinalConfig } from '../config/config.ts';
import { runDemo } from '../demo/demo.driver.ts';
import { type EmbeddedSystem, startEmbedded } from '../embedded/embedded.ts';

interface DemoArgs {
  readonly url?: string | undefined;
  readonly orders?: string | undefined;
  readonly concurrency?: string | undefined;
  readonly delay?: string | undefined;
  readonly seed?: string | undefined;
}

function count(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} ${raw}: give a whole number`);
  return value;
}

async function answers(url: string): Promise<boolean> {
  try {
    // Nothing listening is refused at once; a busy OMS (or a cold start of this process on a
    // loaded machine) can take over a second to answer, and taking it for absent would start
    // a second OMS on the same data directory.
    return (await fetch(`${url}/health`, { signal: AbortSignal.timeout(5_000) })).ok;
  } catch {
    return false;
  }
}

/** `ordinal demo`: drive a running OMS (or one started here) with realistic orders. */
export async function runDemoCommand(config: OrdinalConfig, args: DemoArgs): Promise<number> {
  let url = (args.url ?? `http://${config.http.host}:${config.http.port}`).replace(/\/$/, '');
  let embedded: EmbeddedSystem | undefined;
  if (!(await answers(url))) {
    if (args.url !== undefined) {
      console.error(`Nothing answers at ${url}/health. Start Ordinal there first (npm start), or omit --url.`);
      return 1;
    }
    embedded = await startEmbedded(config);
    url = embedded.url;
    console.log(`No OMS was running, so one was started here: ${url} (data in ${config.dataDir})`);
  }
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const seed = count('seed', args.seed, randomInt(1, 2 ** 31));
  const orders = args.orders === undefined ? undefined : count('orders', args.orders, 0);
  console.log(`Demo (seed ${seed}) → ${url}   watch: ${url}/orders   stop: Ctrl-C`);
  const started = Date.now();
  const summary = await runDemo({
    url,
    ...(orders === undefined ? {} : { orders }),
    concurrency: count('concurrency', args.concurrency, 4),
    stepDelayMs: count('delay', args.delay, 300),
    seed,
    runId: `demo-${seed}`,
    signal: controller.signal,
    onOrderDone: (plan, orderId, result, detail) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      const line = `[${seconds}s] ${result === 'done' ? '✔' : '✘'} ${orderId || plan.key} ${plan.story} (${plan.steps.length + 1} commands)`;
      if (result === 'done') console.log(line);
      else console.error(`${line}: ${detail ?? ''}`);
    },
  });
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  console.log(
    `Demo finished: ${summary.placed} orders placed, ${summary.commands} commands, ${summary.completed} walked to the end, ${summary.failed} failed.`,
  );
  await embedded?.close();
  return summary.failed > 0 ? 1 : 0;
}
