import type { AlertNotify, AlertRule } from '@ordinal/domain';

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** What raises an alert of this rule, with its figures, in one sentence. */
export function alertRuleWords(rule: AlertRule): string {
  switch (rule.kind) {
    case 'skuSalesSurge':
      return (
        `A SKU's units sold over the last ${plural(rule.windowDays, 'day')} are more than ${rule.thresholdPercent}% ` +
        `above the ${plural(rule.windowDays, 'day')} before, counted from ${plural(rule.minimumUnits, 'unit')} ` +
        `(a SKU with no sales before is raised at ${plural(rule.minimumUnits, 'unit')}).`
      );
    case 'slaBreach': {
      const grace = rule.deliveryGraceHours > 0 ? ` plus ${plural(rule.deliveryGraceHours, 'hour')}` : '';
      return (
        `An order not dispatched within ${plural(rule.shipWithinHours, 'hour')} of being placed, ` +
        `or not delivered by its promised time${grace}.`
      );
    }
    case 'locationLateRateJump':
      return (
        `A location's share of late deliveries over the last ${plural(rule.recentDays, 'day')} is more than ` +
        `${plural(rule.jumpPoints, 'point')} above its share over the ${plural(rule.baselineDays, 'day')} before, ` +
        `each window holding at least ${plural(rule.minimumDeliveries, 'delivery', 'deliveries')}.`
      );
    default: {
      const unknown: never = rule;
      return `A rule of kind ${String((unknown as { kind?: unknown }).kind)}.`;
    }
  }
}

/** Who an alert of the rule is for and how it reaches them. */
export function notifyWords(notify: AlertNotify): string {
  const targets = [
    notify.webhooks ? 'the webhooks' : undefined,
    notify.email.length > 0 ? `e-mail to ${notify.email.join(', ')}` : undefined,
  ].filter((t) => t !== undefined);
  const how = targets.length === 0 ? 'shown on the operations floor only' : `sent to ${targets.join(' and ')}`;
  return `For ${notify.audience}; ${how}.`;
}
