import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { OrdinalConfig } from '../config/config.ts';
import { olistPresent } from '../datasets/olist/olist.paths.ts';
import { lockDataDir } from '../embedded/data-dir-lock.ts';
import { planHistory } from '../import/history.plan.ts';
import { ImportReport } from '../import/import.report.ts';
import { type ImportTotals, runImport } from '../import/import.runner.ts';
import { importHosts, importRunId } from '../import/import.session.ts';
import type { PlannedOrder } from '../import/import.types.ts';
import { ImportMappingError, readImportMapping, readMappedSource } from '../import/mapping.source.ts';
import { OLIST_IMPORT_FILES, readOlist } from '../import/olist.source.ts';
import { openAdapters } from '../profile/adapters.ts';
import { ProgressBar } from './progress.ts';

/** Orders replayed at once by default: enough to fill the group commit, few enough to stay in memory. */
export const DEFAULT_IMPORT_CONCURRENCY = 256;

/** What `ordinal import olist` is asked. */
export interface OlistImportOptions {
  readonly dir?: string;
  readonly limit?: number;
  readonly concurrency?: number;
  /** Let the alert rules evaluate the imported events (off: history raises no alerts). */
  readonly alerts?: boolean;
}

/** A source read into histories, ready to be run. */
export interface ImportSource {
  readonly source: string;
  readonly runId: string;
  readonly locations: Parameters<typeof runImport>[0]['locations'];
  readonly products: Parameters<typeof runImport>[0]['products'];
  readonly orders: readonly PlannedOrder[];
}

/** `ordinal import olist`: the Olist data set as order histories, sellers as locations, products as the catalogue. */
export async function runOlistImport(config: OrdinalConfig, options: OlistImportOptions): Promise<number> {
  const dir = options.dir ?? config.olistDir;
  if (!olistPresent(dir)) {
    console.error(`The Olist data set is not in ${dir}. Give its folder with --dir or ORDINAL_OLIST_DIR.`);
    return 1;
  }
  const started = Date.now();
  process.stderr.write(`Reading the Olist files in ${dir}…\n`);
  const data = await readOlist(dir, options.limit);
  const files = Object.values(OLIST_IMPORT_FILES).map((file) => join(dir, file));
  const runId = await importRunId('olist', files, options.limit === undefined ? '' : `limit=${options.limit}`);
  process.stderr.write(`Read ${data.orders.length.toLocaleString('en-US')} orders in ${Date.now() - started} ms.\n`);
  return importInto(config, { source: 'olist', runId, ...data, orders: data.orders.map(planHistory) }, options);
}

/** Runs a source's histories into the configured event store, with a progress bar, the report and a summary. */
export async function importInto(
  config: OrdinalConfig,
  source: ImportSource,
  options: { readonly concurrency?: number; readonly alerts?: boolean },
): Promise<number> {
  const onFiles = config.profile.eventStore.kind === 'sqlite';
  mkdirSync(config.dataDir, { recursive: true });
  // The server must be stopped: on files the lock says so; on servers the operator must.
  const unlock = onFiles ? lockDataDir(config.dataDir, `ordinal import ${source.source}`) : () => {};
  let report: ImportReport | undefined;
  try {
    const adapters = await openAdapters(config);
    const concurrency = options.concurrency ?? DEFAULT_IMPORT_CONCURRENCY;
    const hosts = importHosts(adapters.events, concurrency);
    report = new ImportReport(config.dataDir, source.source);
    const rep = report;
    const started = Date.now();
    const headBefore = await adapters.events.headPosition();
    let totals: ImportTotals;
    try {
      const bar = new ProgressBar(`import ${source.source}`, 'orders');
      totals = await runImport(source, hosts, {
        source: source.source,
        runId: source.runId,
        concurrency,
        alerts: options.alerts === true,
        onIssue: (issue) => rep.add(issue),
        onProgress: (done, total) => bar.update(done, total),
      });
      bar.finish(`${totals.orders.toLocaleString('en-US')} orders in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } finally {
      await hosts.close();
      await adapters.close();
    }
    await report.close();
    printSummary(source, totals, report, {
      seconds: (Date.now() - started) / 1000,
      headBefore,
      alerts: options.alerts,
    });
    return 0;
  } finally {
    unlock();
  }
}

function printSummary(
  source: ImportSource,
  totals: ImportTotals,
  report: ImportReport,
  run: { seconds: number; headBefore: number; alerts?: boolean | undefined },
): void {
  const n = (value: number) => value.toLocaleString('en-US');
  const rate = run.seconds > 0 ? Math.round(totals.eventsAdded / run.seconds) : 0;
  console.log(`Import ${source.source}, run ${source.runId}`);
  console.log(
    `  orders: ${n(totals.ordersAdded)} added, ${n(totals.ordersSkipped)} already imported (skipped), ${n(totals.ordersRefused)} refused`,
  );
  console.log(
    `  events: ${n(totals.eventsAdded)} added (${n(rate)} events/s); ${n(totals.commandsSkipped)} commands skipped as recorded before`,
  );
  console.log(`  locations: ${n(totals.locationsAdded)} added; products: ${n(totals.productsAdded)} added`);
  const counts = report.counts();
  if (counts.length === 0) console.log('  report: every row was taken as it was');
  else {
    console.log(`  report (${report.path}):`);
    for (const [key, count] of counts) console.log(`    ${n(count).padStart(6)}  ${key}`);
  }
  if (run.alerts !== true) console.log('  alerts: imported events raise none (import with --alerts to evaluate them)');
  console.log('  read models: they catch up from the log when the server starts (or run `ordinal rebuild`)');
}

/** What `ordinal import mapping` is asked. */
export interface MappingImportOptions {
  readonly mapping: string;
  readonly file: string;
  readonly limit?: number;
  readonly concurrency?: number;
  readonly alerts?: boolean;
}

/** `ordinal import mapping <mapping.json> <file>`: a CSV or NDJSON export read with a declarative mapping. */
export async function runMappingImport(config: OrdinalConfig, options: MappingImportOptions): Promise<number> {
  for (const file of [options.mapping, options.file]) {
    if (!existsSync(file)) {
      console.error(`${file} does not exist.`);
      return 1;
    }
  }
  let mapping: Awaited<ReturnType<typeof readImportMapping>>;
  try {
    mapping = await readImportMapping(options.mapping);
  } catch (error) {
    if (!(error instanceof ImportMappingError)) throw error;
    console.error(`${error.message}\nFix the mapping (docs/import.md, "The mapping") and run the import again.`);
    return 2;
  }
  const started = Date.now();
  const orders = await readMappedSource(mapping, options.file, options.limit);
  const runId = await importRunId(
    mapping.source,
    [options.mapping, options.file],
    options.limit === undefined ? '' : `limit=${options.limit}`,
  );
  process.stderr.write(
    `Read ${orders.length.toLocaleString('en-US')} records of ${options.file} in ${Date.now() - started} ms.\n`,
  );
  return importInto(config, { source: mapping.source, runId, locations: [], products: [], orders }, options);
}
