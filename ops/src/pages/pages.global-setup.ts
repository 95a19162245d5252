import { ensurePagesBuilt } from '@ordinal/gateways';

/** Vitest global setup: the browser tests need the built pages; build them when missing or stale. */
export default async function setup(): Promise<void> {
  await ensurePagesBuilt((line) => console.log(`[pages] ${line}`));
}
