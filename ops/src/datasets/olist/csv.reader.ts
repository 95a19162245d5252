import { createReadStream } from 'node:fs';

/** Thrown for a CSV that cannot be read as rows of fields: an unclosed quote, a row of the wrong width. */
export class CsvError extends Error {
  override readonly name = 'CsvError';
}

/**
 * Rows of RFC 4180 CSV from text arriving in chunks of any size: fields split on commas, quoted
 * fields may hold commas, line breaks and doubled quotes, rows end with LF or CRLF, a leading BOM
 * is dropped. A state machine over characters, so a quote or a CRLF cut by a chunk edge is fine.
 */
export async function* parseCsv(chunks: AsyncIterable<string> | Iterable<string>): AsyncGenerator<string[]> {
  let row: string[] = [];
  let field = '';
  let quoted = false;
  // After a closing quote: the next character must end the field or be a second quote.
  let quoteSeen = false;
  let started = false;
  let first = true;
  for await (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i += 1) {
      const c = chunk[i]!;
      if (first) {
        first = false;
        if (c === '\uFEFF') continue;
      }
      if (quoted) {
        started = true;
        if (c === '"') {
          quoted = false;
          quoteSeen = true;
        } else field += c;
        continue;
      }
      if (quoteSeen) {
        quoteSeen = false;
        if (c === '"') {
          field += '"';
          quoted = true;
          continue;
        }
      }
      if (c === '\r') continue;
      started = true;
      if (c === ',') {
        row.push(field);
        field = '';
      } else if (c === '\n') {
        row.push(field);
        yield row;
        row = [];
        field = '';
        started = false;
      } else if (c === '"' && field === '') {
        quoted = true;
      } else field += c;
    }
  }
  if (quoted) throw new CsvError('the file ends inside a quoted field');
  if (started || row.length > 0) {
    row.push(field);
    yield row;
  }
}

/** Rows of a CSV file with a header line, as objects keyed by the header's names, streamed. */
export async function* readCsv(path: string): AsyncGenerator<Readonly<Record<string, string>>> {
  let header: string[] | undefined;
  let recordNumber = 1;
  for await (const fields of parseCsv(createReadStream(path, { encoding: 'utf8' }))) {
    if (header === undefined) {
      header = fields;
      continue;
    }
    recordNumber += 1;
    if (fields.length === 1 && fields[0] === '') continue;
    if (fields.length !== header.length)
      throw new CsvError(`${path}: record ${recordNumber} has ${fields.length} fields, the header ${header.length}`);
    const record: Record<string, string> = {};
    for (let i = 0; i < header.length; i += 1) record[header[i]!] = fields[i]!;
    yield record;
  }
}
