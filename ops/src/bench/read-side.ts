import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { SqliteEventStore } from '@ordinal/actors';
import { natsServerBinary, startNatsServer } from '@ordinal/projections/testing';
import { EVENTS_PER_ORDER, writeOrderLog } from '../testing/order-log.ts';
import { catchUpInProcess, catchUpOverNats, PROJECTOR_MAX_IN_FLIGHT } from './projection-catch-up.ts';
import { measureRelay, type RelayFigures, type Throughput } from './relay.ts';

/** The read side's figures on one order log; the NATS ones are absent when nats-server is not installed. */
export interface ReadSideFigures {
  readonly orders: number;
  readonly events: number;
  readonly relay?: RelayFigures;
  readonly catchUp: {
    readonly nats?: Throughput;
    readonly inProcess: Throughput;
    readonly maxInFlight: number;
  };
  /** Why the NATS scenarios did not run, when they did not. */
  readonly natsSkipped?: string;
  /** nats-server's version line, when it ran. */
  readonly natsServer?: string;
}

const NATS_INSTALL_HINT =
  'nats-server is not on the PATH: the NATS scenarios are skipped. Install it (Debian/Ubuntu: `apt-get install nats-server`; ' +
  'elsewhere a release binary from https://github.com/nats-io/nats-server/releases on the PATH) and run the bench again.';

/**
 * Writes an interleaved order log of about `targetEvents` events into a SQLite event store,
 * then measures the relay over NATS, the orderTracking catch-up over NATS (from what the relay
 * published) and the same catch-up over the in-process bus.
 */
export async function measureReadSide(
  dir: string,
  targetEvents: number,
  say: (line: string) => void,
): Promise<ReadSideFigures> {
  const orders = Math.ceil(targetEvents / EVENTS_PER_ORDER);
  const events = SqliteEventStore.open({ file: join(dir, 'read-side-events.db'), synchronous: 'NORMAL' });
  try {
    say(`• read side: writing ${orders} orders (about ${orders * EVENTS_PER_ORDER} events) to a SQLite event store`);
    let shown = 0;
    const written = await writeOrderLog(events, {
      orders,
      prefix: 'bench-',
      onProgress: (count) => {
        if (count - shown < 10_000) return;
        shown = count;
        say(`  ${count} events written`);
      },
    });
    const log = { events, orders, total: written.events };
    const progress = (what: string) => (count: number) => say(`  ${what}: ${count}/${log.total} events`);
    let relay: RelayFigures | undefined;
    let nats: Throughput | undefined;
    let natsServer: string | undefined;
    const binary = natsServerBinary();
    if (binary === undefined) {
      say(`• ${NATS_INSTALL_HINT}`);
    } else {
      const server = await startNatsServer();
      try {
        natsServer = await serverVersion(binary);
        say(`• relay over NATS JetStream (${natsServer}): publishing ${log.total} events from checkpoint 0`);
        relay = await measureRelay(events, server.url, dir, progress('relayed'));
        say(
          `  relay ${Math.round(relay.relay.eventsPerSecond)} events/s; raw JetStream publish (ceiling) ${Math.round(relay.ceiling.eventsPerSecond)} events/s; ratio ${(relay.relay.eventsPerSecond / relay.ceiling.eventsPerSecond).toFixed(2)}`,
        );
        say(`• projection catch-up over NATS: orderTracking, ${PROJECTOR_MAX_IN_FLIGHT} in flight`);
        nats = await catchUpOverNats(log, server.url, dir, progress('applied'));
        say(`  ${Math.round(nats.eventsPerSecond)} events/s`);
      } finally {
        await server.stop();
      }
    }
    say('• projection catch-up over the in-process bus: relay + orderTracking in this process');
    const inProcess = await catchUpInProcess(log, dir, progress('applied'));
    say(
      `  ${Math.round(inProcess.eventsPerSecond)} events/s${nats === undefined ? '' : `; NATS / in-process ${(nats.eventsPerSecond / inProcess.eventsPerSecond).toFixed(2)}`}`,
    );
    return {
      orders,
      events: log.total,
      catchUp: { inProcess, maxInFlight: PROJECTOR_MAX_IN_FLIGHT, ...(nats === undefined ? {} : { nats }) },
      ...(relay === undefined ? { natsSkipped: NATS_INSTALL_HINT } : { relay }),
      ...(natsServer === undefined ? {} : { natsServer }),
    };
  } finally {
    await events.close();
  }
}

function serverVersion(binary: string): Promise<string> {
  return new Promise((resolve) => {
    execFile(binary, ['--version'], (error, stdout) => resolve(error ? 'nats-server' : stdout.trim()));
  });
}
