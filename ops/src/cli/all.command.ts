import { ensurePagesBuilt } from '@ordinal/gateways';
import type { OrdinalConfig } from '../config/config.ts';
import { type AllInOneSystem, startAll } from '../embedded/embedded.ts';
import { untilStopSignal } from '../processes/process-support.ts';
import { isEmbeddedProfile } from '../profile/adapters.ts';

/** The banner a newcomer sees: where the OMS is and what to try first. */
export function banner(system: AllInOneSystem, config: OrdinalConfig, orders: number): string {
  const profile = isEmbeddedProfile(config) ? 'embedded profile' : 'all roles in one process';
  return [
    '',
    `  Ordinal is running (${profile}) at ${system.url}`,
    isEmbeddedProfile(config)
      ? `  data:      ${config.dataDir} (${orders} order${orders === 1 ? '' : 's'} on record)`
      : `  engines:   ${system.description} (${orders} order${orders === 1 ? '' : 's'} on record)`,
    `  API docs:  ${system.url}/docs`,
    `  orders:    ${system.url}/orders`,
    `  metrics:   ${system.url}/metrics`,
    `  pages:     ${system.url}/ops (operations floor), /ops/orders/<id> (history), /track/<id> (customer)`,
    '  see it move:  npm run demo      (in another terminal)',
    '  stop:         Ctrl-C',
    '',
  ].join('\n');
}

/** `ordinal all`: the whole OMS in this process until a stop signal. */
export async function runAll(config: OrdinalConfig): Promise<number> {
  // A fresh clone has no built pages: build them once, before anything listens.
  await ensurePagesBuilt((line) => console.log(`  ${line}`));
  const system = await startAll(config);
  console.log(banner(system, config, await system.orderCount()));
  const signal = await untilStopSignal();
  console.log(
    `\n  ${signal}: finishing work in flight and closing ${isEmbeddedProfile(config) ? config.dataDir : 'the connections'} …`,
  );
  await system.close();
  console.log('  stopped cleanly.');
  return 0;
}
