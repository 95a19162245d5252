import { randomInt } from 'node:crypto';
import type { OrdinalConfig } from '../config/config.ts';
import { runDemo } from '../demo/demo.driver.ts';
import { demoAuth } from '../demo/demo.http.ts';
import { type EmbeddedSystem, startEmbedded } from '../embedded/embedded.ts';

export interface DemoArgs {
  readonly url?: string | undefined;
  readonly orders?: string | undefined;
  readonly concurrency?: string | undefined;
  readonly delay?: string | undefined;
  readonly seed?: string | undefined;
  readonly olist?: boolean | undefined;
}

/** A whole-number option, or the fallback when absent. */
export function count(name: string, raw: string | undefined, fallback: number): number {
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

/** The OMS a demo drives: the one answering at the URL, or one started in this process when none does. */
export async function demoTarget(
  config: OrdinalConfig,
  urlArg: string | undefined,
): Promise<{ url: string; embedded?: EmbeddedSystem } | undefined> {
  const url = (urlArg ?? `http://${config.http.host}:${config.http.port}`).replace(/\/$/, '');
  if (await answers(url)) return { url };
  if (urlArg !== undefined) {
    console.error(`Nothing answers at ${url}/health. Start Ordinal there first (npm start), or omit --url.`);
    return undefined;
  }
  const embedded = await startEmbedded(config);
  console.log(`No OMS was running, so one was started here: ${embedded.url} (data in ${config.dataDir})`);
  return { url: embedded.url, embedded };
}

/** `ordinal demo`: drive a running OMS (or one started here) with realistic orders. */
export async function runDemoCommand(config: OrdinalConfig, args: DemoArgs): Promise<number> {
  if (args.olist === true) {
    const { runOlistDemoCommand } = await import('./olist-demo.command.ts');
    return runOlistDemoCommand(config, args);
  }
  const target = await demoTarget(config, args.url);
  if (target === undefined) return 1;
  const { url, embedded } = target;
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
    auth: demoAuth(config),
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
