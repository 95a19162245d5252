import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, MIN_AUTH_SECRET_LENGTH, type OrdinalConfig } from '../config/config.ts';
import { isEmbeddedProfile } from '../profile/adapters.ts';

/** How the API identifies callers, with the token secrets resolved. */
export type ApiAuth =
  | { readonly mode: 'tokens'; readonly secrets: readonly string[] }
  | { readonly mode: 'trusted-headers' };

/** Where the embedded profile keeps the secret it generated. */
export function authSecretFile(dataDir: string): string {
  return join(dataDir, 'auth-secret');
}

/** The secret in the data directory, made (readable by its owner only) at the first start. */
function embeddedSecret(dataDir: string): string {
  const file = authSecretFile(dataDir);
  mkdirSync(dataDir, { recursive: true });
  try {
    writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'EEXIST') throw error;
  }
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < MIN_AUTH_SECRET_LENGTH) {
    throw new ConfigError(
      `${file} holds a secret shorter than ${MIN_AUTH_SECRET_LENGTH} characters: delete it (a new one is made at the next start) or set ORDINAL_AUTH_SECRETS`,
    );
  }
  return secret;
}

/**
 * The auth the API runs with. Tokens without configured secrets: the embedded profile makes
 * one at its first start in `<dataDir>/auth-secret` and reuses it; the distributed profile
 * (several processes that must agree) refuses to start until the secret is set.
 */
export function resolveAuth(config: OrdinalConfig): ApiAuth {
  const { auth } = config;
  if (auth.mode === 'trusted-headers' || auth.secrets.length > 0) return auth;
  if (!isEmbeddedProfile(config)) {
    throw new ConfigError(
      'tokens are on (ORDINAL_AUTH_MODE=tokens) but ORDINAL_AUTH_SECRETS is not set: the distributed profile needs the same secret in every api process; set ORDINAL_AUTH_SECRETS to one of at least 32 characters (openssl rand -base64 32), or ORDINAL_AUTH_MODE=trusted-headers behind a proxy that authenticates',
    );
  }
  return { mode: 'tokens', secrets: [embeddedSecret(config.dataDir)] };
}
