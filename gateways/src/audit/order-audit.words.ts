import {
  type ActorRef,
  describeActor,
  formatMoney,
  type OrderEvent,
  type OrderEventDataMap,
  type RecordedEvent,
  riskHoldFacts,
} from '@ordinal/domain';

/** One event of an order in words: a summary sentence and the reasons behind it. */
export interface AuditWords {
  readonly decision: boolean;
  readonly summary: string;
  readonly explanation: readonly string[];
  /** Versions of the rules and policies the decision used, by name (`ruleSet:vip`, `riskRule`). */
  readonly versions: Readonly<Record<string, number>>;
}

/** The text as a sentence: a full stop added unless it already ends in one. */
const end = (text: string): string => (/[.!?…]$/.test(text) ? text : `${text}.`);

/** The rule set versions named in a hold's or approval's facts (`ruleSet`/`version`, or `ruleSets`). */
function ruleVersionsIn(facts: unknown): Record<string, number> {
  const versions: Record<string, number> = {};
  const take = (entry: unknown) => {
    const { ruleSet, version } = (entry ?? {}) as { ruleSet?: unknown; version?: unknown };
    if (typeof ruleSet === 'string' && typeof version === 'number') versions[`ruleSet:${ruleSet}`] = version;
  };
  take(facts);
  const listed = (facts as { ruleSets?: unknown } | undefined)?.ruleSets;
  if (Array.isArray(listed)) for (const entry of listed) take(entry);
  return versions;
}

const short = (value: unknown): string => {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
};

