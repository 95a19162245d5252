import {
  type ActorRef,
  ALERT_CATEGORY,
  ALERT_RULE_SET_CATEGORY,
  type AlertCommand,
  type AlertEvent,
  type AlertFinding,
  type AlertRaised,
  type AlertRule,
  type AlertRuleSetEvent,
  type AlertRuleSetState,
  type AlertState,
  activeAlertRuleSet,
  alertDay,
  alertIdPart,
  alertRuleSetDecider,
  alertRuleSetStateOf,
  DEFAULT_ALERT_RULE_SET_NAME,
  type EventStore,
  evaluateLocationLateRateJump,
  evaluateSkuSalesSurge,
  evaluateSlaBreach,
  type RecordedEvent,
  type SlaKind,
} from '@ordinal/domain';
import { ScheduledFollower } from '../fulfilment/scheduled-follower.ts';
import type { ActorHost } from '../host/actor-host.ts';
import { resolvedSummary, summaryOf } from './alert.summaries.ts';
import { AlertWindows } from './alert-windows.ts';

const EVALUATOR: ActorRef = { kind: 'system', component: 'alert-evaluator' };
// Refusals that only mean the alert was raised or resolved before this process saw it.
const OVERTAKEN = new Set(['alert.already-raised', 'alert.already-resolved']);

/** What the evaluator works with; the composition root hands in the real host. */
export interface AlertEvaluatorOptions {
  readonly events: Pick<EventStore, 'subscribeAll' | 'headPosition' | 'readAll'>;
  readonly alerts: Pick<ActorHost<AlertCommand, AlertEvent, AlertState>, 'execute'>;
  readonly clock: () => Date;
  /** How often the scheduled check runs (SLA deadlines, windows sliding past a surge). */
  readonly intervalMs: number;
  /** Evaluate events recorded by a bulk import too (`ORDINAL_ALERTS_ON_IMPORT`); default: history is only history. */
  readonly onImport?: boolean;
  /**
   * Evaluate the events already in the log at start too, each at its own time (`ordinal alerts
   * replay`); an alert raised before is refused as already raised, so a replay adds only what is missing.
   */
  readonly replay?: boolean;
  /** Told the log position of every event followed (for a progress bar). */
  readonly onProgress?: (position: number) => void;
  /** Told of every command that failed or was refused for another reason than being overtaken. */
  readonly onError?: (error: unknown, alertId: string) => void;
}

/** A rule in force with the set and version it comes from. */
interface RuleInForce {
  readonly ruleSet: string;
  readonly version: number;
  readonly rule: AlertRule;
}

/** The alert known for a rule and a subject: open or acknowledged (resolved ones are forgotten). */
interface KnownAlert {
  readonly alertId: string;
  readonly raised: AlertRaised['data'];
}

/**
 * Evaluates the alert rules on the event stream. It follows the order streams (keeping the
 * windows the rules read: units placed per SKU, deliveries per location, the SLA facts of open
 * orders), the alert rule sets (the active version of each) and the alerts themselves (which are
 * open). A placement is evaluated for surges and a delivery for its location's late rate at the
 * event's own time; every `intervalMs` a check at the clock's `now` raises SLA breaches and
 * resolves the alerts whose condition cleared. Alert ids name the rule, the subject and (for
 * windows) the day, so an evaluation repeated after a restart is refused as already raised.
 * Events of a bulk import are left out unless `onImport`; the history read at start-up only
 * rebuilds the windows (the first check then raises what still holds).
 */
export class AlertEvaluator {
  readonly #options: AlertEvaluatorOptions;
  readonly #windows = new AlertWindows(14);
  readonly #ruleSets = new Map<string, AlertRuleSetState>();
  /** Open alerts by rule id and subject id. */
  readonly #open = new Map<string, KnownAlert>();
  /** Every alert id seen, resolved ones included: never raised twice. */
  readonly #seen = new Set<string>();
  readonly #rounds: ScheduledFollower;
  readonly #counts = { raised: 0, resolved: 0 };

