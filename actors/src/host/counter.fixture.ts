import { randomUUID } from 'node:crypto';
import type { CommandEnvelope, CommandMetadata, Decider, DomainEvent, LiveState, SnapshotHooks } from '@ordinal/domain';
import { reject } from '@ordinal/domain';

// A tiny aggregate for the host's tests: a counter that can be capped, closed and reopened.
// Closing clears the cap, so the number of events a command makes depends on the state.

export type CounterCommand =
  | { readonly type: 'Increment'; readonly counterId: string; readonly by: number; readonly times?: number }
  | { readonly type: 'SetLimit'; readonly counterId: string; readonly limit: number }
  | { readonly type: 'Close'; readonly counterId: string }
  | { readonly type: 'Reopen'; readonly counterId: string };

export type CounterEvent =
  | DomainEvent<'Incremented', { readonly by: number; readonly total: number }>
  | DomainEvent<'LimitSet', { readonly limit: number }>
  | DomainEvent<'LimitCleared', Record<string, never>>
  | DomainEvent<'Closed', Record<string, never>>
  | DomainEvent<'Reopened', Record<string, never>>;

export interface CounterState {
  readonly total: number;
  readonly increments: number;
  readonly limit: number | null;
  readonly closed: boolean;
}

const initial: CounterState = { total: 0, increments: 0, limit: null, closed: false };

function evolve(state: CounterState, event: CounterEvent): CounterState {
  switch (event.type) {
    case 'Incremented':
      return { ...state, total: event.data.total, increments: state.increments + 1 };
    case 'LimitSet':
      return { ...state, limit: event.data.limit };
    case 'LimitCleared':
      return { ...state, limit: null };
    case 'Closed':
      return { ...state, closed: true };
    case 'Reopened':
      return { ...state, closed: false };
  }
}

function allowed(state: CounterState): string[] {
  return state.closed ? ['Reopen'] : ['Increment', 'SetLimit', 'Close'];
}

function decide(command: CounterCommand, state: CounterState) {
  const details = { closed: state.closed, allowedCommands: allowed(state) };
  if (command.type === 'Reopen') {
    return state.closed
      ? [{ type: 'Reopened' as const, data: {} }]
      : reject('counter.not-closed', 'not closed', details);
  }
  if (state.closed) return reject('counter.closed', 'the counter is closed', details);
  switch (command.type) {
    case 'Increment': {
      const times = command.times ?? 1;
      if (!Number.isSafeInteger(command.by) || command.by <= 0) return reject('counter.invalid-amount', 'by > 0');
      if (state.limit !== null && state.total + command.by * times > state.limit) {
        return reject('counter.limit-exceeded', 'over the limit', { ...details, limit: state.limit });
      }
      return Array.from({ length: times }, (_, i) => ({
        type: 'Incremented' as const,
        data: { by: command.by, total: state.total + command.by * (i + 1) },
      }));
    }
    case 'SetLimit':
      return [{ type: 'LimitSet' as const, data: { limit: command.limit } }];
    case 'Close':
      return state.limit === null
        ? [{ type: 'Closed' as const, data: {} }]
        : [
            { type: 'Closed' as const, data: {} },
            { type: 'LimitCleared' as const, data: {} },
          ];
  }
}

/** Live actors spawned and stopped by a counter decider, to see passivation happen. */
export interface SpawnCounts {
  spawned: number;
  stopped: number;
}

/** Snapshot hooks of the counter: the state as it is, checked on the way back. */
export const counterSnapshotHooks: SnapshotHooks<CounterState> = {
  version: 'counter-1',
  persist: (state) => ({ ...state }),
  restore(json) {
    const { total, increments, limit, closed } = (json ?? {}) as Record<string, unknown>;
    const valid =
      Number.isSafeInteger(total) &&
      Number.isSafeInteger(increments) &&
      (limit === null || Number.isSafeInteger(limit)) &&
      typeof closed === 'boolean';
    if (!valid) throw new TypeError(`not a counter state: ${JSON.stringify(json)}`);
    return { total, increments, limit, closed } as CounterState;
  },
};

/**
 * The counter decider; with `spawn: true` it also offers live actors and counts them, with
 * `snapshot: true` snapshot hooks.
 */
export function counterDecider(options: { spawn?: boolean; snapshot?: boolean } = {}): {
  decider: Decider<CounterCommand, CounterEvent, CounterState>;
  counts: SpawnCounts;
} {
  const counts: SpawnCounts = { spawned: 0, stopped: 0 };
  const base: Decider<CounterCommand, CounterEvent, CounterState> = {
    category: 'counter',
    initialState: () => initial,
    evolve,
    decide: (command, state) => decide(command, state),
    entityId: (command) => command.counterId,
    describe: (state) => ({ ...state, allowedCommands: allowed(state) }),
    ...(options.snapshot === true ? { snapshot: counterSnapshotHooks } : {}),
  };
  if (options.spawn !== true) return { decider: base, counts };
  const spawn = (start: CounterState): LiveState<CounterEvent, CounterState> => {
    counts.spawned += 1;
    let state = start;
    let stopped = false;
    return {
      send(event) {
        if (stopped) throw new Error('send to a stopped counter actor');
        state = evolve(state, event);
      },
      getState: () => state,
      stop() {
        if (!stopped) counts.stopped += 1;
        stopped = true;
      },
    };
  };
  return { decider: { ...base, spawn }, counts };
}

/** Folds events with `evolve` only: the reference the host's live state is compared with. */
export function foldCounter(events: readonly DomainEvent[]): CounterState {
  return events.reduce((state, event) => evolve(state, event as CounterEvent), initial);
}

/** A command envelope with fresh ids unless given. */
export function envelope<const C extends { readonly type: string }>(
  command: C,
  metadata: Partial<CommandMetadata> = {},
): CommandEnvelope<C> {
  return {
    command,
    metadata: {
      commandId: randomUUID(),
      correlationId: randomUUID(),
      actor: { kind: 'system', component: 'test' },
      ...metadata,
    },
  };
}
