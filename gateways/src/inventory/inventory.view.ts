import type { StockFigures } from '@ordinal/domain';
import type { AvailableToPromiseDocument, LocationDocument } from '@ordinal/projections';
import type { InventoryView } from './inventory.schemas.ts';

function add(a: StockFigures, b: StockFigures): StockFigures {
  return { onHand: a.onHand + b.onHand, reserved: a.reserved + b.reserved, available: a.available + b.available };
}

const NONE: StockFigures = { onHand: 0, reserved: 0, available: 0 };

/** The SKU's figures joined with its locations' names, kinds and regions, summed per region. */
export function inventoryView(doc: AvailableToPromiseDocument, places: readonly LocationDocument[]): InventoryView {
  const byId = new Map(places.map((place) => [place.locationId, place]));
  const locations = Object.entries(doc.locations)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([locationId, figures]) => {
      const place = byId.get(locationId);
      return {
        locationId,
        name: place?.name ?? null,
        kind: place?.kind ?? null,
        region: place?.region ?? null,
        onHand: figures.onHand,
        reserved: figures.reserved,
        available: figures.available,
      };
    });
  const regions = new Map<string | null, StockFigures>();
  for (const { region, onHand, reserved, available } of locations) {
    regions.set(region, add(regions.get(region) ?? NONE, { onHand, reserved, available }));
  }
  return {
    sku: doc.sku,
    revision: doc.revision,
    updatedAt: doc.updatedAt,
    locations,
    regions: [...regions].map(([region, figures]) => ({ region, ...figures })),
    totals: doc.totals,
  };
}
