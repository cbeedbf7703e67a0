// Writes batch results in the order the batches were cut, whatever order the workers finish
// them in, replaying each record's sink calls as `--jobs 1` makes them; bounds how many batches
// are out (back-pressure from the sinks to the reader); commits a follow position only once
// every record before it is written.
import { Message } from "../../core/message.js";
import type { Accounting } from "../../framework/accounting.js";
import type { Commit, PipelineSinks } from "../../framework/pipeline.js";
import type { ConversionWarning, RejectedRecord } from "../../framework/sinks.js";
import { MESSAGE_EVENT, REJECT_EVENT, type BatchBooks, type BatchResult } from "./protocol.js";

/** What to do after a batch is written: its input, and the position it commits. */
export interface BatchPlace {
  readonly input: string;
  readonly lastEnd: number;
  /** Per input: the last position committed (shared by the input's batches). */
  readonly committed: { value: number };
  /** Checks a result in input order before it is written (a split syslog range); may give another. */
  readonly check?: (result: BatchResult) => Promise<BatchResult>;
}

export class OrderedWriter {
  private chain: Promise<void> = Promise.resolve();
  private unwritten = 0;
  private wake: (() => void) | undefined;
  private failure: { readonly error: unknown } | undefined;

  constructor(
    private readonly sinks: PipelineSinks,
    private readonly accounting: Accounting,
    /** Batches cut but not yet written before `add` waits. */
    private readonly limit: number,
    private readonly onCommit: ((commit: Commit) => void | Promise<void>) | undefined,
    /** Called once on the first failure (a worker died, a sink threw): the reader stops. */
    private readonly onFailure: () => void,
  ) {}

  get failed(): boolean {
    return this.failure !== undefined;
  }

  /** Queues a batch's result for writing after the ones before it; waits while too many are out. */
  async add(result: Promise<BatchResult>, place: BatchPlace): Promise<void> {
    this.unwritten++;
    // Handled in the chain; this keeps an early rejection from counting as unhandled.
    result.catch(() => undefined);
    this.chain = this.chain.then(async () => {
      try {
        if (this.failure !== undefined) return;
        const done = await result;
        await this.write(place.check !== undefined ? await place.check(done) : done, place.input);
        await this.commit(place);
      } catch (error) {
        if (this.failure === undefined) {
          this.failure = { error };
          this.onFailure();
        }
      } finally {
        this.unwritten--;
        this.wake?.();
      }
    });
    while (this.unwritten >= this.limit && this.failure === undefined) {
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  /** Waits until every batch queued so far is written (or the run failed). */
  async settled(): Promise<void> {
    await this.chain;
  }

  /** Waits for every queued batch; throws the first failure. */
  async drain(): Promise<void> {
    await this.chain;
    if (this.failure !== undefined) throw this.failure.error;
  }

  private async commit(place: BatchPlace): Promise<void> {
    if (this.onCommit === undefined || place.lastEnd <= place.committed.value) return;
    await this.sinks.messages.flush?.();
    await this.sinks.rejects?.flush?.();
    await this.onCommit({ input: place.input, offset: place.lastEnd });
    place.committed.value = place.lastEnd;
  }

  private async write(result: BatchResult, file: string): Promise<void> {
    addBooks(this.accounting, result.books);
    const { kinds, values, lines } = result;
    const { messages, rejects, warnings } = this.sinks;
    for (let i = 0; i < kinds.length; i++) {
      const kind = kinds[i];
      let pending: void | Promise<void> = undefined;
      if (kind === MESSAGE_EVENT) {
        const json = values[i] as string;
        const origin = { file, line: lines[i]! };
        pending =
          messages.writeSerialized !== undefined
            ? messages.writeSerialized(json, origin)
            : messages.write(Object.assign(new Message(), JSON.parse(json) as object), origin);
      } else if (kind === REJECT_EVENT) {
        pending = rejects?.write(values[i] as RejectedRecord);
      } else {
        warnings?.write(values[i] as ConversionWarning);
      }
      if (pending !== undefined) await pending;
    }
  }
}

/** Adds a batch's books to the run's, reasons in the order the batch met them. */
function addBooks(accounting: Accounting, books: BatchBooks): void {
  const stats = accounting.stats;
  stats.read += books.read;
  stats.converted += books.converted;
  stats.messages += books.messages;
  stats.warnings += books.warnings;
  for (const [reason, n] of books.skipped) stats.skipped[reason] = (stats.skipped[reason] ?? 0) + n;
  for (const [code, n] of books.rejected) stats.rejected[code] = (stats.rejected[code] ?? 0) + n;
}
