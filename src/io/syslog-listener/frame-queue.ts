// The bounded hand-over between network receivers and the pipeline: whole lines in, byte chunks out.

/**
 * An async byte stream fed with complete lines. Receivers push whole lines only, so lines from
 * different senders never interleave. Above `highWaterBytes` it reports pressure: TCP readers
 * pause, UDP datagrams are dropped and counted (UDP has no way to slow a sender down).
 */
export class LineQueue implements AsyncIterable<Buffer> {
  private chunks: Buffer[] = [];
  private bytes = 0;
  private ended = false;
  private wake: (() => void) | undefined;
  private readonly drainListeners = new Set<() => void>();
  /** Lines pushed so far: the line number the pipeline's framer gives the last one. */
  private pushedLines = 0;

  constructor(private readonly highWaterBytes: number) {}

  get full(): boolean {
    return this.bytes >= this.highWaterBytes;
  }

  /** Adds one line (its LF is added here). Returns false when the queue is over its high-water mark. */
  get lines(): number {
    return this.pushedLines;
  }

  pushLine(line: Buffer): boolean {
    if (this.ended) return false;
    this.pushedLines++;
    this.chunks.push(line, NEWLINE);
    this.bytes += line.length + 1;
    this.wake?.();
    return !this.full;
  }

  /** Calls `listener` once the queue has been read below its high-water mark. */
  onDrain(listener: () => void): void {
    this.drainListeners.add(listener);
  }

  offDrain(listener: () => void): void {
    this.drainListeners.delete(listener);
  }

  /** No more lines: the stream ends once what is queued has been read. */
  end(): void {
    this.ended = true;
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Buffer> {
    for (;;) {
      if (this.chunks.length > 0) {
        const batch = Buffer.concat(this.chunks, this.bytes);
        this.chunks = [];
        this.bytes = 0;
        for (const listener of [...this.drainListeners]) listener();
        yield batch;
        continue;
      }
      if (this.ended) return;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = undefined;
    }
  }
}

const NEWLINE = Buffer.from("\n");
