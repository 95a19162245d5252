import { describe, expect, it } from 'vitest';
import { validateCarrierMapping } from './carrier-mapping.validate.ts';

const valid = {
  carrier: 'acme-post',
  version: 1,
  description: 'one scan per push',
  fields: {
    carrierEventId: { path: 'id' },
    trackingNumber: { path: 'parcel' },
    kind: { path: 'what', transforms: [{ op: 'lookup', table: { D: 'delivered' } }] },
    occurredAt: { path: 'at' },
  },
};

describe('validateCarrierMapping', () => {
  it('accepts a mapping with a rule for every required scan field', () => {
    expect(validateCarrierMapping(valid)).toEqual([]);
  });

  it('names every problem: a bad carrier name, unknown fields, bad rules, missing required fields', () => {
    const { occurredAt: _, ...fields } = valid.fields;
    expect(
      validateCarrierMapping({
        ...valid,
        carrier: 'Acme Post',
        extra: true,
        fields: { ...fields, weight: { path: 'kg' }, location: { path: 'a', const: 'b' } },
      }),
    ).toEqual([
      { location: '/extra', problem: 'is not a mapping field' },
      { location: '/carrier', problem: expect.stringContaining('must match') },
      { location: '/fields/weight', problem: 'is not a scan field' },
      { location: '/fields/location', problem: expect.stringContaining('exactly one of') },
      { location: '/fields/occurredAt', problem: 'is required' },
    ]);
  });
});
