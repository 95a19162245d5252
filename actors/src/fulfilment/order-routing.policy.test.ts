import { DEFAULT_ROUTING_POLICY, type OrderRouting } from '@ordinal/domain';
import { describe, expect, it } from 'vitest';
import { hostTestBed } from '../host/temp-store.fixture.ts';
import { routingSystem } from './routing.fixture.ts';

const bed = hostTestBed();
const { version: _, ...promiseFirst } = {
  ...DEFAULT_ROUTING_POLICY,
  name: 'promise-first',
  weights: { ...DEFAULT_ROUTING_POLICY.weights, deliveryPromise: 3 },
};

/** The routing bed with São Paulo and Rio warehouses holding both SKUs. */
function system() {
  const bedSystem = routingSystem(bed);
  return {
    ...bedSystem,
    start: bedSystem.startProcess,
    async stocked() {
      for (const [locationId, coordinates, region] of [
        ['wh-sp-01', { lat: -23.4543, lng: -46.5337 }, 'SP'],
        ['wh-rj-01', { lat: -22.9068, lng: -43.1729 }, 'RJ'],
      ] as const) {
        await bedSystem.location(locationId, coordinates, region);
        for (const sku of ['SKU-A', 'SKU-B']) await bedSystem.receive(sku, locationId, 10);
      }
    },
    /** The routing the order's allocation recorded, once the process made it. */
    routed: (orderId: string): Promise<OrderRouting> =>
      bedSystem.until(async () => (await bedSystem.routings(orderId))[0]),
  };
}

describe('the order routing process under the active routing policy', () => {
  it('routes with the version active when the order comes, and leaves earlier decisions as recorded', async () => {
    const s = system();
    await s.stocked();
    const process = await s.start();
    try {
      await s.place('o-1');
      const first = await s.routed('o-1');
      expect(first.decision).toMatchObject({ policyName: 'default', policyVersion: 1 });
      const o1Before = await s.store.readStream('order-o-1');

      await s.policy({ type: 'DraftRoutingPolicy', policy: promiseFirst });
      // A draft is not used until it is activated.
      await s.place('o-2');
      expect((await s.routed('o-2')).decision.policyVersion).toBe(1);

      await s.policy({ type: 'ActivateRoutingPolicy', version: 2, reason: 'late deliveries cost us more' });
      await s.place('o-3');
      const third = await s.routed('o-3');
      expect(third.decision).toMatchObject({ policyName: 'promise-first', policyVersion: 2 });

      // What was decided before the activation stays exactly as recorded.
      expect(await s.store.readStream('order-o-1')).toEqual(o1Before);
      expect(s.errors).toEqual([]);
    } finally {
      await process.stop();
    }
  });

  it('knows the active version again after a restart, from the log alone', async () => {
    const s = system();
    await s.stocked();
    await s.policy({ type: 'DraftRoutingPolicy', policy: promiseFirst });
    await s.policy({ type: 'ActivateRoutingPolicy', version: 2, reason: 'late deliveries cost us more' });
    await s.policy({ type: 'DraftRoutingPolicy', policy: { ...promiseFirst, name: 'not-yet' } });
    // Placed while no process runs: the one started next catches up and routes it.
    await s.place('o-9');
    const process = await s.start();
    try {
      expect((await s.routed('o-9')).decision).toMatchObject({ policyName: 'promise-first', policyVersion: 2 });
      await s.policy({ type: 'ActivateRoutingPolicy', version: 1, reason: 'back to the default' });
      await s.place('o-10');
      expect((await s.routed('o-10')).decision).toMatchObject({ policyName: 'default', policyVersion: 1 });
    } finally {
      await process.stop();
    }
  });
});
