import {
  type ActorRef,
  ALERT_RULE_SET_CATEGORY,
  type AlertCommand,
  type AlertRuleSetCommand,
  type AlertRuleSetEvent,
  type AlertRuleSetState,
  type AlertState,
  alertRuleSetDecider,
  alertRuleSetStateOf,
  type CommandMetadata,
  DEFAULT_ALERT_RULE_SET_NAME,
  type EventStore,
  type ReadStore,
  type RecordedEvent,
} from '@ordinal/domain';
import { ALERTS_COLLECTION, type AlertDocument, type AlertListStatus } from '@ordinal/projections';
import type { AggregateHost } from '../channels/channel-hosts.ts';
import { ApiError, rejectionError } from '../http/errors.ts';
import { AlertDeliveryLog } from './alert-deliveries.ts';

/** What the alert routes need; the composition root hands in hosts on the event store. */
export interface AlertDeps {
  readonly alerts: AggregateHost<AlertCommand, AlertState>;
  readonly ruleSets: AggregateHost<AlertRuleSetCommand, AlertRuleSetState>;
}

/** Everything the alert routes use. */
export interface AlertRoutesOptions extends AlertDeps {
  readonly events: EventStore;
  readonly readStore: ReadStore;
  readonly newId: () => string;
}

/** One change to an alert rule set, for the audit trail. */
export interface AlertRuleSetChange {
  readonly type: string;
  readonly version: number;
  readonly reason?: string;
  readonly by: ActorRef;
  readonly at: string;
}

/** A set folded from its stream, with every change. */
export interface AlertRuleSetHistory {
  readonly name: string;
  readonly state: AlertRuleSetState;
  readonly changes: readonly AlertRuleSetChange[];
  /** The default set before anything was recorded for it. */
  readonly builtIn: boolean;
}

/** The status of a version of a set. */
export function versionStatus(state: AlertRuleSetState, version: number): 'active' | 'draft' {
  return state.activeVersion === version ? 'active' : 'draft';
}

/** An alert as served. */
export function alertView(doc: AlertDocument) {
  const { id, notify, ...rest } = doc;
  return { alertId: id, ...rest, notify: { ...notify, email: [...notify.email] } };
}

/**
 * The alerts as the routes use them: the list from the `alerts` projection, changes through the
 * alert aggregate, the delivery log from the notifier, rule sets folded from their streams.
 */
export class Alerts {
  readonly #options: AlertRoutesOptions;

  constructor(options: AlertRoutesOptions) {
    this.#options = options;
  }

  list(status: AlertListStatus | undefined, limit: number): Promise<AlertDocument[]> {
    return this.#options.readStore
      .collection<AlertDocument>(ALERTS_COLLECTION)
      .find(status === undefined ? {} : { status }, { sort: [['raisedAt', 'desc']], limit });
  }

  /** The alert's notifications and their attempts; 404 when no such alert was raised. */
  async deliveries(alertId: string) {
    const { state } = await this.#options.alerts.load(alertId);
    if (state.status === 'none') throw notFound(alertId);
    return new AlertDeliveryLog(this.#options.readStore).ofAlert(alertId);
  }

  /** Runs an alert command; the refusal is thrown. */
  async execute(command: AlertCommand, metadata: CommandMetadata) {
    const outcome = await this.#options.alerts.execute({ command, metadata });
    if (outcome.status === 'rejected') throw rejectionError(outcome.rejection);
    const event = outcome.events[0];
    if (event === undefined) throw new Error(`${command.type} for ${command.alertId} recorded nothing`);
    return { event, revision: outcome.revision };
  }

  /** Runs an alert rule set command; the refusal is thrown. */
  async executeRules(command: AlertRuleSetCommand, metadata: CommandMetadata) {
    const outcome = await this.#options.ruleSets.execute({ command, metadata });
    if (outcome.status === 'rejected') throw rejectionError(outcome.rejection);
    const event = outcome.events[0] as RecordedEvent<AlertRuleSetEvent> | undefined;
    if (event === undefined) throw new Error(`${command.type} for ${command.name} recorded nothing`);
    return event;
  }

  /** Every alert rule set (the built-in default among them), folded from the log with its changes. */
  async ruleSets(): Promise<AlertRuleSetHistory[]> {
    const found = new Map<string, { state: AlertRuleSetState; changes: AlertRuleSetChange[] }>();
    let after = 0;
    for (;;) {
      const page = await this.#options.events.readAll({
        afterPosition: after,
        maxCount: 500,
        streamPrefixes: [`${ALERT_RULE_SET_CATEGORY}-`],
      });
      for (const recorded of page) {
        const event = recorded as RecordedEvent<AlertRuleSetEvent>;
        const name = event.data.name;
        const current = found.get(name) ?? { state: alertRuleSetDecider.initialState(), changes: [] };
        current.changes.push({
          type: event.type,
          version: event.data.version,
          ...(event.type === 'AlertRuleSetActivated' ? { reason: event.data.reason } : {}),
          by: event.metadata.actor,
          at: event.metadata.occurredAt,
        });
        found.set(name, { state: alertRuleSetDecider.evolve(current.state, event), changes: current.changes });
        after = event.position;
      }
      if (page.length < 500) break;
    }
    const names = new Set([DEFAULT_ALERT_RULE_SET_NAME, ...found.keys()]);
    return [...names].sort().map((name) => {
      const recorded = found.get(name);
      return {
        name,
        state: alertRuleSetStateOf(recorded?.state ?? alertRuleSetDecider.initialState(), name),
        changes: recorded?.changes ?? [],
        builtIn: recorded === undefined,
      };
    });
  }

  /** One alert rule set; 404 `alert.rule-set-not-found` when there is none. */
  async ruleSet(name: string): Promise<AlertRuleSetHistory> {
    const found = (await this.ruleSets()).find((h) => h.name === name);
    if (found === undefined) {
      throw new ApiError(404, 'alert.rule-set-not-found', `there is no alert rule set ${name}`, { name });
    }
    return found;
  }
}

export const notFound = (alertId: string) =>
  new ApiError(404, 'alert.not-found', `there is no alert ${alertId}`, { alertId });
