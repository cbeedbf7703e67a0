// A one-line progress bar for stderr on a terminal: bytes done, records per second, ETA.

export interface ProgressBarOptions {
  /** Total bytes when every input's size is known; without it, no percentage or ETA. */
  readonly totalBytes?: number;
  readonly write: (text: string) => void;
  /** Redraw at most this often (ms). */
  readonly intervalMs?: number;
  readonly width?: number;
  readonly clock?: () => number;
}

export class ProgressBar {
  private readonly started: number;
  private lastDraw = 0;
  private drawn = false;

  constructor(private readonly options: ProgressBarOptions) {
    this.started = this.now();
  }

  private now(): number {
    return (this.options.clock ?? Date.now)();
  }

  update(bytes: number, records: number): void {
    const now = this.now();
    if (now - this.lastDraw < (this.options.intervalMs ?? 200)) return;
    this.lastDraw = now;
    this.options.write(`\r${this.render(bytes, records, now)}\x1b[K`);
    this.drawn = true;
  }

  /** Erases the bar so the summary starts on a clean line. */
  finish(): void {
    if (this.drawn) this.options.write("\r\x1b[K");
  }

  render(bytes: number, records: number, now = this.now()): string {
    const seconds = Math.max((now - this.started) / 1000, 0.001);
    const rate = `${Math.round(records / seconds).toLocaleString("en-US")} rec/s`;
    const total = this.options.totalBytes;
    if (total === undefined || total <= 0) return `${formatSize(bytes)}  ${rate}`;
    const fraction = Math.min(bytes / total, 1);
    const width = this.options.width ?? 24;
    const filled = Math.round(fraction * width);
    const eta = fraction > 0 ? (seconds / fraction) * (1 - fraction) : Number.NaN;
    return (
      `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${Math.floor(fraction * 100)}% ` +
      `${formatSize(bytes)}/${formatSize(total)}  ${rate}  ETA ${formatDuration(eta)}`
    );
  }
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  return `${(bytes / (1024 * 1024 * 1024)).toFixed(2)} GiB`;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "--:--";
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${rest}` : `${m}:${rest}`;
}
