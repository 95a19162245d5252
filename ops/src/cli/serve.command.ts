import { mkdirSync } from 'node:fs';
import { ensurePagesBuilt } from '@ordinal/gateways';
import type { OrdinalConfig } from '../config/config.ts';
import { lockDataDir } from '../embedded/data-dir-lock.ts';
import { startApi } from '../processes/api.process.ts';
import { untilStopSignal } from '../processes/process-support.ts';
import { type ReadSidePart, selectProjections, startReadSidePart } from '../processes/read-side.process.ts';
import { openAdapters } from '../profile/adapters.ts';

/** A started process: where it listens and how it stops. */
interface Served {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Runs one role until SIGTERM or SIGINT, then shuts down gracefully: stop taking work, finish
 * and acknowledge what is in flight, close the connections. One JSON line on stdout says the
 * process is up (where, which engines), one says it stopped: they are what orchestration and
 * the tests wait for.
 */
async function serve(role: string, start: () => Promise<Served>, release: () => void = () => {}): Promise<number> {
  let served: Served;
  try {
    served = await start();
  } catch (error) {
    release();
    throw error;
  }
  console.log(JSON.stringify({ msg: 'ordinal started', role, url: served.url, pid: process.pid }));
  const signal = await untilStopSignal();
  console.log(JSON.stringify({ msg: 'ordinal stopping', role, signal }));
  await served.close();
  release();
  console.log(JSON.stringify({ msg: 'ordinal stopped', role }));
  return 0;
}

/** `ordinal api`: the order actors and the HTTP API. */
export async function runApi(config: OrdinalConfig): Promise<number> {
  return serve('api', async () => {
    await ensurePagesBuilt((line) => console.log(JSON.stringify({ msg: line, role: 'api' })));
    const adapters = await openAdapters(config, { snapshots: true });
    try {
      const api = await startApi(config, { adapters });
      return {
        url: api.url,
        close: async () => {
          await api.close();
          await adapters.close();
        },
      };
    } catch (error) {
      await adapters.close();
      throw error;
    }
  });
}

/** `ordinal relay` and `ordinal projector [--only name]`: one part of the read side. */
export async function runReadSidePart(config: OrdinalConfig, part: ReadSidePart): Promise<number> {
  if (part.kind === 'projector') selectProjections(part.only);
  // One relay per checkpoint: a second one on the same files would publish everything twice.
  const usesFiles = config.profile.readStore.kind === 'sqlite';
  if (part.kind === 'relay' && usesFiles) mkdirSync(config.dataDir, { recursive: true });
  const release = part.kind === 'relay' && usesFiles ? lockDataDir(config.dataDir, 'ordinal relay', 'relay') : () => {};
  return serve(
    part.kind,
    async () => {
      const adapters = await openAdapters(config, { bus: true });
      try {
        const process = await startReadSidePart(config, part, adapters);
        return {
          url: process.url,
          close: async () => {
            await process.close();
            await adapters.close();
          },
        };
      } catch (error) {
        await adapters.close();
        throw error;
      }
    },
    release,
  );
}
