// An NDJSON output file (--out, --rejects) written in whole lines: a failed write (full disk) is
// cut back so no torn line stays, fsync'd on commit so follow mode can save its committed length,
// reopened on SIGHUP (logrotate), and cut back to a committed length when a follow run resumes.
import { closeSync, fstatSync, ftruncateSync, openSync, statSync } from "node:fs";
import { IdmefError } from "../core/errors.js";
import { joinLines } from "../framework/join-lines.js";
import { DurableAppendFile } from "./durable-file.js";
import type { OutputFailure } from "./output-failure.js";

/** An output file's identity and the length up to which it holds committed records. */
export interface CommittedLength {
  readonly path: string;
  readonly dev: string;
  readonly ino: string;
  readonly length: number;
}

export interface NdjsonFileOptions {
  /** Add to an existing file (follow mode, listen) instead of replacing it. */
  readonly append?: boolean;
  /** Mode of a file created here (0644 for messages; rejects hold raw input: 0600). */
  readonly mode?: number;
  /** Where write failures are recorded; the sink then writes nothing more. */
  readonly failure: OutputFailure;
  /** Which counter of `failure` records this sink's unwritten values. */
  readonly holds: "messages" | "rejects";
  /** A committed length saved by an earlier follow run: a longer file is cut back to it. */
  readonly resumeAt?: CommittedLength;
  /** Told about a cut-back tail (stderr in the CLI). */
  readonly onNotice?: (message: string) => void;
}

const BATCH_CHARS = 64 * 1024;

export class NdjsonFileSink<T> {
  readonly path: string;
  private file: DurableAppendFile;
  /** The lines batched so far (joined by joinLines when written). */
  private batch: string[] = [];
  private batchChars = 0;
  /** Set while SIGHUP's reopen runs: values are batched, not written, until the new file is open. */
  private reopening: Promise<void> | undefined;
  /** Device and inode of the file open now (stat'ed at open: the path may be renamed later). */
  private identity: { dev: string; ino: string };

  private constructor(
    path: string,
    file: DurableAppendFile,
    private readonly options: NdjsonFileOptions,
  ) {
    this.path = path;
    this.file = file;
    this.identity = identityOf(path);
  }

  /**
   * Opens `path` now, so that one that cannot be written is reported before any input is read
   * (an OUTPUT_ERROR naming it: the CLI's usage error).
   */
  static open<T>(path: string, options: NdjsonFileOptions): NdjsonFileSink<T> {
    const mode = options.mode ?? 0o644;
    try {
      if (options.append !== true) closeSync(openSync(path, "w", mode));
      else if (options.resumeAt !== undefined) cutBackUncommitted(path, options.resumeAt, options.onNotice);
    } catch (error) {
      throw openError(path, error);
    }
    let file: DurableAppendFile;
    try {
      file = DurableAppendFile.open(path, { mode });
    } catch (error) {
      throw openError(path, (error as { cause?: unknown }).cause ?? error);
    }
    if (file.tornBytes > 0) options.onNotice?.(`${path}: cut a torn last line of ${file.tornBytes} byte(s) left by an earlier run`);
    return new NdjsonFileSink<T>(path, file, options);
  }

  write(value: T): void {
    this.writeSerialized(JSON.stringify(value));
  }

  /** A value already serialized as JSON (one line): what a worker thread of `convert --jobs N` sends. */
  writeSerialized(json: string): void {
    if (this.options.failure.failed) {
      this.countUnwritten(1);
      return;
    }
    this.batch.push(json);
    this.batchChars += json.length + 1;
    if (this.batchChars >= BATCH_CHARS) this.writeBatch();
  }

  /** Hands what is batched to the OS (whole lines or nothing); a failure is recorded, not thrown. */
  flush(): Promise<void> {
    this.writeBatch();
    return Promise.resolve();
  }

  /**
   * Writes and fsyncs everything so far and returns the file's committed length, or undefined
   * when the output has failed (nothing may then be committed).
   */
  async commit(): Promise<CommittedLength | undefined> {
    await this.reopening;
    this.writeBatch();
    if (this.options.failure.failed) return undefined;
    try {
      await this.file.commit();
    } catch (error) {
      this.options.failure.fail(error, this.path);
      return undefined;
    }
    return { path: this.path, ...this.identity, length: this.file.size };
  }

  /** Closes the file and opens `path` again (after logrotate moved it away): SIGHUP. */
  reopen(): Promise<void> {
    if (this.reopening !== undefined) return this.reopening;
    this.writeBatch();
    const old = this.file;
    this.reopening = (async () => {
      try {
        await old.closeAfterCommits();
        this.file = DurableAppendFile.open(this.path, { mode: this.options.mode ?? 0o644 });
        this.identity = identityOf(this.path);
      } catch (error) {
        this.options.failure.fail(error, this.path);
      } finally {
        this.reopening = undefined;
      }
      this.writeBatch();
    })();
    return this.reopening;
  }

  async close(): Promise<void> {
    await this.reopening;
    this.writeBatch();
    try {
      await this.file.closeAfterCommits();
    } catch (error) {
      this.options.failure.fail(error, this.path);
    }
  }

  private writeBatch(): void {
    if (this.batch.length === 0 || this.reopening !== undefined) return;
    const values = this.batch.length;
    const text = joinLines(this.batch);
    this.batch = [];
    this.batchChars = 0;
    if (this.options.failure.failed) {
      this.countUnwritten(values);
      return;
    }
    try {
      // All of it or none of it: a short write is cut back by DurableAppendFile.
      this.file.append(text);
    } catch (error) {
      this.options.failure.fail(error, this.path);
      this.countUnwritten(values);
    }
  }

  private countUnwritten(n: number): void {
    if (this.options.holds === "messages") this.options.failure.unwrittenMessages += n;
    else this.options.failure.unwrittenRejects += n;
  }
}

function identityOf(path: string): { dev: string; ino: string } {
  const stats = statSync(path, { bigint: true });
  return { dev: stats.dev.toString(), ino: stats.ino.toString() };
}

function openError(path: string, error: unknown): IdmefError {
  const reason = (error as NodeJS.ErrnoException).code === "EISDIR" ? "it is a folder" : (error as Error).message;
  return new IdmefError("OUTPUT_ERROR", `cannot write ${path}: ${reason}`, { cause: error });
}

/**
 * Follow mode resuming: what the file holds past the committed length was written after the last
 * saved position, so its records will be converted again; cutting it keeps the output exactly-once.
 * A file that is not the one committed to (rotated away) or shorter (truncated) is left alone.
 */
function cutBackUncommitted(path: string, committed: CommittedLength, onNotice: ((message: string) => void) | undefined): void {
  let fd: number;
  try {
    fd = openSync(path, "r+");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  try {
    const stats = fstatSync(fd, { bigint: true });
    if (stats.dev.toString() !== committed.dev || stats.ino.toString() !== committed.ino) return;
    const size = Number(stats.size);
    if (size <= committed.length) return;
    ftruncateSync(fd, committed.length);
    onNotice?.(`${path}: cut ${size - committed.length} byte(s) written after the last saved position; their records are converted again`);
  } finally {
    closeSync(fd);
  }
}
