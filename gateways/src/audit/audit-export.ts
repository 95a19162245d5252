import { describeActor, type EventStore, type OrderEvent, type RecordedEvent, streamCategory } from '@ordinal/domain';
import { auditWords, typeInWords } from './order-audit.words.ts';

/** What an export covers: events that occurred in [from, to), in log order. */
export interface AuditExportRange {
  /** Epoch ms, inclusive; undefined: from the first event. */
  readonly from?: number;
  /** Epoch ms, exclusive; undefined: up to the last event committed when the export started. */
  readonly to?: number;
}

/** One exported event: where it is in the log, who recorded it, in words, its chain hash and its content. */
export interface AuditExportLine {
  readonly position: number;
  readonly streamId: string;
  readonly revision: number;
  readonly eventId: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly decidedBy: string;
  readonly summary: string;
  readonly versions: Readonly<Record<string, number>>;
  readonly hash: string | null;
  readonly data: unknown;
  readonly metadata: unknown;
}

/** The CSV columns, in order; `versions`, `data` and `metadata` are JSON text. */
export const CSV_COLUMNS = [
  'position',
  'streamId',
  'revision',
  'eventId',
  'type',
  'occurredAt',
  'recordedAt',
  'decidedBy',
  'summary',
  'versions',
  'hash',
  'data',
  'metadata',
] as const;

const PAGE = 500;

/** An event as an export line: order events in the audit trail's words, others by their type. */
export function exportLine(event: RecordedEvent): AuditExportLine {
  const { metadata } = event;
  const who = metadata?.actor === undefined ? 'unknown' : describeActor(metadata.actor);
  const words =
    streamCategory(event.streamId) === 'order'
      ? auditWords(event as RecordedEvent<OrderEvent>)
      : { summary: `${typeInWords(event.type)} (recorded by ${who}).`, versions: {} };
  return {
    position: event.position,
    streamId: event.streamId,
    revision: event.revision,
    eventId: event.eventId,
    type: event.type,
    occurredAt: metadata?.occurredAt ?? '',
    recordedAt: event.recordedAt,
    decidedBy: who,
    summary: words.summary,
    versions: { ...metadata?.inputVersions, ...words.versions },
    hash: event.hash ?? null,
    data: event.data,
    metadata,
  };
}

/**
 * The events of the log that occurred in the range, page by page in log order up to the head
 * as it was when the export started: the caller pulls, so nothing is held beyond one page.
 */
export async function* exportedEvents(events: EventStore, range: AuditExportRange): AsyncGenerator<AuditExportLine> {
  const head = await events.headPosition();
  let after = 0;
  while (after < head) {
    const page = await events.readAll({ afterPosition: after, maxCount: PAGE });
    if (page.length === 0) return;
    for (const event of page) {
      if (event.position > head) return;
      const at = Date.parse(event.metadata?.occurredAt ?? '');
      if ((range.from === undefined || at >= range.from) && (range.to === undefined || at < range.to)) {
        yield exportLine(event);
      }
    }
    after = page[page.length - 1]!.position;
  }
}

/** A CSV field, quoted when it holds a comma, quote or line break (RFC 4180). */
export function csvField(value: unknown): string {
  const text =
    typeof value === 'string'
      ? value
      : value === null
        ? ''
        : typeof value === 'number'
          ? String(value)
          : JSON.stringify(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The export as text lines: NDJSON (one JSON object a line) or CSV with a header row. */
export async function* exportText(
  lines: AsyncIterable<AuditExportLine>,
  format: 'ndjson' | 'csv',
): AsyncGenerator<string> {
  if (format === 'csv') {
    yield `${CSV_COLUMNS.join(',')}\r\n`;
    for await (const line of lines) yield `${CSV_COLUMNS.map((column) => csvField(line[column])).join(',')}\r\n`;
    return;
  }
  for await (const line of lines) yield `${JSON.stringify(line)}\n`;
}
