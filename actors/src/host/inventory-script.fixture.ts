import fc from 'fast-check';

// Scripts of orders against a few SKUs at a few locations, for the inventory host's property test.

/** SKUs per script and the locations that hold them. */
export const SCRIPT_SKUS = 3;
export const SCRIPT_LOCATIONS = ['wh-sp', 'wh-rj', 'st-bh'] as const;
/** One figure per SKU at each location. */
const PLACES = SCRIPT_SKUS * SCRIPT_LOCATIONS.length;

/**
 * What happens to an order's reservations once they are answered: kept, released (cancelled),
 * committed (shipped), or a release and a commit racing each other (a cancellation arriving
 * while the shipment leaves), of which exactly one may win.
 */
export type Fate = 'keep' | 'cancel' | 'ship' | 'race';

export interface OrderScript {
  readonly lines: readonly { readonly sku: number; readonly location: number; readonly quantity: number }[];
  readonly fate: Fate;
  /** Which host each of the order's commands goes to. */
  readonly host: number;
  /** Event-loop turns before the order arrives, and before its fate. */
  readonly delay: number;
  readonly pause: number;
  /** The reservations are sent twice under the same command ids, as a retrying caller would. */
  readonly resend: boolean;
}

export interface InventoryScript {
  /** Units received per SKU × location before the orders (0: none). */
  readonly initial: readonly number[];
  readonly orders: readonly OrderScript[];
  /** Goods arriving while the orders run. */
  readonly restocks: readonly { sku: number; location: number; quantity: number; delay: number }[];
  readonly hosts: 1 | 2;
}

export const inventoryScript: fc.Arbitrary<InventoryScript> = fc.record({
  initial: fc.array(fc.integer({ min: 0, max: 8 }), { minLength: PLACES, maxLength: PLACES }),
  orders: fc.array(
    fc.record({
      lines: fc.array(
        fc.record({
          sku: fc.integer({ min: 0, max: SCRIPT_SKUS - 1 }),
          location: fc.integer({ min: 0, max: SCRIPT_LOCATIONS.length - 1 }),
          quantity: fc.integer({ min: 1, max: 4 }),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      fate: fc.constantFrom<Fate>('keep', 'cancel', 'ship', 'race'),
      host: fc.nat(1),
      delay: fc.nat(6),
      pause: fc.nat(4),
      resend: fc.boolean(),
    }),
    { minLength: 1, maxLength: 40 },
  ),
  restocks: fc.array(
    fc.record({
      sku: fc.integer({ min: 0, max: SCRIPT_SKUS - 1 }),
      location: fc.integer({ min: 0, max: SCRIPT_LOCATIONS.length - 1 }),
      quantity: fc.integer({ min: 1, max: 6 }),
      delay: fc.nat(8),
    }),
    { maxLength: 4 },
  ),
  hosts: fc.constantFrom(1 as const, 2 as const),
});
