import type { CommandEnvelope, DomainEvent, EventDraft, EventMetadata } from '@ordinal/domain';
import { eventIdFor } from './command-ids.ts';

/** What the host adds to a decider's drafts besides the command's own metadata. */
export interface EnvelopeContext<T extends string> {
  /** The clock reading the decision was taken with (ISO 8601). */
  readonly now: string;
  readonly commandHash: string;
  readonly schemaVersionOf?: (eventType: T) => number;
}

/** Turns drafts into events: deterministic ids, metadata copied from the command. */
export function toEvents<T extends string>(
  drafts: readonly EventDraft<T>[],
  envelope: CommandEnvelope,
  context: EnvelopeContext<T>,
): DomainEvent<T>[] {
  const { commandId, correlationId, causationId, actor, channel, occurredAt, inputVersions } = envelope.metadata;
  const provenance = envelope.metadata.import;
  return drafts.map((draft, index) => {
    const metadata: EventMetadata = {
      schemaVersion: context.schemaVersionOf?.(draft.type) ?? 1,
      occurredAt: occurredAt ?? context.now,
      correlationId,
      causationId: causationId ?? commandId,
      actor,
      // Left out rather than undefined, so the event reads back exactly as written.
      ...(channel === undefined ? {} : { channel }),
      commandId,
      commandHash: context.commandHash,
      ...(inputVersions === undefined ? {} : { inputVersions }),
      ...(provenance === undefined ? {} : { import: provenance }),
    };
    return { eventId: eventIdFor(commandId, index), type: draft.type, data: draft.data, metadata };
  });
}