/** `ShipmentOutForDelivery` → `Shipment out for delivery`. */
export function typeInWords(type: string): string {
  const words = type.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function rulesWords(data: OrderEventDataMap['RulesApplied']): AuditWords {
  const { ruleSet, version, matched, facts, effects } = data;
  const explanation = Object.entries(facts).map(([fact, value]) => `Read ${fact} = ${short(value)}.`);
  if (effects.approval)
    explanation.push(
      `Asked ${effects.approval.role} to approve (${effects.approval.ruleId}): ${effects.approval.reason}.`,
    );
  if (effects.hold) explanation.push(`Held the order (${effects.hold.ruleIds.join(', ')}): ${effects.hold.reason}.`);
  if (effects.consolidation) explanation.push(`Held it up to ${effects.consolidation.days} day(s) for consolidation.`);
  if (effects.discountTotal > 0) explanation.push(`Discounts: ${effects.discountTotal} in minor units in all.`);
  for (const gift of effects.giftLines)
    explanation.push(`Added ${gift.quantity} × ${gift.sku} as a gift (${gift.ruleId}).`);
  if (effects.tags.length > 0) explanation.push(`Tagged ${effects.tags.join(', ')}.`);
  if (effects.priority !== undefined) explanation.push(`Priority ${effects.priority}.`);
  for (const notice of effects.notices)
    explanation.push(`Notice to ${notice.audience} (${notice.code}): ${notice.text}`);
  return {
    decision: true,
    summary: `Rule set ${ruleSet} v${version} ${matched.length === 0 ? 'matched no rule' : `matched ${matched.join(', ')}`}.`,
    explanation,
    versions: { [`ruleSet:${ruleSet}`]: version },
  };
}

function heldWords(data: OrderEventDataMap['OrderHeld']): AuditWords {
  const risk = riskHoldFacts(data.facts);
  const versions = ruleVersionsIn(data.facts);
  if (risk === undefined) {
    const facts = Object.entries(data.facts ?? {}).map(([name, value]) => `Recorded ${name} = ${short(value)}.`);
    return { decision: true, summary: end(`Held: ${data.reason}`), explanation: facts, versions };
  }
  const { window, thresholds, facts, orders } = risk;
  return {
    decision: true,
    summary: end(`Held by the risk screen (risk rule v${risk.riskRuleVersion}): ${data.reason}`),
    explanation: [
      `Counted the account ${risk.customerId}'s orders from ${window.since} to ${window.until} (${window.hours} h): ${orders.join(', ')}.`,
      `Facts: ${short(facts)}; thresholds: ${short(thresholds)}.`,
    ],
    versions: { ...versions, riskRule: risk.riskRuleVersion },
  };
}

function approvalAskedWords(data: OrderEventDataMap['ApprovalRequested']): AuditWords {
  const { ruleSet, version, ruleId } = (data.facts ?? {}) as { ruleSet?: unknown; version?: unknown; ruleId?: unknown };
  const by =
    typeof ruleSet === 'string' && typeof version === 'number'
      ? ` by ${typeof ruleId === 'string' ? `rule ${ruleId} of ` : ''}rule set ${ruleSet} v${version}`
      : '';
  const others = Object.entries(data.facts ?? {}).filter(([name]) => !['ruleSet', 'version', 'ruleId'].includes(name));
  return {
    decision: true,
    summary: end(`Approval asked of ${data.role}${by}: ${data.reason}`),
    explanation: others.map(([name, value]) => `Recorded ${name} = ${short(value)}.`),
    versions: ruleVersionsIn(data.facts),
  };
}

const byWhom = (decidedBy: ActorRef | undefined, actor: ActorRef) => describeActor(decidedBy ?? actor);

/** The words for events the decisions view does not cover (routing, allocations, consolidations are its). */
export function auditWords(event: RecordedEvent<OrderEvent>): AuditWords {
  const actor = event.metadata.actor;
  const who = describeActor(actor);
  const plain = (summary: string, decision = false): AuditWords => ({
    decision,
    summary,
    explanation: [],
    versions: {},
  });
  switch (event.type) {
    case 'OrderPlaced': {
      const { channel, lines, total, promisedBy } = event.data;
      const through =
        channel.salesChannel + (channel.externalOrderId ? ` (their order ${channel.externalOrderId})` : '');
      return plain(
        `Placed through ${through} by ${who}: ${lines.length} line(s), total ${formatMoney(total)}${promisedBy ? `, promised by ${promisedBy}` : ''}.`,
      );
    }
    case 'RulesApplied':
      return rulesWords(event.data);
    case 'OrderConfirmed':
      return plain(end(`Confirmed by ${who}: ${event.data.reason}`), true);
    case 'OrderHeld':
      return heldWords(event.data);
    case 'OrderReleased':
      return plain(end(`Hold lifted by ${byWhom(event.data.decidedBy, actor)}: ${event.data.reason}`), true);
    case 'ApprovalRequested':
      return approvalAskedWords(event.data);
    case 'ApprovalEscalated': {
      const { fromRole, toRole, level, deadline, rule } = event.data;
      return plain(
        `Approval escalated from ${fromRole} to ${toRole} (level ${level}): nobody decided by ${deadline} (rule ${rule}).`,
        true,
      );
    }
    case 'OrderApproved':
      return plain(
        end(
          `Approved by ${byWhom(event.data.decidedBy, actor)} as ${event.data.role}${event.data.reason ? `: ${event.data.reason}` : ''}`,
        ),
        true,
      );
    case 'OrderRejected':
      return plain(
        end(`Rejected by ${byWhom(event.data.decidedBy, actor)} as ${event.data.role}: ${event.data.reason}`),
        true,
      );
    case 'OrderAllocated': {
      const { allocations, routing } = event.data;
      const from = allocations.map((a) => `${a.shipmentId} from ${a.locationId}`).join(', ');
      if (routing === undefined) return plain(`Allocated by ${who}: ${from}.`, true);
      const { policyName, policyVersion } = routing.decision;
      return {
        decision: true,
        summary: `Routing attempt ${routing.attempt} under policy ${policyName} v${policyVersion}: ${from}.`,
        explanation: [...routing.decision.explanation],
        versions: { [`routingPolicy:${policyName}`]: policyVersion },
      };
    }
    case 'OrderCancelled':
      return plain(end(`Cancelled by ${who}: ${event.data.reason}`), true);
    case 'OrderLinesCancelled':
      return plain(
        end(
          `Lines ${event.data.lines.map((l) => `${l.lineId} × ${l.quantity}`).join(', ')} cancelled by ${who}: ${event.data.reason}`,
        ),
        true,
      );
    case 'RefundIssued': {
      const { refundId, amount, reason, returnId } = event.data;
      return plain(
        end(
          `Refund ${refundId} of ${formatMoney(amount)} issued by ${who}${returnId ? ` for return ${returnId}` : ''}: ${reason}`,
        ),
        true,
      );
    }
    case 'PaymentAuthorized':
      return plain(
        `Payment ${event.data.paymentId} of ${formatMoney(event.data.amount)} authorised (${event.data.method}).`,
      );
    case 'PaymentCaptured':
      return plain(`Payment ${event.data.paymentId} of ${formatMoney(event.data.amount)} captured.`);
    case 'ReturnRequested':
      return plain(end(`Return ${event.data.returnId} requested by ${who}: ${event.data.reason}`));
    case 'ReturnApproved':
      return plain(`Return ${event.data.returnId} approved by ${who}.`, true);
    case 'ReturnRejected':
      return plain(end(`Return ${event.data.returnId} rejected by ${who}: ${event.data.reason}`), true);
    case 'ShippingAddressChanged':
      return plain(`Shipping address changed by ${who}${event.data.reason ? `: ${event.data.reason}` : ''}.`);
    default:
      return plain(`${typeInWords(event.type)} (recorded by ${who}).`);
  }
}
