import { describe, expect, it } from 'vitest';
import { deciderSpec } from '../testing/decider-spec.ts';
import { inventoryFacts, recordLocationEvent, warehouseLocation } from '../testing/inventory-fixtures.ts';
import { locationDecider } from './location.decider.ts';
import type { Location, LocationCommand } from './location.types.ts';

const spec = deciderSpec(
  locationDecider,
  () => inventoryFacts(),
  (draft, i) => recordLocationEvent(draft, i),
);
const location = warehouseLocation();
const registered = recordLocationEvent({ type: 'LocationRegistered', data: location }, 0);
const register = (overrides: Partial<Location> = {}): LocationCommand => ({
  type: 'RegisterLocation',
  ...location,
  ...overrides,
});
const update = (overrides: Partial<Location> = {}): LocationCommand => ({
  type: 'UpdateLocation',
  ...location,
  ...overrides,
});

describe('RegisterLocation', () => {
  it('records the whole location', () => {
    const state = spec
      .given([])
      .when(register())
      .then([{ type: 'LocationRegistered', data: location }]);
    expect(state.location).toEqual(location);
  });

  it('records nothing when registered again with the same data, and refuses other data', () => {
    spec
      .given([registered])
      .when(register({ capabilities: ['express', 'fragile'] }))
      .then([]);
    spec
      .given([registered])
      .when(register({ name: 'Other' }))
      .thenRejects('location.already-registered', { locationId: 'wh-sh' });
  });

  it.each([
    ['coordinates.lat', { coordinates: { lat: 91, lng: 0 } }],
    ['coordinates.lng', { coordinates: { lat: 0, lng: -180.5 } }],
    ['kind', { kind: 'depot' as never }],
    ['capabilities', { capabilities: ['teleport' as never] }],
    ['capabilities', { capabilities: ['express', 'express'] as never }],
    ['dailyCapacity', { dailyCapacity: -1 }],
    ['dailyCapacity', { dailyCapacity: 2.5 }],
    ['country', { country: 'china' }],
    ['name', { name: '  ' }],
    ['region', { region: '' }],
  ])('refuses a wrong %s', (field, overrides) => {
    spec.given([]).when(register(overrides)).thenRejects('location.invalid-field', { field });
  });
});

describe('UpdateLocation', () => {
  it('records the complete new data, capabilities in catalogue order', () => {
    spec
      .given([registered])
      .when(update({ dailyCapacity: 10, capabilities: ['express', 'cold-chain'], active: false }))
      .then([
        {
          type: 'LocationUpdated',
          data: { ...location, dailyCapacity: 10, capabilities: ['cold-chain', 'express'], active: false },
        },
      ]);
  });

  it('records nothing when nothing changes', () => {
    spec.given([registered]).when(update()).then([]);
  });

  it('refuses a location never registered, and wrong data', () => {
    spec.given([]).when(update()).thenRejects('location.not-found', { locationId: 'wh-sh' });
    spec
      .given([registered])
      .when(update({ coordinates: { lat: Number.NaN, lng: 0 } }))
      .thenRejects('location.invalid-field', { field: 'coordinates.lat' });
  });
});
