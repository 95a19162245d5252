import { existsSync } from 'node:fs';
import { InProcessBus, ReadSide } from '@ordinal/projections';
import type { OrdinalConfig } from '../config/config.ts';
import { lockDataDir } from '../embedded/data-dir-lock.ts';
import { embeddedFiles, openAdapters } from '../profile/adapters.ts';
import { ORDINAL_PROJECTIONS } from '../profile/projections.ts';

/** `ordinal parked [--retry]`: what the projections set aside, and another try at applying it. */
export async function runParked(config: OrdinalConfig, retry: boolean): Promise<number> {
  const files = embeddedFiles(config.dataDir);
  if (config.profile.readStore.kind === 'sqlite' && !existsSync(files.read)) {
    console.error(`No read models at ${files.read}. Set ORDINAL_DATA_DIR to the data directory the OMS uses.`);
    return 1;
  }
  const unlock =
    retry && config.profile.readStore.kind === 'sqlite'
      ? lockDataDir(config.dataDir, 'ordinal parked --retry')
      : () => {};
  let adapters: Awaited<ReturnType<typeof openAdapters>>;
  try {
    adapters = await openAdapters(config);
  } catch (error) {
    unlock();
    throw error;
  }
  // Retrying applies parked events straight through their projection: no bus is involved.
  const readSide = new ReadSide({
    events: adapters.events,
    store: adapters.readStore,
    bus: new InProcessBus(),
    projections: ORDINAL_PROJECTIONS,
    parts: { relay: false },
  });
  try {
    const parked = await readSide.parked();
    if (parked.length === 0) {
      console.log('Nothing is parked: every event was applied.');
      return 0;
    }
    for (const message of parked) {
      const { event } = message;
      console.log(
        `${message.parkedAt}  ${message.durableName}  ${event.streamId}@${event.revision} ${event.type} (position ${event.position}, ${message.deliveryCount} deliveries): ${message.reason}`,
      );
    }
    if (!retry) {
      console.log(
        `${parked.length} parked. Fix the cause, then stop the server and run: npm run ordinal -- parked --retry`,
      );
      return 0;
    }
    const result = await readSide.retryParked();
    console.log(`Retried ${result.retried}: ${result.applied} applied, ${result.stillFailing} still failing.`);
    return result.stillFailing > 0 ? 1 : 0;
  } finally {
    await adapters.close();
    unlock();
  }
}
