import { isAbsolute, resolve } from 'node:path';
import {
  type ApprovalEscalationPolicy,
  DEFAULT_APPROVAL_ESCALATION,
  parseApprovalEscalation,
  type RiskThresholds,
} from '@ordinal/domain';
import { olistDir } from '../datasets/olist/olist.paths.ts';

/** Everything Ordinal reads from its environment, parsed once at start-up. */
export interface OrdinalConfig {
  readonly http: { readonly host: string; readonly port: number; readonly bodyLimitBytes: number };
  readonly dataDir: string;
  readonly eventStore: { readonly synchronous: 'FULL' | 'NORMAL' };
  readonly actors: {
    readonly idleTimeoutMs: number;
    readonly maxLiveActors: number;
    readonly maxConflictRetries: number;
    readonly mailboxCapacity: number;
    /** A snapshot of an order every this many events (0: no snapshot cache). */
    readonly snapshotEvery: number;
  };
  /** Which engines the process talks to: the embedded files, or the distributed servers. */
  readonly profile: ProfileConfig;
  /** Load shedding: what is refused with 429 before it slows every caller down. */
  readonly limits: {
    /** Commands waiting or running across all orders at most (ActorHost). */
    readonly maxPendingCommands: number;
    /** Appends waiting for the embedded store's group commit at most. */
    readonly maxQueuedAppends: number;
    /** Intake requests per client and window; 0 turns the rate limit off. */
    readonly rateLimitMax: number;
    readonly rateLimitWindowMs: number;
    /** Intake requests are refused while the event loop runs this many ms behind; 0: never. */
    readonly shedEventLoopDelayMs: number;
  };
  /** The order routing process (route, reserve and allocate confirmed orders) in the API process. */
  readonly router: {
    readonly enabled: boolean;
    /** How long a routed order's reservations hold their stock before they may expire. */
    readonly reservationTtlMs: number;
    /** How often reservations past their expiry are let go (0: never, by this process). */
    readonly reservationExpiryIntervalMs: number;
  };
  /** The consolidation process in the API process (docs/consolidation.md). */
  readonly consolidation: {
    /** Orders placed within this many minutes of each other may share a parcel; 0 turns consolidation off. */
    readonly windowMinutes: number;
  };
  /** The default risk rule, screening every new order in the API process (docs/risk.md). */
  readonly risk: {
    readonly enabled: boolean;
    readonly thresholds: RiskThresholds;
  };
  /** Repurchase hints for the rules and the release of holds for consolidation (docs/rules.md). */
  readonly repurchase: {
    /** The rules screen follows the order streams for customers' purchases (`repurchase.withinDays`). */
    readonly enabled: boolean;
    /** How often holds for consolidation past their `until` are released (0: only by the next order or by hand). */
    readonly holdReleaseIntervalMs: number;
  };
  /** Approvals nobody decided in time go to the next role (docs/approvals.md). */
  readonly approvals: {
    /** Per role: after how long, to which role (`ORDINAL_APPROVAL_ESCALATION`); empty: never. */
    readonly escalation: ApprovalEscalationPolicy;
    /** How often approvals past their deadline are escalated, in ms (0: never, by this process). */
    readonly checkIntervalMs: number;
  };
  /** Alerts evaluated on the event stream and their notifications (docs/alerts.md). */
  readonly alerts: {
    /** The evaluator runs in the API process (`ORDINAL_ALERTS`). */
    readonly enabled: boolean;
    /** Evaluate events recorded by a bulk import too (`ORDINAL_ALERTS_ON_IMPORT`). */
    readonly onImport: boolean;
    /** How often SLA deadlines and sliding windows are checked, in ms (0: never by itself). */
    readonly checkIntervalMs: number;
    /** Webhooks every alert is posted to, each with its signing secret. */
    readonly webhooks: readonly { readonly url: string; readonly secret: string }[];
    /** SMTP server for alert e-mail (`smtp://user:pass@host:587`); undefined: no e-mail. */
    readonly smtpUrl: string | undefined;
    readonly emailFrom: string;
    /** Tries per notification, the first wait and the cap of the doubling waits. */
    readonly retry: { readonly attempts: number; readonly baseDelayMs: number; readonly maxDelayMs: number };
  };
  /** Where the Olist data set is (for `ordinal demo --olist`). */
  readonly olistDir: string;
  /**
   * Postal-code tables that place delivery addresses for routing (after the coordinates an
   * address carries, before the middle of its region's locations); absolute paths or undefined.
   */
  readonly geocoding: {
    /** The Olist data set's folder: Brazil's CEP prefixes from its geolocation file. */
    readonly olistDir: string | undefined;
    /** A CSV `country,postalPrefix,lat,lng[,region]`; its areas win over Olist's for the same prefix. */
    readonly file: string | undefined;
  };
  /** The live protocol at `/ws`. */
  readonly live: {
    /** Browser origins allowed to connect; undefined: any. */
    readonly allowedOrigins: readonly string[] | undefined;
    /** Bytes a client may leave unread before it is told to resume. */
    readonly maxBufferedBytes: number;
    readonly heartbeatMs: number;
  };
  /** How a projector process consumes the bus. */
  readonly projector: {
    /** Events applied at once per projection (the revision guard keeps any number safe). */
    readonly maxInFlight: number;
    readonly ackWaitMs: number;
  };
  /**
   * How the API identifies callers: signed bearer tokens (secrets: the first signs, all verify;
   * empty means the embedded profile's generated `<dataDir>/auth-secret`), or the identity
   * headers of an authenticating proxy in front of it.
   */
  readonly auth:
    | { readonly mode: 'tokens'; readonly secrets: readonly string[] }
    | { readonly mode: 'trusted-headers' };
  /** The shared secret of each carrier that may push scans (`POST /carriers/:carrier/events`); empty: none. */
  readonly carrierSecrets: ReadonlyMap<string, string>;
  /** How often payloads parked for an unknown tracking number are retried, in ms; 0: only by hand. */
  readonly carrierRetryIntervalMs: number;
  /** Tamper evidence (docs/audit.md): the signed checkpoints over the log. */
  readonly audit: {
    /**
     * The Ed25519 private key checkpoints are signed with (`ORDINAL_AUDIT_SIGNING_KEY`, PEM or
     * base64 PKCS#8 DER); undefined: the key generated once into the data directory.
     */
    readonly signingKey: string | undefined;
    /** A checkpoint after this many new events (0: not by count). */
    readonly checkpointEvery: number;
    /** A checkpoint this often when the log grew since the last, in ms (0: no timer). */
    readonly checkpointIntervalMs: number;
  };
  /** IANA time zone the rules read `local.hour` and `local.weekday` in (docs/rules.md). */
  readonly businessTimeZone: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

/** The engines of a profile; each is chosen by whether its URL is set. */
export interface ProfileConfig {
  readonly eventStore: { readonly kind: 'sqlite' } | { readonly kind: 'esdb'; readonly url: string };
  readonly readStore: { readonly kind: 'sqlite' } | { readonly kind: 'mongo'; readonly url: string };
  readonly bus:
    | { readonly kind: 'in-process' }
    | {
        readonly kind: 'nats';
        readonly url: string;
        readonly stream: string;
        readonly duplicateWindowMs: number;
      };
}

/** A setting that cannot be used, with what to do about it. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Env = Readonly<Record<string, string | undefined>>;

const path = (raw: string | undefined, cwd: string): string | undefined =>
  raw === undefined || raw === '' ? undefined : isAbsolute(raw) ? raw : resolve(cwd, raw);

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name}=${raw} is not valid: set it to a whole number from ${min} to ${max}, or unset it`);
  }
  return value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const match = allowed.find((value) => value.toLowerCase() === raw.toLowerCase());
  if (match === undefined) {
    throw new ConfigError(`${name}=${raw} is not valid: use one of ${allowed.join(', ')}, or unset it`);
  }
  return match;
}

/** An IANA time zone the platform knows (`America/Sao_Paulo`, `Asia/Shanghai`, `UTC`). */
function timeZone(env: Env, variable: string, fallback: string): string {
  const raw = env[variable];
  if (raw === undefined || raw === '') return fallback;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: raw }).resolvedOptions().timeZone;
  } catch {
    throw new ConfigError(
      `${variable}=${raw} is not a time zone: use an IANA name such as America/Sao_Paulo, or unset it`,
    );
  }
}

