import {
  type ActorRef,
  applyMapping,
  type CommandMetadata,
  type CommandOutcome,
  channelMappingStreamId,
  intakeIdFor,
  type Json,
  type MappingDocument,
  type MappingError,
} from '@ordinal/domain';
import { ApiError, rejectionError } from '../http/errors.ts';
import { orderIdForIdempotencyKey } from '../http/ids.ts';
import type { ChannelRoutesOptions } from './channel-hosts.ts';
import type { ChannelMappings } from './channel-mappings.service.ts';

/** Who sent a payload and under which correlation. */
export interface IntakeRequest {
  readonly correlationId: string;
  readonly actor: ActorRef;
}

/** An order placed from a channel payload. */
export interface PlacedFromChannel {
  readonly orderId: string;
  readonly revision: number;
  readonly mappingVersion: number;
  /** True when the channel had sent this order before: the first answer again. */
  readonly duplicate: boolean;
}

/** The idempotency key of a channel's order: a resend lands on the same order. */
export function channelOrderKey(channel: string, externalOrderId: string): string {
  return `${channel}:${externalOrderId}`;
}

/** The 422 of a payload the active mapping cannot map, with every error and where it is parked. */
function unmappable(channel: string, mapping: MappingDocument, intakeId: string, errors: readonly MappingError[]) {
  const message = `the ${channel} mapping v${mapping.version} cannot map the payload (${errors.length} error(s)); it is parked as ${intakeId}`;
  return new ApiError(422, 'channel.unmappable', message, {
    channel,
    mappingVersion: mapping.version,
    intakeId,
    errors,
  });
}

/**
 * Channel payloads in, orders out: maps with the channel's active mapping and places the order
 * under `<channel>:<externalOrderId>`; a payload that cannot be mapped is parked, never lost.
 */
export class ChannelIntake {
  readonly #deps: ChannelRoutesOptions;
  readonly #mappings: ChannelMappings;

  constructor(deps: ChannelRoutesOptions, mappings: ChannelMappings) {
    this.#deps = deps;
    this.#mappings = mappings;
  }

  /** Maps and places a payload; parks it and throws `channel.unmappable` when it cannot be mapped. */
  async receive(channel: string, payload: Json, request: IntakeRequest): Promise<PlacedFromChannel> {
    const mapping = await this.#mappings.active(channel, request.correlationId);
    const result = applyMapping(mapping, payload);
    if (!result.ok) {
      const intakeId = intakeIdFor(channel, payload, result.externalOrderId);
      await this.#park(intakeId, channel, mapping, payload, result.errors, request);
      throw unmappable(channel, mapping, intakeId, result.errors);
    }
    const placed = await this.#place(channel, mapping, result, request);
    // A resend that maps now settles what an earlier, unmappable copy left parked.
    const intakeId = intakeIdFor(channel, payload, result.command.channel.externalOrderId);
    const { state } = await this.#deps.intake.load(intakeId);
    if (state.status === 'parked') await this.#accept(intakeId, placed, request);
    return placed;
  }

  /** Maps a parked payload again with the channel's now active mapping; places it or parks it again. */
  async retry(intakeId: string, request: IntakeRequest): Promise<PlacedFromChannel & { readonly intakeId: string }> {
    const { state } = await this.#deps.intake.load(intakeId);
    if (state.status === 'none') {
      throw new ApiError(404, 'channel.parked-not-found', `nothing is parked as ${intakeId}`, { intakeId });
    }
    const { channel, payload } = state.parked;
    if (payload === undefined) {
      // Its key is gone: it was placed as an order, or it named a customer who was erased.
      const why = state.status === 'accepted' ? `it was placed as order ${state.orderId}` : 'its customer was erased';
      throw new ApiError(409, 'channel.payload-erased', `the payload parked as ${intakeId} is erased: ${why}`, {
        intakeId,
        ...(state.status === 'accepted' ? { orderId: state.orderId } : {}),
      });
    }
    const mapping = await this.#mappings.active(channel, request.correlationId);
    const result = applyMapping(mapping, payload);
    if (!result.ok) {
      await this.#park(intakeId, channel, mapping, payload, result.errors, request);
      throw unmappable(channel, mapping, intakeId, result.errors);
    }
    const placed = await this.#place(channel, mapping, result, request);
    await this.#accept(intakeId, placed, request);
    return { ...placed, intakeId };
  }

  async #place(
    channel: string,
    mapping: MappingDocument,
    mapped: Extract<ReturnType<typeof applyMapping>, { ok: true }>,
    request: IntakeRequest,
  ): Promise<PlacedFromChannel> {
    const stream = channelMappingStreamId(channel);
    const key = channelOrderKey(channel, mapped.command.channel.externalOrderId ?? '');
    const orderId = orderIdForIdempotencyKey(key);
    const metadata: CommandMetadata = {
      commandId: key,
      correlationId: request.correlationId,
      actor: request.actor,
      channel,
      inputVersions: { [stream]: mapping.version },
      ...(mapped.placedAt === undefined ? {} : { occurredAt: mapped.placedAt }),
    };
    const outcome = await this.#deps.orders.execute({
      command: { ...mapped.command, type: 'PlaceOrder', orderId },
      metadata,
    });
    if (outcome.status === 'rejected') throw rejectionError(outcome.rejection);
    return {
      orderId,
      revision: outcome.revision,
      mappingVersion: versionOf(outcome, stream) ?? mapping.version,
      duplicate: outcome.duplicate,
    };
  }

  async #park(
    intakeId: string,
    channel: string,
    mapping: MappingDocument,
    payload: Json,
    errors: readonly MappingError[],
    request: IntakeRequest,
  ): Promise<void> {
    const command = {
      type: 'ParkChannelPayload' as const,
      intakeId,
      channel,
      mappingVersion: mapping.version,
      payload,
      errors,
    };
    const outcome = await this.#deps.intake.execute({ command, metadata: this.#metadata(request, channel) });
    if (outcome.status === 'rejected') throw rejectionError(outcome.rejection);
  }

  async #accept(intakeId: string, placed: PlacedFromChannel, request: IntakeRequest): Promise<void> {
    const { orderId, mappingVersion } = placed;
    const command = { type: 'AcceptChannelPayload' as const, intakeId, orderId, mappingVersion };
    const outcome = await this.#deps.intake.execute({ command, metadata: this.#metadata(request) });
    if (outcome.status === 'rejected') throw rejectionError(outcome.rejection);
  }

  #metadata(request: IntakeRequest, channel?: string): CommandMetadata {
    const base = { commandId: this.#deps.newId(), correlationId: request.correlationId, actor: request.actor };
    return channel === undefined ? base : { ...base, channel };
  }
}

/** The mapping version the order's first event records (the first answer's, on a resend). */
function versionOf(outcome: Extract<CommandOutcome, { status: 'accepted' }>, stream: string): number | undefined {
  return outcome.events[0]?.metadata.inputVersions?.[stream];
}
