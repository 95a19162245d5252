import type { ActorRef } from '../shared/actor.ts';
import type { DomainEvent } from '../shared/event.ts';
import type { AlertNotify, AlertRuleKind } from './alert-rules.types.ts';

/** The stream category of alerts: each alert is one stream, `alert-<alertId>`. */
export const ALERT_CATEGORY = 'alert';

/** The stream an alert lives in. */
export function alertStreamId(alertId: string): string {
  return `${ALERT_CATEGORY}-${alertId}`;
}

/** The figures an evaluation read: counts, shares, times; whatever the rule's decision rested on. */
export type AlertFigures = Readonly<Record<string, string | number | boolean | null>>;

/** What an alert is about: a SKU, an order or a location. */
export interface AlertSubject {
  readonly kind: 'sku' | 'order' | 'location';
  readonly id: string;
}

/** The rule and version that raised an alert. */
export interface AlertRuleRef {
  readonly ruleSet: string;
  readonly version: number;
  readonly ruleId: string;
  readonly kind: AlertRuleKind;
}

/**
 * Records an alert an evaluation found. The alert id is chosen by the evaluator from the rule,
 * the subject and what fired (docs/alerts.md), so evaluating the same events again raises nothing new.
 */
export interface RaiseAlert {
  readonly type: 'RaiseAlert';
  readonly alertId: string;
  readonly rule: AlertRuleRef;
  readonly subject: AlertSubject;
  /** One sentence for people. */
  readonly summary: string;
  readonly figures: AlertFigures;
  /** The clock the evaluation ran at (an event's time, or a scheduled check's). */
  readonly evaluatedAt: string;
  readonly notify: AlertNotify;
}

/** Someone has seen the alert and is on it. */
export interface AcknowledgeAlert {
  readonly type: 'AcknowledgeAlert';
  readonly alertId: string;
  readonly note?: string;
}

/** The alert is over: its condition cleared (with the figures that say so) or someone closed it. */
export interface ResolveAlert {
  readonly type: 'ResolveAlert';
  readonly alertId: string;
  readonly how: 'condition-cleared' | 'by-hand';
  readonly reason: string;
  readonly figures?: AlertFigures;
  /** For a cleared condition: the clock the evaluation ran at. */
  readonly evaluatedAt?: string;
}

/** Commands of the alert aggregate. */
export type AlertCommand = RaiseAlert | AcknowledgeAlert | ResolveAlert;

/** An evaluation found the rule's condition true; everything it rested on is here. */
export type AlertRaised = DomainEvent<
  'AlertRaised',
  {
    readonly alertId: string;
    readonly rule: AlertRuleRef;
    readonly subject: AlertSubject;
    readonly summary: string;
    readonly figures: AlertFigures;
    readonly evaluatedAt: string;
    readonly notify: AlertNotify;
  }
>;

/** `by` saw the alert; `note` says what they do about it. */
export type AlertAcknowledged = DomainEvent<
  'AlertAcknowledged',
  { readonly alertId: string; readonly by: ActorRef; readonly note: string }
>;

/** The alert is over: `how` and `reason` say why, `by` who (the evaluator for a cleared condition). */
export type AlertResolved = DomainEvent<
  'AlertResolved',
  {
    readonly alertId: string;
    readonly how: 'condition-cleared' | 'by-hand';
    readonly reason: string;
    readonly by: ActorRef;
    readonly figures?: AlertFigures;
    readonly evaluatedAt?: string;
  }
>;

/** Events of the alert aggregate. */
export type AlertEvent = AlertRaised | AlertAcknowledged | AlertResolved;

/** Every alert event type. */
export const ALERT_EVENT_TYPES = ['AlertRaised', 'AlertAcknowledged', 'AlertResolved'] as const;

/** `none` before it is raised; then open, acknowledged, resolved. */
export type AlertStatus = 'none' | 'open' | 'acknowledged' | 'resolved';

/** An alert's state: its status and what raised it. */
export interface AlertState {
  readonly status: AlertStatus;
  readonly raised?: AlertRaised['data'];
}

/** The state of an empty stream. */
export function initialAlertState(): AlertState {
  return { status: 'none' };
}

/** The state after one more alert event. */
export function evolveAlert(state: AlertState, event: AlertEvent): AlertState {
  switch (event.type) {
    case 'AlertRaised':
      return { status: 'open', raised: event.data };
    case 'AlertAcknowledged':
      return { ...state, status: 'acknowledged' };
    case 'AlertResolved':
      return { ...state, status: 'resolved' };
  }
}
