/**
 * How a routing policy rejection should be answered: `not-found` (no such version), `state`
 * (not possible with the versions recorded now) or `invalid` (the command's own data is wrong).
 */
export type RoutingPolicyRejectionKind = 'not-found' | 'state' | 'invalid';

/** Every code a routing policy command can be rejected with, and its kind. Codes are stable. */
export const ROUTING_POLICY_REJECTION_CODES = {
  'routing.policy-not-found': 'not-found',
  'routing.policy-already-active': 'state',
  'routing.policy-version-conflict': 'state',
  'routing.invalid-policy': 'invalid',
  'routing.activation-reason-missing': 'invalid',
} as const satisfies Readonly<Record<string, RoutingPolicyRejectionKind>>;

/** A stable code a routing policy command may be rejected with. */
export type RoutingPolicyRejectionCode = keyof typeof ROUTING_POLICY_REJECTION_CODES;
