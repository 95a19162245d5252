import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ActorHost,
  AlertEvaluator,
  OrderRoutingProcess,
  placementScreening,
  RiskScreen,
  RulesScreen,
  SqliteEventStore,
} from '@ordinal/actors';
import {
  type ApprovalEscalationPolicy,
  alertDecider,
  alertRuleSetDecider,
  carrierMappingDecider,
  carrierParkedDecider,
  channelIntakeDecider,
  channelMappingDecider,
  customerDecider,
  DEFAULT_RISK_THRESHOLDS,
  type EventStore,
  inventoryDecider,
  locationDecider,
  orderDecider,
  productDecider,
  type RiskThresholds,
  routingPolicyDecider,
  ruleSetDecider,
} from '@ordinal/domain';
import {
  alertsProjection,
  CARRIER_PROJECTIONS,
  CHANNEL_PROJECTIONS,
  InProcessBus,
  kpisProjection,
  ORDER_PROJECTIONS,
  ReadSide,
  routingPoliciesProjection,
  SqliteReadStore,
} from '@ordinal/projections';
import type { FastifyInstance } from 'fastify';
import type { AuthOptions } from '../auth/auth.identity.ts';
import type { CarrierIntake } from '../carriers/carrier-intake.service.ts';
import type { Readiness } from '../health/health.routes.ts';
import { buildApi } from '../http/api.ts';
import type { LiveServerOptions } from '../live/live.server.ts';
import { OrderChangeFeed } from '../live/order-change.feed.ts';
import { createMetrics } from '../metrics/metrics.registry.ts';

/** An answer as a test reads it: status, headers and the parsed JSON body (if any). */
export interface TestResponse {
  readonly status: number;
  readonly headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers.
  readonly body: any;
  readonly text: string;
}

export interface RequestOptions {
  readonly body?: unknown;
  /** Sent as is, instead of JSON of `body`. */
  readonly raw?: string;
  readonly headers?: Record<string, string>;
}

/** The real embedded system behind a listening API, on temp files. */
export interface TestApi {
  readonly url: string;
  /** The websocket URL of the live protocol (when started with `live`). */
  readonly wsUrl: string;
  readonly app: FastifyInstance;
  readonly events: SqliteEventStore;
  readonly readStore: SqliteReadStore;
  /** The business clock the API's host reads. */
  readonly clock: () => Date;
  /** Sets the business clock (each read then moves it one second on, so events differ in time). */
  setTime(iso: string): void;
  request(method: string, path: string, options?: RequestOptions): Promise<TestResponse>;
  /** The alert evaluator (when started with `alerts`), to run its scheduled check by hand. */
  readonly alertEvaluator: AlertEvaluator | undefined;
  /** The carrier intake (when started with `carriers`), to run the parked payloads' retry by hand. */
  readonly carrierIntake: () => CarrierIntake | undefined;
  /** The customers whose data the privacy routes asked to shred, in order (when started with `privacy`). */
  readonly shredded: readonly string[];
  /** Polls `GET /orders/:orderId` until the tracking view reached the revision. */
  waitForOrder(orderId: string, revision: number): Promise<TestResponse>;
  /** Polls a GET path until its body's `revision` reached the given one. */
  waitForRevision(path: string, revision: number): Promise<TestResponse>;
  close(): Promise<void>;
}

export interface TestApiOptions {
  /**
   * How callers are identified. Default: the trusted identity headers, so a test says who calls
   * with `x-ordinal-role` and `x-ordinal-actor-id`; the authorization tests pass tokens.
   */
  readonly auth?: AuthOptions;
  readonly bodyLimit?: number;
  /** Sent with every request of `request` (its own headers win): who calls, as the identity headers say. */
  readonly headers?: Record<string, string>;
  readonly ready?: () => Promise<Readiness>;
  /**
   * Runs before each append of the API's actor host, so a test can play another process that
   * writes to the same stream first (the host then meets a real concurrency conflict).
   */
  readonly beforeAppend?: (streamId: string) => Promise<void>;
  /** Serves channel intake too: mapping and intake hosts, and the channel projections. */
  readonly channels?: boolean;
  /**
   * Routes orders and serves the routing policies: the order routing process on the API's hosts
   * (addresses placed at the middle of their region's locations), the policy host and projection.
   */
  readonly routing?: boolean;
  /** Screens new orders with the rule sets and catalogue in the log (a RulesScreen); serves `/rules/sets` and `/catalogue`. */
  readonly rules?: boolean;
  /** Serves carrier intake with these shared secrets by carrier (and the shipped scan mappings). */
  readonly carriers?: ReadonlyMap<string, string>;
  /** Serves `GET /metrics` and the parked events (`/parked-events`) of the read side too. */
  readonly operations?: boolean;
  /** Serves the live protocol at `/ws` over a feed of the store (options beside events and feed). */
  readonly live?: Partial<Omit<LiveServerOptions, 'events' | 'feed'>>;
  /** Serves the pages from this directory. */
  readonly pagesDir?: string;
  /** Browser origins allowed to call the API and open the websocket. */
  readonly allowedOrigins?: readonly string[];
  /** Screens new orders with the default risk rule (these thresholds over the defaults). */
  readonly risk?: Partial<RiskThresholds>;
  /** Runs the kpis projection and serves `/kpis` and `/kpis/views/:role`, days read in this time zone. */
  readonly kpis?: { readonly timeZone: string };
  /** Serves `/alerts` and `/alerts/rules`, projects the alerts and evaluates the alert rules (checks by hand). */
  readonly alerts?: boolean;
  /** The approval escalation policy the approvals queue reports (`dueAt`); none by default. */
  readonly approvals?: ApprovalEscalationPolicy;
  /** Serves erasure, export and consent (`/customers/:customerId/erase`…); erasures are listed in `shredded`. */
  readonly privacy?: boolean;
}

