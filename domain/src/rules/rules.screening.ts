import type { OrderScreening } from '../order/order.decision.ts';
import { consolidationHold } from '../repurchase/consolidation.hold.ts';
import type { RulesEvaluation } from './rules.evaluate.ts';

/**
 * What the rule sets' evaluations mean for a new order placed at `placedAt`: every evaluation
 * (PlaceOrder records each), a hold when any set holds (every reason, in the sets' order), else
 * the first approval asked for, else a hold for consolidation (released by itself: see
 * consolidationHold). The hold and approval facts name the set, version and rules behind them; a
 * plain hold or an approval that comes with a consolidation keeps it under `consolidation`, and
 * people decide: a release by itself must never skip an approval.
 */
export function rulesScreening(evaluations: readonly RulesEvaluation[], placedAt: string): OrderScreening {
  const holds = evaluations.filter((e) => e.effects.hold !== undefined);
  const approving = evaluations.find((e) => e.effects.approval !== undefined);
  const consolidation = consolidationHold(evaluations, placedAt);
  const hold =
    holds.length === 0
      ? approving === undefined
        ? consolidation
        : undefined
      : {
          reason: [...holds.map((e) => e.effects.hold?.reason), ...(consolidation ? [consolidation.reason] : [])].join(
            '; ',
          ),
          facts: {
            ruleSets: holds.map((e) => ({
              ruleSet: e.ruleSet,
              version: e.version,
              ruleIds: e.effects.hold?.ruleIds ?? [],
              ...(e.effects.priceCheck === undefined ? {} : { priceCheck: e.effects.priceCheck }),
            })),
            ...(consolidation === undefined ? {} : { consolidation: consolidation.facts }),
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
            facts: {
              ruleSet: approving.ruleSet,
              version: approving.version,
              ruleId: approval.ruleId,
              ...(consolidation === undefined || holds.length > 0 ? {} : { consolidation: consolidation.facts }),
            },
          },
        }),
  };
}
