import { Type } from 'typebox';
import { Compile } from 'typebox/compile';
import { describe, expect, it } from 'vitest';
import { CustomerSchema, closed, Label, served } from './order-values.schemas.ts';

describe('served', () => {
  it('drops the input bounds and keeps the shape', () => {
    const check = Compile(served(CustomerSchema));
    expect(check.Check({ customerId: 'c 1', name: 'Jane\u0007' })).toBe(true);
    expect(check.Check({ customerId: 'c1', colour: 'red' })).toBe(false);
    expect(check.Check({ name: 'Jane' })).toBe(false);
    expect(Compile(CustomerSchema).Check({ customerId: 'c 1' })).toBe(false);
  });

  it('keeps properties whose names are keywords', () => {
    const schema = served(closed({ pattern: Label, maximum: Type.Integer({ maximum: 3 }) }));
    expect(Object.keys(schema.properties)).toEqual(['pattern', 'maximum']);
    expect(schema.required).toEqual(['pattern', 'maximum']);
    expect(Compile(schema).Check({ pattern: '\u0000', maximum: 9 })).toBe(true);
  });
});
