import { readFileSync } from 'node:fs';
import type { Json } from '@ordinal/domain';

/** The sample payload `fixtures/<carrier>/<name>.json`, as the carrier pushes it. */
export function carrierFixture(carrier: string, name: string): Json {
  return JSON.parse(readFileSync(new URL(`./fixtures/${carrier}/${name}.json`, import.meta.url), 'utf8')) as Json;
}
