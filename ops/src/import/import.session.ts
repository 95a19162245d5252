import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { ActorHost, nameBasedUuid } from '@ordinal/actors';
import { type EventStore, locationDecider, orderDecider, productDecider } from '@ordinal/domain';
import { IMPORT_NAMESPACE, type ImportTarget } from './import.runner.ts';

/** The hosts an import sends its commands to, on the given store, and how to stop them. */
export interface ImportHosts extends ImportTarget {
  close(): Promise<void>;
}

/**
 * The order, location and catalogue hosts of an import: the live deciders, with no placement
 * screens (an imported placement is confirmed as `imported`, whatever today's rules say) and no
 * background processes. Limits are sized for `concurrency` orders in flight; finished orders are
 * passivated by the LRU bound.
 */
export function importHosts(store: EventStore, concurrency: number): ImportHosts {
  const limits = {
    store,
    maxPendingCommands: Math.max(1_000, concurrency * 4),
    maxLiveActors: Math.max(1_000, concurrency * 4),
    idleTimeoutMs: 600_000,
  };
  const orders = new ActorHost({ ...limits, decider: orderDecider });
  const locations = new ActorHost({ ...limits, decider: locationDecider });
  const products = new ActorHost({ ...limits, decider: productDecider });
  return {
    orders,
    locations,
    products,
    close: async () => {
      await Promise.all([orders.close(), locations.close(), products.close()]);
    },
  };
}

/**
 * The run id of an import: derived from the source and the bytes of what it reads, so a run
 * restarted on the same files continues the same run (its events say so), and the same files
 * imported again are recognised as the same run.
 */
export async function importRunId(source: string, files: readonly string[], extra = ''): Promise<string> {
  const hash = createHash('sha256').update(`${source}\u0000${extra}`);
  for (const file of files) {
    hash.update(`\u0000${file.split('/').pop()}\u0000`);
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  }
  return nameBasedUuid(IMPORT_NAMESPACE, `run\u0000${hash.digest('hex')}`);
}
