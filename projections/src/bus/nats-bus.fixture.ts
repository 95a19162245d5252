import { connect } from 'nats';
import { type NatsServerProcess, startNatsServer } from '../testing/nats-server.ts';
import { uniqueName } from '../testing/unique-name.ts';
import { NatsBus } from './nats-bus.ts';
import type { NatsBusOptions } from './nats-bus-options.ts';

/** A NATS server for one test file: `ORDINAL_NATS_URL` when set, else a spawned one. */
export interface NatsTestServer {
  readonly url: string;
  /** The spawned process (undefined when the tests use an outside server). */
  readonly process: NatsServerProcess | undefined;
  stop(): Promise<void>;
}

/** Starts (or points at) the server the file's tests share. */
export async function natsTestServer(): Promise<NatsTestServer> {
  // Test-only: the composition root reads configuration; a test picks its broker itself.
  const outside = process.env.ORDINAL_NATS_URL;
  if (outside !== undefined && outside !== '') return { url: outside, process: undefined, stop: async () => {} };
  const server = await startNatsServer();
  return { url: server.url, process: server, stop: () => server.stop() };
}

/** Bus options with stream names and subjects no other test uses, on a shared server. */
export function isolatedOptions(url: string, overrides: Partial<NatsBusOptions> = {}): NatsBusOptions {
  const unique = uniqueName('t');
  return {
    servers: url,
    stream: `T_${unique}`,
    parkedStream: `T_${unique}_PARKED`,
    subjectPrefix: `${unique}.events`,
    ...overrides,
  };
}

/** Deletes the streams a test created, so a shared server does not fill up. */
export async function deleteStreams(url: string, options: NatsBusOptions): Promise<void> {
  const nc = await connect({ servers: url });
  try {
    const jsm = await nc.jetstreamManager();
    for (const name of [options.stream, options.parkedStream]) {
      if (name !== undefined) await jsm.streams.delete(name).catch(() => false);
    }
  } finally {
    await nc.close();
  }
}

/** A connected bus on isolated streams, and how to remove them afterwards. */
export async function isolatedBus(
  url: string,
  overrides: Partial<NatsBusOptions> = {},
): Promise<{ bus: NatsBus; options: NatsBusOptions; dispose: () => Promise<void> }> {
  const options = isolatedOptions(url, overrides);
  const bus = await NatsBus.connect(options);
  return { bus, options, dispose: () => deleteStreams(url, options) };
}
