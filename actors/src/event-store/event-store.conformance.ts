import { afterEach, beforeEach, describe } from 'vitest';
import { appendConformance } from './event-store.conformance.append.ts';
import { chainConformance } from './event-store.conformance.chain.ts';
import type { ConformanceContext, ConformanceFactory } from './event-store.conformance.fixtures.ts';
import { readConformance } from './event-store.conformance.read.ts';
import { subscriptionConformance } from './event-store.conformance.subscribe.ts';

export type {
  ConformanceCapabilities,
  ConformanceContext,
  ConformanceFactory,
} from './event-store.conformance.fixtures.ts';

/**
 * Declares the EventStore port's conformance suite for one adapter. It talks to the store only
 * through the port and uses fresh stream ids in every test, so it also runs on a shared server.
 */
export function eventStoreConformance(name: string, factory: ConformanceFactory): void {
  describe(`EventStore conformance: ${name}`, () => {
    let context: ConformanceContext | undefined;
    const current = (): ConformanceContext => {
      if (context === undefined) throw new Error('no store: the factory failed');
      return context;
    };
    beforeEach(async () => {
      context = await factory();
    });
    afterEach(async () => {
      await context?.cleanup();
      context = undefined;
    });
    appendConformance(current);
    readConformance(current);
    subscriptionConformance(current);
    chainConformance(current);
  });
}
