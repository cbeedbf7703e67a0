// Where a receiver keeps the messages it accepted: NDJSON lines in a file, or on stdout.
import { IdmefError } from "../core/errors.js";
import { DurableAppendFile } from "../io/durable-file.js";
import { GroupCommitAppender } from "../io/group-commit.js";

/** A receiver answers 2xx only after `write` returned: the message is then in the store. */
export interface MessageStore {
  /** Stores one accepted message, as one JSON line without its newline. */
  write(line: string): void | Promise<void>;
  /** Flushes to stable storage and releases the store. */
  close(): Promise<void>;
}

/**
 * Appends lines to an NDJSON file and resolves `write` only once the line is on stable storage:
 * the receiver's 2xx then means "durably stored". Concurrent requests share one write and one fsync
 * (group commit, io/group-commit.ts), so the cost is about one fsync per burst, not per message; a
 * failure refuses every message of its group. A write that cannot be completed (disk
 * full) leaves no fragment behind and throws STORAGE_FULL; a torn last line left by a crash is cut
 * when the file is opened, so the next message never runs into it. Created 0600.
 */
export class NdjsonFileStore implements MessageStore {
  readonly path: string;
  private file: DurableAppendFile;
  private appender: GroupCommitAppender;
  private closedFsyncs = 0;

  constructor(path: string) {
    this.path = path;
    try {
      this.file = DurableAppendFile.open(path);
    } catch (error) {
      throw new IdmefError("CONFIG_ERROR", `--out: cannot open ${path} for appending: ${(error as Error).message}`, {
        cause: error,
      });
    }
    this.appender = new GroupCommitAppender(this.file);
  }

  /** fsyncs done so far, over every file this store opened (group commit shares them). */
  get fsyncs(): number {
    return this.closedFsyncs + this.file.fsyncs;
  }

  /** Bytes of a torn last line cut when the file was opened (a crash mid-write). */
  get tornBytes(): number {
    return this.file.tornBytes;
  }

  write(line: string): Promise<void> {
    return this.appender.append(`${line}\n`);
  }

  /** Points the store at a fresh file of the same name (after logrotate moved the old one away). */
  async reopen(): Promise<void> {
    // New writes go to the new file at once; the old one is closed once its commits are done.
    const old = this.file;
    const oldAppender = this.appender;
    this.file = DurableAppendFile.open(this.path);
    this.appender = new GroupCommitAppender(this.file);
    await oldAppender.drain();
    await old.closeAfterCommits();
    this.closedFsyncs += old.fsyncs;
  }

  async close(): Promise<void> {
    await this.appender.drain();
    await this.file.closeAfterCommits();
  }
}

/** Writes lines to a stream (stdout by default), respecting its back-pressure. */
export class StreamStore implements MessageStore {
  constructor(private readonly stream: NodeJS.WritableStream = process.stdout) {}

  write(line: string): Promise<void> | void {
    if (this.stream.write(`${line}\n`)) return;
    return new Promise((resolve) => this.stream.once("drain", () => resolve()));
  }

  async close(): Promise<void> {
    // An empty write's callback runs after everything queued before it has been flushed.
    await new Promise<void>((resolve) => this.stream.write("", () => resolve()));
  }
}
