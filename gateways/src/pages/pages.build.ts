import { existsSync } from 'node:fs';
import { readdir, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the built pages are: gateways/dist/web (git-ignored). */
export const PAGES_DIR = fileURLToPath(new URL('../../dist/web', import.meta.url));

const WEB_DIR = fileURLToPath(new URL('../../web', import.meta.url));
const CONFIG_FILE = join(WEB_DIR, 'vite.config.ts');
/** Sources outside web/ that the pages bundle. */
const SHARED_SOURCES = [fileURLToPath(new URL('../live/live.client.ts', import.meta.url))];
/** The domain's sources: the rules and routing pages bundle its rule language, policy and validation. */
const DOMAIN_DIR = dirname(createRequire(import.meta.url).resolve('@ordinal/domain'));
/** A shell the build writes; its time is the build's. */
const MARKER = 'track.html';

async function newestSource(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const time = entry.isDirectory() ? await newestSource(path) : (await stat(path)).mtimeMs;
    newest = Math.max(newest, time);
  }
  return newest;
}

/** Whether the pages need building: never built, or a source changed since. */
export async function pagesStale(outDir = PAGES_DIR): Promise<boolean> {
  const marker = join(outDir, MARKER);
  if (!existsSync(marker)) return true;
  const built = (await stat(marker)).mtimeMs;
  const shared = await Promise.all(SHARED_SOURCES.map(async (path) => (await stat(path)).mtimeMs));
  return Math.max(await newestSource(WEB_DIR), await newestSource(DOMAIN_DIR), ...shared) > built;
}

/**
 * Builds the pages with Vite when they are missing or older than their sources, and says so;
 * otherwise does nothing. The build goes to a fresh directory that then replaces the old one,
 * so a server never serves a half-written build.
 */
export async function ensurePagesBuilt(log: (line: string) => void = () => {}, outDir = PAGES_DIR): Promise<boolean> {
  if (!(await pagesStale(outDir))) return false;
  log('building pages…');
  const started = Date.now();
  const { build } = await import('vite');
  const fresh = `${outDir}.${process.pid}-${started}`;
  try {
    await build({ configFile: CONFIG_FILE, logLevel: 'warn', build: { outDir: fresh, emptyOutDir: true } });
    await rm(outDir, { recursive: true, force: true });
    await rename(fresh, outDir);
  } finally {
    await rm(fresh, { recursive: true, force: true });
  }
  log(`pages built in ${((Date.now() - started) / 1000).toFixed(1)} s (${outDir})`);
  return true;
}
