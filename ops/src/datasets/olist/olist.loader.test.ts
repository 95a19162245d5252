import { describe, expect, it } from 'vitest';
import { loadOlist } from './olist.loader.ts';
import { olistDir, olistPresent } from './olist.paths.ts';

const dir = olistDir();
const present = olistPresent(dir);
if (!present) console.warn(`Olist data set not found at ${dir} (set ORDINAL_OLIST_DIR): its tests are skipped.`);

describe.skipIf(!present)('the Olist loader on the real files', () => {
  const data = present ? loadOlist(dir) : undefined;

  it('turns sellers with coordinates into warehouses and counts those without', async () => {
    const { locations, report } = (await data)!;
    expect(report.sellers).toBe(1_610);
    expect(locations.length + report.sellersWithoutCoordinates).toBe(report.sellers);
    expect(locations.length).toBeGreaterThan(1_500);
    for (const l of locations) {
      // Brazil lies between about 34°S and 6°N, 74°W and 34°W.
      expect(l.coordinates.lat).toBeGreaterThan(-34);
      expect(l.coordinates.lat).toBeLessThan(6);
      expect(l.coordinates.lng).toBeGreaterThan(-74);
      expect(l.coordinates.lng).toBeLessThan(-34);
      expect(l.region).toMatch(/^[A-Z]{2}$/);
      expect(l.dailyCapacity).toBeGreaterThanOrEqual(10);
    }
    expect(new Set(locations.map((l) => l.locationId)).size).toBe(locations.length);
    expect(locations.find((l) => l.locationId === '723a46b89fd5c3ed78ccdf039e33ac63')?.city).toBe(
      'novo hamburgo, rio grande do sul, brasil',
    );
  });

  it('reads every product with a weight, an English category and the constraints its size implies', async () => {
    const { catalogue, report } = (await data)!;
    expect(catalogue.size).toBe(5_460);
    const crib = catalogue.get('03b63c5fc16691530586ae020c345514');
    expect(crib).toEqual({
      sku: '03b63c5fc16691530586ae020c345514',
      category: 'baby',
      weightGrams: 7_150,
      dimensionsCm: { length: 50, width: 45, height: 19 },
      constraints: [],
    });
    const oversized = [...catalogue.values()].filter((p) => p.constraints.includes('oversized'));
    expect(oversized.length).toBeGreaterThan(0);
    for (const p of oversized) {
      const d = p.dimensionsCm;
      const big =
        p.weightGrams > 30_000 ||
        (d !== undefined && (Math.max(d.length, d.width, d.height) > 100 || d.length + d.width + d.height > 200));
      expect(big).toBe(true);
    }
    expect(report.productsWithoutWeight).toBeLessThan(10);
  });

  it('places customers by zip prefix and keeps the orders that can be placed', async () => {
    const { destinations, orders, report } = (await data)!;
    expect(destinations.size + report.customerZipPrefixesWithoutCoordinates).toBe(report.customerZipPrefixes);
    expect(destinations.get('20231')).toMatchObject({ region: 'RJ', country: 'BR', postalCode: '20231' });
    expect(orders.length).toBeGreaterThan(7_000);
    for (const o of orders.slice(0, 200)) expect(destinations.has(o.zipPrefix)).toBe(true);
  });

  it("keeps each order's customer, address and item prices in centavos", async () => {
    const { orders } = (await data)!;
    expect(orders.find((o) => o.orderId === '0009792311464db532ff765bf7b182ae')).toEqual({
      orderId: '0009792311464db532ff765bf7b182ae',
      customerId: '4987996ddcd0ddb20740fdce7c2bfbb1',
      zipPrefix: '37137',
      city: 'alfenas',
      state: 'MG',
      items: [
        {
          productId: '8cab8abac59158715e0d70a36c807415',
          sellerId: '530ec6109d11eaaf87999465c6afee01',
          price: 9_990,
          freight: 2_765,
        },
      ],
    });
    // Zip prefixes keep their leading zeros.
    expect(orders.some((o) => o.zipPrefix.startsWith('0'))).toBe(true);
    for (const o of orders) expect(o.zipPrefix).toMatch(/^\d{5}$/);
  });
});
