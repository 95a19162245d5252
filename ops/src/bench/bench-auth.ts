import type { Role } from '@ordinal/domain';
import { issueToken } from '@ordinal/gateways';

// The benchmarks run the OMS as it ships, with tokens on: the servers they start get this
// secret, and the load carries a token signed with it (verifying it is part of each request).
const BENCH_SECRET = 'ordinal-bench-secret-not-for-production-use';

/** The environment of a server a benchmark starts: tokens signed with the bench secret. */
export const BENCH_AUTH_ENV = { ORDINAL_AUTH_SECRETS: BENCH_SECRET } as const;

/** A token of the role, valid for a day. */
export function benchToken(role: Role = 'integration'): string {
  return issueToken([BENCH_SECRET], { role, sub: 'ordinal-bench', ttlSeconds: 86_400 }, new Date());
}

/** The Authorization header of the benchmark's requests. */
export function benchAuthHeaders(role: Role = 'integration'): Record<string, string> {
  return { authorization: `Bearer ${benchToken(role)}` };
}
