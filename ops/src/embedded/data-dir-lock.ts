import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Another live process already uses the data directory. */
export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError';
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as { code?: string }).code === 'EPERM';
  }
}

/**
 * Claims the data directory for this process (`<name>.lock`, default `ordinal.lock`, holding the pid), so a second
 * server, or a rebuild, cannot run on files a live server is writing. A lock left by a process
 * that died is taken over. Returns the release function.
 */
export function lockDataDir(dataDir: string, purpose: string, name = 'ordinal'): () => void {
  const file = join(dataDir, `${name}.lock`);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, `${process.pid}\n${purpose}\n`);
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(file, 'utf8').startsWith(`${process.pid}\n`)) rmSync(file);
        } catch {
          // already gone
        }
      };
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
      const [pidLine = '', holder = 'another process'] = readFileSync(file, 'utf8').split('\n');
      const pid = Number(pidLine);
      if (Number.isInteger(pid) && pid > 0 && isRunning(pid)) {
        throw new DataDirLockedError(
          `${dataDir} is in use by process ${pid} (${holder}). Stop it first, or set ORDINAL_DATA_DIR to another directory.`,
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new DataDirLockedError(`could not lock ${dataDir}: remove ${file} if no Ordinal process is running`);
}
