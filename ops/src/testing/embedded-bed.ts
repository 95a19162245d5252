import type { OrdinalConfig } from '../config/config.ts';
import { type EmbeddedSystem, startEmbedded } from '../embedded/embedded.ts';
import { steppingClock, type TempDataDir, tempDataDir, testConfig } from './data-dir.ts';
import { type ApiClient, apiClient } from './http-client.ts';

/** What `start` gives a test: the running OMS, the configuration it read and an ops client. */
export interface StartedOms {
  readonly system: EmbeddedSystem;
  readonly config: OrdinalConfig;
  readonly api: ApiClient;
}

/**
 * One embedded OMS per test on a fresh data directory, closed and removed after the test.
 * Call `embeddedBed()` inside a `describe`: it registers its own `beforeEach` and `afterEach`.
 */
export interface EmbeddedBed {
  /** The current test's data directory. */
  readonly dir: string;
  /** Starts the OMS on the test's data directory with these settings and clock (one second per reading by default). */
  start(env?: Record<string, string>, clock?: () => Date): Promise<StartedOms>;
}

/** Hooks are taken as arguments so this module stays importable outside a test file. */
export function embeddedBed(hooks: {
  readonly beforeEach: (fn: () => Promise<void>) => void;
  readonly afterEach: (fn: () => Promise<void>) => void;
}): EmbeddedBed {
  let dir: TempDataDir | undefined;
  let system: EmbeddedSystem | undefined;
  hooks.beforeEach(async () => {
    dir = await tempDataDir();
  });
  hooks.afterEach(async () => {
    await system?.close();
    system = undefined;
    await dir?.remove();
  });
  return {
    get dir() {
      if (dir === undefined) throw new Error('embeddedBed: dir is for inside a test');
      return dir.path;
    },
    async start(env = {}, clock = steppingClock()) {
      if (dir === undefined) throw new Error('embeddedBed: start() is for inside a test');
      const config = testConfig(dir.path, env);
      system = await startEmbedded(config, clock);
      return { system, config, api: apiClient(system.url, config) };
    },
  };
}

/** A warehouse in China as `POST /locations` takes it. */
export function chinaWarehouse(
  locationId: string,
  name: string,
  coordinates: { readonly lat: number; readonly lng: number },
  region: string,
  { dailyCapacity = 800, capabilities = [] as readonly string[] } = {},
) {
  return {
    locationId,
    name,
    kind: 'warehouse',
    coordinates,
    region,
    country: 'CN',
    capabilities,
    dailyCapacity,
    active: true,
  };
}

/**
 * Registers the locations, then receives `quantity` of each SKU at each location listed with it;
 * throws with the API's answer when one is refused.
 */
export async function stockUp(
  api: ApiClient,
  locations: readonly { readonly locationId: string }[],
  stock: readonly (readonly [sku: string, locationId: string])[],
  { quantity = 10, reference = 'PO-1' } = {},
): Promise<void> {
  for (const body of locations) {
    const registered = await api.post('/locations', body);
    if (registered.status !== 201) throw new Error(`location ${body.locationId}: ${JSON.stringify(registered.body)}`);
  }
  for (const [sku, locationId] of stock) {
    const received = await api.post(`/inventory/${sku}/commands`, {
      type: 'ReceiveStock',
      locationId,
      quantity,
      reference,
    });
    if (received.status !== 200) throw new Error(`stock of ${sku} at ${locationId}: ${JSON.stringify(received.body)}`);
  }
}