/** A URL with one of the allowed schemes. */
function url(env: Env, name: string, schemes: readonly string[]): string {
  const raw = env[name] ?? '';
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name}=${raw} is not a URL: use e.g. ${schemes[0]}//host:port, or unset it`);
  }
  if (!schemes.includes(parsed.protocol)) {
    throw new ConfigError(`${name}=${raw} must start with ${schemes.map((s) => `${s}//`).join(' or ')}`);
  }
  return raw;
}

/** NATS servers: one URL or a comma-separated list, `nats://host:port` (`nats://` may be left out). */
function natsServers(env: Env): string {
  const raw = env.ORDINAL_NATS_URL ?? '';
  for (const server of raw.split(',')) {
    const withScheme = server.includes('://') ? server.trim() : `nats://${server.trim()}`;
    let parsed: URL | undefined;
    try {
      parsed = new URL(withScheme);
    } catch {
      parsed = undefined;
    }
    if (parsed === undefined || !['nats:', 'tls:'].includes(parsed.protocol) || parsed.hostname === '') {
      throw new ConfigError(`ORDINAL_NATS_URL=${raw} is not valid: use nats://host:4222 (several separated by commas)`);
    }
  }
  return raw;
}

/** A name made of letters, digits, `_` and `-` (JetStream stream names, for one). */
function name(env: Env, variable: string, fallback: string): string {
  const raw = env[variable];
  if (raw === undefined || raw === '') return fallback;
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(raw)) {
    throw new ConfigError(`${variable}=${raw} is not valid: use letters, digits, _ and - (at most 64)`);
  }
  return raw;
}

