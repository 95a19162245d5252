import type { AlertRule, AlertRuleKind, AlertRuleSetDocument } from '@ordinal/domain';

/** A number a rule of a kind carries, with its label on the form. */
export interface NumberField {
  readonly key: string;
  readonly label: string;
}

/** The figures of each kind of rule, as the form asks for them (validated by the API). */
export const NUMBER_FIELDS: Readonly<Record<AlertRuleKind, readonly NumberField[]>> = {
  skuSalesSurge: [
    { key: 'thresholdPercent', label: 'More than this % above the window before' },
    { key: 'windowDays', label: 'Window (days)' },
    { key: 'minimumUnits', label: 'From this many units' },
  ],
  slaBreach: [
    { key: 'shipWithinHours', label: 'Dispatch within (hours)' },
    { key: 'deliveryGraceHours', label: 'Delivery grace (hours)' },
  ],
  locationLateRateJump: [
    { key: 'jumpPoints', label: 'More than this many points above' },
    { key: 'recentDays', label: 'Recent window (days)' },
    { key: 'baselineDays', label: 'Baseline window (days)' },
    { key: 'minimumDeliveries', label: 'At least this many deliveries' },
  ],
};

/** What the form holds, by the JSON pointer of the field in the document: text, or a box ticked. */
export type FormValues = ReadonlyMap<string, string | boolean>;

/** The number typed, or null for an empty field, so the API names it instead of the page guessing. */
function numberOf(text: string | boolean): number | null {
  return typeof text !== 'string' || text.trim() === '' ? null : Number(text);
}

/** The addresses of an e-mail field: separated by commas, semicolons or spaces. */
export function addressesOf(text: string | boolean | undefined): string[] {
  return typeof text === 'string' ? text.split(/[\s,;]+/).filter((a) => a !== '') : [];
}

/**
 * The whole document the form describes: the version it was opened on, with every field the
 * form holds put in (ids and kinds are kept as they are). Not validated here: the API does that.
 */
export function documentOf(base: AlertRuleSetDocument, values: FormValues): AlertRuleSetDocument {
  const text = (pointer: string, fallback: string): string => {
    const value = values.get(pointer);
    return typeof value === 'string' ? value.trim() : fallback;
  };
  const rules = base.rules.map((rule, i): AlertRule => {
    const at = `/rules/${i}`;
    const figures = Object.fromEntries(
      NUMBER_FIELDS[rule.kind].map(({ key }) => {
        const typed = values.get(`${at}/${key}`);
        return [key, typed === undefined ? (rule as unknown as Record<string, unknown>)[key] : numberOf(typed)];
      }),
    );
    const webhooks = values.get(`${at}/notify/webhooks`);
    return {
      ...rule,
      ...figures,
      description: text(`${at}/description`, rule.description),
      notify: {
        audience: text(`${at}/notify/audience`, rule.notify.audience),
        email: values.has(`${at}/notify/email`) ? addressesOf(values.get(`${at}/notify/email`)) : rule.notify.email,
        webhooks: typeof webhooks === 'boolean' ? webhooks : rule.notify.webhooks,
      },
    } as AlertRule;
  });
  return { name: base.name, description: text('/description', base.description), rules };
}

/**
 * The form field a problem's JSON pointer belongs to: the field itself, else the nearest one
 * holding it (`/rules/0/notify/email/1` is the e-mail field of rule 1); undefined when none does.
 */
export function fieldOfProblem(pointer: string, fields: ReadonlySet<string>): string | undefined {
  for (let at = pointer; at !== ''; at = at.slice(0, at.lastIndexOf('/'))) {
    if (fields.has(at)) return at;
  }
  return undefined;
}

/** The problems of a refused draft from the error's details: every problem, or the one field named. */
export function problemsOfRefusal(details: unknown, message: string): { field: string; reason: string }[] {
  const d = (typeof details === 'object' && details !== null ? details : {}) as { problems?: unknown; field?: unknown };
  if (Array.isArray(d.problems)) {
    return d.problems.filter(
      (p): p is { field: string; reason: string } =>
        typeof p === 'object' && p !== null && typeof p.field === 'string' && typeof p.reason === 'string',
    );
  }
  return [{ field: typeof d.field === 'string' ? d.field : '', reason: message }];
}
