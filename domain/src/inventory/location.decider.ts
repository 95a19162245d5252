import type { Decider } from '../shared/decider.ts';
import type { DomainEvent, EventDraft } from '../shared/event.ts';
import { type Rejection, reject } from '../shared/rejection.ts';
import { LOCATION_CATEGORY, type Location, type LocationCommand, type LocationEventDataMap } from './location.types.ts';
import { invalidLocation, locationData, sameLocation } from './location.validation.ts';

/** One location event type with its data, as stored. */
export type LocationEventOf<T extends keyof LocationEventDataMap> = DomainEvent<T, LocationEventDataMap[T]>;

/** Any location event. */
export type LocationEvent = LocationEventOf<'LocationRegistered'> | LocationEventOf<'LocationUpdated'>;

/** A location's state: its data once registered. */
export interface LocationState {
  readonly location: Location | null;
}

/** A location event without id and metadata, as decide produces it. */
export type LocationEventDraft = EventDraft<LocationEvent['type'], Location>;

/** The state after one more location event. */
export function evolveLocation(_state: LocationState, event: LocationEvent): LocationState {
  // Every event carries the whole location, so the last one is the truth.
  return { location: event.data };
}

/** Decides a location command: validated data in, one complete event out, or no event when nothing changes. */
export function decideLocation(
  command: LocationCommand,
  state: LocationState,
): readonly LocationEventDraft[] | Rejection {
  const invalid = invalidLocation(command);
  if (invalid !== undefined) return invalid;
  const data = locationData(command);
  const current = state.location;
  switch (command.type) {
    case 'RegisterLocation':
      if (current === null) return [{ type: 'LocationRegistered', data }];
      // A retried registration with the same data is not an error; other data is an update's job.
      if (sameLocation(current, data)) return [];
      return reject('location.already-registered', `location ${data.locationId} is registered; update it instead`, {
        locationId: data.locationId,
      });
    case 'UpdateLocation':
      if (current === null) {
        return reject('location.not-found', `location ${data.locationId} is not registered`, {
          locationId: data.locationId,
        });
      }
      return sameLocation(current, data) ? [] : [{ type: 'LocationUpdated', data }];
    default: {
      const unknown: never = command;
      return reject('location.invalid-field', `unknown command ${String((unknown as { type?: unknown }).type)}`, {
        field: 'type',
      });
    }
  }
}

/** The location aggregate: category `location`, one stream `location-<locationId>` per location. */
export const locationDecider: Decider<LocationCommand, LocationEvent, LocationState> = {
  category: LOCATION_CATEGORY,
  initialState: () => ({ location: null }),
  evolve: evolveLocation,
  decide: (command, state) => decideLocation(command, state),
  entityId: (command) => command.locationId,
  describe: (state) => ({
    registered: state.location !== null,
    location: state.location,
    allowedCommands: state.location === null ? ['RegisterLocation'] : ['UpdateLocation'],
  }),
};
