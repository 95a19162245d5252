import { createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { keyIdOf } from './audit-checkpoint.ts';

/** Why a log was rewritten: the personal fields of events recorded in the clear were sealed. */
export const SEAL_PERSONAL_DATA = 'seal-personal-data';

/**
 * A signed statement that the whole log was rewritten once, in place, by a migration: the same
 * events at the same positions, some with their data changed (`changed`), so every checkpoint
 * signed before it attests bytes that are gone. Those checkpoints are kept as superseded (their
 * signatures still check) and the statement ties the log before (`oldDigest`) to the log after
 * (`newDigest`), both rolled up over the same `count` events up to `position`.
 */
export interface LogRewrite {
  /** 1, 2, 3… in the order rewrites were made. */
  readonly sequence: number;
  /** When the rewrite was recorded (ISO 8601, UTC). */
  readonly at: string;
  /** What was done: SEAL_PERSONAL_DATA. */
  readonly reason: string;
  /** Checkpoints with a sequence up to this one were signed over the old bytes (0: none). */
  readonly supersedes: number;
  /** The head position of the log, before and after. */
  readonly position: number;
  /** Events in the log, before and after. */
  readonly count: number;
  /** The rolling digest of the log before the rewrite. */
  readonly oldDigest: string;
  /** The rolling digest of the log after it. */
  readonly newDigest: string;
  /** Events whose stored data changed. */
  readonly changed: number;
  /** The signing key's id (keyIdOf its public key). */
  readonly keyId: string;
  /** Ed25519 signature over rewritePayload, base64. */
  readonly signature: string;
}

/** A rewrite statement before it is signed. */
export type LogRewriteBody = Omit<LogRewrite, 'signature' | 'keyId'>;

/** The exact bytes that are signed: a versioned JSON array of the body's fields and the key id. */
export function rewritePayload(body: LogRewriteBody, keyId: string): Buffer {
  const fields = [
    'ordinal-log-rewrite/1',
    body.sequence,
    body.at,
    body.reason,
    body.supersedes,
    body.position,
    body.count,
    body.oldDigest,
    body.newDigest,
    body.changed,
    keyId,
  ];
  return Buffer.from(JSON.stringify(fields), 'utf8');
}

/** Signs a rewrite statement with the Ed25519 key the checkpoints are signed with. */
export function signRewrite(body: LogRewriteBody, privateKey: KeyObject): LogRewrite {
  const keyId = keyIdOf(createPublicKey(privateKey));
  const signature = sign(null, rewritePayload(body, keyId), privateKey).toString('base64');
  return { ...body, keyId, signature };
}

/** Whether the statement was signed by the private half of `publicKey`, as it reads now. */
export function rewriteSignatureValid(rewrite: LogRewrite, publicKey: KeyObject): boolean {
  if (rewrite.keyId !== keyIdOf(publicKey)) return false;
  try {
    return verify(null, rewritePayload(rewrite, rewrite.keyId), publicKey, Buffer.from(rewrite.signature, 'base64'));
  } catch {
    return false;
  }
}
