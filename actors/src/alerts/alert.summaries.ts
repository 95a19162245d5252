import type { AlertFigures, AlertFinding, AlertRuleKind, AlertSubject } from '@ordinal/domain';

/** What a summary is made of. */
interface Raised {
  readonly rule: { readonly kind: AlertRuleKind };
  readonly subject: AlertSubject;
  readonly figures: AlertFigures;
}

/** One sentence for people (ops board, e-mail subject) saying what fired and on what figures. */
export function summaryOf({ rule, subject, figures: f }: Raised): string {
  switch (rule.kind) {
    case 'skuSalesSurge':
      return f.basis === 'new-demand'
        ? `SKU ${subject.id}: ${f.recentUnits} units sold since ${day(f.recentFrom)}, none the week before (new demand)`
        : `SKU ${subject.id}: ${f.recentUnits} units sold since ${day(f.recentFrom)}, ${f.changePercent}% above the ${f.previousUnits} before`;
    case 'slaBreach':
      return f.promise === 'ship'
        ? `Order ${subject.id} not dispatched by its promised ship time ${f.deadline}`
        : `Order ${subject.id} not delivered by its promised time ${f.deadline}`;
    case 'locationLateRateJump':
      return `Location ${subject.id}: ${f.recentLatePercent}% of ${f.recentDeliveries} deliveries late, against ${f.baselineLatePercent}% before`;
  }
}

/** Why an alert's condition no longer holds, in words. */
export function resolvedSummary(raised: Raised, finding: AlertFinding): string {
  const f = finding.figures;
  switch (raised.rule.kind) {
    case 'skuSalesSurge':
      return `sales back within the threshold: ${f.recentUnits} units against ${f.previousUnits} before`;
    case 'slaBreach':
      if (f.ended === true) return 'the order ended';
      return f.promise === 'ship' ? `dispatched at ${f.doneAt}` : `delivered at ${f.doneAt}`;
    case 'locationLateRateJump':
      return `late share back to ${f.recentLatePercent}% against ${f.baselineLatePercent}% before`;
  }
}

const day = (value: unknown) => (typeof value === 'string' ? value.slice(0, 10) : String(value));
