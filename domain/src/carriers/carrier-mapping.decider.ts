import type { Decider } from '../shared/decider.ts';
import { reject } from '../shared/rejection.ts';
import {
  CARRIER_MAPPING_CATEGORY,
  type CarrierMappingPublished,
  type CarrierMappingState,
  type PublishCarrierMapping,
} from './carrier-mapping.events.ts';
import { parseCarrierMapping } from './carrier-mapping.validate.ts';

/**
 * A carrier's scan mapping versions: one stream `carrier-mapping-<carrier>` per carrier. A
 * publish is validated in full (every problem in one refusal) and becomes version previous + 1.
 */
export const carrierMappingDecider: Decider<PublishCarrierMapping, CarrierMappingPublished, CarrierMappingState> = {
  category: CARRIER_MAPPING_CATEGORY,
  initialState: () => ({ versions: [] }),
  evolve: (state, event) => ({ versions: [...state.versions, event.data.document] }),
  decide(command, state) {
    const parsed = parseCarrierMapping(command.document);
    if (Array.isArray(parsed)) {
      return reject('carrier.mapping-invalid', `the mapping has ${parsed.length} problem(s)`, { problems: parsed });
    }
    const document = parsed as Exclude<typeof parsed, readonly unknown[]>;
    const { carrier, publishedBy } = command;
    if (document.carrier !== carrier) {
      return reject('carrier.mapping-invalid', `the mapping is for ${document.carrier}, not ${carrier}`, {
        problems: [{ location: '/carrier', problem: `must be ${carrier}` }],
      });
    }
    const version = state.versions.length + 1;
    if (document.version !== version) {
      return reject(
        'carrier.mapping-version-conflict',
        `the next version of ${carrier} is ${version}, not ${document.version}`,
        { expectedVersion: version, activeVersion: version - 1 },
      );
    }
    return [{ type: 'CarrierMappingPublished', data: { carrier, version, document, publishedBy } }];
  },
  entityId: (command) => command.carrier,
  describe: (state) => ({ activeVersion: state.versions.length }),
};
