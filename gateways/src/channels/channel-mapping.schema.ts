import { CHANNEL_NAME, LINE_TARGETS, ORDER_TARGETS, type TargetField } from '@ordinal/domain';
import { type TSchema, Type } from 'typebox';

const Path = Type.String({ minLength: 1, pattern: '^(\\$\\.)?[^.\\s]+(\\.[^.\\s]+)*$' });
const Paths = Type.Array(Path, { minItems: 1 });
const op = <N extends string>(name: N, args: Record<string, TSchema> = {}) =>
  Type.Object({ op: Type.Literal(name), ...args }, { additionalProperties: false });

/** One transform step of a rule, by its `op`. */
export const TransformSchema = Type.Union([
  op('decimalToMinor'),
  op('integer'),
  op('string'),
  op('trim'),
  op('upper'),
  op('lower'),
  op('lookup', { table: Type.Record(Type.String(), Type.Unknown()), default: Type.Optional(Type.Unknown()) }),
  op('utc', { timeZone: Type.String({ pattern: '^(Z|[+-]\\d{2}:\\d{2})$' }) }),
  op('splitName', { part: Type.Union([Type.Literal('family'), Type.Literal('given')]) }),
  op('queryParam', { name: Type.String({ minLength: 1 }) }),
]);

/** How one target field gets its value: one source, then transforms, then a default. */
export const FieldRuleSchema = Type.Object(
  {
    path: Type.Optional(Path),
    const: Type.Optional(Type.Unknown()),
    firstOf: Type.Optional(Paths),
    concat: Type.Optional(Paths),
    separator: Type.Optional(Type.String()),
    transforms: Type.Optional(Type.Array(TransformSchema)),
    default: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: false, minProperties: 1 },
);

function rules(targets: Readonly<Record<string, TargetField>>) {
  const properties = Object.fromEntries(
    Object.entries(targets).map(([name, target]) => [
      name,
      target.required ? FieldRuleSchema : Type.Optional(FieldRuleSchema),
    ]),
  );
  return Type.Object(properties, { additionalProperties: false });
}

/**
 * A channel mapping document, for the OpenAPI document and for checking that it agrees with
 * the domain's `validateMapping` (which also checks what a schema cannot: one source per rule).
 */
export const MappingDocumentSchema = Type.Object(
  {
    channel: Type.String({ pattern: CHANNEL_NAME.source }),
    version: Type.Integer({ minimum: 1 }),
    description: Type.String(),
    attributedChannel: FieldRuleSchema,
    fields: rules(ORDER_TARGETS),
    lines: Type.Object({ each: Path, fields: rules(LINE_TARGETS) }, { additionalProperties: false }),
  },
  { additionalProperties: false, title: 'ChannelMapping' },
);
