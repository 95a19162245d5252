import { DEFAULT_ROUTING_POLICY, route } from '@ordinal/domain';
import { describe, expect, it } from 'vitest';
import { loadOlist } from '../datasets/olist/olist.loader.ts';
import { olistDir, olistPresent } from '../datasets/olist/olist.paths.ts';
import { routingInputs } from './routing.inputs.ts';

const dir = olistDir();
const present = olistPresent(dir);
if (!present) console.warn(`Olist data set not found at ${dir} (set ORDINAL_OLIST_DIR): routing over it is skipped.`);

describe.skipIf(!present)('routing real Olist orders over every seller', () => {
  it('builds the same inputs from the same seed, and routes them to sellers that hold the stock', async () => {
    const data = await loadOlist(dir);
    const inputs = routingInputs(data, 20, 7);
    expect(routingInputs(data, 20, 7)).toEqual(inputs);
    expect(routingInputs(data, 20, 8)).not.toEqual(inputs);
    let routed = 0;
    for (const input of inputs) {
      expect(input.candidates).toHaveLength(data.locations.length);
      const d = route(input, DEFAULT_ROUTING_POLICY);
      expect(d.candidateSummary.total).toBe(data.locations.length);
      expect(d.candidates.length).toBeLessThan(60);
      if (d.outcome !== 'routed') continue;
      routed += 1;
      for (const s of d.plan) {
        const seller = input.candidates.find((c) => c.locationId === s.locationId)!;
        for (const l of s.lines) {
          const sku = input.lines.find((x) => x.lineId === l.lineId)!.sku;
          expect(seller.stock[sku]).toBeGreaterThanOrEqual(l.quantity);
        }
      }
      expect(d.explanation[0]).toMatch(/^(Chose|Split into)/);
    }
    expect(routed).toBeGreaterThan(10);
  });
});
