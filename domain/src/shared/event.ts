import type { ActorRef } from './actor.ts';

/** Metadata every event carries, whatever its type. */
export interface EventMetadata {
  /** Version of the event's data shape; bumped when the shape changes incompatibly. */
  readonly schemaVersion: number;
  /** When it happened in the business (ISO 8601, UTC); for imports, the source's own time. */
  readonly occurredAt: string;
  /** Ties together everything caused by one outside request. */
  readonly correlationId: string;
  /** The command (or event) that directly caused this event. */
  readonly causationId: string;
  /** Who or what caused it. */
  readonly actor: ActorRef;
  /** The sales channel the request came through, when known. */
  readonly channel?: string;
  /** Id of the command that produced this event; retries of the command reuse it. */
  readonly commandId?: string;
  /** Hash of the command's body, so a retry with the same id but another body is refused. */
  readonly commandHash?: string;
  /** Versions of the definitions the command was built with (e.g. the channel mapping), by stream. */
  readonly inputVersions?: Readonly<Record<string, number>>;
  /** Present when the event was recorded by a bulk import of history rather than by live trade. */
  readonly import?: ImportProvenance;
}

/**
 * Where an imported event came from: the source (`olist`, or a mapping's name), the import run
 * and the source row, so an auditor can trace it and live-only processes (alerts, routing) can
 * tell history from trade.
 */
export interface ImportProvenance {
  readonly source: string;
  readonly runId: string;
  /** The source record the event was built from (file and row, or an order id). */
  readonly record?: string;
  /** The import asked for alert rules to evaluate its events (`ordinal import --alerts`); absent: history raises no alerts. */
  readonly alerts?: true;
}

/**
 * A domain event as written to a stream: a globally unique id chosen by the writer
 * (so a retried append is idempotent), a past-tense type, its data and metadata.
 */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly eventId: string;
  readonly type: Type;
  readonly data: Data;
  readonly metadata: EventMetadata;
}

/** An event as read back from the store: where it sits in its stream and in the whole log. */
export type RecordedEvent<E extends DomainEvent = DomainEvent> = E & {
  readonly streamId: string;
  /** 1-based index of the event in its stream: the stream's revision after this event. */
  readonly revision: number;
  /** Position in the whole log: strictly increasing across all streams, gaps allowed. */
  readonly position: number;
  /** When the store committed it (ISO 8601, UTC). */
  readonly recordedAt: string;
  /**
   * The event's chain hash: SHA-256 over the previous event's hash in its stream and this
   * event's stream, revision, id, type, data and metadata as stored (docs/audit.md). Both
   * adapters record it; absent only on events a store without a chain hands out.
   */
  readonly hash?: string;
};

/** The part of an event a decider produces: the actor host adds id and metadata. */
export interface EventDraft<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

/** The category of a stream id: `order-123` → `order`. */
export function streamCategory(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash < 0 ? streamId : streamId.slice(0, dash);
}

/** The entity id of a stream id: `order-123` → `123`. */
export function streamEntityId(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash < 0 ? '' : streamId.slice(dash + 1);
}
