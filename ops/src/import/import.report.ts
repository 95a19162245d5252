import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import type { ImportIssue } from './import.types.ts';

/** The report of an import: every refused, adjusted or noted row, one JSON object a line, and counts by code. */
export class ImportReport {
  readonly path: string;
  readonly #out;
  readonly #counts = new Map<string, number>();

  constructor(dataDir: string, source: string) {
    this.path = join(dataDir, `import-${source}.report.ndjson`);
    this.#out = createWriteStream(this.path, { encoding: 'utf8' });
  }

  add(issue: ImportIssue): void {
    const key = `${issue.action} ${issue.code}`;
    this.#counts.set(key, (this.#counts.get(key) ?? 0) + 1);
    this.#out.write(`${JSON.stringify(issue)}\n`);
  }

  /** `action code` → rows, most frequent first. */
  counts(): [string, number][] {
    return [...this.#counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) =>
      this.#out.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
  }
}
