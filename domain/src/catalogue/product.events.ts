import type { DomainEvent } from '../shared/event.ts';
import type { Money } from '../shared/money.ts';

/** The stream category of the product catalogue: one stream per SKU, `catalogue-<sku>`. */
export const CATALOGUE_CATEGORY = 'catalogue';

/** The stream of one product. */
export function productStreamId(sku: string): string {
  return `${CATALOGUE_CATEGORY}-${sku}`;
}

/** Defines a product, or replaces its definition: name, tags rules read, list price the price check compares. */
export interface DefineProduct {
  readonly type: 'DefineProduct';
  readonly sku: string;
  readonly name: string;
  readonly tags: readonly string[];
  readonly listPrice: Money;
}

/** Commands of the product aggregate. */
export type ProductCommand = DefineProduct;

/** A product's definition as it stands from now on (who: the event's `metadata.actor`). */
export type ProductDefined = DomainEvent<
  'ProductDefined',
  {
    readonly sku: string;
    readonly name: string;
    readonly tags: readonly string[];
    readonly listPrice: Money;
    /** 1 for the first definition, then one more each time it is replaced. */
    readonly version: number;
  }
>;

/** Events of the product aggregate. */
export type ProductEvent = ProductDefined;

/** Every product event type. */
export const PRODUCT_EVENT_TYPES = ['ProductDefined'] as const;

/** A product as defined last; undefined before its first definition. */
export interface ProductState {
  readonly product?: ProductDefined['data'];
}
