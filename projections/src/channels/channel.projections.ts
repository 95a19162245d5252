import type { Projection } from '../runtime/projection.ts';
import { channelMappingsProjection } from './channel-mappings.projection.ts';
import { parkedIntakeProjection } from './parked-intake.projection.ts';

/** The projections of channel intake: parked payloads and published mappings. */
export const CHANNEL_PROJECTIONS: readonly Projection[] = [parkedIntakeProjection, channelMappingsProjection];
