/** How an alert rejection is answered: `not-found`, `state` (not now) or `invalid` (the command's data). */
export type AlertRejectionKind = 'not-found' | 'state' | 'invalid';

/** Every code an alert or alert rule set command can be rejected with, and its kind. Codes are stable. */
export const ALERT_REJECTION_CODES = {
  'alert.not-found': 'not-found',
  'alert.rule-set-not-found': 'not-found',
  'alert.version-not-found': 'not-found',
  'alert.already-raised': 'state',
  'alert.already-acknowledged': 'state',
  'alert.already-resolved': 'state',
  'alert.version-active': 'state',
  'alert.version-conflict': 'state',
  'alert.invalid': 'invalid',
  'alert.invalid-rule-set': 'invalid',
  'alert.reason-missing': 'invalid',
} as const satisfies Readonly<Record<string, AlertRejectionKind>>;

/** A stable code an alert command may be rejected with. */
export type AlertRejectionCode = keyof typeof ALERT_REJECTION_CODES;