  constructor(options: AlertEvaluatorOptions) {
    this.#options = options;
    this.#ruleSets.set(DEFAULT_ALERT_RULE_SET_NAME, alertRuleSetStateOf(alertRuleSetDecider.initialState(), 'default'));
    for (const { rule } of this.rules()) this.#windows.keep(keepDays(rule));
    this.#rounds = new ScheduledFollower({
      events: options.events,
      streamPrefixes: ['order-', `${ALERT_RULE_SET_CATEGORY}-`, `${ALERT_CATEGORY}-`],
      handlers: { onEvent: (event, live) => this.#apply(event, live) },
      intervalMs: options.intervalMs,
      round: () => this.#check(),
    });
  }

  /** Starts following the log and the timer. */
  start(): void {
    this.#rounds.start();
  }

  /** Stops the timer, waits for the check in progress, then stops following. */
  stop(): Promise<void> {
    return this.#rounds.stop();
  }

  /** Whether the log as it was at start has been read (checks do nothing before). */
  get caughtUp(): boolean {
    return this.#rounds.caughtUp;
  }

  /** One scheduled check now (or the one running); returns how many commands it sent. */
  check(): Promise<number> {
    return this.#rounds.round();
  }

  /** Alerts this evaluator raised and resolved (refusals as already raised or resolved not counted). */
  get counts(): { readonly raised: number; readonly resolved: number } {
    return { ...this.#counts };
  }

  /** The rules in force: the active version of every alert rule set. */
  rules(): RuleInForce[] {
    const rules: RuleInForce[] = [];
    for (const [name, state] of this.#ruleSets) {
      const active = activeAlertRuleSet(state);
      if (active === undefined) continue;
      for (const rule of active.document.rules) rules.push({ ruleSet: name, version: active.version, rule });
    }
    return rules;
  }

  async #apply(event: RecordedEvent, live: boolean): Promise<void> {
    this.#options.onProgress?.(event.position);
    if (event.streamId.startsWith(`${ALERT_RULE_SET_CATEGORY}-`)) {
      const name = event.streamId.slice(ALERT_RULE_SET_CATEGORY.length + 1);
      const state = this.#ruleSets.get(name) ?? alertRuleSetDecider.initialState();
      this.#ruleSets.set(name, alertRuleSetDecider.evolve(state, event as unknown as AlertRuleSetEvent));
      for (const { rule } of this.rules()) this.#windows.keep(keepDays(rule));
      return;
    }
    if (event.streamId.startsWith(`${ALERT_CATEGORY}-`)) {
      this.#remember(event as unknown as RecordedEvent<AlertEvent>);
      return;
    }
    if (event.metadata.import !== undefined && this.#options.onImport !== true) return;
    const touched = this.#windows.apply(event);
    if (!live && this.#options.replay !== true) return;
    const now = Date.parse(event.metadata.occurredAt);
    const cause = { correlationId: event.metadata.correlationId, causationId: event.eventId, occurredAt: now };
    for (const inForce of this.rules()) {
      const { rule } = inForce;
      if (rule.kind === 'skuSalesSurge') {
        for (const sku of touched.skus ?? []) {
          const finding = evaluateSkuSalesSurge(rule, this.#windows.sales(sku), now);
          await this.#raiseOrClear(inForce, { kind: 'sku', id: sku }, finding, cause);
        }
      } else if (rule.kind === 'locationLateRateJump' && touched.location !== undefined) {
        const finding = evaluateLocationLateRateJump(rule, this.#windows.deliveries(touched.location), now);
        await this.#raiseOrClear(inForce, { kind: 'location', id: touched.location }, finding, cause);
      }
    }
  }

  /** At an event's time: raises what fires, resolves the open alert of the rule on the subject that no longer does. */
  async #raiseOrClear(
    inForce: RuleInForce,
    subject: { kind: 'sku' | 'location'; id: string },
    finding: AlertFinding,
    cause: { correlationId: string; causationId: string; occurredAt: number },
  ): Promise<void> {
    if (finding.fires) {
      await this.#raiseIf(inForce, subject, finding, alertDay(cause.occurredAt), cause);
      return;
    }
    const known = this.#open.get(keyOf(inForce.rule.id, subject.id));
    if (known !== undefined) await this.#resolve(known, finding, cause);
  }

  async #resolve(
    known: KnownAlert,
    finding: AlertFinding,
    cause: { correlationId: string; causationId?: string; occurredAt: number },
  ): Promise<void> {
    // Forgotten at once, so the next event does not resolve it again while this is recorded.
    for (const [key, open] of this.#open) if (open.alertId === known.alertId) this.#open.delete(key);
    await this.#send(known.alertId, {
      command: {
        type: 'ResolveAlert',
        alertId: known.alertId,
        how: 'condition-cleared',
        reason: resolvedSummary(known.raised, finding),
        figures: finding.figures,
        evaluatedAt: new Date(cause.occurredAt).toISOString(),
      },
      ...cause,
    });
  }

  #remember(event: RecordedEvent<AlertEvent>): void {
    this.#seen.add(event.data.alertId);
    if (event.type === 'AlertRaised') {
      const { rule, subject, figures } = event.data;
      const slaKind = rule.kind === 'slaBreach' ? String(figures.promise) : undefined;
      this.#open.set(keyOf(rule.ruleId, subject.id, slaKind), { alertId: event.data.alertId, raised: event.data });
    } else if (event.type === 'AlertResolved') {
      for (const [key, known] of this.#open) if (known.alertId === event.data.alertId) this.#open.delete(key);
    }
  }

  /** The scheduled check at the clock's `now`: SLA breaches, then every open alert whose condition cleared. */
  async #check(): Promise<number> {
    const now = this.#options.clock().getTime();
    const cause = { correlationId: `alert-check-${new Date(now).toISOString()}`, occurredAt: now };
    let sent = 0;
    for (const inForce of this.rules()) {
      if (this.#rounds.stopped) break;
      const { rule } = inForce;
      if (rule.kind === 'slaBreach') {
        for (const [orderId, order] of [...this.#windows.orders()]) {
          for (const kind of ['ship', 'delivery'] as const) {
            const finding = evaluateSlaBreach(rule, order, now, kind);
            if (await this.#raiseIf(inForce, { kind: 'order', id: orderId }, finding, kind, cause, kind)) sent += 1;
          }
        }
      } else if (rule.kind === 'skuSalesSurge') {
        for (const sku of [...this.#windows.skus()]) {
          const finding = evaluateSkuSalesSurge(rule, this.#windows.sales(sku), now);
          if (await this.#raiseIf(inForce, { kind: 'sku', id: sku }, finding, alertDay(now), cause)) sent += 1;
        }
      } else {
        for (const location of [...this.#windows.locations()]) {
          const finding = evaluateLocationLateRateJump(rule, this.#windows.deliveries(location), now);
          if (await this.#raiseIf(inForce, { kind: 'location', id: location }, finding, alertDay(now), cause))
            sent += 1;
        }
      }
    }
    for (const known of [...this.#open.values()]) {
      if (this.#rounds.stopped) break;
      const finding = this.#reevaluate(known.raised, now);
      if (finding === undefined || finding.fires) continue;
      sent += 1;
      await this.#resolve(known, finding, cause);
    }
    return sent;
  }

  /** The raising rule evaluated again at `now` on its subject; undefined when the rule is no longer in force. */
  #reevaluate(raised: AlertRaised['data'], now: number): AlertFinding | undefined {
    const rule = this.rules().find((r) => r.rule.id === raised.rule.ruleId && r.ruleSet === raised.rule.ruleSet)?.rule;
    const id = raised.subject.id;
    if (rule?.kind === 'skuSalesSurge') return evaluateSkuSalesSurge(rule, this.#windows.sales(id), now);
    if (rule?.kind === 'locationLateRateJump') {
      return evaluateLocationLateRateJump(rule, this.#windows.deliveries(id), now);
    }
    if (rule?.kind === 'slaBreach') {
      const order = this.#windows.order(id);
      const promise = raised.figures.promise === 'delivery' ? 'delivery' : 'ship';
      // An order no longer followed has ended: nothing is owed any more.
      if (order === undefined) return { fires: false, figures: { promise, ended: true } };
      return evaluateSlaBreach(rule, order, now, promise);
    }
    return undefined;
  }

  async #raiseIf(
    inForce: RuleInForce,
    subject: { kind: 'sku' | 'order' | 'location'; id: string },
    finding: AlertFinding,
    occasion: string,
    cause: { correlationId: string; causationId?: string; occurredAt: number },
    slaKind?: SlaKind,
  ): Promise<boolean> {
    const { rule } = inForce;
    const key = keyOf(rule.id, subject.id, slaKind);
    if (!finding.fires || this.#open.has(key)) return false;
    const alertId = `${rule.id}.${alertIdPart(subject.id)}.${occasion}`;
    if (this.#seen.has(alertId)) return false;
    const raised = {
      alertId,
      rule: { ruleSet: inForce.ruleSet, version: inForce.version, ruleId: rule.id, kind: rule.kind },
      subject,
      summary: '',
      figures: finding.figures,
      evaluatedAt: new Date(cause.occurredAt).toISOString(),
      notify: rule.notify,
    };
    const withSummary = { ...raised, summary: summaryOf(raised) };
    // Known at once, so the next event does not raise it again while this one is being recorded.
    this.#open.set(key, { alertId, raised: withSummary });
    this.#seen.add(alertId);
    await this.#send(alertId, { command: { type: 'RaiseAlert', ...withSummary }, ...cause });
    return true;
  }

  async #send(
    alertId: string,
    request: { command: AlertCommand; correlationId: string; causationId?: string; occurredAt: number },
  ): Promise<void> {
    try {
      const outcome = await this.#options.alerts.execute({
        command: request.command,
        metadata: {
          commandId: `${request.command.type}-${alertId}`,
          correlationId: request.correlationId,
          causationId: request.causationId ?? request.correlationId,
          actor: EVALUATOR,
          occurredAt: new Date(request.occurredAt).toISOString(),
        },
      });
      if (outcome.status === 'rejected' && !OVERTAKEN.has(outcome.rejection.code)) {
        throw new Error(`${outcome.rejection.code}: ${outcome.rejection.message}`);
      }
      if (outcome.status === 'accepted' && !outcome.duplicate) {
        if (request.command.type === 'RaiseAlert') this.#counts.raised += 1;
        else this.#counts.resolved += 1;
      }
    } catch (error) {
      this.#options.onError?.(error, alertId);
    }
  }
}

/** The open alert of a rule on a subject (SLA: per promise) is one at a time. */
function keyOf(ruleId: string, subjectId: string, slaKind?: string): string {
  return `${ruleId}\u0000${subjectId}\u0000${slaKind ?? ''}`;
}

function keepDays(rule: AlertRule): number {
  if (rule.kind === 'skuSalesSurge') return 2 * rule.windowDays;
  if (rule.kind === 'locationLateRateJump') return rule.recentDays + rule.baselineDays;
  return 0;
}
