import type { EventStore } from '@ordinal/domain';
import type { Projection } from '@ordinal/projections';
import { ORDINAL_PROJECTIONS } from '../profile/projections.ts';

/**
 * The position each projection has caught up at: the last event in the log of the categories
 * it reads (0 when there is none). A projection never receives events of other categories, so
 * the log's head is the goal only of a projection that reads every category.
 */
export async function projectionHeads(
  events: Pick<EventStore, 'readAll' | 'headPosition'>,
  projections: readonly Projection[] = ORDINAL_PROJECTIONS,
): Promise<Map<string, number>> {
  const heads = new Map<string, number>();
  for (const projection of projections) {
    if (projection.categories.length === 0) {
      heads.set(projection.name, await events.headPosition());
      continue;
    }
    const read = await events.readAll({ streamPrefixes: projection.categories.map((c) => `${c}-`) });
    heads.set(projection.name, read.at(-1)?.position ?? 0);
  }
  return heads;
}
