import { SqliteEventStore } from '@ordinal/actors';
import { streamEntityId } from '@ordinal/domain';
import { ORDER_TRACKING_COLLECTION, orderTrackingProjection, SqliteReadStore } from '@ordinal/projections';
import Database from 'better-sqlite3';
import { embeddedFiles } from '../profile/adapters.ts';

/** Whether every accepted order made it into the log and the tracking read model. */
export interface OverloadCheck {
  /** 201 answers, the warm-up's included. */
  readonly accepted: number;
  readonly orderStreams: number;
  readonly trackingDocuments: number;
  readonly acceptedMissingFromLog: number;
  readonly acceptedMissingFromReadModel: number;
  /** Orders created by requests whose answer never came (the client gave up): possible, not wrong. */
  readonly createdWithoutAnswer: number;
  /** Order streams that no 201 and no unanswered request accounts for (a refused request that wrote). */
  readonly unexplainedStreams: number;
  /** Seconds the read side needed after the last answer to reach the log's last order event. */
  readonly catchUpSeconds: number;
  /**
   * Every accepted order is in the log and the read model, the log and the read model hold the
   * same orders, and each of them was accepted or never answered.
   */
  readonly holds: boolean;
}

/**
 * Waits until the running server's tracking projection has acknowledged the last order event
 * of its log (read from the events file, which a second reader may open while it runs).
 */
export async function untilProjected(base: string, dataDir: string, timeoutMs: number): Promise<void> {
  const log = new Database(embeddedFiles(dataDir).events, { readonly: true });
  try {
    const last = log.prepare("SELECT max(position) AS position FROM events WHERE stream_id LIKE 'order-%'");
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline) {
      const target = (last.get() as { position: number | null }).position ?? 0;
      const ready = (await (await fetch(`${base}/ready`)).json()) as {
        checks?: { projections?: { name: string; lastPosition: number }[] };
      };
      const tracking = ready.checks?.projections?.find((p) => p.name === orderTrackingProjection.name);
      if (tracking !== undefined && tracking.lastPosition >= target) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`the read side did not catch up within ${timeoutMs / 1_000} s`);
  } finally {
    log.close();
  }
}

/** Reads a stopped server's files: every accepted order has its stream and its tracking document. */
export async function checkAccepted(
  dataDir: string,
  acceptedIds: readonly string[],
  unansweredIds: readonly string[],
  catchUpSeconds: number,
): Promise<OverloadCheck> {
  const files = embeddedFiles(dataDir);
  const events = SqliteEventStore.open({ file: files.events });
  const read = new SqliteReadStore({ path: files.read });
  try {
    const streams = new Set(
      (await events.readAll({ streamPrefixes: ['order-'] })).map((event) => streamEntityId(event.streamId)),
    );
    const documents = new Set(read.storedDocuments(ORDER_TRACKING_COLLECTION).map((doc) => doc.id));
    const accepted = new Set(acceptedIds);
    const unanswered = new Set(unansweredIds);
    const check = {
      accepted: acceptedIds.length,
      orderStreams: streams.size,
      trackingDocuments: documents.size,
      acceptedMissingFromLog: [...accepted].filter((id) => !streams.has(id)).length,
      acceptedMissingFromReadModel: [...accepted].filter((id) => !documents.has(id)).length,
      createdWithoutAnswer: [...unanswered].filter((id) => streams.has(id)).length,
      unexplainedStreams: [...streams].filter((id) => !accepted.has(id) && !unanswered.has(id)).length,
      catchUpSeconds,
    };
    const holds =
      accepted.size === check.accepted &&
      check.acceptedMissingFromLog === 0 &&
      check.acceptedMissingFromReadModel === 0 &&
      check.unexplainedStreams === 0 &&
      streams.size === documents.size &&
      [...streams].every((id) => documents.has(id));
    return { ...check, holds };
  } finally {
    await read.close();
    await events.close();
  }
}
