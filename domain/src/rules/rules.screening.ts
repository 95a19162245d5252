import type { OrderScreening } from '../order/order.decision.ts';
import type { RulesEvaluation } from './rules.evaluate.ts';

/**
 * What the rule sets' evaluations mean for a new order: every evaluation (PlaceOrder records
 * each), a hold when any set holds (every reason, in the sets' order), else the first approval
 * asked for. The hold and approval facts name the set, version and rules behind them.
 */
export function rulesScreening(evaluations: readonly RulesEvaluation[]): OrderScreening {
  const holds = evaluations.filter((e) => e.effects.hold !== undefined);
  const approving = evaluations.find((e) => e.effects.approval !== undefined);
  const hold =
    holds.length === 0
      ? undefined
      : {
          reason: holds.map((e) => e.effects.hold?.reason).join('; '),
          facts: {
            ruleSets: holds.map((e) => ({
              ruleSet: e.ruleSet,
              version: e.version,
              ruleIds: e.effects.hold?.ruleIds ?? [],
              ...(e.effects.priceCheck === undefined ? {} : { priceCheck: e.effects.priceCheck }),
            })),
          },
        };
  const approval = approving?.effects.approval;
  return {
    rules: evaluations,
    ...(hold === undefined ? {} : { hold }),
    ...(approval === undefined || approving === undefined
      ? {}
      : {
          approval: {
            role: approval.role,
            reason: approval.reason,
            facts: { ruleSet: approving.ruleSet, version: approving.version, ruleId: approval.ruleId },
          },
        }),
  };
}
