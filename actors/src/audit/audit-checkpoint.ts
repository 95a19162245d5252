import { createHash, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { GENESIS_HASH } from '../event-store/event-chain.ts';

/**
 * A signed statement about the whole log: up to `position` it held `count` events, and the
 * rolling digest over their chain hashes in log order was `digest`. Deleting, inserting,
 * reordering or changing any event at or before `position` changes the digest; forging a new
 * checkpoint needs the private key.
 */
export interface AuditCheckpoint {
  /** 1, 2, 3… in the order they were made. */
  readonly sequence: number;
  /** The log position the checkpoint covers up to (inclusive). */
  readonly position: number;
  /** Events in the log up to that position. */
  readonly count: number;
  /** rollDigest over every event's hash from the first, starting from GENESIS_HASH. */
  readonly digest: string;
  /** When it was made (ISO 8601, UTC). */
  readonly at: string;
  /** The signing key's id (keyIdOf its public key), so a rotated key is told apart. */
  readonly keyId: string;
  /** Ed25519 signature over checkpointPayload, base64. */
  readonly signature: string;
}

/** A checkpoint before it is signed. */
export type CheckpointBody = Omit<AuditCheckpoint, 'signature' | 'keyId'>;

/** The digest of the empty log. */
export const EMPTY_DIGEST = GENESIS_HASH;

/** The exact bytes that are signed: a versioned JSON array of the body's fields and the key id. */
export function checkpointPayload(body: CheckpointBody, keyId: string): Buffer {
  const fields = ['ordinal-audit-checkpoint/1', body.sequence, body.position, body.count, body.digest, body.at, keyId];
  return Buffer.from(JSON.stringify(fields), 'utf8');
}

/** A public key's id: the first 16 hex digits of SHA-256 over its DER (SPKI) encoding. */
export function keyIdOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

/** Signs a checkpoint body with an Ed25519 private key. */
export function signCheckpoint(body: CheckpointBody, privateKey: KeyObject): AuditCheckpoint {
  const keyId = keyIdOf(createPublicKey(privateKey));
  const signature = sign(null, checkpointPayload(body, keyId), privateKey).toString('base64');
  return { ...body, keyId, signature };
}

/** Whether the checkpoint was signed by the private half of `publicKey`, as it reads now. */
export function checkpointSignatureValid(checkpoint: AuditCheckpoint, publicKey: KeyObject): boolean {
  if (checkpoint.keyId !== keyIdOf(publicKey)) return false;
  try {
    const signature = Buffer.from(checkpoint.signature, 'base64');
    return verify(null, checkpointPayload(checkpoint, checkpoint.keyId), publicKey, signature);
  } catch {
    return false;
  }
}
