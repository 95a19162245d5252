import { isDeepStrictEqual } from 'node:util';
import type { WriteCondition } from '@ordinal/domain';

/** The stored document as a condition sees it: does it exist, and the value of the field asked about. */
export interface StoredField {
  readonly exists: boolean;
  /** undefined when the field (or the document) is missing. */
  readonly value: unknown;
}

/**
 * Whether a write may take effect. A `null` expected value also matches a missing field,
 * the way a MongoDB equality filter does, so both adapters agree.
 */
export function satisfies(stored: StoredField, condition: WriteCondition): boolean {
  switch (condition.kind) {
    case 'absent':
      return !stored.exists;
    case 'field-equals':
      return stored.exists && fieldEquals(stored.value, condition.value);
    case 'absent-or-field-equals':
      return !stored.exists || fieldEquals(stored.value, condition.value);
  }
}

function fieldEquals(actual: unknown, expected: unknown): boolean {
  if (expected === null) return actual === null || actual === undefined;
  return isDeepStrictEqual(actual, expected);
}
