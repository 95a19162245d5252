import {
  type ActorRef,
  activeMapping,
  type ChannelMappingState,
  type CommandMetadata,
  type MappingDocument,
} from '@ordinal/domain';
import { ApiError, rejectionError } from '../http/errors.ts';
import { defaultMappings } from './channel-defaults.ts';
import type { ChannelDeps } from './channel-hosts.ts';

const DEFAULTS_ACTOR: ActorRef = { kind: 'system', component: 'channel-defaults' };

/**
 * The mapping versions of each channel. A channel without a published mapping but with a
 * shipped default gets the default published as version 1 on first use; the command id is
 * fixed per channel, so processes racing to do it record it once.
 */
export class ChannelMappings {
  readonly #deps: ChannelDeps;
  readonly #defaults: ReadonlyMap<string, unknown>;

  constructor(deps: ChannelDeps) {
    this.#deps = deps;
    this.#defaults = deps.defaults ?? defaultMappings();
  }

  /** The channels with a shipped default mapping. */
  get defaultChannels(): readonly string[] {
    return [...this.#defaults.keys()];
  }

  /** Every version of a channel's mapping (the default published first if due); none for an unknown channel. */
  async state(channel: string, correlationId: string): Promise<ChannelMappingState> {
    const { state } = await this.#deps.mappings.load(channel);
    const document = this.#defaults.get(channel);
    if (state.versions.length > 0 || document === undefined) return state;
    const commandId = `channel-mapping-default-${channel}`;
    const metadata: CommandMetadata = { commandId, correlationId, actor: DEFAULTS_ACTOR, channel };
    const command = { type: 'PublishChannelMapping' as const, channel, document, publishedBy: DEFAULTS_ACTOR };
    const outcome = await this.#deps.mappings.execute({ command, metadata });
    // A refused default is a broken release, not a caller's mistake.
    if (outcome.status === 'rejected') throw new Error(`default mapping of ${channel}: ${outcome.rejection.message}`);
    return (await this.#deps.mappings.load(channel)).state;
  }

  /** The active mapping of a channel; 404 `channel.unknown` when it has none. */
  async active(channel: string, correlationId: string): Promise<MappingDocument> {
    const active = activeMapping(await this.state(channel, correlationId));
    if (active === undefined) {
      throw new ApiError(404, 'channel.unknown', `no mapping is published for channel ${channel}`, { channel });
    }
    return active;
  }

  /** Publishes a document as the channel's next version; the refusal (every problem) is thrown. */
  async publish(channel: string, document: unknown, metadata: CommandMetadata): Promise<MappingDocument> {
    await this.state(channel, metadata.correlationId);
    const command = { type: 'PublishChannelMapping' as const, channel, document, publishedBy: metadata.actor };
    const outcome = await this.#deps.mappings.execute({ command, metadata });
    if (outcome.status === 'rejected') throw rejectionError(outcome.rejection);
    const published = outcome.events[0]?.data as { document: MappingDocument } | undefined;
    if (published === undefined) throw new Error(`publishing ${channel} recorded nothing`);
    return published.document;
  }
}
