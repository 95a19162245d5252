import { describe, expect, it } from 'vitest';
import { sampleMapping } from './channel-mapping.test-mapping.ts';
import { validateMapping } from './channel-mapping.validate.ts';

const clone = () => JSON.parse(JSON.stringify(sampleMapping));

describe('validateMapping', () => {
  it('accepts a well-formed mapping', () => {
    expect(validateMapping(sampleMapping)).toEqual({ ok: true, document: sampleMapping });
  });

  it('reports every problem of the shape and the meaning, each at its location', () => {
    const document = clone();
    document.channel = 'Tmall-CN';
    document.version = 0;
    document.extra = true;
    delete document.fields.currency;
    document.fields['customer.nickname'] = { path: 'nick' };
    document.fields['customer.customerId'] = { path: 'a', const: 'b' };
    document.fields['shippingAddress.city'] = { path: 'to..city', transforms: [{ op: 'titleCase' }] };
    document.fields.shippingFee = {
      path: 'fee',
      transforms: [{ op: 'lookup' }, { op: 'utc', timeZone: 'Asia/Shanghai' }],
    };
    document.lines.each = '';
    document.lines.fields.sku = { firstOf: [] };
    delete document.lines.fields.unitPrice;
    const result = validateMapping(document);
    expect(result.ok === false && result.problems).toEqual([
      { location: '/extra', problem: 'is not an allowed property' },
      { location: '/channel', problem: 'must be 2-32 lower-case letters and digits, starting with a letter' },
      { location: '/version', problem: 'must be a whole number from 1' },
      {
        location: '/fields/customer.customerId',
        problem: 'must have exactly one of path, const, firstOf, concat (has 2)',
      },
      { location: '/fields/shippingAddress.city/path', problem: 'is not a path' },
      {
        location: '/fields/shippingAddress.city/transforms/0/op',
        problem:
          'is not a transform (one of decimalToMinor, integer, string, trim, upper, lower, lookup, utc, splitName, queryParam)',
      },
      { location: '/fields/shippingFee/transforms/0/table', problem: 'is required by lookup' },
      { location: '/fields/shippingFee/transforms/1/timeZone', problem: 'must be Z or an offset like +08:00' },
      { location: '/fields/customer.nickname', problem: 'is not a target field' },
      { location: '/fields/currency', problem: 'is a required target field without a rule' },
      { location: '/lines/each', problem: 'must be the path of the payload’s list of lines' },
      { location: '/lines/fields/sku/firstOf', problem: 'must be a non-empty list of paths' },
      { location: '/lines/fields/unitPrice', problem: 'is a required target field without a rule' },
    ]);
  });

  it('names every missing part of an empty document, and refuses what is not an object', () => {
    const result = validateMapping({});
    expect(result.ok === false && result.problems.map((p) => p.location)).toEqual([
      '/channel',
      '/version',
      '/description',
      '/attributedChannel',
      '/fields',
      '/lines',
    ]);
    expect(validateMapping([])).toEqual({
      ok: false,
      problems: [{ location: '', problem: 'must be a mapping object' }],
    });
  });

  it('checks the arguments of each transform and refuses extra ones', () => {
    const document = clone();
    document.attributedChannel = {
      path: 'src',
      transforms: [{ op: 'splitName', part: 'middle' }, { op: 'queryParam' }, { op: 'trim', side: 'left' }],
    };
    const result = validateMapping(document);
    expect(result.ok === false && result.problems).toEqual([
      { location: '/attributedChannel/transforms/0/part', problem: 'must be family or given' },
      { location: '/attributedChannel/transforms/1/name', problem: 'is required by queryParam' },
      { location: '/attributedChannel/transforms/2/side', problem: 'is not an allowed property' },
    ]);
  });
});
