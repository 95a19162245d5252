import { buildProbeServer, createMetrics, type OrdinalMetrics } from '@ordinal/gateways';
import { type Projection, ReadSide, type ReadSideStatus } from '@ordinal/projections';
import type { FastifyInstance } from 'fastify';
import { startAuditCheckpointer } from '../audit/audit-checkpoints.ts';
import { ConfigError, type OrdinalConfig } from '../config/config.ts';
import type { Adapters } from '../profile/adapters.ts';
import { ORDINAL_PROJECTIONS } from '../profile/projections.ts';
import { listenUrl, loggerOptions } from './process-support.ts';

/** Which part of the read side a process runs. */
export type ReadSidePart =
  | { readonly kind: 'relay' }
  | {
      readonly kind: 'projector';
      readonly only?: string;
      /** Runs these instead of Ordinal's projections (a variant under test). */
      readonly projections?: readonly Projection[];
    };

/** The projections a projector runs: all, or the one `--only` names. */
export function selectProjections(only: string | undefined): readonly Projection[] {
  if (only === undefined) return ORDINAL_PROJECTIONS;
  const chosen = ORDINAL_PROJECTIONS.filter((projection) => projection.name === only);
  if (chosen.length === 0) {
    throw new ConfigError(
      `there is no projection named "${only}": use one of ${ORDINAL_PROJECTIONS.map((p) => p.name).join(', ')}`,
    );
  }
  return chosen;
}

/** A relay or projector process: its part of the read side and a probe server. */
export interface ReadSideProcess {
  readonly readSide: ReadSide;
  readonly probe: FastifyInstance;
  readonly url: string;
  readonly metrics: OrdinalMetrics;
  /** Stops the part (the batch or events in flight finish and are acked), then the probe server. */
  close(): Promise<void>;
}

/** Whether a part is running and how far behind the log it is, for /ready. */
export async function readSideReadiness(
  readSide: ReadSide,
  head: number,
): Promise<{ ready: boolean; checks: Record<string, unknown>; status: ReadSideStatus }> {
  const status = await readSide.status();
  const relayRunning = status.relay?.running ?? true;
  return {
    ready: relayRunning && status.projections.every((p) => p.running),
    status,
    checks: {
      eventStore: { head },
      ...(status.relay === undefined
        ? {}
        : {
            relay: {
              running: status.relay.running,
              checkpoint: status.relay.checkpoint,
              lagPositions: status.relay.lagPositions ?? 0,
              ...(status.relay.lastError === undefined ? {} : { lastError: status.relay.lastError }),
            },
          }),
      projections: status.projections.map((p) => ({
        name: p.name,
        running: p.running,
        lastPosition: p.lastPosition,
        lagPositions: Math.max(0, head - p.lastPosition),
      })),
      parked: status.parked.length,
    },
  };
}

/** What the metrics read from a read side: its relay's progress, its projections, what is parked. */
export function readSideMetricSources(readSide: ReadSide) {
  return {
    relay: async () => {
      const status = await readSide.status();
      if (status.relay === undefined) throw new Error('no relay in this process');
      return status.relay;
    },
    projections: () => readSide.runnerStats(),
    parked: () => readSide.parkedCounts(),
  };
}

/**
 * Runs the relay (log → bus) or the projectors (bus → read models) of the distributed profile,
 * with /health, /ready and /metrics on the configured port. The relay needs a bus other
 * processes can reach: with the in-process bus it would publish to nobody.
 */
export async function startReadSidePart(
  config: OrdinalConfig,
  part: ReadSidePart,
  adapters: Adapters,
  clock: () => Date = () => new Date(),
): Promise<ReadSideProcess> {
  if (config.profile.bus.kind !== 'nats') {
    throw new ConfigError(
      `ordinal ${part.kind} runs apart from the API only over NATS: set ORDINAL_NATS_URL, or run \`ordinal all\` (the relay and projectors in one process)`,
    );
  }
  const projections =
    part.kind === 'projector' ? (part.projections ?? selectProjections(part.only)) : ORDINAL_PROJECTIONS;
  const metrics = createMetrics();
  const probeLogger = loggerOptions(config, part.kind);
  const readSide = new ReadSide({
    events: adapters.events,
    relayEvents: adapters.relayEvents,
    store: adapters.readStore,
    bus: adapters.bus,
    // The relay publishes what every projection reads, wherever the projectors run.
    projections,
    parts: part.kind === 'relay' ? { relay: true, projections: false } : { relay: false, projections: true },
    runners: { maxInFlight: config.projector.maxInFlight, ackWaitMs: config.projector.ackWaitMs },
  });
  const probe = buildProbeServer({
    metrics,
    clock,
    ...(probeLogger === false ? {} : { logger: probeLogger }),
    ready: async () => {
      const { ready, checks } = await readSideReadiness(readSide, await adapters.events.headPosition());
      return { ready, checks };
    },
  });
  metrics.watch({
    head: () => adapters.events.headPosition(),
    ...readSideMetricSources(readSide),
  });
  await readSide.start();
  // The relay is the one process per log: it also signs the audit checkpoints (docs/audit.md).
  const audit = part.kind === 'relay' ? startAuditCheckpointer(config, adapters.events, probe.log) : undefined;
  let address: string;
  try {
    address = await probe.listen({ host: config.http.host, port: config.http.port });
  } catch (error) {
    await audit?.stop().catch(() => {});
    await readSide.stop().catch(() => {});
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    readSide,
    probe,
    url: listenUrl(config.http.host, address),
    metrics,
    close: () => {
      closing ??= (async () => {
        await audit?.stop();
        await readSide.stop();
        await probe.close();
      })();
      return closing;
    },
  };
}
