import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { createInterface } from 'node:readline';
import type { MappingProblem } from '@ordinal/domain';
import { readCsv } from '../datasets/olist/csv.reader.ts';
import { planHistory } from './history.plan.ts';
import type { PlannedOrder } from './import.types.ts';
import { type ImportMappingDocument, mapRecord, validateImportMapping } from './import-mapping.ts';

/** A mapping document that cannot be used, with every problem. */
export class ImportMappingError extends Error {
  override readonly name = 'ImportMappingError';
  constructor(
    readonly file: string,
    readonly problems: readonly MappingProblem[],
  ) {
    super(
      `${file} is not a usable import mapping:\n${problems.map((p) => `  ${p.location || '/'}: ${p.problem}`).join('\n')}`,
    );
  }
}

/** Reads and validates an import mapping document. */
export async function readImportMapping(file: string): Promise<ImportMappingDocument> {
  let document: unknown;
  try {
    document = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new ImportMappingError(file, [{ location: '', problem: `is not JSON (${(error as Error).message})` }]);
  }
  const problems = validateImportMapping(document);
  if (problems.length > 0) throw new ImportMappingError(file, problems);
  return document as ImportMappingDocument;
}

/** One record of a source file: the object a mapping reads, or why the line could not be read. */
type SourceRecord =
  | { readonly ref: string; readonly value: unknown }
  | { readonly ref: string; readonly unreadable: string };

/** NDJSON records, one JSON object a line, streamed; blank lines are skipped. */
async function* ndjsonRecords(file: string): AsyncGenerator<SourceRecord> {
  const name = basename(file);
  let line = 0;
  for await (const text of createInterface({
    input: createReadStream(file, { encoding: 'utf8' }),
    crlfDelay: Number.POSITIVE_INFINITY,
  })) {
    line += 1;
    if (text.trim() === '') continue;
    try {
      yield { ref: `${name}:${line}`, value: JSON.parse(text) };
    } catch (error) {
      yield { ref: `${name}:${line}`, unreadable: `is not JSON (${(error as Error).message})` };
    }
  }
}

/**
 * CSV records, streamed: with `groupBy`, consecutive rows with the same value of that column are
 * one record (the first row's fields, and `rows` holding every row); without it each row is one.
 * A group whose key comes back after other rows is read as a second record of the same order,
 * which the import then refuses as a duplicate: sort such files by the key first.
 */
async function* csvRecords(file: string, groupBy: string | undefined): AsyncGenerator<SourceRecord> {
  const name = basename(file);
  let row = 1;
  let group: { ref: string; key: string; rows: Readonly<Record<string, string>>[] } | undefined;
  for await (const fields of readCsv(file)) {
    row += 1;
    const key = groupBy === undefined ? String(row) : (fields[groupBy] ?? '');
    if (group !== undefined && group.key === key) {
      group.rows.push(fields);
      continue;
    }
    if (group !== undefined) yield { ref: group.ref, value: { ...group.rows[0], rows: group.rows } };
    group = { ref: `${name}:${row}`, key, rows: [fields] };
  }
  if (group !== undefined) yield { ref: group.ref, value: { ...group.rows[0], rows: group.rows } };
}

/**
 * Reads a CSV (`.csv`) or NDJSON (`.ndjson`, `.jsonl`) file with an import mapping into planned
 * orders: a record that cannot be read or mapped is a refused order with every reason, and a
 * second record of an order already read is refused as a duplicate. `limit` keeps the first N records.
 */
export async function readMappedSource(
  mapping: ImportMappingDocument,
  file: string,
  limit = Number.POSITIVE_INFINITY,
): Promise<PlannedOrder[]> {
  const extension = extname(file).toLowerCase();
  const records =
    extension === '.csv'
      ? csvRecords(file, mapping.groupBy)
      : extension === '.ndjson' || extension === '.jsonl'
        ? ndjsonRecords(file)
        : undefined;
  if (records === undefined) throw new Error(`${file}: give a .csv, .ndjson or .jsonl file`);
  const plans: PlannedOrder[] = [];
  const seen = new Set<string>();
  for await (const record of records) {
    if (plans.length >= limit) break;
    const refuse = (orderId: string, code: string, reason: string) =>
      plans.push({
        orderId,
        record: record.ref,
        steps: [],
        issues: [{ record: record.ref, orderId, action: 'refused', code, reason }],
      });
    if ('unreadable' in record) {
      refuse('', 'unreadable', record.unreadable);
      continue;
    }
    const mapped = mapRecord(mapping, record.value, record.ref);
    if (!mapped.ok) {
      refuse(mapped.orderId ?? '', 'unmappable', mapped.errors.join('; '));
      continue;
    }
    if (seen.has(mapped.history.orderId)) {
      refuse(mapped.history.orderId, 'duplicate-order', 'the order was read from an earlier record already');
      continue;
    }
    seen.add(mapped.history.orderId);
    plans.push(planHistory(mapped.history));
  }
  return plans;
}
