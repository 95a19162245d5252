import fc from 'fast-check';
import { expect } from 'vitest';

/**
 * The property every projection fed by a bus keeps: the events delivered in any order, some of
 * them again (up to `maxDuplicates` extra deliveries), end in `expected`. `deliver` applies a sequence to a fresh store and answers what
 * the projection stored.
 */
export async function expectSameUnderShuffledDeliveries<E, R>(
  events: readonly E[],
  deliver: (deliveries: readonly E[]) => Promise<R>,
  expected: R,
  runs: { readonly numRuns: number; readonly maxDuplicates: number },
): Promise<void> {
  const indexes = events.map((_, i) => i);
  await fc.assert(
    fc.asyncProperty(
      fc.shuffledSubarray(indexes, { minLength: indexes.length, maxLength: indexes.length }),
      fc.array(fc.tuple(fc.nat(events.length - 1), fc.nat(events.length)), { maxLength: runs.maxDuplicates }),
      async (order, duplicates) => {
        const deliveries = order.map((i) => events[i] as E);
        for (const [event, at] of duplicates) deliveries.splice(at, 0, events[event] as E);
        expect(await deliver(deliveries)).toEqual(expected);
      },
    ),
    { numRuns: runs.numRuns },
  );
}
