import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The forms a string may take in a file: as typed, lower-cased, UTF-16, JSON-escaped. */
function forms(text: string): Buffer[] {
  return [text, text.toLowerCase(), JSON.stringify(text).slice(1, -1)].flatMap((form) => [
    Buffer.from(form, 'utf8'),
    Buffer.from(form, 'utf16le'),
  ]);
}

/** Every file under the directory (the write-ahead logs, lock files and any log included), by path. */
export async function filesUnder(dir: string): Promise<Map<string, Buffer>> {
  const found = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile())
      found.set(join(entry.parentPath, entry.name), await readFile(join(entry.parentPath, entry.name)));
  }
  return found;
}

/** Which of the strings some file under the directory holds, in any form, as `file: string`. */
export async function leaks(dir: string, strings: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const [file, bytes] of await filesUnder(dir)) {
    // Lower-cased as Latin-1, so a street folded by a fingerprint is found too.
    const folded = Buffer.from(bytes.toString('latin1').toLowerCase(), 'latin1');
    for (const text of strings) {
      if (forms(text).some((form) => bytes.includes(form) || folded.includes(form))) found.push(`${file}: ${text}`);
    }
  }
  return found;
}
