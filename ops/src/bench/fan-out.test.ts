import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TempDataDir, tempDataDir } from '../testing/data-dir.ts';
import { checkDescriptorLimit } from './fan-out.clients.ts';
import { measureFanOut } from './fan-out.ts';

// The scenario's own run at a small size: what it counts and checks, not how fast (that is `npm run bench`).
describe('the fan-out bench scenario', () => {
  let dir: TempDataDir;
  beforeEach(async () => {
    dir = await tempDataDir('ordinal-fan-out-');
  });
  afterEach(async () => {
    await dir.remove();
  });

  it('delivers each note to its order’s client and every ops feed, and the ceiling sends as many', async () => {
    const lines: string[] = [];
    const plan = { orders: 12, opsClients: 3, commandsPerSecond: 40, seconds: 1, connectBatch: 5, seed: 7 };
    const figures = await measureFanOut(dir.path, plan, (l) => lines.push(l));
    expect(figures).toMatchObject({
      commands: 40,
      orderEvents: { messages: 40 },
      opsChanges: { messages: 120 },
      ceiling: { orderMessages: { messages: 40 }, opsMessages: { messages: 120 } },
    });
    expect(figures.orderEvents.p50Ms).toBeLessThanOrEqual(figures.orderEvents.p99Ms);
    expect(lines[0]).toBe('• fan-out: placing 12 orders through the actor host');
  });

  it('refuses to start when the process may not open enough files', () => {
    expect(() => checkDescriptorLimit(10_000_000)).toThrow(/ulimit -n/);
  });
});
