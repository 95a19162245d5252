import { closeSync, existsSync, fstatSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

const CHUNK = Buffer.alloc(1 << 20);

/** Writes zeros over every byte of an open file and syncs them to disk. */
function overwrite(fd: number): void {
  const size = fstatSync(fd).size;
  for (let at = 0; at < size; at += CHUNK.length) writeSync(fd, CHUNK, 0, Math.min(CHUNK.length, size - at), at);
  fsyncSync(fd);
}

/** Syncs a directory, so a rename or an unlink in it is on disk. */
function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Overwrites a file's bytes with zeros, then removes it; false when there was no such file.
 * Best effort: a copy-on-write or journaling file system, an SSD's wear levelling, snapshots and
 * backups may keep the old blocks (docs/privacy.md).
 */
export function shredFile(file: string): boolean {
  if (!existsSync(file)) return false;
  const fd = openSync(file, 'r+');
  try {
    overwrite(fd);
  } finally {
    closeSync(fd);
  }
  unlinkSync(file);
  return true;
}

/**
 * Puts `replacement` in the place of `file` with one atomic rename, then overwrites the old
 * file's bytes (still reachable through a descriptor opened before the rename) with zeros. The
 * old file's write-ahead log and shared memory (`-wal`, `-shm`) are shredded first, so SQLite
 * never applies them to the new file. Every connection to both files must be closed.
 */
export function replaceShredding(file: string, replacement: string): void {
  for (const suffix of ['-wal', '-shm']) shredFile(`${file}${suffix}`);
  const old = openSync(file, 'r+');
  try {
    renameSync(replacement, file);
    syncDirectory(dirname(file));
    overwrite(old);
  } finally {
    closeSync(old);
  }
}
