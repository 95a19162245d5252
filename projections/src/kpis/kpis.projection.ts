import { CATALOGUE_CATEGORY, type ProductDefined, type ReadStore, streamCategory } from '@ordinal/domain';
import type { Projection } from '../runtime/projection.ts';
import { applyToStreamDocument } from '../runtime/stream-document.ts';
import { emptyKpiOrder, evolveKpiOrder } from './kpi-order.fold.ts';
import {
  KPI_ORDERS_COLLECTION,
  KPI_PRODUCTS_COLLECTION,
  type KpiOrderDocument,
  type KpiProductDocument,
  UNCATEGORISED,
} from './kpis.view.ts';

/** The tag that names a product's category in the catalogue: `category-garden`. */
export const CATEGORY_TAG_PREFIX = 'category-';

/** A product's category: its first `category-` tag, else uncategorised. */
export function productCategory(tags: readonly string[]): string {
  const tag = tags.find((t) => t.startsWith(CATEGORY_TAG_PREFIX) && t.length > CATEGORY_TAG_PREFIX.length);
  return tag === undefined ? UNCATEGORISED : tag.slice(CATEGORY_TAG_PREFIX.length);
}

/**
 * Answers "how is the business doing?": per order the facts every KPI is computed from
 * (`kpiOrders`), and per SKU its catalogue category (`kpiProducts`). Each document is fed by
 * one stream and keeps that stream's last applied revision, so duplicates are skipped and a
 * gap is read from the log; `GET /kpis` aggregates them per business day and dimension.
 */
export const kpisProjection: Projection = {
  name: 'kpis',
  categories: ['order', CATALOGUE_CATEGORY],
  collections: [KPI_ORDERS_COLLECTION, KPI_PRODUCTS_COLLECTION],

  async setup(store: ReadStore): Promise<void> {
    await store.collection(KPI_ORDERS_COLLECTION).ensureIndex(['placedAt']);
  },

  async apply(event, context) {
    if (streamCategory(event.streamId) === CATALOGUE_CATEGORY) {
      return applyToStreamDocument<KpiProductDocument>(
        event,
        context,
        KPI_PRODUCTS_COLLECTION,
        (id, current, events) => {
          let category = current?.category ?? UNCATEGORISED;
          for (const next of events) {
            if (next.type === 'ProductDefined') category = productCategory((next as ProductDefined).data.tags);
          }
          return { id, revision: events.at(-1)?.revision ?? 0, category };
        },
      );
    }
    return applyToStreamDocument<KpiOrderDocument>(event, context, KPI_ORDERS_COLLECTION, (id, current, events) =>
      events.reduce(evolveKpiOrder, current ?? emptyKpiOrder(id)),
    );
  },
};
