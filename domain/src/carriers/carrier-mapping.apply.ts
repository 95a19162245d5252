import { readPath } from '../channels/channel-mapping.paths.ts';
import { evaluateRule, sourceOf } from '../channels/channel-mapping.rules.ts';
import { checkTarget, type TargetField } from '../channels/channel-mapping.targets.ts';
import type { MappingError } from '../channels/channel-mapping.types.ts';
import {
  CARRIER_SCAN_KINDS,
  type CarrierMappingDocument,
  type CarrierScan,
  type CarrierScanKind,
} from './carrier-scan.types.ts';

const text = (required: boolean): TargetField => ({ kind: 'text', required });

/** The scan fields a carrier mapping fills. */
export const SCAN_TARGETS: Readonly<Record<string, TargetField>> = {
  carrierEventId: text(true),
  trackingNumber: text(true),
  kind: text(true),
  occurredAt: { kind: 'instant', required: true },
  location: text(false),
  'estimatedDelivery.from': { kind: 'instant', required: false },
  'estimatedDelivery.to': { kind: 'instant', required: false },
  reason: text(false),
  receivedBy: text(false),
};

/** What `applyCarrierMapping` gives: every scan of the payload, or every error. */
export type CarrierMappingResult =
  | { readonly ok: true; readonly scans: readonly CarrierScan[] }
  | { readonly ok: false; readonly errors: readonly MappingError[] };

function mapScan(
  document: CarrierMappingDocument,
  root: unknown,
  item: unknown,
  prefix: string,
  errors: MappingError[],
) {
  const values: Record<string, string | number> = {};
  const label = prefix === '' ? '' : `${prefix}.`;
  for (const [field, target] of Object.entries(SCAN_TARGETS)) {
    const rule = Object.hasOwn(document.fields, field) ? document.fields[field] : undefined;
    if (rule === undefined) {
      if (target.required)
        errors.push({ field: `${label}${field}`, path: '', reason: 'the mapping has no rule for it' });
      continue;
    }
    const path = sourceOf(rule, prefix);
    const step = evaluateRule(rule, root, item, {});
    if ('reason' in step) errors.push({ field: `${label}${field}`, path, reason: step.reason });
    else if ('absent' in step || step.value === null) {
      if (target.required) errors.push({ field: `${label}${field}`, path, reason: 'is missing' });
    } else {
      const checked = checkTarget(target.kind, step.value);
      if ('reason' in checked) errors.push({ field: `${label}${field}`, path, reason: checked.reason });
      else values[field] = checked.value;
    }
  }
  const kind = values.kind as CarrierScanKind | undefined;
  if (kind !== undefined && !CARRIER_SCAN_KINDS.includes(kind)) {
    const reason = `${JSON.stringify(kind)} is not one of ${CARRIER_SCAN_KINDS.join(', ')}`;
    errors.push({ field: `${label}kind`, path: sourceOf(document.fields.kind ?? {}, prefix), reason });
  }
  const { 'estimatedDelivery.from': from, 'estimatedDelivery.to': to, ...rest } = values;
  const window =
    from !== undefined && to !== undefined ? { estimatedDelivery: { from: String(from), to: String(to) } } : {};
  return { ...rest, ...window } as unknown as CarrierScan;
}

/**
 * Maps a carrier's push payload to scans with a (validated) mapping document. Total: every
 * scan and target is tried and every error reported; one bad scan refuses the whole payload,
 * so a carrier's batch is taken or parked as one.
 */
export function applyCarrierMapping(document: CarrierMappingDocument, payload: unknown): CarrierMappingResult {
  const errors: MappingError[] = [];
  if (document.each === undefined) {
    const scan = mapScan(document, payload, payload, '', errors);
    return errors.length > 0 ? { ok: false, errors } : { ok: true, scans: [scan] };
  }
  const items = readPath(payload, payload, document.each);
  if (!Array.isArray(items) || items.length === 0) {
    const reason = Array.isArray(items) ? 'has no scans' : 'is not a list';
    return { ok: false, errors: [{ field: 'scans', path: document.each, reason }] };
  }
  const scans = items.map((item, index) => mapScan(document, payload, item, `${document.each}.${index}`, errors));
  return errors.length > 0 ? { ok: false, errors } : { ok: true, scans };
}
