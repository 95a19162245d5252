import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { keyIdOf } from '@ordinal/actors';
import { ConfigError, type OrdinalConfig } from '../config/config.ts';

/** Where the data directory keeps the signing key it generated, and the public key for auditors. */
export function auditKeyFiles(dataDir: string): { privateKey: string; publicKey: string } {
  return { privateKey: join(dataDir, 'audit-signing-key.pem'), publicKey: join(dataDir, 'audit-public-key.pem') };
}

/** The key pair checkpoints are signed with, and where it came from. */
export interface AuditSigningKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly keyId: string;
  /** `ORDINAL_AUDIT_SIGNING_KEY`, or the file in the data directory. */
  readonly source: string;
}

/**
 * The signing key: `ORDINAL_AUDIT_SIGNING_KEY` when set, else `<dataDir>/audit-signing-key.pem`,
 * generated at the first start (readable by its owner only) with a warning. Either way the
 * public key is written to `<dataDir>/audit-public-key.pem` for auditors.
 */
export function auditSigningKey(
  config: OrdinalConfig,
  warn: (message: string) => void = console.warn,
): AuditSigningKey {
  const files = auditKeyFiles(config.dataDir);
  let privateKey: KeyObject;
  let source: string;
  if (config.audit.signingKey !== undefined) {
    privateKey = parsePrivateKey(config.audit.signingKey, 'ORDINAL_AUDIT_SIGNING_KEY');
    source = 'ORDINAL_AUDIT_SIGNING_KEY';
  } else {
    mkdirSync(config.dataDir, { recursive: true });
    if (!existsSync(files.privateKey)) {
      const pair = generateKeyPairSync('ed25519');
      try {
        writeFileSync(files.privateKey, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), {
          mode: 0o600,
          flag: 'wx',
        });
        warn(
          `Generated the audit signing key ${files.privateKey}: checkpoints are signed with it. Whoever can read it can sign false checkpoints: keep it apart from the data (set ORDINAL_AUDIT_SIGNING_KEY instead) and give auditors ${files.publicKey}.`,
        );
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'EEXIST') throw error;
      }
    }
    privateKey = parsePrivateKey(readFileSync(files.privateKey, 'utf8'), files.privateKey);
    source = files.privateKey;
  }
  const publicKey = createPublicKey(privateKey);
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  if (!existsSync(files.publicKey) || readFileSync(files.publicKey, 'utf8') !== pem) {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(files.publicKey, pem);
  }
  return { privateKey, publicKey, keyId: keyIdOf(publicKey), source };
}

/** Whether `auditPublicKey` has a key to give without a file named: the setting, or the data directory's. */
export function auditKeyAvailable(config: OrdinalConfig): boolean {
  return config.audit.signingKey !== undefined || existsSync(auditKeyFiles(config.dataDir).publicKey);
}

/**
 * The public key `ordinal verify` checks checkpoints with: the file given (an auditor's own
 * copy), else the one derived from the configured signing key, else the data directory's.
 */
export function auditPublicKey(config: OrdinalConfig, file?: string): KeyObject {
  if (file !== undefined) return parsePublicKey(readText(file), file);
  if (config.audit.signingKey !== undefined) {
    return createPublicKey(parsePrivateKey(config.audit.signingKey, 'ORDINAL_AUDIT_SIGNING_KEY'));
  }
  const files = auditKeyFiles(config.dataDir);
  if (existsSync(files.publicKey)) return parsePublicKey(readText(files.publicKey), files.publicKey);
  throw new ConfigError(
    `No audit public key: give --public-key FILE (the audit-public-key.pem an auditor was handed), set ORDINAL_AUDIT_SIGNING_KEY, or point ORDINAL_DATA_DIR at the data directory holding ${files.publicKey}`,
  );
}

function readText(file: string): string {
  if (!existsSync(file)) throw new ConfigError(`No file ${file}: give the path of a PEM public key`);
  return readFileSync(file, 'utf8');
}

function parsePrivateKey(text: string, where: string): KeyObject {
  let key: KeyObject;
  try {
    key = text.includes('-----BEGIN')
      ? createPrivateKey(text)
      : createPrivateKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'pkcs8' });
  } catch (error) {
    throw new ConfigError(
      `${where} is not a private key (${(error as Error).message}): give an Ed25519 key as PEM or base64 PKCS#8 DER, e.g. openssl genpkey -algorithm ed25519`,
    );
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new ConfigError(`${where} is a ${key.asymmetricKeyType} key: audit checkpoints need an Ed25519 key`);
  }
  return key;
}

function parsePublicKey(text: string, where: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(text);
  } catch (error) {
    throw new ConfigError(`${where} is not a public key (${(error as Error).message}): give a PEM public key`);
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new ConfigError(`${where} is a ${key.asymmetricKeyType} key: audit checkpoints are signed with Ed25519`);
  }
  return key;
}
