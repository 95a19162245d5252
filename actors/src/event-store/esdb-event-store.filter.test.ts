import type { AllStreamResolvedEvent } from '@eventstore/db-client';
import { describe, expect, it } from 'vitest';
import { combinePrefixes, isSystemEvent, matchesPrefixes, selectFromAll } from './esdb-event-store.filter.ts';
import { toEventData } from './esdb-event-store.mapping.ts';
import { anEvent } from './event-store.conformance.fixtures.ts';

describe('EventStoreDB filters', () => {
  it('filters by stream prefix and tells system events apart', () => {
    expect(matchesPrefixes('order-1', undefined)).toBe(true);
    expect(matchesPrefixes('order-1', ['inventory-', 'order-'])).toBe(true);
    expect(matchesPrefixes('orders-1', ['order-'])).toBe(false);
    expect(matchesPrefixes('order-1', [])).toBe(false);
    expect(isSystemEvent({ streamId: '$$order-1', type: '$metadata' })).toBe(true);
    expect(isSystemEvent({ streamId: '$stats-127.0.0.1:2113', type: 'Stats' })).toBe(true);
    expect(isSystemEvent({ streamId: 'order-1', type: '$>' })).toBe(true);
    expect(isSystemEvent({ streamId: 'order-1', type: 'OrderPlaced' })).toBe(false);
  });

  it('combines the store prefixes with a call prefixes into what both accept', () => {
    expect(combinePrefixes(undefined, undefined)).toBeUndefined();
    expect(combinePrefixes([], [])).toBeUndefined();
    expect(combinePrefixes(['order-'], undefined)).toEqual(['order-']);
    expect(combinePrefixes(undefined, ['order-'])).toEqual(['order-']);
    expect(combinePrefixes(['order-', 'inventory-'], ['order-12', 'ruleset-', 'inv'])).toEqual([
      'order-12',
      'inventory-',
    ]);
    expect(combinePrefixes(['order-'], ['inventory-'])).toEqual([]);
  });

  it('selects from $all only events of matching streams strictly after the position', () => {
    const [data] = toEventData('order-1', [anEvent()]);
    const at = (streamId: string, commit: bigint, type = 'ThingHappened'): AllStreamResolvedEvent => {
      const position = { commit, prepare: commit };
      const created = new Date('2025-03-04T05:06:07.089Z');
      const event = { ...data!, streamId, type, revision: 0n, created, position, isJson: true as const };
      return { event: event as AllStreamResolvedEvent['event'], commitPosition: commit };
    };
    expect(selectFromAll(at('order-1', 10n), 9, ['order-'])).toMatchObject({ streamId: 'order-1', position: 10 });
    expect(selectFromAll(at('order-1', 10n), 10, ['order-'])).toBeUndefined();
    expect(selectFromAll(at('inventory-1', 10n), 0, ['order-'])).toBeUndefined();
    expect(selectFromAll(at('$$order-1', 10n, '$metadata'), 0, undefined)).toBeUndefined();
    expect(selectFromAll({ commitPosition: 10n }, 0, undefined)).toBeUndefined();
  });
});
