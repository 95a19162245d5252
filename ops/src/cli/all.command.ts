import type { OrdinalConfig } from '../config/config.ts';
import { type EmbeddedSystem, startEmbedded } from '../embedded/embedded.ts';

/** Resolves on the first SIGINT or SIGTERM. */
function untilStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** The banner a newcomer sees: where the OMS is and what to try first. */
export function banner(system: EmbeddedSystem, config: OrdinalConfig, orders: number): string {
  return [
    '',
    `  Ordinal is running (embedded profile) at ${system.url}`,
    `  data:      ${config.dataDir} (${orders} order${orders === 1 ? '' : 's'} on record)`,
    `  API docs:  ${system.url}/docs`,
    `  orders:    ${system.url}/orders`,
    '  see it move:  npm run demo      (in another terminal)',
    '  stop:         Ctrl-C',
    '',
  ].join('\n');
}

/** `ordinal all`: the whole OMS in this process until a stop signal. */
export async function runAll(config: OrdinalConfig): Promise<number> {
  const system = await startEmbedded(config);
  console.log(banner(system, config, await system.orderCount()));
  const signal = await untilStopSignal();
  console.log(`\n  ${signal}: finishing work in flight and closing ${config.dataDir} …`);
  await system.close();
  console.log('  stopped cleanly.');
  return 0;
}
