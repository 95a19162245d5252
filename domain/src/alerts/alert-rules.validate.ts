import { ALERT_RULE_KINDS, type AlertRuleSetDocument } from './alert-rules.types.ts';

/** One thing wrong with an alert rule set document: a JSON pointer and the reason. */
export interface AlertRuleProblem {
  readonly field: string;
  readonly reason: string;
}

const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const NUMBERS: Readonly<Record<string, readonly (readonly [string, number, number])[]>> = {
  skuSalesSurge: [
    ['windowDays', 1, 90],
    ['thresholdPercent', 0, 10_000],
    ['minimumUnits', 1, 1_000_000],
  ],
  slaBreach: [
    ['shipWithinHours', 1, 24 * 60],
    ['deliveryGraceHours', 0, 24 * 30],
  ],
  locationLateRateJump: [
    ['recentDays', 1, 90],
    ['baselineDays', 1, 365],
    ['jumpPoints', 0, 100],
    ['minimumDeliveries', 1, 1_000_000],
  ],
};
const KEYS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  Object.entries(NUMBERS).map(([kind, fields]) => [
    kind,
    ['id', 'kind', 'description', 'notify', ...fields.map(([f]) => f)],
  ]),
);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function extraKeys(value: Record<string, unknown>, allowed: readonly string[], at: string, out: AlertRuleProblem[]) {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) out.push({ field: `${at}/${key}`, reason: 'is not a field here' });
  }
}

function notifyProblems(notify: unknown, at: string, out: AlertRuleProblem[]): void {
  if (!isRecord(notify)) {
    out.push({ field: at, reason: 'must be an object with audience, email and webhooks' });
    return;
  }
  extraKeys(notify, ['audience', 'email', 'webhooks'], at, out);
  if (typeof notify.audience !== 'string' || notify.audience.trim() === '' || notify.audience.length > 64) {
    out.push({ field: `${at}/audience`, reason: 'must be 1 to 64 characters' });
  }
  if (!Array.isArray(notify.email) || notify.email.length > 20) {
    out.push({ field: `${at}/email`, reason: 'must be a list of at most 20 e-mail addresses' });
  } else {
    notify.email.forEach((address, i) => {
      if (typeof address !== 'string' || !EMAIL.test(address)) {
        out.push({ field: `${at}/email/${i}`, reason: 'must be an e-mail address' });
      }
    });
  }
  if (typeof notify.webhooks !== 'boolean') out.push({ field: `${at}/webhooks`, reason: 'must be true or false' });
}

/** Every problem of an alert rule set document, empty when it is valid. */
export function validateAlertRuleSet(document: unknown): AlertRuleProblem[] {
  const out: AlertRuleProblem[] = [];
  if (!isRecord(document)) return [{ field: '', reason: 'must be an object with name, description and rules' }];
  extraKeys(document, ['name', 'description', 'rules'], '', out);
  if (typeof document.name !== 'string' || !NAME.test(document.name)) {
    out.push({ field: '/name', reason: 'must be 1 to 63 lower-case letters, digits or dashes' });
  }
  if (typeof document.description !== 'string') out.push({ field: '/description', reason: 'must be text' });
  if (!Array.isArray(document.rules) || document.rules.length > 100) {
    out.push({ field: '/rules', reason: 'must be a list of at most 100 rules' });
    return out;
  }
  const ids = new Set<string>();
  document.rules.forEach((rule: unknown, i) => {
    const at = `/rules/${i}`;
    if (!isRecord(rule)) {
      out.push({ field: at, reason: 'must be an object' });
      return;
    }
    if (typeof rule.id !== 'string' || !NAME.test(rule.id)) {
      out.push({ field: `${at}/id`, reason: 'must be 1 to 63 lower-case letters, digits or dashes' });
    } else if (ids.has(rule.id)) {
      out.push({ field: `${at}/id`, reason: `repeats the id ${rule.id}` });
    } else ids.add(rule.id);
    if (typeof rule.description !== 'string') out.push({ field: `${at}/description`, reason: 'must be text' });
    const kind = rule.kind;
    if (typeof kind !== 'string' || !(ALERT_RULE_KINDS as readonly string[]).includes(kind)) {
      out.push({ field: `${at}/kind`, reason: `must be one of ${ALERT_RULE_KINDS.join(', ')}` });
      return;
    }
    extraKeys(rule, KEYS[kind] ?? [], at, out);
    for (const [field, min, max] of NUMBERS[kind] ?? []) {
      const value = rule[field];
      if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
        out.push({ field: `${at}/${field}`, reason: `must be a whole number from ${min} to ${max}` });
      }
    }
    notifyProblems(rule.notify, `${at}/notify`, out);
  });
  return out;
}

/** The document as an alert rule set, or its problems. */
export function asAlertRuleSet(document: unknown): AlertRuleSetDocument | AlertRuleProblem[] {
  const problems = validateAlertRuleSet(document);
  return problems.length > 0 ? problems : (document as AlertRuleSetDocument);
}
