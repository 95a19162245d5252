import type { KeyObject } from 'node:crypto';
import type { RecordedEvent } from '@ordinal/domain';
import {
  type ChainedFields,
  chainedFieldsOf,
  eventChainHash,
  GENESIS_HASH,
  rollDigest,
} from '../event-store/event-chain.ts';
import { type AuditCheckpoint, checkpointSignatureValid, EMPTY_DIGEST } from './audit-checkpoint.ts';
import { type LogRewrite, rewriteSignatureValid } from './log-rewrite.ts';

/** An event as the verifier reads it: the covered fields as stored, its position and recorded hash. */
export interface StoredEvent extends ChainedFields {
  readonly position: number;
  readonly hash: string | undefined;
}

/** A page of the log after a position, in position order (an empty page ends the walk). */
export type StoredEventPages = (afterPosition: number, maxCount: number) => Promise<readonly StoredEvent[]>;

/** Something the verifier found wrong. */
export type VerifyProblem =
  | {
      /** The event's content no longer gives the hash it recorded (or it recorded none). */
      readonly kind: 'chain';
      readonly streamId: string;
      readonly revision: number;
      readonly position: number;
      readonly eventId: string;
      readonly expected: string;
      readonly found: string | null;
    }
  | {
      /** The stream skips or repeats a revision: events before this one were removed or moved. */
      readonly kind: 'gap';
      readonly streamId: string;
      readonly revision: number;
      readonly expectedRevision: number;
      readonly position: number;
      readonly eventId: string;
    }
  | {
      /** The checkpoint's signature does not verify with the public key (altered, or another key). */
      readonly kind: 'checkpoint-signature';
      readonly sequence: number;
      readonly position: number;
    }
  | {
      /** The log up to the checkpoint's position no longer has the count and digest it signed. */
      readonly kind: 'checkpoint-digest';
      readonly sequence: number;
      readonly position: number;
      readonly expected: { readonly count: number; readonly digest: string };
      readonly found: { readonly count: number; readonly digest: string };
    }
  | {
      /** A rewrite statement's signature does not verify with the public key. */
      readonly kind: 'rewrite-signature';
      readonly sequence: number;
      readonly position: number;
    }
  | {
      /** The log up to the latest rewrite's position no longer has the count and digest it was rewritten to. */
      readonly kind: 'rewrite-digest';
      readonly sequence: number;
      readonly position: number;
      readonly expected: { readonly count: number; readonly digest: string };
      readonly found: { readonly count: number; readonly digest: string };
    };

/** What `ordinal verify` reports. */
export interface VerifyReport {
  readonly ok: boolean;
  readonly events: number;
  readonly streams: number;
  readonly headPosition: number;
  /** Checkpoints checked against the log as it is (superseded ones not counted), and the last one's position. */
  readonly checkpoints: { readonly checked: number; readonly lastPosition: number | null };
  /**
   * The rewrites of the log (LogRewrite) whose statements were checked, the checkpoints they
   * superseded (their signatures checked, their digests of the old bytes not), and the latest.
   */
  readonly rewrites: {
    readonly checked: number;
    readonly superseded: number;
    readonly last: { readonly at: string; readonly reason: string; readonly changed: number } | null;
  };
  /** The first event (in log order) whose chain breaks, or null. */
  readonly firstBreak: Extract<VerifyProblem, { kind: 'chain' | 'gap' }> | null;
  /** Problems in the order found, at most MAX_PROBLEMS (`problemCount` has them all). */
  readonly problems: readonly VerifyProblem[];
  readonly problemCount: number;
}

/** Options of a verification walk. */
export interface VerifyOptions {
  readonly pages: StoredEventPages;
  readonly checkpoints: readonly AuditCheckpoint[];
  /** The statements of rewrites of the log: the checkpoints before the latest are superseded. */
  readonly rewrites?: readonly LogRewrite[];
  /** The key the checkpoints must be signed with; without it no checkpoint is trusted. */
  readonly publicKey?: KeyObject;
  readonly pageSize?: number;
  /** Called after each page with the last position read. */
  readonly onProgress?: (position: number, events: number) => void;
}

const MAX_PROBLEMS = 100;

/**
 * Walks the whole log once: checks every stream's revisions and hash chain, and at every
 * checkpoint's position the count and rolling digest it signed, and its signature.
 */
