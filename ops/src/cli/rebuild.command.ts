import { existsSync } from 'node:fs';
import { rebuild } from '@ordinal/projections';
import type { OrdinalConfig } from '../config/config.ts';
import { lockDataDir } from '../embedded/data-dir-lock.ts';
import { embeddedFiles, openAdapters } from '../profile/adapters.ts';
import { ORDINAL_PROJECTIONS } from '../profile/projections.ts';
import { ProgressBar } from './progress.ts';

/** `ordinal rebuild [name]`: throws the read models away and replays the log into them. */
export async function runRebuild(config: OrdinalConfig, only?: string): Promise<number> {
  const files = embeddedFiles(config.dataDir);
  if (config.profile.eventStore.kind === 'sqlite' && !existsSync(files.events)) {
    console.error(`No event log at ${files.events}. Set ORDINAL_DATA_DIR to the data directory the OMS uses.`);
    return 1;
  }
  const projections = ORDINAL_PROJECTIONS.filter((p) => only === undefined || p.name === only);
  if (projections.length === 0) {
    console.error(`No projection named "${only}". Known: ${ORDINAL_PROJECTIONS.map((p) => p.name).join(', ')}.`);
    return 2;
  }
  // Stop the servers first: on files the lock says so; on servers the operator must.
  const unlock = config.profile.readStore.kind === 'sqlite' ? lockDataDir(config.dataDir, 'ordinal rebuild') : () => {};
  try {
    await rebuildProjections(config, projections);
    return 0;
  } finally {
    unlock();
  }
}

/** Rebuilds the projections from the log, one after the other, each with a progress bar; the caller holds the data directory. */
export async function rebuildProjections(
  config: OrdinalConfig,
  projections: readonly (typeof ORDINAL_PROJECTIONS)[number][] = ORDINAL_PROJECTIONS,
): Promise<void> {
  const adapters = await openAdapters(config);
  const { events, readStore: store } = adapters;
  try {
    for (const projection of projections) {
      const bar = new ProgressBar(`rebuild ${projection.name}`, 'positions');
      const result = await rebuild(projection, {
        events,
        store,
        onProgress: (progress) => bar.update(progress.position, progress.head),
      });
      bar.finish(`${result.applied} events applied up to position ${result.position}`);
    }
  } finally {
    await adapters.close();
  }
}
