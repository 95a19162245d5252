import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type OrdinalConfig } from '../config/config.ts';
import { ORDINAL_PROJECTIONS } from '../profile/projections.ts';

/** A fresh data directory under the OS temp dir; `remove` deletes it and everything in it. */
export interface TempDataDir {
  readonly path: string;
  remove(): Promise<void>;
}

/** Creates an empty data directory for one test. */
export async function tempDataDir(prefix = 'ordinal-ops-'): Promise<TempDataDir> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** The environment a test process runs with: the data directory, any free port, no logs. */
export function testEnv(dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return { PORT: '0', ORDINAL_DATA_DIR: dataDir, ORDINAL_LOG_LEVEL: 'silent', ...extra };
}

/** The configuration `startEmbedded` gets in a test, read the way the CLI reads it. */
export function testConfig(dataDir: string, extra: Record<string, string> = {}): OrdinalConfig {
  return loadConfig(testEnv(dataDir, extra), dataDir);
}

/** A clock that starts at a fixed instant and moves one second per reading. */
export function steppingClock(start = '2025-03-01T09:00:00.000Z'): () => Date {
  let next = Date.parse(start);
  return () => {
    const now = new Date(next);
    next += 1_000;
    return now;
  };
}

/** The projections among these that read order events (the others never see an order's event). */
export function orderReaders<P extends { readonly name: string }>(projections: readonly P[]): P[] {
  const readers = new Set(ORDINAL_PROJECTIONS.filter((p) => p.categories.includes('order')).map((p) => p.name));
  return projections.filter((projection) => readers.has(projection.name));
}