export async function verifyLog(options: VerifyOptions): Promise<VerifyReport> {
  const problems: VerifyProblem[] = [];
  let problemCount = 0;
  let firstBreak: VerifyReport['firstBreak'] = null;
  const report = (problem: VerifyProblem) => {
    problemCount += 1;
    if (problems.length < MAX_PROBLEMS) problems.push(problem);
    if (firstBreak === null && (problem.kind === 'chain' || problem.kind === 'gap')) firstBreak = problem;
  };
  const signedWith = (valid: (publicKey: KeyObject) => boolean) =>
    options.publicKey !== undefined && valid(options.publicKey);
  const rewrites = [...(options.rewrites ?? [])].sort((a, b) => a.sequence - b.sequence);
  const latest = rewrites.at(-1);
  const supersededUpTo = rewrites.reduce((max, r) => Math.max(max, r.supersedes), 0);
  for (const rewrite of rewrites) {
    if (!signedWith((key) => rewriteSignatureValid(rewrite, key))) {
      report({ kind: 'rewrite-signature', sequence: rewrite.sequence, position: rewrite.position });
    }
  }
  // Checkpoints signed before a rewrite attest bytes that are gone: only their signatures still check.
  const superseded = options.checkpoints.filter((c) => c.sequence <= supersededUpTo);
  for (const checkpoint of superseded) {
    if (!signedWith((key) => checkpointSignatureValid(checkpoint, key))) {
      report({ kind: 'checkpoint-signature', sequence: checkpoint.sequence, position: checkpoint.position });
    }
  }
  type Due = { readonly position: number; readonly sequence: number; check(count: number, digest: string): void };
  let checked = 0;
  const checkpointAt = (checkpoint: AuditCheckpoint) => (count: number, digest: string) => {
    checked += 1;
    const { sequence, position } = checkpoint;
    if (!signedWith((key) => checkpointSignatureValid(checkpoint, key))) {
      report({ kind: 'checkpoint-signature', sequence, position });
    }
    if (checkpoint.count !== count || checkpoint.digest !== digest) {
      const expected = { count: checkpoint.count, digest: checkpoint.digest };
      report({ kind: 'checkpoint-digest', sequence, position, expected, found: { count, digest } });
    }
  };
  const pending: Due[] = options.checkpoints
    .filter((c) => c.sequence > supersededUpTo)
    .map((c) => ({ position: c.position, sequence: c.sequence, check: checkpointAt(c) }));
  if (latest !== undefined) {
    const { sequence, position } = latest;
    pending.push({
      position,
      sequence: 0, // checked before a checkpoint at the same position
      check: (count, digest) => {
        if (latest.count !== count || latest.newDigest !== digest) {
          const expected = { count: latest.count, digest: latest.newDigest };
          report({ kind: 'rewrite-digest', sequence, position, expected, found: { count, digest } });
        }
      },
    });
  }
  pending.sort((a, b) => a.position - b.position || a.sequence - b.sequence);
  const heads = new Map<string, { revision: number; hash: string }>();
  let count = 0;
  let digest = EMPTY_DIGEST;
  let after = 0;
  const pageSize = options.pageSize ?? 1_000;
  for (;;) {
    const page = await options.pages(after, pageSize);
    if (page.length === 0) break;
    for (const event of page) {
      while (pending.length > 0 && pending[0]!.position < event.position) pending.shift()!.check(count, digest);
      checkEvent(event, heads, report);
      digest = rollDigest(digest, event.hash ?? '');
      count += 1;
      after = event.position;
    }
    options.onProgress?.(after, count);
  }
  for (const due of pending) due.check(count, digest);
  const last = options.checkpoints.reduce((max, c) => Math.max(max, c.position), -1);
  return {
    ok: problemCount === 0,
    events: count,
    streams: heads.size,
    headPosition: after,
    checkpoints: { checked, lastPosition: last < 0 ? null : last },
    rewrites: {
      checked: rewrites.length,
      superseded: superseded.length,
      last: latest === undefined ? null : { at: latest.at, reason: latest.reason, changed: latest.changed },
    },
    firstBreak,
    problems,
    problemCount,
  };
}

/** One event against its stream's head so far; the head moves on to it whatever was found. */
function checkEvent(
  event: StoredEvent,
  heads: Map<string, { revision: number; hash: string }>,
  report: (problem: VerifyProblem) => void,
): void {
  const { streamId, revision, position, eventId } = event;
  const head = heads.get(streamId);
  const expectedRevision = (head?.revision ?? 0) + 1;
  if (revision !== expectedRevision) {
    report({ kind: 'gap', streamId, revision, expectedRevision, position, eventId });
  } else {
    const expected = eventChainHash(head?.hash ?? GENESIS_HASH, event);
    if (event.hash !== expected) {
      report({ kind: 'chain', streamId, revision, position, eventId, expected, found: event.hash ?? null });
    }
  }
  // The next event is checked against what this one recorded, so one altered event is named alone.
  heads.set(streamId, { revision, hash: event.hash ?? '' });
}

/** An event read through the port as the verifier reads it (data and metadata as JSON text again). */
export function storedEventOf(event: RecordedEvent): StoredEvent {
  return { ...chainedFieldsOf(event), position: event.position, hash: event.hash };
}
