import { CHANNEL_PROJECTIONS, ORDER_PROJECTIONS, type Projection } from '@ordinal/projections';

/** Every projection Ordinal runs, in every profile: the orders' and channel intake's. */
export const ORDINAL_PROJECTIONS: readonly Projection[] = [...ORDER_PROJECTIONS, ...CHANNEL_PROJECTIONS];
