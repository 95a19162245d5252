import {
  alertsProjection,
  CARRIER_PROJECTIONS,
  CHANNEL_PROJECTIONS,
  kpisProjection,
  ORDER_PROJECTIONS,
  type Projection,
  routingPoliciesProjection,
} from '@ordinal/projections';

/**
 * Every projection Ordinal runs, in every profile: the orders', channel intake's, carrier
 * intake's, the routing policies', the KPIs' and the alerts list.
 */
export const ORDINAL_PROJECTIONS: readonly Projection[] = [
  ...ORDER_PROJECTIONS,
  ...CHANNEL_PROJECTIONS,
  ...CARRIER_PROJECTIONS,
  routingPoliciesProjection,
  kpisProjection,
  alertsProjection,
];
