import {
  type ActorRef,
  ALERT_CATEGORY,
  type AlertEvent,
  type AlertFigures,
  type AlertNotify,
  type AlertRuleRef,
  type AlertSubject,
  type RecordedEvent,
} from '@ordinal/domain';
import type { Projection } from '../runtime/projection.ts';
import { applyToStreamDocument, type StreamDocument } from '../runtime/stream-document.ts';

/** Collection of the alerts list: one document per alert, id the alert id. */
export const ALERTS_COLLECTION = 'alerts';

/** Where an alert stands. */
export type AlertListStatus = 'open' | 'acknowledged' | 'resolved';

/** One alert as the ops board and `GET /alerts` show it. */
export interface AlertDocument extends StreamDocument {
  readonly status: AlertListStatus;
  readonly rule: AlertRuleRef;
  readonly subject: AlertSubject;
  readonly summary: string;
  readonly figures: AlertFigures;
  /** The clock of the evaluation that raised it. */
  readonly evaluatedAt: string;
  /** When it was recorded (the store's time), for sorting the newest first. */
  readonly raisedAt: string;
  readonly notify: AlertNotify;
  readonly acknowledged: { readonly by: ActorRef; readonly note: string; readonly at: string } | null;
  readonly resolved: {
    readonly how: 'condition-cleared' | 'by-hand';
    readonly reason: string;
    readonly by: ActorRef;
    readonly figures: AlertFigures | null;
    readonly at: string;
  } | null;
}

/** The document after the alert's events, from what it was (undefined before AlertRaised). */
export function renderAlert(
  id: string,
  doc: AlertDocument | undefined,
  events: readonly RecordedEvent[],
): AlertDocument {
  let current = doc;
  for (const recorded of events) {
    const event = recorded as RecordedEvent<AlertEvent>;
    switch (event.type) {
      case 'AlertRaised': {
        const { rule, subject, summary, figures, evaluatedAt, notify } = event.data;
        current = {
          id,
          revision: event.revision,
          status: 'open',
          rule,
          subject,
          summary,
          figures,
          evaluatedAt,
          raisedAt: event.recordedAt,
          notify,
          acknowledged: null,
          resolved: null,
        };
        break;
      }
      case 'AlertAcknowledged':
        if (current === undefined) throw new Error(`${event.streamId}: AlertAcknowledged before AlertRaised`);
        current = {
          ...current,
          revision: event.revision,
          status: current.status === 'resolved' ? 'resolved' : 'acknowledged',
          acknowledged: { by: event.data.by, note: event.data.note, at: event.metadata.occurredAt },
        };
        break;
      case 'AlertResolved':
        if (current === undefined) throw new Error(`${event.streamId}: AlertResolved before AlertRaised`);
        current = {
          ...current,
          revision: event.revision,
          status: 'resolved',
          resolved: {
            how: event.data.how,
            reason: event.data.reason,
            by: event.data.by,
            figures: event.data.figures ?? null,
            at: event.metadata.occurredAt,
          },
        };
        break;
      default:
        if (current === undefined) throw new Error(`${recorded.streamId}: ${recorded.type} before AlertRaised`);
        current = { ...current, revision: recorded.revision };
    }
  }
  if (current === undefined) throw new Error(`alert ${id}: nothing to show`);
  return current;
}

/** Answers "which alerts are open, acknowledged or resolved, and on what figures?". */
export const alertsProjection: Projection = {
  name: 'alerts',
  categories: [ALERT_CATEGORY],
  collections: [ALERTS_COLLECTION],
  async setup(store) {
    await store.collection(ALERTS_COLLECTION).ensureIndex(['status']);
  },
  apply(event, context) {
    return applyToStreamDocument<AlertDocument>(event, context, ALERTS_COLLECTION, renderAlert);
  },
};
