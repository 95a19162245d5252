import {
  type ActorRef,
  type CarrierMappingDocument,
  type CarrierMappingState,
  type CommandMetadata,
  carrierMappingStreamId,
} from '@ordinal/domain';
import { ApiError, rejectionError } from '../http/errors.ts';
import { defaultCarrierMappings } from './carrier-defaults.ts';
import type { CarrierDeps } from './carrier-hosts.ts';

const DEFAULTS_ACTOR: ActorRef = { kind: 'system', component: 'carrier-defaults' };

/** The 404 of a carrier without a mapping or a secret. */
export function unknownCarrier(carrier: string): ApiError {
  return new ApiError(404, 'carrier.unknown', `carrier ${carrier} is not configured (no mapping or no shared secret)`, {
    carrier,
  });
}

/**
 * The scan mapping versions of each carrier. A carrier without a published mapping but with a
 * shipped one gets it published as version 1 on first use; the command id is fixed per
 * carrier, so processes racing to do it record it once.
 */
export class CarrierMappings {
  readonly #deps: CarrierDeps;
  readonly #defaults: ReadonlyMap<string, unknown>;

  constructor(deps: CarrierDeps) {
    this.#deps = deps;
    this.#defaults = deps.defaults ?? defaultCarrierMappings();
  }

  /** Every version of a carrier's mapping (the shipped one published first if due); none for an unknown carrier. */
  async state(carrier: string, correlationId: string): Promise<CarrierMappingState> {
    const { state } = await this.#deps.mappings.load(carrier);
    const document = this.#defaults.get(carrier);
    if (state.versions.length > 0 || document === undefined) return state;
    const metadata: CommandMetadata = {
      commandId: `${carrierMappingStreamId(carrier)}-default`,
      correlationId,
      actor: DEFAULTS_ACTOR,
    };
    const command = { type: 'PublishCarrierMapping' as const, carrier, document, publishedBy: DEFAULTS_ACTOR };
    const outcome = await this.#deps.mappings.execute({ command, metadata });
    // A refused shipped mapping is a broken release, not a caller's mistake.
    if (outcome.status === 'rejected') throw new Error(`shipped mapping of ${carrier}: ${outcome.rejection.message}`);
    return (await this.#deps.mappings.load(carrier)).state;
  }

  /** The active mapping of a carrier; 404 `carrier.unknown` when it has none. */
  async active(carrier: string, correlationId: string): Promise<CarrierMappingDocument> {
    const { versions } = await this.state(carrier, correlationId);
    const active = versions[versions.length - 1];
    if (active === undefined) throw unknownCarrier(carrier);
    return active;
  }

  /** Publishes a document as the carrier's next version; the refusal (every problem) is thrown. */
  async publish(carrier: string, document: unknown, metadata: CommandMetadata): Promise<CarrierMappingDocument> {
    await this.state(carrier, metadata.correlationId);
    const command = { type: 'PublishCarrierMapping' as const, carrier, document, publishedBy: metadata.actor };
    const outcome = await this.#deps.mappings.execute({ command, metadata });
    if (outcome.status === 'rejected') throw rejectionError(outcome.rejection);
    const published = outcome.events[0]?.data as { document: CarrierMappingDocument } | undefined;
    if (published === undefined) throw new Error(`publishing the ${carrier} mapping recorded nothing`);
    return published.document;
  }
}
