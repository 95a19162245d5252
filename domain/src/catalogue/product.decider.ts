import type { Decider } from '../shared/decider.ts';
import { reject } from '../shared/rejection.ts';
import { CATALOGUE_CATEGORY, type ProductCommand, type ProductEvent, type ProductState } from './product.events.ts';

const SKU = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const TAG = /^[a-z0-9][a-z0-9-]{0,39}$/;
const CURRENCY = /^[A-Z]{3}$/;

/** Every code a product command may be rejected with (all `invalid`: the command's own data is wrong). */
export const PRODUCT_REJECTION_CODES = ['catalogue.invalid-product', 'catalogue.unchanged'] as const;

/**
 * The product catalogue, one stream per SKU: `DefineProduct` records a whole definition (name,
 * tags, list price), each one a new version; the same definition again is refused, so every
 * event is a change.
 */
export const productDecider: Decider<ProductCommand, ProductEvent, ProductState> = {
  category: CATALOGUE_CATEGORY,
  initialState: () => ({}),
  evolve: (_state, event) => ({ product: event.data }),
  decide(command, state) {
    const problems: { field: string; problem: string }[] = [];
    if (typeof command.sku !== 'string' || !SKU.test(command.sku)) {
      problems.push({ field: '/sku', problem: 'must be 1 to 64 letters, digits, dots, dashes or underscores' });
    }
    if (typeof command.name !== 'string' || command.name.trim() === '') {
      problems.push({ field: '/name', problem: 'must not be empty' });
    }
    if (!Array.isArray(command.tags)) problems.push({ field: '/tags', problem: 'must be a list' });
    else {
      for (const [i, tag] of command.tags.entries()) {
        if (typeof tag !== 'string' || !TAG.test(tag))
          problems.push({ field: `/tags/${i}`, problem: 'must be lower-case letters, digits or dashes' });
      }
    }
    const price = command.listPrice;
    if (!Number.isSafeInteger(price?.amount) || price.amount < 0) {
      problems.push({ field: '/listPrice/amount', problem: 'must be a whole number of minor units, not negative' });
    }
    if (typeof price?.currency !== 'string' || !CURRENCY.test(price.currency)) {
      problems.push({ field: '/listPrice/currency', problem: 'must be an ISO 4217 code' });
    }
    if (problems.length > 0) {
      return reject('catalogue.invalid-product', `the product has ${problems.length} problem(s)`, {
        problems,
        field: problems[0]?.field,
      });
    }
    const tags = [...new Set(command.tags)].sort();
    const listPrice = { amount: price.amount, currency: price.currency };
    const current = state.product;
    if (
      current !== undefined &&
      current.name === command.name &&
      JSON.stringify(current.tags) === JSON.stringify(tags) &&
      current.listPrice.amount === listPrice.amount &&
      current.listPrice.currency === listPrice.currency
    ) {
      return reject('catalogue.unchanged', `product ${command.sku} is defined like this already`, {
        version: current.version,
      });
    }
    const version = (current?.version ?? 0) + 1;
    return [{ type: 'ProductDefined', data: { sku: command.sku, name: command.name, tags, listPrice, version } }];
  },
  entityId: (command) => command.sku,
  describe: (state) => ({ version: state.product?.version ?? 0 }),
};