function origins(env: Env, variable: string): readonly string[] | undefined {
  const raw = env[variable];
  if (raw === undefined || raw.trim() === '') return undefined;
  const list = raw.split(',').map((origin) => origin.trim());
  for (const origin of list) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (parsed === undefined || parsed.origin !== origin) {
      throw new ConfigError(
        `${variable}: ${origin} is not an origin; give scheme://host[:port] without a path, comma-separated`,
      );
    }
  }
  return list;
}

/** `carrier=secret,carrier=secret`: each carrier's shared secret for signed scans. */
function carrierSecrets(env: Env, variable: string): ReadonlyMap<string, string> {
  const raw = env[variable];
  const secrets = new Map<string, string>();
  if (raw === undefined || raw.trim() === '') return secrets;
  for (const entry of raw.split(',')) {
    const at = entry.indexOf('=');
    const carrier = entry.slice(0, at).trim();
    const secret = entry.slice(at + 1).trim();
    if (at < 0 || !/^[a-z][a-z0-9-]{1,31}$/.test(carrier) || secret.length < 16 || secrets.has(carrier)) {
      throw new ConfigError(
        `${variable}: "${carrier || entry.trim()}" is not valid: give carrier=secret pairs separated by commas, each carrier once, in lower case (sf-express), each secret at least 16 characters`,
      );
    }
    secrets.set(carrier, secret);
  }
  return secrets;
}

/** `<url> <secret>, <url> <secret>`: the webhooks alerts are posted to, each with its signing secret. */
function alertWebhooks(env: Env, variable: string): OrdinalConfig['alerts']['webhooks'] {
  const raw = env[variable];
  if (raw === undefined || raw.trim() === '') return [];
  return raw.split(',').map((entry) => {
    const [address = '', secret = '', ...rest] = entry.trim().split(/\s+/);
    let parsed: URL | undefined;
    try {
      parsed = new URL(address);
    } catch {
      parsed = undefined;
    }
    if (
      parsed === undefined ||
      !['http:', 'https:'].includes(parsed.protocol) ||
      secret.length < 16 ||
      rest.length > 0
    ) {
      throw new ConfigError(
        `${variable}: "${entry.trim()}" is not valid: give "<http(s) URL> <secret of at least 16 characters>" entries separated by commas`,
      );
    }
    return { url: address, secret };
  });
}

/** `role=<n><s|m|h|d>>role,…`: each role's escalation step (the domain's parser says what is wrong). */
function approvalEscalation(env: Env, variable: string): ApprovalEscalationPolicy {
  const policy = parseApprovalEscalation(env[variable] ?? DEFAULT_APPROVAL_ESCALATION);
  if ('error' in policy) {
    throw new ConfigError(`${variable}: ${policy.error}; e.g. finance=4h>admin or finance=4h>ops,ops=8h>admin, or off`);
  }
  return policy;
}

/** The shortest token secret accepted (as the gateways' token module requires). */
export const MIN_AUTH_SECRET_LENGTH = 32;

