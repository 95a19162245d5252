import { describe, expect, it } from 'vitest';
import { deciderSpec } from '../testing/decider-spec.ts';
import { productDecider } from './product.decider.ts';
import type { ProductEvent } from './product.events.ts';

const admin = { kind: 'user', id: 'ana.lima', role: 'admin' } as const;
const facts = () => ({
  now: '2026-12-04T12:00:00.000Z',
  metadata: { commandId: 'c', correlationId: 'c', actor: admin },
});
const metadata = { schemaVersion: 1, occurredAt: facts().now, correlationId: 'c', causationId: 'c', actor: admin };
const spec = deciderSpec(productDecider, facts, (d, i) => ({ ...d, eventId: `e${i}`, metadata }) as ProductEvent);
const define = (overrides = {}) => ({
  type: 'DefineProduct' as const,
  sku: 'MUG-1',
  name: 'Mug',
  tags: ['fragile', 'kitchen', 'fragile'],
  listPrice: { amount: 1_500, currency: 'BRL' },
  ...overrides,
});
const defined = {
  sku: 'MUG-1',
  name: 'Mug',
  tags: ['fragile', 'kitchen'],
  listPrice: { amount: 1_500, currency: 'BRL' },
};

describe('product catalogue decider', () => {
  it('defines a product with its tags (sorted, once each) as version 1, and a change as version 2', () => {
    const state = spec
      .given([])
      .when(define())
      .then([{ type: 'ProductDefined', data: { ...defined, version: 1 } }]);
    const first = { eventId: 'p1', type: 'ProductDefined' as const, data: { ...defined, version: 1 }, metadata };
    spec
      .given([first])
      .when(define({ listPrice: { amount: 1_700, currency: 'BRL' } }))
      .then([
        { type: 'ProductDefined', data: { ...defined, listPrice: { amount: 1_700, currency: 'BRL' }, version: 2 } },
      ]);
    spec.given([first]).when(define()).thenRejects('catalogue.unchanged', { version: 1 });
    expect(state.product?.tags).toEqual(['fragile', 'kitchen']);
  });

  it('lists every problem of a definition', () => {
    const refusal = spec
      .given([])
      .when(define({ name: ' ', tags: ['Fragile'], listPrice: { amount: -1, currency: 'brl' } }))
      .thenRejects('catalogue.invalid-product');
    expect((refusal.details?.problems as { field: string }[] | undefined)?.map((p) => p.field)).toEqual([
      '/name',
      '/tags/0',
      '/listPrice/amount',
      '/listPrice/currency',
    ]);
  });
});
