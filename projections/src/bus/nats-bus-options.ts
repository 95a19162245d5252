import type { SubscribeOptions } from '@ordinal/domain';
import { AckPolicy, type ConsumerConfig, DeliverPolicy, nanos, ReplayPolicy } from 'nats';
import { BusError } from './bus.errors.ts';
import type { DurableSettings } from './durable-queue.ts';
import { DEFAULT_SUBSCRIPTION } from './in-process-bus.ts';
import { encodeSubjectToken } from './nats-subjects.ts';

/** Where the NATS bus connects and how it names its streams. */
export interface NatsBusOptions {
  readonly servers: string | string[];
  /** Stream of the events (default `ORDINAL_EVENTS`). */
  readonly stream?: string;
  /** Stream of the parked records (default `ORDINAL_PARKED`). */
  readonly parkedStream?: string;
  /** Subject prefix of the events (default `ordinal.events`); parked records use `<…>.parked`. */
  readonly subjectPrefix?: string;
  /** How long the server remembers event ids to drop re-publishes (default 2 minutes). */
  readonly duplicateWindowMs?: number;
  /** Connection name shown by the server's monitoring. */
  readonly name?: string;
  /** Stream replicas in a cluster (default 1). */
  readonly replicas?: number;
  /** Connection and consumer status changes (disconnect, reconnect, heartbeats missed…). */
  readonly onStatus?: (status: { type: string; data?: unknown }) => void;
}

/** Counters of a NATS bus. */
export interface NatsBusStats {
  /** Events the stream stored (re-publishes dropped as duplicates are not counted). */
  readonly published: number;
  readonly reconnects: number;
  readonly connected: boolean;
}

/** The durable pull consumer behind a subscription (JetStream never parks: the bus does). */
export function consumerConfig(
  durableName: string,
  settings: DurableSettings,
  filterSubject: string,
): Partial<ConsumerConfig> & { durable_name: string } {
  return {
    durable_name: encodeSubjectToken(durableName),
    ack_policy: AckPolicy.Explicit,
    ack_wait: nanos(settings.ackWaitMs),
    max_ack_pending: settings.maxInFlight,
    max_deliver: -1,
    deliver_policy: DeliverPolicy.All,
    replay_policy: ReplayPolicy.Instant,
    filter_subject: filterSubject,
  };
}

/** Validated subscription settings, with the same defaults as the in-process bus. */
export function settingsOf(options: SubscribeOptions): DurableSettings {
  if (typeof options.durableName !== 'string' || options.durableName.length === 0) {
    throw new BusError('bus.invalid-options', 'a durable subscription needs a name');
  }
  const settings = {
    maxDeliveries: options.maxDeliveries ?? DEFAULT_SUBSCRIPTION.maxDeliveries,
    ackWaitMs: options.ackWaitMs ?? DEFAULT_SUBSCRIPTION.ackWaitMs,
    maxInFlight: options.maxInFlight ?? DEFAULT_SUBSCRIPTION.maxInFlight,
  };
  for (const [key, value] of Object.entries(settings)) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new BusError('bus.invalid-options', `${key} must be a positive integer`);
    }
  }
  return settings;
}
