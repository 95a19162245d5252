import { describe, expect, it } from 'vitest';
import { activeStates } from './replay.state.ts';

describe('active states of a machine state value', () => {
  it('gives one line per region, nested states dotted', () => {
    expect(activeStates({ main: { fulfilment: 'inTransit' }, payment: 'captured', returns: 'none' })).toEqual([
      'main: fulfilment.inTransit',
      'payment: captured',
      'returns: none',
    ]);
  });

  it('brackets parallel regions inside a state, and takes a bare string as the only state', () => {
    expect(activeStates({ main: { open: { a: 'x', b: { c: 'y' } } } })).toEqual(['main: open.[a: x] [b: c.y]']);
    expect(activeStates('placed')).toEqual(['placed']);
    expect(activeStates(null)).toEqual([]);
  });
});
