import type { FastifySchemaValidationError } from 'fastify';
import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import { discriminatorOf, validationDetails, validatorCompiler } from './validation.ts';

const A = Type.Object({ type: Type.Literal('A'), x: Type.String() }, { additionalProperties: false });
const B = Type.Object({ type: Type.Literal('B'), y: Type.Integer() }, { additionalProperties: false });
const Union = Type.Union([A, B]);

function validate(schema: unknown, value: unknown, httpPart = 'body') {
  const check = validatorCompiler({ schema: schema as never, method: 'POST', url: '/', httpPart });
  return check(value) as { value?: unknown; error?: FastifySchemaValidationError[] };
}

describe('discriminatorOf', () => {
  it('finds the property every branch pins to its own constant', () => {
    const found = discriminatorOf(Union);
    expect(found?.property).toBe('type');
    expect([...(found?.branches.keys() ?? [])]).toEqual(['A', 'B']);
  });

  it('ignores unions whose branches share a constant or have none', () => {
    expect(discriminatorOf(Type.Union([A, A]))).toBeUndefined();
    expect(discriminatorOf(Type.Union([Type.String(), Type.Integer()]))).toBeUndefined();
    expect(discriminatorOf(A)).toBeUndefined();
  });
});

describe('validatorCompiler', () => {
  it('validates a discriminated union against the branch its tag names only', () => {
    expect(validate(Union, { type: 'B', y: 2 }).error).toBeUndefined();
    const { error } = validate(Union, { type: 'B', y: 'two' });
    expect(error?.map((e) => e.instancePath)).toEqual(['/y']);
  });

  it('names the tag when it is missing or unknown', () => {
    expect(validationDetails(validate(Union, { y: 1 }).error ?? [], 'body')).toMatchObject({
      field: '/type',
      reason: 'is required',
    });
    expect(validationDetails(validate(Union, { type: 'C' }).error ?? [], 'body')).toMatchObject({
      field: '/type',
      reason: 'must be one of A, B',
    });
    expect(validate(Union, 'text').error?.[0]?.message).toBe('must be object');
  });

  it('converts query strings to numbers but leaves bodies as sent', () => {
    const schema = Type.Object({ n: Type.Integer() });
    expect(validate(schema, { n: '3' }, 'querystring')).toEqual({ value: { n: 3 } });
    expect(validate(schema, { n: '3' }, 'body').error?.[0]?.instancePath).toBe('/n');
  });
});

describe('validationDetails', () => {
  const schema = Type.Object(
    { lines: Type.Array(Type.Object({ quantity: Type.Integer() }, { additionalProperties: false })) },
    { additionalProperties: false },
  );
  const details = (value: unknown) => validationDetails(validate(schema, value).error ?? [], 'body');

  it('points at a value of the wrong type', () => {
    expect(details({ lines: [{ quantity: 'x' }] })).toMatchObject({
      field: '/lines/0/quantity',
      reason: 'must be integer',
      location: 'body',
    });
  });

  it('points at a missing property by its own path', () => {
    expect(details({ lines: [{}] })).toMatchObject({ field: '/lines/0/quantity', reason: 'is required' });
    expect(details({})).toMatchObject({ field: '/lines', reason: 'is required' });
  });

  it('points at an extra property once', () => {
    const result = details({ lines: [], extra: 1 });
    expect(result).toMatchObject({ field: '/extra', reason: 'is not an allowed property' });
    expect(result.problems).toHaveLength(1);
  });

  it('reads AJV-style parameters too', () => {
    const ajv: FastifySchemaValidationError[] = [
      { keyword: 'required', instancePath: '/a', schemaPath: '#', params: { missingProperty: 'b' }, message: 'x' },
      { keyword: 'additionalProperties', instancePath: '', schemaPath: '#', params: { additionalProperty: 'c' } },
    ];
    expect(validationDetails(ajv, 'querystring').problems).toEqual([
      { field: '/a/b', reason: 'is required' },
      { field: '/c', reason: 'is not an allowed property' },
    ]);
  });
});
