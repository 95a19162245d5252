import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { haversineKm } from '@ordinal/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config.ts';
import { olistDir, olistPresent } from '../datasets/olist/olist.paths.ts';
import { type TempDataDir, tempDataDir } from '../testing/data-dir.ts';
import { loadOlistPostalTable, loadPostalTableFile, loadPostalTables } from './postal-table.loader.ts';

describe('a postal-code table file', () => {
  let dir: TempDataDir;
  beforeEach(async () => {
    dir = await tempDataDir('ordinal-geo-');
  });
  afterEach(async () => {
    await dir.remove();
  });

  const file = async (text: string) => {
    const path = join(dir.path, 'postal.csv');
    await writeFile(path, text);
    return path;
  };

  it('reads country, prefix and coordinates per row, a region when given, several samples per prefix', async () => {
    const path = await file(
      [
        'country,postalPrefix,lat,lng,region',
        'CN,310,30.2741,120.1551,CN-33',
        'CN,310,30.2800,120.1600,CN-33',
        'CN,310,30.2700,120.1500,CN-33',
        'CN,2000,31.2304,121.4737,CN-31',
        'FR,69,45.764,4.8357,',
      ].join('\n'),
    );
    const table = await loadPostalTableFile(path);
    expect(table.lookup('CN', '310012')).toEqual({
      country: 'CN',
      prefix: '310',
      lat: 30.2741,
      lng: 120.1551,
      region: 'CN-33',
      samples: 3,
    });
    expect(table.lookup('CN', '200040')?.region).toBe('CN-31');
    expect(table.lookup('FR', '69002')).not.toHaveProperty('region');
    expect(table.counts()).toEqual({ CN: 2, FR: 1 });
  });

  it('reports every bad record with what is wrong, as a configuration error', async () => {
    const path = await file(
      ['country,postalPrefix,lat,lng', 'China,310,30.27,120.15', 'CN,,95,120.15', 'CN,200,31.2,east'].join('\n'),
    );
    const error = await loadPostalTableFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(
      `${path} has 3 bad record(s); fix or remove them:\n` +
        '  record 2: country "China" is not an ISO 3166-1 alpha-2 code\n' +
        '  record 3: postalPrefix is empty; lat "95" is not a number from -90 to 90\n' +
        '  record 4: lng "east" is not a number from -180 to 180',
    );
  });

  it('says which columns a header lacks, and when the file is not there', async () => {
    const path = await file('country,zip,lat,lng\nCN,310,30.27,120.15\n');
    await expect(loadPostalTableFile(path)).rejects.toThrow(
      `${path}: the header lacks postalPrefix; it must be country,postalPrefix,lat,lng[,region]`,
    );
    const missing = join(dir.path, 'nope.csv');
    await expect(loadPostalTableFile(missing)).rejects.toThrow(
      `${missing} does not exist: point ORDINAL_GEOCODE_FILE at a CSV file`,
    );
    await expect(loadPostalTables({ olistDir: dir.path, file: undefined })).rejects.toThrow(
      /olist_geolocation_dataset\.csv does not exist: point ORDINAL_GEOCODE_OLIST_DIR at the Olist data set's folder/,
    );
    expect(await loadPostalTables({ olistDir: undefined, file: undefined })).toBeUndefined();
  });
});

const olist = olistDir();
const present = olistPresent(olist);
if (!present) console.warn(`Olist data set not found at ${olist} (set ORDINAL_OLIST_DIR): its tests are skipped.`);

describe.skipIf(!present)('the Olist postal-code table', () => {
  const table = present ? loadOlistPostalTable(olist) : undefined;

  it('places every 5-digit CEP prefix of the geolocation file in Brazil, in its state', async () => {
    const t = (await table)!;
    // 5,816 five-digit prefixes, and the 4- and 3-digit areas above them.
    expect(t.counts().BR).toBeGreaterThan(5_816);
    const se = t.lookup('BR', '01012-010');
    expect(se).toMatchObject({ prefix: '01012', region: 'SP', samples: 8 });
    expect(haversineKm(se!, { lat: -23.548, lng: -46.6347 })).toBeLessThan(1);
  });

  it('leaves out the samples of a prefix that lie far from the rest', async () => {
    // 36670 (Santo Antônio do Aventureiro, MG): six samples in the town, two 170 and 530 km away.
    const area = (await table)!.lookup('BR', '36670-000')!;
    expect(area).toMatchObject({ prefix: '36670', region: 'MG', samples: 6 });
    expect(haversineKm(area, { lat: -21.756, lng: -42.814 })).toBeLessThan(0.5);
  });

  it('falls back to a coarser area for a code whose own prefix has no sample', async () => {
    const t = (await table)!;
    expect(t.lookup('BR', '01001-000')).toMatchObject({ prefix: '0100', region: 'SP' });
    expect(haversineKm(t.lookup('BR', '01001-000')!, { lat: -23.5503, lng: -46.6339 })).toBeLessThan(2);
  });
});
