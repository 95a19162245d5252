/**
 * How a rule set rejection should be answered: `not-found` (no such set or version), `state`
 * (not possible with what is recorded now) or `invalid` (the command's own data is wrong).
 */
export type RuleSetRejectionKind = 'not-found' | 'state' | 'invalid';

/** Every code a rule set command can be rejected with, and its kind. Codes are stable. */
export const RULE_SET_REJECTION_CODES = {
  'rules.set-not-found': 'not-found',
  'rules.version-not-found': 'not-found',
  'rules.set-exists': 'state',
  'rules.already-active': 'state',
  'rules.already-retired': 'state',
  'rules.invalid-rule-set': 'invalid',
  'rules.name-mismatch': 'invalid',
  'rules.reason-missing': 'invalid',
} as const satisfies Readonly<Record<string, RuleSetRejectionKind>>;

/** A stable code a rule set command may be rejected with. */
export type RuleSetRejectionCode = keyof typeof RULE_SET_REJECTION_CODES;
