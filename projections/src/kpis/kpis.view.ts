import type { StreamDocument } from '../runtime/stream-document.ts';

/** The `kpis` projection's per-order facts, one document per order stream. */
export const KPI_ORDERS_COLLECTION = 'kpiOrders';
/** The `kpis` projection's product categories, one document per catalogue stream. */
export const KPI_PRODUCTS_COLLECTION = 'kpiProducts';

/** The category of a product whose catalogue entry has no `category-` tag, or of an unknown SKU. */
export const UNCATEGORISED = 'uncategorised';
/** The location of an order no allocation in force names. */
export const UNALLOCATED = 'unallocated';
/** The region of an order whose shipping address has none. */
export const NO_REGION = 'none';

/** One shipment as the KPIs see it: where it ships from and when it reached the customer. */
export interface KpiShipment {
  readonly locationId: string;
  /** Revision of the OrderAllocated that created it: AllocationRejected withdraws that allocation. */
  readonly allocation: number;
  readonly dispatched: boolean;
  /** The earliest delivery recorded for it (ShipmentDelivered or a `delivered` carrier scan). */
  readonly deliveredAt: string | null;
}

/**
 * What the KPIs need of one order, folded from its stream (docs/kpis.md defines each field).
 * `revision` is the last event of the order's stream applied, the per-stream guard of DESIGN.md.
 */
export interface KpiOrderDocument extends StreamDocument {
  /** Null until OrderPlaced is applied; documents without it count nowhere. */
  readonly placedAt: string | null;
  readonly channel: string;
  readonly region: string;
  /** Distinct SKUs of the lines placed (gift lines included: they ship too). */
  readonly skus: readonly string[];
  /** OrderPlaced's total in minor units, and its currency. */
  readonly total: number;
  readonly currency: string;
  readonly promisedBy: string | null;
  readonly shipments: Readonly<Record<string, KpiShipment>>;
  /** Distinct locations of the shipments in force, sorted; empty before any allocation. */
  readonly locations: readonly string[];
  /** When the last shipment in force was delivered, once every one of them is; null before. */
  readonly deliveredAt: string | null;
  readonly cancelled: boolean;
  readonly returned: boolean;
}

/** A catalogue entry's category, from its `category-<name>` tag. */
export interface KpiProductDocument extends StreamDocument {
  readonly category: string;
}
