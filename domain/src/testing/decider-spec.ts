import { deepStrictEqual, fail, ok } from 'node:assert/strict';
import type { Decider, DecisionFacts } from '../shared/decider.ts';
import type { DomainEvent, EventDraft } from '../shared/event.ts';
import { isRejection, type Rejection } from '../shared/rejection.ts';

/** The outcome of `given(...).when(...)`, to assert on. */
export interface DeciderThen<State> {
  /** Asserts the command was accepted with exactly these event drafts; returns the state after them. */
  then(expected: readonly EventDraft[]): State;
  /** Asserts the command was rejected with this code (and, if given, these details fields). */
  thenRejects(code: string, details?: Readonly<Record<string, unknown>>): Rejection;
}

/**
 * Given/when/then for deciders: `spec.given(events).when(command).then(drafts)` or
 * `.thenRejects(code)`. `then` returns the state after the drafts (wrapped by `record` and
 * folded with `evolve`) so a test can go on from there.
 */
export function deciderSpec<Command extends { readonly type: string }, Event extends DomainEvent, State>(
  decider: Decider<Command, Event, State>,
  facts: () => DecisionFacts,
  record: (draft: EventDraft, index: number) => Event,
) {
  return {
    given(events: readonly Event[]) {
      const state = events.reduce((s, e) => decider.evolve(s, e), decider.initialState());
      return {
        when(command: Command): DeciderThen<State> {
          const result = decider.decide(command, state, facts());
          return {
            // biome-ignore lint/suspicious/noThenProperty: given/when/then is the spec's vocabulary; nothing awaits it.
            then(expected) {
              if (isRejection(result)) fail(`expected events, got rejection ${result.code}: ${result.message}`);
              deepStrictEqual(result, expected);
              return result.reduce((s, draft, i) => decider.evolve(s, record(draft, events.length + i)), state);
            },
            thenRejects(code, details) {
              if (!isRejection(result)) fail(`expected rejection ${code}, got ${result.map((e) => e.type).join(', ')}`);
              deepStrictEqual(result.code, code, result.message);
              for (const [key, value] of Object.entries(details ?? {})) deepStrictEqual(result.details?.[key], value);
              ok(result.message.length > 0, 'a rejection says why in words');
              return result;
            },
          };
        },
      };
    },
  };
}
