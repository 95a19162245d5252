import { isValidPath } from '../channels/channel-mapping.paths.ts';
import type { MappingProblem } from '../channels/channel-mapping.types.ts';
import { checkRule } from '../channels/channel-mapping.validate.ts';
import { SCAN_TARGETS } from './carrier-mapping.apply.ts';
import type { CarrierMappingDocument } from './carrier-scan.types.ts';

/** A carrier's name in the route and the configuration: `sf-express`, `dhl`. */
export const CARRIER_NAME = /^[a-z][a-z0-9-]{1,31}$/;

const KEYS = ['carrier', 'version', 'description', 'each', 'fields'];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every problem of a carrier mapping document; none means it is a valid `CarrierMappingDocument`. */
export function validateCarrierMapping(value: unknown): readonly MappingProblem[] {
  const out: MappingProblem[] = [];
  if (!isRecord(value)) return [{ location: '', problem: 'must be an object' }];
  for (const key of Object.keys(value)) {
    if (!KEYS.includes(key)) out.push({ location: `/${key}`, problem: 'is not a mapping field' });
  }
  if (typeof value.carrier !== 'string' || !CARRIER_NAME.test(value.carrier)) {
    out.push({ location: '/carrier', problem: `must match ${CARRIER_NAME}` });
  }
  if (!Number.isSafeInteger(value.version) || (value.version as number) < 1) {
    out.push({ location: '/version', problem: 'must be a whole number from 1' });
  }
  if (typeof value.description !== 'string') out.push({ location: '/description', problem: 'must be a text' });
  if (value.each !== undefined && (typeof value.each !== 'string' || !isValidPath(value.each))) {
    out.push({ location: '/each', problem: 'is not a path' });
  }
  if (!isRecord(value.fields)) {
    out.push({ location: '/fields', problem: 'must be an object of rules' });
    return out;
  }
  for (const [field, rule] of Object.entries(value.fields)) {
    if (!Object.hasOwn(SCAN_TARGETS, field)) out.push({ location: `/fields/${field}`, problem: 'is not a scan field' });
    else checkRule(rule, `/fields/${field}`, out);
  }
  for (const [field, target] of Object.entries(SCAN_TARGETS)) {
    if (target.required && !Object.hasOwn(value.fields, field)) {
      out.push({ location: `/fields/${field}`, problem: 'is required' });
    }
  }
  return out;
}

/** The document as a mapping, or every problem. */
export function parseCarrierMapping(value: unknown): CarrierMappingDocument | readonly MappingProblem[] {
  const problems = validateCarrierMapping(value);
  return problems.length === 0 ? (value as CarrierMappingDocument) : problems;
}
