import type { Address } from '@ordinal/domain';
import { describe, expect, it } from 'vitest';
import { geocoderChain } from './geocoder.ts';
import { PostalTable } from './postal-table.ts';

const table = PostalTable.fromSamples([
  { country: 'CN', prefix: '310', lat: 30.2741, lng: 120.1551, region: 'CN-33' },
  { country: 'BR', prefix: '01001', lat: -23.5503, lng: -46.6339 },
]);

const hangzhou: Address = {
  name: '陈静怡',
  line1: '西湖区 文三路 478 号',
  city: '杭州市',
  region: '浙江省',
  postalCode: '310012',
  country: 'CN',
};

describe('the geocoder chain', () => {
  const geocode = geocoderChain(table);

  it('takes the coordinates the address carries first', () => {
    expect(geocode({ ...hangzhou, coordinates: { lat: 30.28, lng: 120.12 } })).toEqual({
      lat: 30.28,
      lng: 120.12,
      region: '浙江省',
      country: 'CN',
      postalCode: '310012',
      source: 'address',
    });
  });

  it("then the postal-code area, in the table's region codes", () => {
    expect(geocode(hangzhou)).toEqual({
      lat: 30.2741,
      lng: 120.1551,
      region: 'CN-33',
      country: 'CN',
      postalCode: '310012',
      source: 'postal-table',
    });
    // Coordinates out of range are no answer: the table answers instead.
    expect(geocode({ ...hangzhou, coordinates: { lat: 130, lng: 120.12 } })?.source).toBe('postal-table');
    const saoPaulo = { ...hangzhou, region: 'SP', postalCode: '01001-000', country: 'BR' };
    expect(geocode(saoPaulo)).toMatchObject({ region: 'SP', source: 'postal-table', lat: -23.5503 });
  });

  it('answers nothing for an address it cannot place, so the region centroid is taken', () => {
    expect(geocode({ ...hangzhou, postalCode: '000000' })).toBeUndefined();
    expect(geocoderChain(undefined)(hangzhou)).toBeUndefined();
    expect(geocoderChain(undefined)({ ...hangzhou, coordinates: { lat: 30.28, lng: 120.12 } })?.source).toBe('address');
  });
});
