// Group commit for a receiver's store: records arriving while an fsync runs are written together,
// in one write, and made durable by the next fsync, so N concurrent requests cost one write and
// one fsync instead of N of each. Each record's promise resolves only after the fsync that covers
// it; if the write or the fsync of a group fails, every record of that group is refused (none may
// be acknowledged) and the file is left as it was before the group (DurableAppendFile cuts it back).
import type { DurableAppendFile } from "./durable-file.js";

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

export class GroupCommitAppender {
  /** Records waiting for the next group, in arrival order, and who waits for each. */
  private queued: string[] = [];
  private waiters: Waiter[] = [];
  private scheduled = false;
  private running = false;
  private groupCount = 0;
  private drained: (() => void)[] = [];

  constructor(private readonly file: DurableAppendFile) {}

  /** Groups written so far (each one write and one fsync). */
  get groups(): number {
    return this.groupCount;
  }

  /** Appends `record` (newline included) and resolves once it is on stable storage. */
  append(record: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queued.push(record);
      this.waiters.push({ resolve, reject });
      // When idle, wait one turn of the event loop: every request parsed in this turn joins the
      // group, for microseconds of delay against milliseconds of fsync.
      if (!this.running && !this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.writeGroup());
      }
    });
  }

  /** Resolves once every record appended so far has been committed or refused. */
  drain(): Promise<void> {
    if (!this.running && !this.scheduled) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(resolve));
  }

  private writeGroup(): void {
    this.scheduled = false;
    const waiters = this.waiters;
    const text = this.queued.length === 1 ? this.queued[0]! : this.queued.join("");
    this.waiters = [];
    this.queued = [];
    this.running = true;
    this.groupCount++;
    let committed: Promise<void>;
    try {
      this.file.append(text);
      committed = this.file.commit();
    } catch (error) {
      committed = Promise.reject(error);
    }
    committed.then(
      () => this.finish(waiters, undefined),
      (error: unknown) => this.finish(waiters, error),
    );
  }

  private finish(waiters: readonly Waiter[], error: unknown): void {
    this.running = false;
    if (error === undefined) for (const waiter of waiters) waiter.resolve();
    else for (const waiter of waiters) waiter.reject(error);
    // Records that arrived during this fsync form the next group at once.
    if (this.waiters.length > 0) this.writeGroup();
    else for (const resolve of this.drained.splice(0)) resolve();
  }
}
