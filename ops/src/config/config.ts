import { isAbsolute, resolve } from 'node:path';

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
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

/** A setting that cannot be used, with what to do about it. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Env = Readonly<Record<string, string | undefined>>;

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
    logLevel: oneOf(
      env,
      'ORDINAL_LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
      'info',
    ),
  };
}
