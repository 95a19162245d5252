// A projector process that runs the naive tracking projection (a control for the fault tests),
// started exactly as `ordinal projector` is, from the same environment.
import { runReadSidePart } from '../cli/serve.command.ts';
import { loadConfig } from '../config/config.ts';
import { naiveOrderTrackingProjection } from './naive-tracking.projection.ts';

process.exitCode = await runReadSidePart(loadConfig(), {
  kind: 'projector',
  projections: [naiveOrderTrackingProjection],
});
