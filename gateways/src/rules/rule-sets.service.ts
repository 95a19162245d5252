import {
  type ActorRef,
  type CommandMetadata,
  type DryRunOrder,
  dryRunRuleSet,
  type EventStore,
  type RecordedPlacement,
  type RuleSetCommand,
  type RuleSetEvent,
  type RuleSetState,
  ruleSetStateOf,
  ruleSetVersion,
} from '@ordinal/domain';
import type { AggregateHost } from '../channels/channel-hosts.ts';
import { ApiError, rejectionError } from '../http/errors.ts';
import {
  type PlacementProgress,
  type RuleSetHistory,
  recentPlacements,
  recordedPlacement,
  ruleSetHistories,
} from './rule-sets.history.ts';

/**
 * Resolves once the screen judging new orders has read the log up to a position, so a change
 * answered is a change in force for the next order placed through this process.
 */
export type InForce = (position: number) => Promise<void>;

/** How long a change's answer waits for the screen before it is sent anyway. */
const IN_FORCE_WAIT_MS = 5_000;

/**
 * Waits, at most a few seconds, for `inForce` to reach `position`. The change is recorded
 * either way: a screen that is far behind only delays the answer, never refuses it.
 */
export async function untilInForce(inForce: InForce | undefined, position: number): Promise<void> {
  if (inForce === undefined) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    inForce(position),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, IN_FORCE_WAIT_MS);
    }),
  ]);
  clearTimeout(timer);
}

/** What the rule set routes need; the composition root hands in a host on the event store. */
export interface RuleSetDeps {
  readonly sets: AggregateHost<RuleSetCommand, RuleSetState>;
  /** The business time zone the rules read local time in (for orders recorded without it). */
  readonly timeZone: string;
  /** The rules screen's `reached`: a change is answered once it is in force (absent: at once). */
  readonly inForce?: InForce;
}

/** Everything the rule set routes use. */
export interface RuleSetRoutesOptions extends RuleSetDeps {
  readonly events: EventStore;
  readonly newId: () => string;
}

/** A summary of one set. */
export function summaryOf(history: RuleSetHistory) {
  const { state } = history;
  const latest = state.versions.at(-1);
  return {
    name: history.name,
    description: latest?.description ?? '',
    activeVersion: state.retired ? null : (state.activeVersion ?? null),
    latestVersion: state.versions.length,
    retired: state.retired,
    builtIn: history.builtIn,
  };
}

/** The status of a version of a set: every version of a retired set is retired. */
export function statusOf(state: RuleSetState, version: number): 'draft' | 'active' | 'retired' {
  if (state.retired) return 'retired';
  return state.activeVersion === version ? 'active' : 'draft';
}

/** Which orders a dry-run evaluates. */
export type DryRunTarget = { readonly orderId: string } | { readonly last: number };

/** A dry-run of one version over recorded orders. */
export interface DryRunReport {
  readonly ruleSet: { readonly name: string; readonly version: number };
  readonly results: readonly DryRunOrder[];
}

/**
 * The rule sets as the routes use them: reads fold the `ruleset-` streams of the log (each
 * set is small), commands go to the rule set aggregate, dry-runs read orders as recorded.
 */
export class RuleSets {
  readonly #options: RuleSetRoutesOptions;

  constructor(options: RuleSetRoutesOptions) {
    this.#options = options;
  }

  /** Every set (the built-in default among them) with its audit trail. */
  list(): Promise<RuleSetHistory[]> {
    return ruleSetHistories(this.#options.events);
  }

  /** One set; 404 `rules.set-not-found` when there is none. */
  async get(name: string): Promise<RuleSetHistory> {
    const found = (await this.list()).find((h) => h.name === name);
    if (found === undefined) throw new ApiError(404, 'rules.set-not-found', `there is no rule set ${name}`, { name });
    return found;
  }

  /**
   * Runs a rule set command; the refusal is thrown, the event answered once the rules screen
   * has read it (an activation answered is the version the next order meets).
   */
  async execute(command: RuleSetCommand, metadata: CommandMetadata): Promise<{ event: RuleSetEvent; by: ActorRef }> {
    const outcome = await this.#options.sets.execute({ command, metadata });
    if (outcome.status === 'rejected') throw rejectionError(outcome.rejection);
    const recorded = outcome.events[0];
    if (recorded === undefined) throw new Error(`${command.type} for ${command.name} recorded nothing`);
    await untilInForce(this.#options.inForce, recorded.position);
    const event = recorded as unknown as RuleSetEvent;
    return { event, by: event.metadata.actor };
  }

  /** What a version would decide for recorded orders, next to what they recorded; nothing is recorded. */
  async dryRun(
    name: string,
    version: number,
    target: DryRunTarget,
    onProgress?: (progress: PlacementProgress) => void,
  ): Promise<DryRunReport> {
    const { state } = await this.#options.sets.load(name);
    const current = ruleSetStateOf(state, name);
    const document = ruleSetVersion(current, version);
    if (document === undefined) {
      const code = current.versions.length === 0 ? 'rules.set-not-found' : 'rules.version-not-found';
      throw new ApiError(404, code, `rule set ${name} has no version ${version}`, {
        version,
        latestVersion: current.versions.length,
      });
    }
    let orders: RecordedPlacement[];
    if ('orderId' in target) {
      const found = await recordedPlacement(this.#options.events, target.orderId);
      if (found === undefined) {
        throw new ApiError(404, 'rules.order-not-found', `order ${target.orderId} was never placed`, {
          field: '/orderId',
        });
      }
      orders = [found];
    } else {
      orders = await recentPlacements(this.#options.events, target.last, onProgress);
    }
    return { ruleSet: { name, version }, results: dryRunRuleSet(document, version, orders, this.#options.timeZone) };
  }
}

/** The dry-run report as served: per order, then how many differ and in what. */
export function dryRunAnswer(report: DryRunReport) {
  const differencesByField: Record<string, number> = {};
  for (const result of report.results) {
    for (const d of result.differences) differencesByField[d.field] = (differencesByField[d.field] ?? 0) + 1;
  }
  return {
    ruleSet: report.ruleSet,
    orders: report.results.length,
    changed: report.results.filter((r) => r.differences.length > 0).length,
    differencesByField,
    results: report.results.map((r) => ({
      orderId: r.orderId,
      recordedVersion: r.recorded?.version ?? null,
      recordedMatched: [...(r.recorded?.matched ?? [])],
      wouldMatch: r.wouldBe.matched.map((m) => m.ruleId),
      facts: { ...r.wouldBe.facts },
      effects: { ...r.wouldBe.effects },
      differences: r.differences.map((d) => ({ ...d })),
    })),
  };
}
