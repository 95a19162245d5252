import { existsSync } from 'node:fs';
import { SqliteEventStore } from '@ordinal/actors';
import { InProcessBus, ReadSide, SqliteReadStore } from '@ordinal/projections';
import type { OrdinalConfig } from '../config/config.ts';
import { lockDataDir } from '../embedded/data-dir-lock.ts';
import { embeddedFiles } from '../embedded/embedded.ts';

/** `ordinal parked [--retry]`: what the projections set aside, and another try at applying it. */
export async function runParked(config: OrdinalConfig, retry: boolean): Promise<number> {
  const files = embeddedFiles(config.dataDir);
  if (!existsSync(files.read)) {
    console.error(`No read models at ${files.read}. Set ORDINAL_DATA_DIR to the data directory the OMS uses.`);
    return 1;
  }
  const unlock = retry ? lockDataDir(config.dataDir, 'ordinal parked --retry') : () => {};
  const events = SqliteEventStore.open({ file: files.events, synchronous: config.eventStore.synchronous });
  const store = new SqliteReadStore({ path: files.read });
  const readSide = new ReadSide({ events, store, bus: new InProcessBus() });
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
    await events.close();
    await store.close();
    unlock();
  }
}
