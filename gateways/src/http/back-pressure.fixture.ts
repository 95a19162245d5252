import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActorHost, type HostStats, SqliteEventStore } from '@ordinal/actors';
import { type EventStore, orderDecider } from '@ordinal/domain';
import { SqliteReadStore } from '@ordinal/projections';
import type { FastifyInstance } from 'fastify';
import { buildApi } from './api.ts';
import type { LoadSheddingOptions } from './load-shedding.ts';
import type { RateLimitOptions } from './rate-limit.ts';

/** What a back-pressure test sets up: small limits, and a hook to hold appends. */
export interface LimitedApiOptions {
  readonly maxPendingCommands?: number;
  readonly mailboxCapacity?: number;
  readonly maxQueuedAppends?: number;
  readonly rateLimit?: RateLimitOptions;
  readonly loadShedding?: LoadSheddingOptions;
  /** Awaited before each append of the API's host (the append then goes to the real store). */
  readonly beforeAppend?: (streamId: string) => Promise<void>;
}

/** A listening API on a real host and real SQLite files, with what it logged and shed. */
export interface LimitedApi {
  readonly url: string;
  readonly app: FastifyInstance;
  /** The API's actor host, for its counters. */
  readonly host: { stats(): HostStats };
  readonly events: SqliteEventStore;
  /** Every log line the API wrote, parsed. */
  readonly logs: readonly { readonly level: number; readonly msg?: string }[];
  /** The codes `onShed` was told, in order. */
  readonly shed: readonly string[];
  close(): Promise<void>;
}

function withAppendHook(store: EventStore, hook: (streamId: string) => Promise<void>): EventStore {
  return {
    async append(streamId, events, expected) {
      await hook(streamId);
      return store.append(streamId, events, expected);
    },
    readStream: (streamId, options) => store.readStream(streamId, options),
    streamRevision: (streamId) => store.streamRevision(streamId),
    readAll: (options) => store.readAll(options),
    headPosition: () => store.headPosition(),
    subscribeAll: (options) => store.subscribeAll(options),
    close: () => store.close(),
  };
}

/** Starts the API with the given limits on 127.0.0.1 and a random port, on temp files. */
export async function startLimitedApi(options: LimitedApiOptions = {}): Promise<LimitedApi> {
  const dir = await mkdtemp(join(tmpdir(), 'ordinal-back-pressure-'));
  const events = SqliteEventStore.open({
    file: join(dir, 'events.db'),
    synchronous: 'NORMAL',
    ...(options.maxQueuedAppends === undefined ? {} : { maxQueuedAppends: options.maxQueuedAppends }),
  });
  const host = new ActorHost({
    store: options.beforeAppend ? withAppendHook(events, options.beforeAppend) : events,
    decider: orderDecider,
    ...(options.maxPendingCommands === undefined ? {} : { maxPendingCommands: options.maxPendingCommands }),
    ...(options.mailboxCapacity === undefined ? {} : { mailboxCapacity: options.mailboxCapacity }),
  });
  const readStore = new SqliteReadStore({ path: join(dir, 'read.db') });
  const logs: { level: number; msg?: string }[] = [];
  const shed: string[] = [];
  const app = buildApi({
    orders: host,
    events,
    readStore,
    clock: () => new Date('2025-03-01T09:00:00.000Z'),
    newId: randomUUID,
    ready: async () => ({ ready: true, checks: {} }),
    // Callers say who they are with the identity headers, as behind an authenticating proxy.
    auth: { mode: 'trusted-headers' },
    logger: { level: 'info', stream: { write: (line: string) => logs.push(JSON.parse(line)) } },
    onShed: (code) => shed.push(code),
    ...(options.rateLimit === undefined ? {} : { rateLimit: options.rateLimit }),
    ...(options.loadShedding === undefined ? {} : { loadShedding: options.loadShedding }),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const url = typeof address === 'object' && address !== null ? `http://127.0.0.1:${address.port}` : '';
  return {
    url,
    app,
    host,
    events,
    logs,
    shed,
    async close() {
      await app.close();
      await host.close();
      await events.close();
      await readStore.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
