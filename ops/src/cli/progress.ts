/** A one-line progress bar with rate and ETA for long commands (rebuild, import, bench). */
export class ProgressBar {
  private readonly started = Date.now();
  private lastDraw = 0;

  constructor(
    private readonly label: string,
    private readonly unit: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  /** Redraws at most ten times a second (always when done === total). */
  update(done: number, total: number): void {
    const now = Date.now();
    if (done < total && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    this.stream.write(`\r${formatProgress(this.label, this.unit, done, total, now - this.started)}`);
  }

  finish(message: string): void {
    this.stream.write(`\r${' '.repeat(100)}\r${this.label}: ${message}\n`);
  }
}

/** `label [#####.....]  42% 4,200/10,000 unit  1,234 unit/s  ETA 5 s` */
export function formatProgress(label: string, unit: string, done: number, total: number, elapsedMs: number): string {
  const ratio = total > 0 ? Math.min(1, done / total) : 1;
  const width = 24;
  const filled = Math.round(ratio * width);
  const rate = elapsedMs > 0 ? (done / elapsedMs) * 1000 : 0;
  const eta = rate > 0 ? Math.ceil((total - done) / rate) : undefined;
  const n = (value: number) => Math.round(value).toLocaleString('en-US');
  return `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)}% ${n(done)}/${n(total)} ${unit}  ${n(rate)} ${unit}/s  ETA ${eta === undefined ? '?' : `${eta} s`}`;
}
