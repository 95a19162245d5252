import { describeActor, dryRunRuleSet, type RecordedPlacement, ruleSetVersion } from '@ordinal/domain';
import {
  dryRunAnswer,
  recentPlacements,
  recordedPlacement,
  ruleSetHistories,
  statusOf,
  summaryOf,
} from '@ordinal/gateways';
import type { OrdinalConfig } from '../config/config.ts';
import { ProgressBar } from './progress.ts';
import { withLog } from './routing.command.ts';
import { columns } from './routing.tables.ts';

/** What `ordinal rules dry-run` was asked. */
export interface RulesDryRunArgs {
  readonly name: string;
  readonly version: number;
  /** One recorded order, or else the last N placed. */
  readonly orderId?: string;
  readonly last: number;
  readonly json: boolean;
}

/** Differing orders printed before the rest are only counted (`--json` prints them all). */
const SHOWN = 50;

/** `ordinal rules list`: every rule set, its active and latest version, and its last change. */
export async function runRulesList(config: OrdinalConfig): Promise<number> {
  const done = await withLog(config, async (events) => {
    const rows = (await ruleSetHistories(events)).map((history) => {
      const s = summaryOf(history);
      const last = history.changes.at(-1);
      return [
        s.name,
        s.retired ? 'retired' : s.activeVersion === null ? 'draft only' : `v${s.activeVersion}`,
        String(s.latestVersion),
        s.builtIn
          ? 'built in'
          : last
            ? `${last.at} ${describeActor(last.by)} ${last.type}${last.reason ? `: ${last.reason}` : ''}`
            : '',
      ];
    });
    console.log(columns([['name', 'active', 'latest', 'last change'], ...rows]));
    return 0;
  });
  return done ?? 1;
}

/** `ordinal rules show <name>`: each version's status and rules, and every change with who and why. */
export async function runRulesShow(config: OrdinalConfig, name: string): Promise<number> {
  const done = await withLog(config, async (events) => {
    const history = (await ruleSetHistories(events)).find((h) => h.name === name);
    if (history === undefined) {
      console.error(`There is no rule set ${name}; run: npm run ordinal -- rules list`);
      return 1;
    }
    const versions = history.state.versions.map((document, i) => [
      String(i + 1),
      statusOf(history.state, i + 1),
      document.rules.map((r) => r.id).join(', '),
    ]);
    console.log(columns([['version', 'status', 'rules'], ...versions]));
    if (history.changes.length > 0) {
      const changes = history.changes.map((c) => [
        c.at,
        describeActor(c.by),
        c.type,
        c.version === undefined ? '' : `v${c.version}`,
        c.reason ?? '',
      ]);
      console.log(`\n${columns([['when', 'who', 'change', 'version', 'why'], ...changes])}`);
    }
    return 0;
  });
  return done ?? 1;
}

/** `ordinal rules dry-run <name> <version> [--order ID | --last N] [--json]`: what a version would change. */
export async function runRulesDryRun(config: OrdinalConfig, args: RulesDryRunArgs): Promise<number> {
  const done = await withLog(config, async (events) => {
    const history = (await ruleSetHistories(events)).find((h) => h.name === args.name);
    const document = history === undefined ? undefined : ruleSetVersion(history.state, args.version);
    if (document === undefined) {
      console.error(
        `Rule set ${args.name} has no version ${args.version}; run: npm run ordinal -- rules show ${args.name}`,
      );
      return 1;
    }
    let orders: RecordedPlacement[];
    if (args.orderId !== undefined) {
      const found = await recordedPlacement(events, args.orderId);
      if (found === undefined) {
        console.error(`Order ${args.orderId} was never placed in this log.`);
        return 1;
      }
      orders = [found];
    } else {
      const bar = new ProgressBar('reading placed orders', 'positions');
      orders = await recentPlacements(events, args.last, (p) => bar.update(p.position, p.head));
      bar.finish(`${orders.length} placed orders found`);
    }
    const report = dryRunAnswer({
      ruleSet: { name: args.name, version: args.version },
      results: dryRunRuleSet(document, args.version, orders, config.businessTimeZone),
    });
    if (args.json) {
      console.log(JSON.stringify(report, null, 2));
      return 0;
    }
    const fields = Object.entries(report.differencesByField).map(([field, n]) => `${field} ${n}`);
    console.log(
      `Rule set ${args.name} v${args.version} over ${report.orders} orders: ${report.changed} would change${fields.length > 0 ? ` (${fields.join(', ')})` : ''}.`,
    );
    const changed = report.results.filter((r) => r.differences.length > 0);
    const rows = changed
      .slice(0, SHOWN)
      .map((r) => [
        r.orderId,
        r.recordedVersion === null ? '-' : `v${r.recordedVersion}`,
        r.differences.map((d) => `${d.field}: ${JSON.stringify(d.recorded)} → ${JSON.stringify(d.wouldBe)}`).join('; '),
      ]);
    if (rows.length > 0) console.log(`\n${columns([['order', 'recorded', 'would change'], ...rows])}`);
    if (changed.length > SHOWN) console.log(`… and ${changed.length - SHOWN} more (--json lists them all)`);
    return 0;
  });
  return done ?? 1;
}
