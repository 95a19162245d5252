import { type RoutingPolicy, validateRoutingPolicy } from '@ordinal/domain';

/** A control of the policy form: the policy field it sets (`weights.distance`), its label and bounds. */
export interface PolicyControl {
  readonly field: string;
  readonly label: string;
  readonly help: string;
  readonly min: number;
  readonly max: number;
  readonly step: number;
}

/** The five weights, each a slider (0 switches a factor off; docs/routing.md). */
export const WEIGHT_CONTROLS: readonly PolicyControl[] = [
  { field: 'weights.shippingCost', label: 'Shipping cost', help: 'what the shipment costs', min: 0, max: 5, step: 0.1 },
  { field: 'weights.distance', label: 'Distance', help: 'shorter trips break ties', min: 0, max: 5, step: 0.1 },
  {
    field: 'weights.deliveryPromise',
    label: 'Delivery promise',
    help: 'each day late of the promised date',
    min: 0,
    max: 5,
    step: 0.1,
  },
  {
    field: 'weights.capacity',
    label: 'Capacity',
    help: 'sparing locations near their daily limit',
    min: 0,
    max: 5,
    step: 0.1,
  },
  { field: 'weights.split', label: 'Split', help: 'each shipment beyond the first', min: 0, max: 5, step: 0.1 },
];

/** The other numbers of a policy: scales, shipment limits and the search bounds. */
export const NUMBER_CONTROLS: readonly PolicyControl[] = [
  { field: 'scales.distanceKm', label: 'Distance that counts 1.0 (km)', help: '', min: 1, max: 10_000, step: 1 },
  { field: 'scales.lateDays', label: 'Days late that count 1.0', help: '', min: 0.1, max: 30, step: 0.1 },
  { field: 'maxShipments', label: 'Most shipments per order', help: '', min: 1, max: 10, step: 1 },
  {
    field: 'capacityReserveThreshold',
    label: 'Capacity reserve (shipments left today)',
    help: '',
    min: 0,
    max: 10_000,
    step: 1,
  },
  { field: 'limits.splitPool', label: 'Split search: candidates combined', help: '', min: 1, max: 100, step: 1 },
  { field: 'limits.splitPoolPerLine', label: 'Split search: best per line', help: '', min: 1, max: 50, step: 1 },
  { field: 'limits.keptCandidates', label: 'Candidates kept in the decision', help: '', min: 1, max: 500, step: 1 },
  { field: 'limits.keptAlternatives', label: 'Alternatives kept in the decision', help: '', min: 1, max: 100, step: 1 },
];

/** The value of a dotted field of a policy (`weights.distance`). */
export function fieldOf(policy: unknown, field: string): unknown {
  let value: unknown = policy;
  for (const key of field.split('.')) {
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  }
  return value;
}

/** The policy with a dotted field set, every other field as it was. */
export function withField<T>(policy: T, field: string, value: unknown): T {
  const [key, ...rest] = field.split('.');
  if (key === undefined) return policy;
  const current = policy as Record<string, unknown>;
  return { ...current, [key]: rest.length === 0 ? value : withField(current[key] ?? {}, rest.join('.'), value) } as T;
}

/**
 * The document a draft sends: the policy the form started from with the form's changes, without
 * its `version` (the server gives the next one), and every problem the server would find.
 */
export function draftOf(policy: RoutingPolicy): {
  document: Omit<RoutingPolicy, 'version'>;
  problems: ReturnType<typeof validateRoutingPolicy>;
} {
  const { version: _, ...document } = policy;
  // The version is checked with a stand-in: the server numbers drafts itself.
  return { document, problems: validateRoutingPolicy({ ...document, version: 1 }) };
}

/** The fields that differ between two policies, as `field: before → after`. */
export function changesBetween(before: unknown, after: unknown): string[] {
  return [...WEIGHT_CONTROLS, ...NUMBER_CONTROLS, { field: 'storePickupAllowed' }, { field: 'name' }]
    .filter(({ field }) => fieldOf(before, field) !== fieldOf(after, field))
    .map(({ field }) => `${field}: ${String(fieldOf(before, field))} → ${String(fieldOf(after, field))}`);
}
