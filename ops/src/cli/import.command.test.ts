import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../testing/cli-process.ts';
import { type TempDataDir, tempDataDir, testEnv } from '../testing/data-dir.ts';

const fixture = (name: string) => join(import.meta.dirname, '..', 'import', 'fixtures', name);

describe('ordinal import', () => {
  let dir: TempDataDir;
  beforeEach(async () => {
    dir = await tempDataDir('ordinal-import-cli-');
  });
  afterEach(async () => {
    await dir.remove();
  });

  it('imports an export with a mapping, prints what it added and writes the report; a second run adds nothing', async () => {
    const args = ['import', 'mapping', fixture('shop-export.mapping.json'), fixture('shop-export.csv')];
    const first = await runCli(args, testEnv(dir.path));
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain('import shop-export: 6 orders in');
    expect(first.stdout).toContain('orders: 4 added, 0 already imported (skipped), 2 refused');
    expect(first.stdout).toMatch(/events: 36 added \([\d,]+ events\/s\); 0 commands skipped/);
    const reportFile = join(dir.path, 'import-shop-export.report.ndjson');
    expect(first.stdout).toContain(`report (${reportFile}):`);
    expect(first.stdout).toMatch(/ 2 {2}refused unmappable\n/);
    const report = readFileSync(reportFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { record: string; code: string });
    expect(report.map((r) => `${r.record} ${r.code}`)).toEqual([
      'shop-export.csv:4 cancelled-with-delivery-dates',
      'shop-export.csv:5 handed-over-before-approval',
      'shop-export.csv:6 unmappable',
      'shop-export.csv:7 unmappable',
      'shop-export.csv:8 delivered-without-date',
    ]);
    const second = await runCli(args, testEnv(dir.path));
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('orders: 0 added, 4 already imported (skipped), 2 refused');
    expect(second.stdout).toMatch(/events: 0 added .*; 32 commands skipped as recorded before/);
    // The same rows give the same report.
    expect(readFileSync(reportFile, 'utf8').trim().split('\n')).toHaveLength(5);
  });

  it('says what is wrong with the arguments or the mapping, and imports nothing', async () => {
    const [noFile, badLimit, unknown, badMapping] = await Promise.all([
      runCli(['import', 'mapping', fixture('shop-export.mapping.json')], testEnv(dir.path)),
      runCli(['import', 'olist', '--limit', 'ten'], testEnv(dir.path)),
      runCli(['import', 'shopify'], testEnv(dir.path)),
      runCli(['import', 'mapping', fixture('shop-export.csv'), fixture('shop-export.csv')], testEnv(dir.path)),
    ]);
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toContain('give a mapping document and a CSV or NDJSON file');
    expect(badLimit.code).toBe(2);
    expect(badLimit.stderr).toContain('--limit must be a whole number of at least 1, not ten');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown import "shopify": use "import olist" or "import mapping"');
    expect(badMapping.code).toBe(2);
    expect(badMapping.stderr).toContain('is not a usable import mapping');
    expect(badMapping.stderr).toContain('is not JSON');
  });
});
