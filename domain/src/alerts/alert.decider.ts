import type { Decider } from '../shared/decider.ts';
import type { EventDraft } from '../shared/event.ts';
import { type Rejection, reject } from '../shared/rejection.ts';
import {
  ALERT_CATEGORY,
  type AlertCommand,
  type AlertEvent,
  type AlertState,
  evolveAlert,
  initialAlertState,
} from './alert.events.ts';
import type { AlertRejectionCode } from './alert.rejections.ts';

type Drafts = readonly EventDraft<AlertEvent['type']>[];
type Refusal = Rejection<AlertRejectionCode>;

const ALERT_ID = /^[A-Za-z0-9._:-]{1,200}$/;
const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

/**
 * One alert per stream, `alert-<alertId>`: raised once (a second raise is refused, so a
 * re-evaluation adds nothing), acknowledged at most once while open, resolved once.
 */
export const alertDecider: Decider<AlertCommand, AlertEvent, AlertState> = {
  category: ALERT_CATEGORY,
  initialState: initialAlertState,
  evolve: evolveAlert,
  decide(command, state, facts): Drafts | Refusal {
    if (!ALERT_ID.test(command.alertId)) {
      return reject('alert.invalid', 'an alert id is 1 to 200 letters, digits or . _ : -', { field: 'alertId' });
    }
    const by = facts.metadata.actor;
    switch (command.type) {
      case 'RaiseAlert': {
        if (state.status !== 'none') {
          return reject('alert.already-raised', `alert ${command.alertId} was raised already`, {
            status: state.status,
          });
        }
        const { type: _, ...data } = command;
        return [{ type: 'AlertRaised', data }];
      }
      case 'AcknowledgeAlert': {
        if (state.status === 'none') return reject('alert.not-found', `there is no alert ${command.alertId}`);
        if (state.status === 'acknowledged') {
          return reject('alert.already-acknowledged', `alert ${command.alertId} is acknowledged already`);
        }
        if (state.status === 'resolved') {
          return reject('alert.already-resolved', `alert ${command.alertId} is resolved`);
        }
        return [{ type: 'AlertAcknowledged', data: { alertId: command.alertId, by, note: text(command.note) } }];
      }
      case 'ResolveAlert': {
        const reason = text(command.reason);
        if (reason === '') return reject('alert.reason-missing', 'say why the alert is resolved', { field: 'reason' });
        if (state.status === 'none') return reject('alert.not-found', `there is no alert ${command.alertId}`);
        if (state.status === 'resolved') {
          return reject('alert.already-resolved', `alert ${command.alertId} is resolved`);
        }
        return [
          {
            type: 'AlertResolved',
            data: {
              alertId: command.alertId,
              how: command.how,
              reason,
              by,
              ...(command.figures === undefined ? {} : { figures: command.figures }),
              ...(command.evaluatedAt === undefined ? {} : { evaluatedAt: command.evaluatedAt }),
            },
          },
        ];
      }
      default: {
        const unknown: never = command;
        return reject('alert.invalid', `unknown command ${String((unknown as { type?: unknown }).type)}`);
      }
    }
  },
  entityId: (command) => command.alertId,
  describe: (state) => ({ status: state.status, rule: state.raised?.rule }),
};
