import { TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';
import type { TSchema } from 'typebox';
import { FORMAT_REASONS, PATTERN_REASONS } from './patterns.ts';

type Validate = ReturnType<FastifySchemaCompiler<TSchema>>;
type JsonSchema = { readonly [key: string]: unknown };

/** One offending field of a request: a JSON pointer into the request part, and what is wrong. */
export type FieldProblem = {
  readonly field: string;
  readonly reason: string;
  /** The values the field may take, when it is one of a list. */
  readonly allowedValues?: readonly unknown[];
};

/** What a 400 for invalid input carries: the first problem, where it is, and every problem. */
export type ValidationDetails = FieldProblem & {
  readonly location: string;
  readonly problems: readonly FieldProblem[];
};

function isObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The property every branch of a union pins to a distinct constant (e.g. `type`), with the
 * branch per constant; undefined when the schema is not such a union.
 */
export function discriminatorOf(schema: object): { property: string; branches: Map<string, TSchema> } | undefined {
  const branches = (schema as JsonSchema).anyOf;
  if (!Array.isArray(branches) || branches.length === 0) return undefined;
  const first = branches[0] as JsonSchema;
  const candidates = isObject(first.properties) ? Object.keys(first.properties) : [];
  for (const property of candidates) {
    const byTag = new Map<string, TSchema>();
    for (const branch of branches as JsonSchema[]) {
      const props = isObject(branch.properties) ? branch.properties : {};
      const tag = isObject(props[property]) ? (props[property] as JsonSchema).const : undefined;
      if (typeof tag !== 'string' || byTag.has(tag)) break;
      byTag.set(tag, branch as TSchema);
    }
    if (byTag.size === branches.length) return { property, branches: byTag };
  }
  return undefined;
}

function problem(keyword: string, instancePath: string, message: string, params = {}): FastifySchemaValidationError {
  return { keyword, instancePath, schemaPath: '#', params, message };
}

/**
 * Validates a discriminated union against the one branch its tag names, so a bad command
 * answers "/quantity must be integer" instead of one complaint per command type.
 */
function discriminatedValidator(
  property: string,
  branches: Map<string, TSchema>,
  compile: (schema: TSchema) => Validate,
): Validate {
  const validators = new Map([...branches].map(([tag, branch]) => [tag, compile(branch)]));
  const allowed = [...validators.keys()];
  return (value) => {
    if (!isObject(value)) return { error: [problem('type', '', 'must be object', { type: 'object' })] };
    const tag = value[property];
    const validate = typeof tag === 'string' ? validators.get(tag) : undefined;
    if (validate) return validate(value);
    if (tag === undefined) {
      return {
        error: [problem('required', '', `must have required property ${property}`, { missingProperty: property })],
      };
    }
    return {
      error: [problem('enum', `/${property}`, `must be one of ${allowed.join(', ')}`, { allowedValues: allowed })],
    };
  };
}

/** Fastify validator compiler: TypeBox's, plus per-branch validation of discriminated unions. */
export const validatorCompiler: FastifySchemaCompiler<TSchema> = (route) => {
  const compile = (schema: TSchema) => TypeBoxValidatorCompiler({ ...route, schema });
  const union = discriminatorOf(route.schema);
  return union ? discriminatedValidator(union.property, union.branches, compile) : compile(route.schema);
};

function toProblem(error: FastifySchemaValidationError): FieldProblem | undefined {
  const params = error.params as Record<string, unknown>;
  const path = error.instancePath;
  const first = (list: unknown, single: unknown) => String(Array.isArray(list) ? list[0] : single);
  switch (error.keyword) {
    case 'required':
      return { field: `${path}/${first(params.requiredProperties, params.missingProperty)}`, reason: 'is required' };
    case 'additionalProperties':
      return {
        field: `${path}/${first(params.additionalProperties, params.additionalProperty)}`,
        reason: 'is not an allowed property',
      };
    case 'boolean':
      // TypeBox reports an extra property twice: as `false` schema and as additionalProperties.
      return undefined;
    case 'enum': {
      const allowedValues = Array.isArray(params.allowedValues) ? params.allowedValues : [];
      return { field: path, reason: `must be one of ${allowedValues.join(', ')}`, allowedValues };
    }
    case 'pattern':
      return { field: path, reason: PATTERN_REASONS.get(String(params.pattern)) ?? error.message ?? 'is invalid' };
    case 'format':
      return { field: path, reason: FORMAT_REASONS.get(String(params.format)) ?? error.message ?? 'is invalid' };
    default:
      return { field: path, reason: error.message ?? error.keyword };
  }
}

/** Turns validation errors of one request part into a field and reason people can act on. */
export function validationDetails(
  errors: readonly FastifySchemaValidationError[],
  location: string,
): ValidationDetails {
  const problems = errors.flatMap((error) => toProblem(error) ?? []);
  const unique = [...new Map(problems.map((p) => [`${p.field} ${p.reason}`, p])).values()];
  const head = unique[0] ?? { field: '', reason: 'is invalid' };
  return { ...head, location, problems: unique };
}
