import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TempDataDir, tempDataDir } from '../testing/data-dir.ts';
import { measureHotSku } from './hot-sku.ts';

// The scenario's own run at a small size: what it counts and checks, not how fast (that is `npm run bench`).
describe('the hot-SKU bench scenario', () => {
  let dir: TempDataDir;
  beforeEach(async () => {
    dir = await tempDataDir('ordinal-hot-sku-');
  });
  afterEach(async () => {
    await dir.remove();
  });

  it('takes exactly the stock, refuses the rest, and writes the same rows to its ceilings', async () => {
    const lines: string[] = [];
    const figures = await measureHotSku(dir.path, { reservations: 60, inFlight: 16, stock: 25 }, (l) => lines.push(l));
    expect(figures).toMatchObject({
      taken: 25,
      refused: 35,
      folded: { onHand: 25, reserved: 25, available: 0 },
      conflicts: 0,
      host: { rows: 60 },
      // The receipt, 25 StockReserved and 35 CommandRejected.
      storeAppends: { rows: 61 },
      rawInserts: { rows: 61 },
    });
    expect(figures.host.p50Ms).toBeLessThanOrEqual(figures.host.p99Ms);
    expect(lines[0]).toMatch(/^• hot SKU: 60 reservations/);
  });

  it('takes everything when the stock covers every order', async () => {
    const figures = await measureHotSku(dir.path, { reservations: 20, inFlight: 8, stock: 30 }, () => {});
    expect(figures).toMatchObject({ taken: 20, refused: 0, folded: { onHand: 30, reserved: 20, available: 10 } });
  });
});
