import { type Coordinates, haversineKm } from '@ordinal/domain';

/** Where one postal-code area is: a robust centre of its samples, and its region when known. */
export interface PostalArea extends Coordinates {
  readonly country: string;
  /** The prefix as stored (upper-case letters and digits). */
  readonly prefix: string;
  readonly region?: string;
  /** Samples the centre was taken from, after outliers were left out. */
  readonly samples: number;
}

/** One point known to lie in a postal-code area (a row of a geolocation file). */
export interface PostalSample extends Coordinates {
  readonly country: string;
  readonly prefix: string;
  readonly region?: string;
}

/** A sample farther than this from its area's first median is a geocoding error and left out. */
export const OUTLIER_KM = 50;

/** Postal codes are compared by their letters and digits only: `01001-000` is `01001000`. */
export const normalisePostalCode = (code: string): string => code.toUpperCase().replace(/[^0-9A-Z]/g, '');

function median(values: number[]): number {
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 === 1 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}

// The median point, then the median again over the samples near it: a few wrong coordinates in
// a geolocation file (a point in another state, 0,0) move neither.
function centre(samples: readonly PostalSample[]): { point: Coordinates; kept: readonly PostalSample[] } {
  const first = { lat: median(samples.map((s) => s.lat)), lng: median(samples.map((s) => s.lng)) };
  const kept = samples.filter((s) => haversineKm(first, s) <= OUTLIER_KM);
  if (kept.length === 0) return { point: first, kept: samples };
  return { point: { lat: median(kept.map((s) => s.lat)), lng: median(kept.map((s) => s.lng)) }, kept };
}

function mostCommon(values: readonly (string | undefined)[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) if (v !== undefined && v !== '') counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | undefined;
  for (const [v, n] of counts)
    if (best === undefined || n > counts.get(best)! || (n === counts.get(best) && v < best)) best = v;
  return best;
}

/**
 * Postal-code prefixes to coordinates, per country. A lookup tries the code's longest prefix the
 * table knows for that country first, then shorter ones, so a table may mix precise and coarse
 * areas. Built once, then each lookup is a few map reads.
 */
export class PostalTable {
  readonly #areas = new Map<string, PostalArea>();
  // Per country, the prefix lengths present, longest first.
  readonly #lengths = new Map<string, number[]>();

  /**
   * A table from samples, many per area allowed: each area's centre is the median of its
   * samples with outliers (over `OUTLIER_KM` from the first median) left out. With
   * `coarserDownTo`, areas of every shorter prefix down to that length are added, each from all
   * the samples under it, for codes whose own area has no sample.
   */
  static fromSamples(samples: Iterable<PostalSample>, options: { coarserDownTo?: number } = {}): PostalTable {
    const groups = new Map<string, PostalSample[]>();
    for (const sample of samples) {
      const country = sample.country.toUpperCase();
      const prefix = normalisePostalCode(sample.prefix);
      const shortest = Math.min(prefix.length, options.coarserDownTo ?? prefix.length);
      for (let length = prefix.length; length >= Math.max(1, shortest); length -= 1) {
        const key = `${country}:${prefix.slice(0, length)}`;
        const group = groups.get(key);
        if (group === undefined) groups.set(key, [sample]);
        else group.push(sample);
      }
    }
    const table = new PostalTable();
    for (const [key, group] of groups) {
      const [country, prefix] = key.split(':') as [string, string];
      const { point, kept } = centre(group);
      const region = mostCommon(kept.map((s) => s.region));
      table.#add({ country, prefix, ...point, ...(region === undefined ? {} : { region }), samples: kept.length });
    }
    return table;
  }

  #add(area: PostalArea): void {
    this.#areas.set(`${area.country}:${area.prefix}`, area);
    const lengths = this.#lengths.get(area.country) ?? [];
    if (!lengths.includes(area.prefix.length)) {
      lengths.push(area.prefix.length);
      lengths.sort((a, b) => b - a);
    }
    this.#lengths.set(area.country, lengths);
  }

  /** The area of the longest known prefix of the code in that country, or undefined. */
  lookup(country: string, postalCode: string): PostalArea | undefined {
    const upper = country.toUpperCase();
    const code = normalisePostalCode(postalCode);
    for (const length of this.#lengths.get(upper) ?? []) {
      if (length > code.length) continue;
      const area = this.#areas.get(`${upper}:${code.slice(0, length)}`);
      if (area !== undefined) return area;
    }
    return undefined;
  }

  /** Areas held, per country. */
  counts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const area of this.#areas.values()) counts[area.country] = (counts[area.country] ?? 0) + 1;
    return counts;
  }

  /** One table holding the areas of all: where two hold the same prefix, the later one's wins. */
  static merge(tables: readonly PostalTable[]): PostalTable {
    const merged = new PostalTable();
    for (const table of tables) for (const area of table.#areas.values()) merged.#add(area);
    return merged;
  }
}
