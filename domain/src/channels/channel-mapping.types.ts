import type { OrderCommandOf } from '../order/order.commands.ts';

/** Any JSON value a payload or a mapping may hold. */
export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

/**
 * One step applied to a value after it was read. Every step is total: it either gives a value
 * or says why not, and an absent value stays absent (the rule's `default` or `optional` decide).
 */
export type Transform =
  | { readonly op: 'decimalToMinor' }
  | { readonly op: 'integer' }
  | { readonly op: 'string' }
  | { readonly op: 'trim' }
  | { readonly op: 'upper' }
  | { readonly op: 'lower' }
  | { readonly op: 'lookup'; readonly table: Readonly<Record<string, Json>>; readonly default?: Json }
  | { readonly op: 'utc'; readonly timeZone: string }
  | { readonly op: 'splitName'; readonly part: 'family' | 'given' }
  | { readonly op: 'queryParam'; readonly name: string };

/** The name of every transform, as `op` spells it. */
export type TransformName = Transform['op'];

/**
 * How one target field gets its value: exactly one source (`path`, `const`, `firstOf`,
 * `concat`), then the transforms in order. Paths are dotted (`receiver.city`, `items.0.sku`);
 * inside `lines` they start at the line, and `$.` reaches the payload's root.
 */
export interface FieldRule {
  readonly path?: string;
  readonly const?: Json;
  /** The first of these paths that holds a value (not null, not an empty string). */
  readonly firstOf?: readonly string[];
  /** The values at these paths that are present, joined with `separator` (default a space). */
  readonly concat?: readonly string[];
  readonly separator?: string;
  readonly transforms?: readonly Transform[];
  /** Used when the source and transforms give no value. */
  readonly default?: Json;
}

/** The rules of each line, read once per element of the array at `each`. */
export interface LinesRule {
  readonly each: string;
  readonly fields: Readonly<Record<string, FieldRule>>;
}

/** A channel's declarative mapping from its own payload to PlaceOrder. */
export interface MappingDocument {
  readonly channel: string;
  readonly version: number;
  readonly description: string;
  /** Which channel the sale is credited to (first touch); the sales channel when it gives nothing. */
  readonly attributedChannel: FieldRule;
  readonly fields: Readonly<Record<string, FieldRule>>;
  readonly lines: LinesRule;
}

/** One reason a payload could not be mapped: the target field, the payload path, why. */
export interface MappingError {
  readonly field: string;
  readonly path: string;
  readonly reason: string;
}

/** One reason a mapping document is not valid: where in the document, and why. */
export interface MappingProblem {
  readonly location: string;
  readonly problem: string;
}

/** PlaceOrder as a mapping produces it: everything but the order id, which the intake derives. */
export type MappedPlaceOrder = Omit<OrderCommandOf<'PlaceOrder'>, 'orderId' | 'type'>;

/** What `applyMapping` gives: the command, or every error; the external id whenever it was readable. */
export type MappingResult =
  | {
      readonly ok: true;
      readonly command: MappedPlaceOrder;
      /** When the channel says the order was placed (ISO UTC), if the mapping reads it. */
      readonly placedAt?: string;
    }
  | { readonly ok: false; readonly errors: readonly MappingError[]; readonly externalOrderId?: string };