/** The store as the API's host sees it: appends go through the hook first. */
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

/** Starts the event store, actor host, read side and API on 127.0.0.1 with a random port. */
export async function startTestApi(options: TestApiOptions = {}): Promise<TestApi> {
  const dir = await mkdtemp(join(tmpdir(), 'ordinal-gateways-'));
  let time = Date.parse('2025-03-01T09:00:00.000Z');
  const clock = () => {
    const now = new Date(time);
    time += 1000;
    return now;
  };
  const events = SqliteEventStore.open({ file: join(dir, 'events.db'), synchronous: 'NORMAL' });
  const hostStore = options.beforeAppend ? withAppendHook(events, options.beforeAppend) : events;
  const risk = options.risk
    ? new RiskScreen({ events, thresholds: { ...DEFAULT_RISK_THRESHOLDS, ...options.risk } })
    : undefined;
  await risk?.start();
  const rulesScreen = options.rules ? new RulesScreen({ events, timeZone: 'UTC' }) : undefined;
  rulesScreen?.start();
  const host = new ActorHost({
    store: hostStore,
    decider: orderDecider,
    clock,
    ...(rulesScreen === undefined && risk === undefined
      ? {}
      : { facts: placementScreening([rulesScreen, risk].filter((screen) => screen !== undefined)) }),
  });
  const ruleSets = options.rules ? new ActorHost({ store: events, decider: ruleSetDecider, clock }) : undefined;
  const products = options.rules ? new ActorHost({ store: events, decider: productDecider, clock }) : undefined;
  const inventory = new ActorHost({ store: events, decider: inventoryDecider, clock });
  const locations = new ActorHost({ store: events, decider: locationDecider, clock });
  const readStore = new SqliteReadStore({ path: join(dir, 'read.db') });
  const bus = new InProcessBus();
  const channelHosts = options.channels
    ? {
        mappings: new ActorHost({ store: hostStore, decider: channelMappingDecider, clock }),
        intake: new ActorHost({ store: hostStore, decider: channelIntakeDecider, clock }),
      }
    : undefined;
  const carrierHosts = options.carriers
    ? {
        mappings: new ActorHost({ store: hostStore, decider: carrierMappingDecider, clock }),
        parked: new ActorHost({ store: hostStore, decider: carrierParkedDecider, clock }),
      }
    : undefined;
  let carrierIntake: CarrierIntake | undefined;
  const customers = options.privacy ? new ActorHost({ store: events, decider: customerDecider, clock }) : undefined;
  const shredded: string[] = [];
  const policies = options.routing ? new ActorHost({ store: events, decider: routingPolicyDecider, clock }) : undefined;
  const alertHosts = options.alerts
    ? {
        alerts: new ActorHost({ store: events, decider: alertDecider, clock }),
        ruleSets: new ActorHost({ store: events, decider: alertRuleSetDecider, clock }),
      }
    : undefined;
  const alertEvaluator = alertHosts
    ? new AlertEvaluator({ events, alerts: alertHosts.alerts, clock, intervalMs: 0 })
    : undefined;
  alertEvaluator?.start();
  const projections = [
    ...ORDER_PROJECTIONS,
    ...(alertHosts ? [alertsProjection] : []),
    ...(channelHosts ? CHANNEL_PROJECTIONS : []),
    ...(carrierHosts ? CARRIER_PROJECTIONS : []),
    ...(policies ? [routingPoliciesProjection] : []),
    ...(options.kpis ? [kpisProjection] : []),
  ];
  const readSide = new ReadSide({ events, store: readStore, bus, projections, relay: { retryDelayMs: 50 } });
  await readSide.start();
  const feed = options.live ? new OrderChangeFeed({ events }) : undefined;
  await feed?.start();
  const app = buildApi({
    orders: host,
    inventory,
    locations,
    events,
    readStore,
    clock,
    newId: randomUUID,
    ready: options.ready ?? (async () => ({ ready: true, checks: { events: 'ok' } })),
    // The tests of each route act as the identity headers say; tokens are tested on their own.
    auth: options.auth ?? { mode: 'trusted-headers' },
    ...(options.operations ? { metrics: createMetrics(), parked: readSide } : {}),
    ...(options.bodyLimit === undefined ? {} : { bodyLimit: options.bodyLimit }),
    ...(channelHosts === undefined ? {} : { channels: channelHosts }),
    ...(policies === undefined ? {} : { routing: { policies } }),
    ...(ruleSets === undefined || rulesScreen === undefined
      ? {}
      : { rules: { sets: ruleSets, timeZone: 'UTC', inForce: (position: number) => rulesScreen.reached(position) } }),
    ...(products === undefined || rulesScreen === undefined
      ? {}
      : { catalogue: { products, inForce: (position: number) => rulesScreen.reached(position) } }),
    ...(options.approvals === undefined ? {} : { approvals: { escalation: options.approvals } }),
    ...(options.kpis === undefined ? {} : { kpis: options.kpis }),
    ...(alertHosts === undefined ? {} : { alerts: alertHosts }),
    ...(customers === undefined
      ? {}
      : {
          privacy: {
            customers,
            shred: async (customerId: string) => {
              shredded.push(customerId);
              return 1;
            },
          },
        }),
    ...(options.carriers === undefined || carrierHosts === undefined
      ? {}
      : {
          carriers: {
            secrets: options.carriers,
            orders: host,
            ...carrierHosts,
            onIntake: (intake: CarrierIntake) => {
              carrierIntake = intake;
            },
          },
        }),
    ...(feed === undefined ? {} : { live: { ...options.live, feed } }),
    ...(options.pagesDir === undefined ? {} : { pages: { dir: options.pagesDir } }),
    ...(options.allowedOrigins === undefined ? {} : { allowedOrigins: options.allowedOrigins }),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const router = options.routing
    ? new OrderRoutingProcess({ events, orders: host, inventory, geocode: () => undefined, clock })
    : undefined;
  await router?.start();
  const address = app.server.address();
  const url = typeof address === 'object' && address !== null ? `http://127.0.0.1:${address.port}` : '';

  async function request(method: string, path: string, opts: RequestOptions = {}): Promise<TestResponse> {
    const payload = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
    const headers = {
      ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
      ...opts.headers,
    };
    const response = await fetch(`${url}${path}`, {
      method,
      headers,
      ...(payload === undefined ? {} : { body: payload }),
    });
    const text = await response.text();
    let body: unknown;
    try {
      body = text.length > 0 ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    return { status: response.status, headers: response.headers, body, text };
  }

  async function waitForRevision(path: string, revision: number): Promise<TestResponse> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const response = await request('GET', path);
      if (response.status === 200 && response.body.revision >= revision) return response;
      if (Date.now() > deadline) {
        throw new Error(`${path} not projected to revision ${revision}: ${response.status} ${response.text}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  const waitForOrder = (orderId: string, revision: number) => waitForRevision(`/orders/${orderId}`, revision);

  return {
    url,
    wsUrl: `${url.replace(/^http/, 'ws')}/ws`,
    app,
    events,
    readStore,
    clock,
    setTime(iso) {
      time = Date.parse(iso);
    },
    request,
    carrierIntake: () => carrierIntake,
    alertEvaluator,
    shredded,
    waitForOrder,
    waitForRevision,
    async close() {
      await app.close();
      await router?.stop();
      await alertEvaluator?.stop();
      await alertHosts?.alerts.close();
      await alertHosts?.ruleSets.close();
      await policies?.close();
      await rulesScreen?.stop();
      await ruleSets?.close();
      await products?.close();
      await customers?.close();
      await feed?.stop();
      await Promise.all([host.close(), inventory.close(), locations.close()]);
      await risk?.stop();
      await channelHosts?.mappings.close();
      await channelHosts?.intake.close();
      await carrierHosts?.mappings.close();
      await carrierHosts?.parked.close();
      await readSide.stop();
      await bus.close();
      await events.close();
      await readStore.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