/** `ORDINAL_AUTH_MODE` and `ORDINAL_AUTH_SECRETS` (comma-separated; the first signs, every one verifies). */
function auth(env: Env): OrdinalConfig['auth'] {
  const mode = oneOf(env, 'ORDINAL_AUTH_MODE', ['tokens', 'trusted-headers'] as const, 'tokens');
  if (mode === 'trusted-headers') return { mode };
  const raw = env.ORDINAL_AUTH_SECRETS ?? '';
  const secrets = raw.trim() === '' ? [] : raw.split(',').map((secret) => secret.trim());
  if (secrets.some((secret) => secret.length < MIN_AUTH_SECRET_LENGTH)) {
    throw new ConfigError(
      `ORDINAL_AUTH_SECRETS: each secret must be at least ${MIN_AUTH_SECRET_LENGTH} characters (e.g. openssl rand -base64 32), separated by commas, the signing one first`,
    );
  }
  return { mode, secrets };
}

/**
 * Reads the configuration. Relative paths resolve against `cwd` (the directory `npm start`
 * was run from, so `./data` lands beside the checkout, not inside a workspace).
 */
export function loadConfig(env: Env = process.env, cwd: string = env.INIT_CWD ?? process.cwd()): OrdinalConfig {
  const dataDir = env.ORDINAL_DATA_DIR || './data';
  return {
    http: {
      host: env.HOST || '127.0.0.1',
      port: integer(env, 'PORT', 8080, 0, 65_535),
      bodyLimitBytes: integer(env, 'ORDINAL_BODY_LIMIT_BYTES', 1_048_576, 1_024, 104_857_600),
    },
    dataDir: isAbsolute(dataDir) ? dataDir : resolve(cwd, dataDir),
    eventStore: { synchronous: oneOf(env, 'ORDINAL_SQLITE_SYNCHRONOUS', ['FULL', 'NORMAL'] as const, 'FULL') },
    actors: {
      idleTimeoutMs: integer(env, 'ORDINAL_ACTOR_IDLE_MS', 60_000, 100, 86_400_000),
      maxLiveActors: integer(env, 'ORDINAL_MAX_LIVE_ACTORS', 10_000, 1, 10_000_000),
      maxConflictRetries: integer(env, 'ORDINAL_MAX_CONFLICT_RETRIES', 3, 0, 100),
      mailboxCapacity: integer(env, 'ORDINAL_MAILBOX_CAPACITY', 1_000, 1, 1_000_000),
      snapshotEvery: integer(env, 'ORDINAL_SNAPSHOT_EVERY', 100, 0, 1_000_000),
    },
    profile: {
      eventStore: env.ORDINAL_ESDB_URL
        ? {
            kind: 'esdb',
            url: url(env, 'ORDINAL_ESDB_URL', ['esdb:', 'esdb+discover:', 'kurrentdb:', 'kurrentdb+discover:']),
          }
        : { kind: 'sqlite' },
      readStore: env.ORDINAL_MONGO_URL
        ? { kind: 'mongo', url: url(env, 'ORDINAL_MONGO_URL', ['mongodb:', 'mongodb+srv:']) }
        : { kind: 'sqlite' },
      bus: env.ORDINAL_NATS_URL
        ? {
            kind: 'nats',
            url: natsServers(env),
            stream: name(env, 'ORDINAL_NATS_STREAM', 'ORDINAL_EVENTS'),
            duplicateWindowMs: integer(env, 'ORDINAL_NATS_DUPLICATE_WINDOW_MS', 120_000, 1_000, 86_400_000),
          }
        : { kind: 'in-process' },
    },
    limits: {
      maxPendingCommands: integer(env, 'ORDINAL_MAX_PENDING_COMMANDS', 1_000, 1, 10_000_000),
      maxQueuedAppends: integer(env, 'ORDINAL_MAX_QUEUED_APPENDS', 10_000, 1, 10_000_000),
      rateLimitMax: integer(env, 'ORDINAL_RATE_LIMIT', 6_000, 0, 100_000_000),
      rateLimitWindowMs: integer(env, 'ORDINAL_RATE_LIMIT_WINDOW_MS', 60_000, 1_000, 86_400_000),
      shedEventLoopDelayMs: integer(env, 'ORDINAL_SHED_EVENT_LOOP_DELAY_MS', 50, 0, 60_000),
    },
    router: {
      enabled: oneOf(env, 'ORDINAL_ROUTER', ['on', 'off'] as const, 'on') === 'on',
      reservationTtlMs: integer(env, 'ORDINAL_RESERVATION_TTL_MS', 7 * 86_400_000, 1_000, 365 * 86_400_000),
      reservationExpiryIntervalMs: integer(env, 'ORDINAL_RESERVATION_EXPIRY_INTERVAL_MS', 60_000, 0, 86_400_000),
    },
    consolidation: {
      windowMinutes: integer(env, 'ORDINAL_CONSOLIDATION_WINDOW_MINUTES', 120, 0, 10_080),
    },
    risk: {
      enabled: oneOf(env, 'ORDINAL_RISK', ['on', 'off'] as const, 'on') === 'on',
      thresholds: {
        minDistinctAddresses: integer(env, 'ORDINAL_RISK_MIN_ADDRESSES', 3, 2, 1000),
        windowHours: integer(env, 'ORDINAL_RISK_WINDOW_HOURS', 24, 1, 720),
        allWithCoupons: oneOf(env, 'ORDINAL_RISK_ALL_WITH_COUPONS', ['on', 'off'] as const, 'on') === 'on',
      },
    },
    repurchase: {
      enabled: oneOf(env, 'ORDINAL_REPURCHASE', ['on', 'off'] as const, 'on') === 'on',
      holdReleaseIntervalMs: integer(env, 'ORDINAL_REPURCHASE_HOLD_RELEASE_INTERVAL_MS', 60_000, 0, 86_400_000),
    },
    approvals: {
      escalation: approvalEscalation(env, 'ORDINAL_APPROVAL_ESCALATION'),
      checkIntervalMs: integer(env, 'ORDINAL_APPROVAL_CHECK_INTERVAL_MS', 60_000, 0, 86_400_000),
    },
    alerts: {
      enabled: oneOf(env, 'ORDINAL_ALERTS', ['on', 'off'] as const, 'on') === 'on',
      onImport: oneOf(env, 'ORDINAL_ALERTS_ON_IMPORT', ['true', 'false'] as const, 'false') === 'true',
      checkIntervalMs: integer(env, 'ORDINAL_ALERT_CHECK_INTERVAL_MS', 60_000, 0, 86_400_000),
      webhooks: alertWebhooks(env, 'ORDINAL_ALERT_WEBHOOKS'),
      smtpUrl: env.ORDINAL_SMTP_URL ? url(env, 'ORDINAL_SMTP_URL', ['smtp:', 'smtps:']) : undefined,
      emailFrom: env.ORDINAL_ALERT_EMAIL_FROM || 'ordinal-alerts@localhost',
      retry: {
        attempts: integer(env, 'ORDINAL_ALERT_RETRY_ATTEMPTS', 8, 1, 100),
        baseDelayMs: integer(env, 'ORDINAL_ALERT_RETRY_BASE_MS', 1_000, 1, 3_600_000),
        maxDelayMs: integer(env, 'ORDINAL_ALERT_RETRY_MAX_MS', 300_000, 1, 86_400_000),
      },
    },
    olistDir: resolve(cwd, olistDir(env)),
    geocoding: {
      olistDir: path(env.ORDINAL_GEOCODE_OLIST_DIR, cwd),
      file: path(env.ORDINAL_GEOCODE_FILE, cwd),
    },
    live: {
      allowedOrigins: origins(env, 'ORDINAL_ALLOWED_ORIGINS'),
      maxBufferedBytes: integer(env, 'ORDINAL_WS_MAX_BUFFERED_BYTES', 1_048_576, 16_384, 1_073_741_824),
      heartbeatMs: integer(env, 'ORDINAL_WS_HEARTBEAT_MS', 30_000, 100, 3_600_000),
    },
    projector: {
      maxInFlight: integer(env, 'ORDINAL_PROJECTOR_MAX_IN_FLIGHT', 64, 1, 10_000),
      ackWaitMs: integer(env, 'ORDINAL_PROJECTOR_ACK_WAIT_MS', 30_000, 1_000, 3_600_000),
    },
    auth: auth(env),
    carrierSecrets: carrierSecrets(env, 'ORDINAL_CARRIER_SECRETS'),
    carrierRetryIntervalMs: integer(env, 'ORDINAL_CARRIER_RETRY_INTERVAL_MS', 30_000, 0, 86_400_000),
    audit: {
      signingKey: env.ORDINAL_AUDIT_SIGNING_KEY?.trim() || undefined,
      checkpointEvery: integer(env, 'ORDINAL_AUDIT_CHECKPOINT_EVERY', 1_000, 0, 100_000_000),
      checkpointIntervalMs: integer(env, 'ORDINAL_AUDIT_CHECKPOINT_INTERVAL_MS', 60_000, 0, 86_400_000),
    },
    businessTimeZone: timeZone(env, 'ORDINAL_BUSINESS_TIME_ZONE', 'UTC'),
    logLevel: oneOf(
      env,
      'ORDINAL_LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
      'info',
    ),
  };
}
