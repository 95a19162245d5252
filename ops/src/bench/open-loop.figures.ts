import { type OpenLoopResult, percentile } from './open-loop.ts';

/** One HTTP status of an open-loop run. */
export interface StatusRow {
  readonly status: number;
  readonly count: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly withRetryAfter: number;
  readonly codes: Readonly<Record<string, number>>;
}

/** What an open-loop run got back, per status. */
export interface OpenLoopFigures {
  readonly sent: number;
  /** From the first request due to the last answer. */
  readonly drainedSeconds: number;
  readonly statuses: readonly StatusRow[];
  readonly errors: number;
  readonly firstError?: string;
}

/** Latencies per status, collected answer by answer (for a part of a run). */
export function latencyRows() {
  const byStatus = new Map<number, number[]>();
  return {
    add(status: number, latencyMs: number): void {
      const list = byStatus.get(status) ?? [];
      byStatus.set(status, list);
      list.push(latencyMs);
    },
    rows(): StatusRow[] {
      return [...byStatus]
        .sort(([a], [b]) => a - b)
        .map(([status, list]) => {
          const sorted = [...list].sort((a, b) => a - b);
          return {
            status,
            count: sorted.length,
            p50Ms: percentile(sorted, 0.5),
            p99Ms: percentile(sorted, 0.99),
            withRetryAfter: 0,
            codes: {},
          };
        });
    },
  };
}

/** One progress line: count and latencies per status, and the requests without an answer. */
export function summary(figures: OpenLoopFigures): string {
  const statuses = figures.statuses.map(
    (r) => `${r.count} × ${r.status} (p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms)`,
  );
  return [...statuses, `${figures.errors} without answer`].join(', ');
}

/** The figures of a run: per status, its count and latency percentiles. */
export function figuresOf(result: OpenLoopResult): OpenLoopFigures {
  return {
    sent: result.sent,
    drainedSeconds: result.drainedSeconds,
    statuses: [...result.byStatus].map(([status, figures]) => ({
      status,
      count: figures.count,
      p50Ms: percentile(figures.latenciesMs, 0.5),
      p99Ms: percentile(figures.latenciesMs, 0.99),
      withRetryAfter: figures.withRetryAfter,
      codes: figures.codes,
    })),
    errors: result.errors,
    ...(result.firstError === undefined ? {} : { firstError: result.firstError }),
  };
}
