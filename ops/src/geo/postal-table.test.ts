import { haversineKm } from '@ordinal/domain';
import { describe, expect, it } from 'vitest';
import { normalisePostalCode, PostalTable } from './postal-table.ts';

const sample = (prefix: string, lat: number, lng: number, region?: string) => ({
  country: 'BR',
  prefix,
  lat,
  lng,
  ...(region === undefined ? {} : { region }),
});

describe('PostalTable', () => {
  it('places an area at the median of its samples, leaving out the ones far from the rest', () => {
    // Five samples around Campos dos Goytacazes and two wrongly in Recife, 1,300 km away.
    const table = PostalTable.fromSamples([
      sample('28140', -21.84, -41.26, 'RJ'),
      sample('28140', -21.85, -41.3, 'RJ'),
      sample('28140', -21.8, -41.27, 'RJ'),
      sample('28140', -8.05, -34.88, 'PE'),
      sample('28140', -21.83, -41.2, 'RJ'),
      sample('28140', -8.04, -34.89, 'PE'),
      sample('28140', -21.9, -41.25, 'RJ'),
    ]);
    const area = table.lookup('BR', '28140-000');
    expect(area).toEqual({ country: 'BR', prefix: '28140', lat: -21.84, lng: -41.26, region: 'RJ', samples: 5 });
  });

  it('takes the middle of an even number of samples, and keeps every sample when none is near the median', () => {
    const even = PostalTable.fromSamples([sample('01001', -23.54, -46.63), sample('01001', -23.56, -46.65)]);
    expect(even.lookup('BR', '01001')).toMatchObject({
      lat: expect.closeTo(-23.55, 9),
      lng: expect.closeTo(-46.64, 9),
    });
    expect(even.lookup('BR', '01001')).not.toHaveProperty('region');
    const scattered = PostalTable.fromSamples([sample('69000', -3, -60), sample('69000', -10, -50)]);
    expect(scattered.lookup('BR', '69000')).toMatchObject({ lat: -6.5, lng: -55, samples: 2 });
  });

  it('answers with the longest prefix it knows of the code, in that country only', () => {
    const table = PostalTable.fromSamples([
      { country: 'CN', prefix: '310', lat: 30.27, lng: 120.15, region: 'CN-33' },
      { country: 'CN', prefix: '310012', lat: 30.28, lng: 120.12, region: 'CN-33' },
      { country: 'CN', prefix: '20', lat: 31.23, lng: 121.47, region: 'CN-31' },
    ]);
    expect(table.lookup('cn', '310012')?.prefix).toBe('310012');
    expect(table.lookup('CN', '310000')?.prefix).toBe('310');
    expect(table.lookup('CN', '200040')?.prefix).toBe('20');
    expect(table.lookup('CN', '000000')).toBeUndefined();
    expect(table.lookup('BR', '310012')).toBeUndefined();
    expect(table.lookup('CN', '31')).toBeUndefined();
    expect(table.counts()).toEqual({ CN: 3 });
  });

  it('adds coarser areas from the samples under them, for codes whose own prefix has none', () => {
    const table = PostalTable.fromSamples(
      [sample('01012', -23.549, -46.635, 'SP'), sample('01027', -23.538, -46.631, 'SP'), sample('02010', -23.5, -46.6)],
      { coarserDownTo: 3 },
    );
    expect(table.lookup('BR', '01001-000')).toMatchObject({ prefix: '010', samples: 2, region: 'SP' });
    expect(table.lookup('BR', '01027-100')).toMatchObject({ prefix: '01027', samples: 1 });
    expect(table.lookup('BR', '03001-000')).toBeUndefined();
    // 01012, 01027, 02010; 0101, 0102, 0201; 010, 020.
    expect(table.counts()).toEqual({ BR: 3 + 3 + 2 });
  });

  it('merges tables, the later one winning a prefix both hold', () => {
    const olist = PostalTable.fromSamples([sample('01001', -23.55, -46.63, 'SP'), sample('20231', -22.91, -43.18)]);
    const file = PostalTable.fromSamples([sample('01001', -23.5, -46.6, 'SP')]);
    const merged = PostalTable.merge([olist, file]);
    expect(merged.lookup('BR', '01001')).toMatchObject({ lat: -23.5, lng: -46.6 });
    expect(merged.lookup('BR', '20231')).toMatchObject({ lat: -22.91 });
    expect(haversineKm(merged.lookup('BR', '20231')!, { lat: -22.91, lng: -43.18 })).toBe(0);
  });

  it('compares postal codes by their letters and digits', () => {
    expect(normalisePostalCode(' 01001-000 ')).toBe('01001000');
    expect(normalisePostalCode('sw1a 1aa')).toBe('SW1A1AA');
  });
});
