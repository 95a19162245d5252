import { randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { OrdinalConfig } from '../config/config.ts';
import { loadOlist } from '../datasets/olist/olist.loader.ts';
import { OLIST_FILES, olistPresent } from '../datasets/olist/olist.paths.ts';
import { demoAuth } from '../demo/demo.http.ts';
import { runOlistDemo } from '../demo/olist-demo.driver.ts';
import { planOlistDemo } from '../demo/olist-demo.plan.ts';
import { count, type DemoArgs, demoTarget } from './demo.command.ts';

/** What to do when the Olist files are not where the configuration says. */
export function olistMissingMessage(dir: string): string {
  const missing = Object.values(OLIST_FILES).filter((file) => !existsSync(join(dir, file)));
  return [
    `The Olist data set is not in ${dir} (missing: ${missing.join(', ')}).`,
    'Download the "Brazilian E-Commerce Public Dataset by Olist" (CC BY-NC-SA 4.0, e.g. from Kaggle: olistbr/brazilian-ecommerce),',
    `unzip its CSV files into ${dir}, or set ORDINAL_OLIST_DIR to the folder that holds them.`,
  ].join('\n');
}

/**
 * `ordinal demo --olist`: real Olist sellers as warehouses with stock of the products they sold,
 * then real Olist orders placed and paid over HTTP, so the order routing process routes them;
 * ends with what the router made of them.
 */
export async function runOlistDemoCommand(config: OrdinalConfig, args: DemoArgs): Promise<number> {
  const dir = config.olistDir;
  if (!olistPresent(dir)) {
    console.error(olistMissingMessage(dir));
    return 1;
  }
  const seed = count('seed', args.seed, randomInt(1, 2 ** 31));
  const orders = count('orders', args.orders, 50);
  console.log(`Loading the Olist data set from ${dir} …`);
  const data = await loadOlist(dir);
  const plan = planOlistDemo(data, orders, seed, `olist-${seed}`);
  console.log(
    `Plan (seed ${seed}): ${plan.orders.length} real orders, ${plan.locations.length} sellers as warehouses, ${plan.catalogue.size} products.`,
  );
  const target = await demoTarget(config, args.url);
  if (target === undefined) return 1;
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const summary = await runOlistDemo({
      url: target.url,
      auth: demoAuth(config),
      plan,
      runId: `olist-${seed}`,
      concurrency: count('concurrency', args.concurrency, 4),
      signal: controller.signal,
      say: (line) => console.log(line),
    });
    const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
    console.log(
      [
        `Olist demo finished: ${summary.placed} orders placed.`,
        `  routed ${summary.routed}, split ${summary.split} (${pct(summary.splitRate)} of routed), mean distance ${Math.round(summary.meanDistanceKm)} km per shipment`,
        `  held ${summary.held}, no decision in time ${summary.undecided}, failed ${summary.failed}`,
        target.embedded === undefined
          ? `  each decision in words: ${target.url}/orders/<orderId>/decisions`
          : `  the OMS started here stops now; its data stays in ${config.dataDir} (npm start serves it again)`,
      ].join('\n'),
    );
    return summary.failed > 0 ? 1 : 0;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await target.embedded?.close();
  }
}
