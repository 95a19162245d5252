import { nameBasedUuid } from '@ordinal/actors';
import type {
  CommandEnvelope,
  CommandExecutor,
  CommandOutcome,
  DefineProduct,
  ImportProvenance,
  LocationCommand,
  OrderCommand,
} from '@ordinal/domain';
import type { ImportIssue, PlannedOrder } from './import.types.ts';

/** Namespace of the command and correlation ids an import derives from its source records (fixed forever). */
export const IMPORT_NAMESPACE = '8d0b6f3e-2a41-4c7e-9f15-6b3e0c9a7d24';

/** Who every imported command is recorded as. */
export const IMPORTER = { kind: 'system', component: 'import' } as const;

/** Where an import sends its commands: the same hosts live commands go through. */
export interface ImportTarget {
  readonly orders: CommandExecutor<OrderCommand>;
  readonly locations: CommandExecutor<LocationCommand>;
  readonly products: CommandExecutor<DefineProduct>;
}

/** What one run did. */
export interface ImportTotals {
  readonly orders: number;
  /** Orders that gained events in this run. */
  readonly ordersAdded: number;
  /** Orders whose every command was recorded already (by an earlier run). */
  readonly ordersSkipped: number;
  readonly ordersRefused: number;
  readonly eventsAdded: number;
  /** Commands answered from what an earlier run recorded. */
  readonly commandsSkipped: number;
  readonly locationsAdded: number;
  readonly productsAdded: number;
}

/** How to run an import. */
export interface ImportRunOptions {
  readonly source: string;
  readonly runId: string;
  /** Marks the events for the alert rules to evaluate (`metadata.import.alerts`). */
  readonly alerts?: boolean;
  /** Orders replayed at once (each order's commands stay in order). */
  readonly concurrency: number;
  readonly onProgress?: (done: number, total: number) => void;
  /** Told of every issue: the plan's adjustments and refusals, and commands the decider refused. */
  readonly onIssue: (issue: ImportIssue) => void;
}

/** The command id of one step of one source record: the same on every run, so a rerun records nothing twice. */
export function importCommandId(source: string, entity: string, step: string): string {
  return nameBasedUuid(IMPORT_NAMESPACE, `${source}\u0000${entity}\u0000${step}`);
}

function envelope<C extends { readonly type: string }>(
  command: C,
  ids: { source: string; entity: string; step: string },
  provenance: ImportProvenance,
  occurredAt?: string,
): CommandEnvelope<C> {
  return {
    command,
    metadata: {
      commandId: importCommandId(ids.source, ids.entity, ids.step),
      correlationId: importCommandId(ids.source, ids.entity, ''),
      actor: IMPORTER,
      ...(occurredAt === undefined ? {} : { occurredAt }),
      import: provenance,
    },
  };
}

const added = (outcome: CommandOutcome) =>
  outcome.status === 'accepted' && !outcome.duplicate ? outcome.events.length : 0;

/**
 * Replays planned orders through the order host, `concurrency` orders at a time, each order's
 * commands one after the other with their source time as `occurredAt` (and so as the decision
 * clock) and `metadata.import` on every event. Locations and products go first through their
 * own hosts. A command the decider refuses is reported and the rest of that order skipped.
 */
export async function runImport(
  plans: {
    readonly locations: readonly LocationCommand[];
    readonly products: readonly DefineProduct[];
    readonly orders: readonly PlannedOrder[];
  },
  target: ImportTarget,
  options: ImportRunOptions,
): Promise<ImportTotals> {
  const { source, runId } = options;
  let locationsAdded = 0;
  let productsAdded = 0;
  let eventsAdded = 0;
  let commandsSkipped = 0;
  let ordersAdded = 0;
  let ordersSkipped = 0;
  let ordersRefused = 0;
  const refusedBy = (record: string, orderId: string, outcome: CommandOutcome, step: string) => {
    if (outcome.status !== 'rejected') return false;
    const { code, message } = outcome.rejection;
    options.onIssue({ record, orderId, action: 'refused', code: `decider:${code}`, reason: `${step}: ${message}` });
    return true;
  };
  const total = plans.orders.length;
  const flags = options.alerts === true ? { alerts: true as const } : {};
  const reference = (kind: string, id: string): ImportProvenance => ({
    source,
    runId,
    record: `${kind}:${id}`,
    ...flags,
  });
  await pool(plans.locations, options.concurrency, async (command) => {
    const ids = { source, entity: `location:${command.locationId}`, step: 'register' };
    const outcome = await target.locations.execute(envelope(command, ids, reference('location', command.locationId)));
    locationsAdded += added(outcome) > 0 ? 1 : 0;
    refusedBy(`location:${command.locationId}`, '', outcome, 'register');
  });
  await pool(plans.products, options.concurrency, async (command) => {
    const ids = { source, entity: `product:${command.sku}`, step: 'define' };
    const outcome = await target.products.execute(envelope(command, ids, reference('product', command.sku)));
    productsAdded += added(outcome) > 0 ? 1 : 0;
    refusedBy(`product:${command.sku}`, '', outcome, 'define');
  });
  // The plans' issues first, in source order, so the report reads the same on every run.
  for (const plan of plans.orders) for (const issue of plan.issues) options.onIssue(issue);
  let done = 0;
  await pool(plans.orders, options.concurrency, async (plan) => {
    if (plan.steps.length === 0) ordersRefused += 1;
    let gained = 0;
    let refused = false;
    const provenance: ImportProvenance = { source, runId, record: plan.record, ...flags };
    for (const { step, at, command } of plan.steps) {
      const outcome = await target.orders.execute(
        envelope(command, { source, entity: plan.orderId, step }, provenance, at),
      );
      refused = refusedBy(plan.record, plan.orderId, outcome, step);
      if (refused) break;
      const count = added(outcome);
      gained += count;
      if (count === 0) commandsSkipped += 1;
    }
    eventsAdded += gained;
    if (refused) ordersRefused += 1;
    else if (plan.steps.length > 0) {
      if (gained > 0) ordersAdded += 1;
      else ordersSkipped += 1;
    }
    done += 1;
    options.onProgress?.(done, total);
  });
  return {
    orders: total,
    ordersAdded,
    ordersSkipped,
    ordersRefused,
    eventsAdded,
    commandsSkipped,
    locationsAdded,
    productsAdded,
  };
}

/** Runs `work` over the items, at most `concurrency` at a time, in the items' order. */
async function pool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
}
