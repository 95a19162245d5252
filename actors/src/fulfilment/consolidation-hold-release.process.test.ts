import { foldOrder, orderStatus, type RecordedOrderEvent } from '@ordinal/domain';
import { describe, expect, it } from 'vitest';
import { hostTestBed } from '../host/temp-store.fixture.ts';
import { day, OFFICE, repurchaseSystem } from '../screening/repurchase.fixture.ts';
import { CONSOLIDATION_RELEASE, ConsolidationHoldRelease } from './consolidation-hold-release.process.ts';

const bed = hostTestBed();

/** The repurchase system with o-4 held for consolidation on day 29 (until day 34), and the release process. */
async function heldOnDay29() {
  const s = await repurchaseSystem(bed);
  for (const [orderId, days] of [
    ['o-1', 0],
    ['o-2', 10],
    ['o-3', 20],
    ['o-4', 29],
  ] as const) {
    s.at(days);
    await s.place(orderId, 'SKU-X');
  }
  expect((await s.held('o-4'))?.facts).toMatchObject({ source: 'consolidation', until: day(34) });
  const errors: unknown[] = [];
  const newProcess = () => {
    const process = new ConsolidationHoldRelease({
      events: bed.store,
      orders: s.orders,
      clock: s.clock,
      intervalMs: 3_600_000,
      onError: (error) => errors.push(error),
    });
    bed.track({ close: () => process.stop() });
    process.start();
    return process;
  };
  return { ...s, errors, newProcess };
}

describe('the release of holds for consolidation', () => {
  it('releases a hold once its deadline has passed, by the system, with the deadline and clock recorded', async () => {
    const s = await heldOnDay29();
    const release = s.newProcess();
    await s.until(() => release.held().includes('o-4'));
    s.at(33.9);
    expect(await release.releaseDue()).toBe(0);
    expect(await s.released('o-4')).toBeUndefined();
    s.at(34);
    expect(await release.releaseDue()).toBe(1);
    const released = await s.released('o-4');
    expect(released?.data).toEqual({
      reason: `consolidation: nothing came by ${day(34)}`,
      decidedBy: CONSOLIDATION_RELEASE,
      facts: { source: 'consolidation', until: day(34), trigger: 'deadline', at: day(34) },
    });
    expect(released?.metadata.commandId).toBe('consolidation-release-o-4');
    await s.until(() => !release.held().includes('o-4'));
    expect(await release.releaseDue()).toBe(0);
    expect(s.errors).toEqual([]);
  });

  it('releases it as soon as the customer places another order to the same address', async () => {
    const s = await heldOnDay29();
    const release = s.newProcess();
    await s.until(() => release.held().includes('o-4'));
    s.at(30);
    await s.place('o-5', 'SKU-Y');
    await s.until(() => !release.held().includes('o-4'));
    expect((await s.released('o-4'))?.data).toEqual({
      reason: 'consolidation: order o-5 to the same address placed',
      decidedBy: CONSOLIDATION_RELEASE,
      facts: {
        source: 'consolidation',
        until: day(34),
        trigger: 'next-order',
        orderId: 'o-5',
        placedAt: day(30),
        eventId: expect.any(String),
      },
    });
    // Released means confirmed: the router takes both orders from here.
    const stream = (await bed.store.readStream('order-o-4')) as RecordedOrderEvent[];
    expect(orderStatus(foldOrder(stream)).main).toBe('confirmed');
    expect(s.errors).toEqual([]);
  });

  it('leaves it held when the next order goes to another address', async () => {
    const s = await heldOnDay29();
    const release = s.newProcess();
    await s.until(() => release.held().includes('o-4'));
    s.at(30);
    await s.place('o-5', 'SKU-Y', OFFICE);
    // The process has seen o-5 once a later order of the same address releases o-4 in its turn.
    await s.place('o-6', 'SKU-Y');
    await s.until(() => !release.held().includes('o-4'));
    expect((await s.released('o-4'))?.data.reason).toBe('consolidation: order o-6 to the same address placed');
  });

  it('after a restart, releases a hold whose next order came while it was down', async () => {
    const s = await heldOnDay29();
    s.at(30);
    await s.place('o-5', 'SKU-Y');
    const release = s.newProcess();
    await s.until(async () => (await s.released('o-4')) !== undefined);
    await s.until(() => release.held().length === 0);
    expect((await s.released('o-4'))?.data.facts).toMatchObject({ trigger: 'next-order', orderId: 'o-5' });
  });
});
