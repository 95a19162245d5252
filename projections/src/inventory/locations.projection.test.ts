import { LOCATION_EVENT_TYPES } from '@ordinal/domain';
import { recordLocationEvent, warehouseLocation } from '@ordinal/domain/testing';
import { describe, expect, it } from 'vitest';
import { projectionSpec } from '../testing/projection-spec.ts';
import { LOCATIONS_COLLECTION, locationsProjection } from './locations.projection.ts';

const spec = projectionSpec(locationsProjection, { collection: LOCATIONS_COLLECTION });
const location = warehouseLocation();
const registered = recordLocationEvent({ type: 'LocationRegistered', data: location }, 0);
const changed = { ...location, name: 'Shanghai DC 2', dailyCapacity: 10, active: false };
const updated = recordLocationEvent({ type: 'LocationUpdated', data: changed }, 1);

const CASES = {
  LocationRegistered: { given: [], when: registered, expected: { ...location, revision: 1 } },
  LocationUpdated: { given: [registered], when: updated, expected: { ...changed, revision: 2 } },
} as const;

describe('locations projection', () => {
  it('has a case for every location event type', () => {
    expect(Object.keys(CASES).sort()).toEqual([...LOCATION_EVENT_TYPES].sort());
  });

  describe.each(LOCATION_EVENT_TYPES)('%s', (type) => {
    it('writes the whole location', async () => {
      const { given, when, expected } = CASES[type];
      await spec
        .given(given)
        .when(when)
        .then({
          ...expected,
          id: 'wh-sh',
          registeredAt: registered.metadata.occurredAt,
          updatedAt: when.metadata.occurredAt,
        });
    });

    it('applied twice leaves the document unchanged', async () => {
      const { given, when } = CASES[type];
      const once = await spec.given(given).when(when).then({});
      const twice = await spec.given(given).when(when, when).then({});
      expect(twice.outcomes).toEqual(['applied', 'duplicate']);
      expect(twice.stored).toEqual(once.stored);
    });
  });

  it('keeps the update when the registration arrives late', async () => {
    const { outcomes } = await spec.given([]).when(updated, registered).then({ name: 'Shanghai DC 2', revision: 2 });
    expect(outcomes).toEqual(['applied', 'duplicate']);
  });
});
