import { readFileSync } from 'node:fs';
import { type CarrierMappingDocument, parseCarrierMapping } from '@ordinal/domain';

/** The carriers Ordinal ships a scan mapping for. */
export const DEFAULT_CARRIERS = ['sf-express', 'dhl'] as const;

/** The mapping shipped for a carrier (`mappings/<carrier>.mapping.json`), validated. */
export function defaultCarrierMapping(carrier: string): CarrierMappingDocument {
  const json: unknown = JSON.parse(
    readFileSync(new URL(`./mappings/${carrier}.mapping.json`, import.meta.url), 'utf8'),
  );
  const parsed = parseCarrierMapping(json);
  if (Array.isArray(parsed)) {
    throw new Error(`the shipped ${carrier} mapping is not valid: ${JSON.stringify(parsed)}`);
  }
  return parsed as CarrierMappingDocument;
}

/** Every shipped carrier mapping by carrier. */
export function defaultCarrierMappings(): ReadonlyMap<string, CarrierMappingDocument> {
  return new Map(DEFAULT_CARRIERS.map((carrier) => [carrier, defaultCarrierMapping(carrier)]));
}
