import type { OrdinalConfig } from '../config/config.ts';

/** The process roles of the distributed profile; `all` is the three in one process. */
export type ProcessRole = 'api' | 'relay' | 'projector' | 'all';

/** The URL clients use for an address fastify listens on (IPv6 hosts bracketed). */
export function listenUrl(host: string, address: string): string {
  const port = new URL(address).port;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * pino options for a process: JSON lines at the configured level, each tagged with the role
 * and the process id, so the lines of several processes can be merged and told apart.
 */
export function loggerOptions(config: OrdinalConfig, role: ProcessRole): false | Record<string, unknown> {
  if (config.logLevel === 'silent') return false;
  return { level: config.logLevel, base: { role, pid: process.pid } };
}

/** Resolves on the first SIGINT or SIGTERM. */
export function untilStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
