import type {
  ChannelIntakeCommand,
  ChannelIntakeState,
  ChannelMappingCommand,
  ChannelMappingState,
  CommandExecutor,
  OrderCommand,
  ReadStore,
} from '@ordinal/domain';

/** A command executor that can also show an entity's state (the actor host is one). */
export interface AggregateHost<C extends { readonly type: string }, S> extends CommandExecutor<C> {
  load(entityId: string): Promise<{ state: S; revision: number }>;
}

/** What the channel routes need; the composition root hands in actor hosts on the event store. */
export interface ChannelDeps {
  readonly mappings: AggregateHost<ChannelMappingCommand, ChannelMappingState>;
  readonly intake: AggregateHost<ChannelIntakeCommand, ChannelIntakeState>;
  /** The mapping documents published as version 1 of a channel on its first use (default: the shipped ones). */
  readonly defaults?: ReadonlyMap<string, unknown>;
}

/** Everything the channel routes use, with the order executor and the read store of the API. */
export interface ChannelRoutesOptions extends ChannelDeps {
  readonly orders: CommandExecutor<OrderCommand>;
  readonly readStore: ReadStore;
  readonly newId: () => string;
}
