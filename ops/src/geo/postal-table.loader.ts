import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../config/config.ts';
import { readCsv } from '../datasets/olist/csv.reader.ts';
import { OLIST_FILES } from '../datasets/olist/olist.paths.ts';
import { type PostalSample, PostalTable } from './postal-table.ts';

/** The columns of a table file; `region` is optional. */
export const TABLE_COLUMNS = ['country', 'postalPrefix', 'lat', 'lng'] as const;

const COUNTRY = /^[A-Z]{2}$/;

function degrees(text: string | undefined, limit: number): number | undefined {
  const value = Number(text);
  return text !== undefined && text.trim() !== '' && Number.isFinite(value) && Math.abs(value) <= limit
    ? value
    : undefined;
}

/**
 * A table from a CSV file with the header `country,postalPrefix,lat,lng` (and optionally
 * `region`): one row per sample, any number per prefix. Every bad row is reported at once.
 */
export async function loadPostalTableFile(path: string): Promise<PostalTable> {
  if (!existsSync(path)) throw new ConfigError(`${path} does not exist: point ORDINAL_GEOCODE_FILE at a CSV file`);
  const samples: PostalSample[] = [];
  const problems: string[] = [];
  let record = 1;
  for await (const row of readCsv(path)) {
    record += 1;
    if (record === 2) {
      const missing = TABLE_COLUMNS.filter((column) => !(column in row));
      if (missing.length > 0)
        throw new ConfigError(
          `${path}: the header lacks ${missing.join(', ')}; it must be ${TABLE_COLUMNS.join(',')}[,region]`,
        );
    }
    const country = (row.country ?? '').trim();
    const prefix = (row.postalPrefix ?? '').trim();
    const lat = degrees(row.lat, 90);
    const lng = degrees(row.lng, 180);
    const wrong = [
      COUNTRY.test(country) ? undefined : `country ${JSON.stringify(country)} is not an ISO 3166-1 alpha-2 code`,
      /[0-9A-Za-z]/.test(prefix) ? undefined : 'postalPrefix is empty',
      lat === undefined ? `lat ${JSON.stringify(row.lat)} is not a number from -90 to 90` : undefined,
      lng === undefined ? `lng ${JSON.stringify(row.lng)} is not a number from -180 to 180` : undefined,
    ].filter((p) => p !== undefined);
    if (wrong.length > 0) {
      problems.push(`record ${record}: ${wrong.join('; ')}`);
      continue;
    }
    const region = row.region?.trim();
    samples.push({ country, prefix, lat: lat!, lng: lng!, ...(region ? { region } : {}) });
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 10).join('\n  ');
    const more = problems.length > 10 ? `\n  and ${problems.length - 10} more` : '';
    throw new ConfigError(`${path} has ${problems.length} bad record(s); fix or remove them:\n  ${shown}${more}`);
  }
  return PostalTable.fromSamples(samples);
}

/**
 * Brazil's 5-digit CEP prefixes from the Olist geolocation file (many samples per prefix), with
 * 4- and 3-digit areas added for the codes whose 5-digit prefix has no sample.
 */
export async function loadOlistPostalTable(dir: string): Promise<PostalTable> {
  const path = join(dir, OLIST_FILES.geolocation);
  if (!existsSync(path))
    throw new ConfigError(`${path} does not exist: point ORDINAL_GEOCODE_OLIST_DIR at the Olist data set's folder`);
  const samples: PostalSample[] = [];
  for await (const r of readCsv(path)) {
    const lat = degrees(r.geolocation_lat, 90);
    const lng = degrees(r.geolocation_lng, 180);
    const prefix = r.geolocation_zip_code_prefix ?? '';
    if (lat === undefined || lng === undefined || prefix === '') continue;
    const region = r.geolocation_state;
    samples.push({ country: 'BR', prefix, lat, lng, ...(region ? { region } : {}) });
  }
  return PostalTable.fromSamples(samples, { coarserDownTo: 3 });
}

/** The tables configured, merged (the file's areas over Olist's), or undefined when none is. */
export async function loadPostalTables(geocoding: {
  readonly olistDir: string | undefined;
  readonly file: string | undefined;
}): Promise<PostalTable | undefined> {
  const tables: PostalTable[] = [];
  if (geocoding.olistDir !== undefined) tables.push(await loadOlistPostalTable(geocoding.olistDir));
  if (geocoding.file !== undefined) tables.push(await loadPostalTableFile(geocoding.file));
  return tables.length === 0 ? undefined : PostalTable.merge(tables);
}
