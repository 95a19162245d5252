import { randomUUID } from 'node:crypto';

/**
 * A name no other test uses (collections, durable names, stream ids), so conformance suites
 * can share one server (MongoDB, NATS) between runs. Only [A-Za-z0-9_] characters.
 */
export function uniqueName(prefix: string): string {
  return `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
}
