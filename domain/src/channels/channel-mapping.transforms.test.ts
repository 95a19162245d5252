import { describe, expect, it } from 'vitest';
import { currencyExponent, decimalToMinorUnits } from './channel-mapping.money.ts';
import { applyTransform } from './channel-mapping.transforms.ts';
import type { Transform } from './channel-mapping.types.ts';

const run = (transform: Transform, value: unknown, currency = 'CNY') => applyTransform(transform, value, { currency });

describe('transforms', () => {
  it('decimalToMinor converts decimal strings and numbers exactly, with the currency exponent', () => {
    expect(run({ op: 'decimalToMinor' }, '199.00')).toEqual({ value: 19900 });
    expect(run({ op: 'decimalToMinor' }, 29.9)).toEqual({ value: 2990 });
    expect(run({ op: 'decimalToMinor' }, '0.1')).toEqual({ value: 10 });
    expect(run({ op: 'decimalToMinor' }, '1500', 'JPY')).toEqual({ value: 1500 });
    expect(run({ op: 'decimalToMinor' }, '1.250', 'KWD')).toEqual({ value: 1250 });
    expect(run({ op: 'decimalToMinor' }, '12.340')).toEqual({ value: 1234 });
  });

  it('decimalToMinor refuses negatives, too many decimals, text and a missing currency', () => {
    expect(run({ op: 'decimalToMinor' }, '-1.00')).toHaveProperty('reason');
    expect(run({ op: 'decimalToMinor' }, '1.005')).toEqual({ reason: '1.005 has more than 2 decimals for CNY' });
    expect(run({ op: 'decimalToMinor' }, '12,50')).toHaveProperty('reason');
    expect(run({ op: 'decimalToMinor' }, { amount: 1 })).toHaveProperty('reason');
    expect(applyTransform({ op: 'decimalToMinor' }, '1.00', {})).toHaveProperty('reason');
  });

  it('knows the currencies whose minor unit is not a cent', () => {
    expect([currencyExponent('CNY'), currencyExponent('JPY'), currencyExponent('BHD')]).toEqual([2, 0, 3]);
    expect(decimalToMinorUnits('90071992547409.93', 'USD')).toHaveProperty('reason');
  });

  it('integer takes whole numbers and digit strings (amounts already in fen or cents, counts)', () => {
    expect(run({ op: 'integer' }, 25600)).toEqual({ value: 25600 });
    expect(run({ op: 'integer' }, ' 3 ')).toEqual({ value: 3 });
    expect(run({ op: 'integer' }, 2.5)).toEqual({ reason: '2.5 is not a whole number' });
  });

  it('string, trim, upper and lower', () => {
    expect(run({ op: 'string' }, 5812345678901)).toEqual({ value: '5812345678901' });
    expect(run({ op: 'string' }, { a: 1 })).toHaveProperty('reason');
    expect(run({ op: 'trim' }, '  黄志明 ')).toEqual({ value: '黄志明' });
    expect(run({ op: 'upper' }, 'de')).toEqual({ value: 'DE' });
    expect(run({ op: 'lower' }, 'Douyin')).toEqual({ value: 'douyin' });
    expect(run({ op: 'lower' }, 3)).toEqual({ reason: '3 is not a text' });
  });

  it('lookup maps by key, falls back to its default, or says the key is unknown', () => {
    const table = { 中国: 'CN', 中国香港: 'HK' };
    expect(run({ op: 'lookup', table }, '中国香港')).toEqual({ value: 'HK' });
    expect(run({ op: 'lookup', table, default: 'CN' }, '中国台湾')).toEqual({ value: 'CN' });
    expect(run({ op: 'lookup', table }, 'toString')).toHaveProperty('reason');
  });

  it('utc reads local times of a zone, instants with their own zone, and epoch seconds', () => {
    expect(run({ op: 'utc', timeZone: '+08:00' }, '2025-11-11 00:03:12')).toEqual({
      value: '2025-11-10T16:03:12.000Z',
    });
    expect(run({ op: 'utc', timeZone: '+08:00' }, '2025-11-10T10:15:30-05:00')).toEqual({
      value: '2025-11-10T15:15:30.000Z',
    });
    expect(run({ op: 'utc', timeZone: 'Z' }, 1731336185)).toEqual({ value: '2024-11-11T14:43:05.000Z' });
    expect(run({ op: 'utc', timeZone: '+08:00' }, 'yesterday')).toHaveProperty('reason');
  });

  it('splitName splits Chinese names (compound family names too) and Western names', () => {
    expect(run({ op: 'splitName', part: 'family' }, '陈静怡')).toEqual({ value: '陈' });
    expect(run({ op: 'splitName', part: 'given' }, '陈静怡')).toEqual({ value: '静怡' });
    expect(run({ op: 'splitName', part: 'family' }, '欧阳娜娜')).toEqual({ value: '欧阳' });
    expect(run({ op: 'splitName', part: 'family' }, 'Emily Jane Clarke')).toEqual({ value: 'Clarke' });
    expect(run({ op: 'splitName', part: 'given' }, 'Emily Jane Clarke')).toEqual({ value: 'Emily Jane' });
    expect(run({ op: 'splitName', part: 'given' }, 'Madonna')).toEqual({ absent: true });
  });

  it('queryParam reads one parameter of a URL or path', () => {
    const url = '/products/cup?utm_source=Instagram&utm_campaign=autumn%20tea';
    expect(run({ op: 'queryParam', name: 'utm_source' }, url)).toEqual({ value: 'Instagram' });
    expect(run({ op: 'queryParam', name: 'utm_campaign' }, url)).toEqual({ value: 'autumn tea' });
    expect(run({ op: 'queryParam', name: 'utm_source' }, '/')).toEqual({ absent: true });
  });

  it('leaves an absent value absent', () => {
    expect(run({ op: 'upper' }, undefined)).toEqual({ absent: true });
  });
});
