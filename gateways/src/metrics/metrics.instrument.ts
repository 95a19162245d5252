import {
  type CommandExecutor,
  type CommandOutcome,
  DuplicateEventIdError,
  type EventStore,
  riskHoldFacts,
  WrongExpectedRevisionError,
} from '@ordinal/domain';
import type { AppendOutcomeLabel, CommandOutcomeLabel, OrdinalMetrics } from './metrics.registry.ts';

/** The outcome label of a command's answer; a retry answered from the record is a duplicate. */
export function commandOutcomeLabel(outcome: CommandOutcome): CommandOutcomeLabel {
  if (outcome.duplicate === true) return 'duplicate';
  return outcome.status;
}

/** The outcome label of a failed append: lost to another writer, or anything else. */
export function appendErrorLabel(error: unknown): AppendOutcomeLabel {
  // Both mean another writer came first; the host reloads and decides again.
  return error instanceof WrongExpectedRevisionError || error instanceof DuplicateEventIdError ? 'conflict' : 'error';
}

/** Times every command by type and outcome; answers and failures pass through unchanged. */
export function instrumentExecutor<C extends { readonly type: string }>(
  executor: CommandExecutor<C>,
  metrics: Pick<OrdinalMetrics, 'commandDuration'>,
): CommandExecutor<C> {
  return {
    async execute(envelope) {
      const done = metrics.commandDuration.startTimer({ type: envelope.command.type });
      try {
        const outcome = await executor.execute(envelope);
        done({ outcome: commandOutcomeLabel(outcome) });
        return outcome;
      } catch (error) {
        done({ outcome: 'error' });
        throw error;
      }
    },
  };
}

/**
 * Counts appends by outcome, the events they wrote and the risk holds among them; every other
 * call passes straight through.
 */
export function instrumentEventStore(
  store: EventStore,
  metrics: Pick<OrdinalMetrics, 'appends' | 'appendedEvents' | 'riskHolds'>,
): EventStore {
  return {
    async append(streamId, events, expected) {
      try {
        const result = await store.append(streamId, events, expected);
        metrics.appends.inc({ outcome: 'ok' });
        // A retried append of stored ids writes nothing new.
        if (!result.duplicate) {
          metrics.appendedEvents.inc(result.events.length);
          const holds = result.events.filter(
            (e) => e.type === 'OrderHeld' && riskHoldFacts((e.data as { facts?: unknown }).facts) !== undefined,
          );
          if (holds.length > 0) metrics.riskHolds.inc(holds.length);
        }
        return result;
      } catch (error) {
        metrics.appends.inc({ outcome: appendErrorLabel(error) });
        throw error;
      }
    },
    readStream: (streamId, options) => store.readStream(streamId, options),
    streamRevision: (streamId) => store.streamRevision(streamId),
    readAll: (options) => store.readAll(options),
    headPosition: () => store.headPosition(),
    subscribeAll: (options) => store.subscribeAll(options),
    close: () => store.close(),
  };
}
