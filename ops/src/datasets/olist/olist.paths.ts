import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

type Env = Readonly<Record<string, string | undefined>>;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

/** The Olist folder: `ORDINAL_OLIST_DIR`, or `shared/datasets/olist` beside the repository. */
export function olistDir(env: Env = process.env): string {
  return env.ORDINAL_OLIST_DIR ?? join(repoRoot, '..', 'shared', 'datasets', 'olist');
}

/** The files the loader reads. */
export const OLIST_FILES = {
  sellers: 'olist_sellers_dataset.csv',
  products: 'olist_products_dataset.csv',
  customers: 'olist_customers_dataset.csv',
  geolocation: 'olist_geolocation_dataset.csv',
  orders: 'olist_orders_dataset.csv',
  items: 'olist_order_items_dataset.csv',
  categories: 'product_category_name_translation.csv',
} as const;

/** True when every file the loader reads is in the folder. */
export function olistPresent(dir: string): boolean {
  return Object.values(OLIST_FILES).every((file) => existsSync(join(dir, file)));
}
