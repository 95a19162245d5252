import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvError, parseCsv, readCsv } from './csv.reader.ts';

async function rows(chunks: Iterable<string>): Promise<string[][]> {
  const out: string[][] = [];
  for await (const row of parseCsv(chunks)) out.push(row);
  return out;
}

// Writes fields the way a spreadsheet would: quoted only when they must be.
const toCsv = (table: string[][]) =>
  table
    .map((r) => r.map((f) => (/[",\r\n]/.test(f) || f === '' ? `"${f.replaceAll('"', '""')}"` : f)).join(','))
    .join('\r\n');

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks', async () => {
    const text = '\uFEFFid,city\r\n1,"novo hamburgo, rio grande do sul, brasil"\n2,"say ""oi""\nthere"\n3,\n';
    expect(await rows([text])).toEqual([
      ['id', 'city'],
      ['1', 'novo hamburgo, rio grande do sul, brasil'],
      ['2', 'say "oi"\nthere'],
      ['3', ''],
    ]);
  });

  it('gives the same rows however the text is cut into chunks', async () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', ' ', 'ç') });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(field, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        async (table, cuts) => {
          const text = toCsv(table);
          const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
          const chunks = [0, ...points].map((from, i) => text.slice(from, points[i] ?? text.length));
          expect(await rows(chunks)).toEqual(table);
        },
      ),
    );
  });

  it('refuses a file that ends inside a quoted field', async () => {
    await expect(rows(['a,"open\n'])).rejects.toThrow(CsvError);
  });
});

describe('readCsv', () => {
  it('keys each row by the header and refuses a row of the wrong width', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ordinal-csv-'));
    try {
      await writeFile(join(dir, 'ok.csv'), 'a,b\n1,2\n3,"4,5"\n');
      const out = [];
      for await (const r of readCsv(join(dir, 'ok.csv'))) out.push(r);
      expect(out).toEqual([
        { a: '1', b: '2' },
        { a: '3', b: '4,5' },
      ]);
      await writeFile(join(dir, 'bad.csv'), 'a,b\n1,2,3\n');
      const read = async () => {
        for await (const _ of readCsv(join(dir, 'bad.csv'))) void _;
      };
      await expect(read()).rejects.toThrow('record 2 has 3 fields, the header 2');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
