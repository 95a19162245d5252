import { describe, expect, it } from 'vitest';
import { formatProgress } from './progress.ts';

describe('formatProgress', () => {
  it('shows the share done, the rate and the time left', () => {
    expect(formatProgress('rebuild', 'events', 2_500, 10_000, 1_000)).toBe(
      'rebuild [######..................]  25% 2,500/10,000 events  2,500 events/s  ETA 3 s',
    );
  });

  it('is complete for an empty job and unknown ETA before any progress', () => {
    expect(formatProgress('rebuild', 'events', 0, 0, 10)).toContain('100% 0/0');
    expect(formatProgress('import', 'rows', 0, 10, 0)).toContain('ETA ?');
  });
});
