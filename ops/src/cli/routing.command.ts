import { existsSync, readFileSync } from 'node:fs';
import {
  type EventStore,
  latestPolicyVersion,
  type RecordedEvent,
  ROUTING_POLICY_STREAM,
  type RoutingPolicy,
  type RoutingPolicyEvent,
  routingPolicyDecider,
  routingPolicyVersion,
  simulate,
  validateRoutingPolicy,
} from '@ordinal/domain';
import { recentRoutings, simulationReport } from '@ordinal/gateways';
import { builtInRoutingPolicies, foldRoutingPolicies } from '@ordinal/projections';
import type { OrdinalConfig } from '../config/config.ts';
import { embeddedFiles, openAdapters } from '../profile/adapters.ts';
import { ProgressBar } from './progress.ts';
import { policyTable, simulationTables } from './routing.tables.ts';

/** What `ordinal routing simulate` was asked. */
export interface SimulateArgs {
  /** A version number, or the path of a policy document (JSON) not saved yet. */
  readonly target: string;
  readonly last: number;
  readonly json: boolean;
}

/** Opens the log of the configured data directory, or says why not (undefined). */
export async function withLog<T>(
  config: OrdinalConfig,
  work: (events: EventStore) => Promise<T>,
): Promise<T | undefined> {
  const files = embeddedFiles(config.dataDir);
  if (config.profile.eventStore.kind === 'sqlite' && !existsSync(files.events)) {
    console.error(`No event log at ${files.events}. Set ORDINAL_DATA_DIR to the data directory the OMS uses.`);
    return undefined;
  }
  const adapters = await openAdapters(config);
  try {
    return await work(adapters.events);
  } finally {
    await adapters.close();
  }
}

const policyEvents = (events: EventStore) =>
  events.readStream(ROUTING_POLICY_STREAM) as Promise<RecordedEvent<RoutingPolicyEvent>[]>;

/** `ordinal routing policies`: every version with its status, as the log records them. */
export async function runRoutingPolicies(config: OrdinalConfig): Promise<number> {
  const done = await withLog(config, async (events) => {
    const view = (await policyEvents(events)).reduce(foldRoutingPolicies, builtInRoutingPolicies());
    console.log(policyTable(view));
    return 0;
  });
  return done ?? 1;
}

/** The policy to simulate: a recorded version, or a document from a file checked like a draft. */
function policyFor(target: string, recorded: readonly RecordedEvent<RoutingPolicyEvent>[]): RoutingPolicy | string {
  const state = recorded.reduce(routingPolicyDecider.evolve, routingPolicyDecider.initialState());
  if (/^\d+$/.test(target)) {
    const version = Number(target);
    return (
      routingPolicyVersion(state, version) ??
      `There is no routing policy version ${version} (the latest is ${latestPolicyVersion(state)}); run: npm run ordinal -- routing policies`
    );
  }
  if (!existsSync(target)) return `No file ${target}: give a version number or the path of a policy document (JSON).`;
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(target, 'utf8'));
  } catch (error) {
    return `${target} is not JSON: ${(error as Error).message}`;
  }
  // Numbered as its draft would be (whatever version it names), so "after" says which it would become.
  const next = latestPolicyVersion(state) + 1;
  const policy = typeof document === 'object' && document !== null ? { ...document, version: next } : document;
  const problems = validateRoutingPolicy(policy);
  if (problems.length === 0) return policy as RoutingPolicy;
  return [
    `${target} is not a valid routing policy:`,
    ...problems.map((p) => `  ${p.field || '(document)'}: ${p.problem}`),
  ].join('\n');
}

/** `ordinal routing simulate <version|file.json> [--last N] [--json]`: what a policy would change. */
export async function runRoutingSimulate(config: OrdinalConfig, args: SimulateArgs): Promise<number> {
  const done = await withLog(config, async (events) => {
    const policy = policyFor(args.target, await policyEvents(events));
    if (typeof policy === 'string') {
      console.error(policy);
      return 1;
    }
    const bar = new ProgressBar('reading routed orders', 'positions');
    const recent = await recentRoutings(events, {
      limit: args.last,
      onProgress: (progress) => bar.update(progress.position, progress.head),
    });
    bar.finish(`${recent.routings.length} routed orders found in ${recent.eventsRead} order events`);
    const report = simulationReport(simulate(recent.routings, policy));
    console.log(
      args.json ? JSON.stringify({ ...report, eventsRead: recent.eventsRead }, null, 2) : simulationTables(report),
    );
    return 0;
  });
  return done ?? 1;
}
