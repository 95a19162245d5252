import { ensurePagesBuilt } from '@ordinal/gateways';
import { tokenFor } from '../auth/client-auth.ts';
import type { OrdinalConfig } from '../config/config.ts';
import { type AllInOneSystem, startAll } from '../embedded/embedded.ts';
import { untilStopSignal } from '../processes/process-support.ts';
import { isEmbeddedProfile } from '../profile/adapters.ts';

/** How long the ops link the banner prints stays valid. */
const OPS_LINK_TTL_SECONDS = 12 * 3600;

/**
 * The banner a newcomer sees: where the OMS is, what to try first and, with tokens, how to get
 * one and a ready link to the ops page (its token valid 12 h).
 */
export function banner(system: AllInOneSystem, config: OrdinalConfig, orders: number, opsToken?: string): string {
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
    ...(opsToken === undefined
      ? ['  callers:   identified by the trusted proxy headers (ORDINAL_AUTH_MODE=trusted-headers)']
      : [
          '  token:     TOKEN=$(npm run -s ordinal -- token --role admin)   then  curl -H "authorization: Bearer $TOKEN" …',
          `  ops page:  ${system.url}/ops?token=${opsToken}`,
        ]),
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
  const opsToken =
    config.auth.mode === 'tokens'
      ? tokenFor(config, { role: 'ops', sub: 'ops-page' }, OPS_LINK_TTL_SECONDS)
      : undefined;
  console.log(banner(system, config, await system.orderCount(), opsToken));
  const signal = await untilStopSignal();
  console.log(
    `\n  ${signal}: finishing work in flight and closing ${isEmbeddedProfile(config) ? config.dataDir : 'the connections'} …`,
  );
  await system.close();
  console.log('  stopped cleanly.');
  return 0;
}
