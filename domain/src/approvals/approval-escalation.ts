import { ROLES, type Role } from '../shared/actor.ts';

/** One step of the escalation policy: an approval waiting on `role` longer than `afterMs` goes to `toRole`. */
export interface ApprovalEscalationRule {
  readonly role: Role;
  readonly afterMs: number;
  readonly toRole: Role;
  /** The step as configured (`finance=4h>admin`); escalations record it. */
  readonly text: string;
}

/** The escalation policy: at most one step per role; chains (finance>ops, ops>admin) give several levels. */
export type ApprovalEscalationPolicy = readonly ApprovalEscalationRule[];

/** The policy when none is configured: finance approvals go to admin after 24 hours. */
export const DEFAULT_APPROVAL_ESCALATION = 'finance=24h>admin';

const UNITS: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const STEP = /^([a-z]+)=(\d{1,6})([smhd])>([a-z]+)$/;

const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

/**
 * Reads `role=<n><s|m|h|d>>role` steps separated by commas (`finance=4h>ops,ops=8h>admin`);
 * `off` or an empty text: no escalation. Answers the policy, or what is wrong in words: an
 * unknown role, a role given twice, a step to itself, or a chain that comes back to a role.
 */
export function parseApprovalEscalation(text: string): ApprovalEscalationPolicy | { readonly error: string } {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === 'off') return [];
  const rules: ApprovalEscalationRule[] = [];
  for (const raw of trimmed.split(',')) {
    const step = raw.trim();
    const match = STEP.exec(step);
    if (match === null) return { error: `"${step}" is not role=<n><s|m|h|d>>role (e.g. finance=4h>admin)` };
    const [, role = '', amount = '0', unit = 'h', toRole = ''] = match;
    for (const name of [role, toRole]) {
      if (!isRole(name)) return { error: `"${step}": ${name} is not a role (${ROLES.join(', ')})` };
    }
    if (role === toRole) return { error: `"${step}" escalates a role to itself` };
    if (rules.some((rule) => rule.role === role)) return { error: `${role} has more than one escalation step` };
    const afterMs = Number(amount) * (UNITS[unit] ?? 0);
    if (afterMs <= 0) return { error: `"${step}": the timeout must be more than 0` };
    rules.push({ role: role as Role, afterMs, toRole: toRole as Role, text: step });
  }
  for (const rule of rules) {
    const seen = new Set<string>([rule.role]);
    for (let next = escalationStep(rules, rule.toRole); next !== undefined; next = escalationStep(rules, next.toRole)) {
      if (seen.has(next.role)) return { error: `the steps from ${rule.role} come back to ${next.role}` };
      seen.add(next.role);
    }
  }
  return rules;
}

/** The step an approval waiting on `role` takes when its time is up, if the policy has one. */
export function escalationStep(policy: ApprovalEscalationPolicy, role: string): ApprovalEscalationRule | undefined {
  return policy.find((rule) => rule.role === role);
}
