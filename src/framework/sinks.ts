// Where the pipeline's results go: messages, rejected records and warnings, each through a small
// interface so transports (HTTPS, a receiver's store) plug in beside the NDJSON writers here.
import { once } from "node:events";
import { createWriteStream, openSync } from "node:fs";
import { IdmefError } from "../core/errors.js";
import { joinLines } from "./join-lines.js";
import type { Writable } from "node:stream";
import type { Message } from "../core/message.js";
import type { Problem } from "../core/validator.js";
import type { RecordSource } from "../core/converter.js";

/** Receives each valid message. The pipeline awaits a returned promise: that is the back-pressure. */
export interface MessageSink {
  write(message: Message, origin: RecordSource): void | Promise<void>;
  /**
   * A message a worker thread of `convert --jobs N` already serialized (its JSON, one line): sinks
   * that write JSON lines take it as is. Without it, the message is parsed back and given to `write`.
   */
  writeSerialized?(json: string, origin: RecordSource): void | Promise<void>;
  /** Resolves when everything written so far is handed to the OS (or delivered); used before commits. */
  flush?(): Promise<void>;
  /** Flushes and releases the sink at the end of the run. */
  close?(): Promise<void>;
}

/** One rejected record, as written to the rejects file (one JSON line each). */
export interface RejectedRecord {
  readonly file: string;
  readonly line: number;
  /** Counting key: MALFORMED_RECORD, RECORD_TOO_LARGE, UNEXPECTED_ELEMENT, TRUNCATED_RECORD, CONVERSION_FAILED, CONVERTER_ERROR, INVALID_MESSAGE. */
  readonly code: string;
  readonly reason: string;
  /** Schema problems of the message, when the message was invalid; empty otherwise. */
  readonly problems: readonly Problem[];
  /** The record as read (its first KiB when it was too large to keep). */
  readonly record: string;
}

export interface RejectSink {
  write(reject: RejectedRecord): void | Promise<void>;
  flush?(): Promise<void>;
  close?(): Promise<void>;
}

export interface ConversionWarning {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export interface WarningSink {
  write(warning: ConversionWarning): void;
}

const BATCH_CHARS = 64 * 1024;

/**
 * Writes one JSON value per line to a Writable, batched so a record costs no syscall; `write`
 * returns a promise only when the stream asks to wait ('drain'), which keeps memory flat.
 */
export class NdjsonWriter {
  /** The lines batched so far, joined when written: one flat string per batch, no rope per line. */
  private batch: string[] = [];
  private batchChars = 0;
  private readonly stream: Writable;
  private readonly ownsStream: boolean;
  private failure: Error | undefined;

  constructor(stream: Writable, options: { readonly ownsStream?: boolean } = {}) {
    this.stream = stream;
    this.ownsStream = options.ownsStream ?? false;
    stream.on("error", (error: Error) => {
      this.failure = error;
    });
  }

  writeValue(value: unknown): void | Promise<void> {
    return this.writeJson(JSON.stringify(value));
  }

  /** One value already serialized as JSON (no newline in it). */
  writeJson(json: string): void | Promise<void> {
    this.batch.push(json);
    this.batchChars += json.length + 1;
    if (this.batchChars >= BATCH_CHARS) return this.writeBatch();
  }

  private writeBatch(): void | Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    if (this.batch.length === 0) return;
    const text = joinLines(this.batch);
    this.batch = [];
    this.batchChars = 0;
    if (!this.stream.write(text)) return this.drain();
  }

  private async drain(): Promise<void> {
    // events.once rejects if the stream emits 'error' while we wait, and leaves no listener behind.
    await once(this.stream, "drain");
  }

  async flush(): Promise<void> {
    await this.writeBatch();
    if (this.failure !== undefined) throw this.failure;
    // An empty write's callback runs after every earlier write has been handed to the OS.
    await new Promise<void>((resolve, reject) => {
      this.stream.write("", (error) => (error ? reject(error) : resolve()));
    });
  }

  async close(): Promise<void> {
    await this.flush();
    if (this.ownsStream) {
      const finished = once(this.stream, "finish");
      this.stream.end();
      await finished;
    }
  }
}

export interface OutputFileOptions {
  /** Add to the end of an existing file instead of replacing it (follow mode, listeners). */
  readonly append?: boolean;
}

/**
 * Opens an output file now, synchronously, so that a path that cannot be written (no such folder,
 * a folder, no permission) is reported at once, naming the file, before any input is read.
 */
export function openOutputFile(path: string, options: OutputFileOptions = {}): Writable {
  let fd: number;
  try {
    fd = openSync(path, options.append === true ? "a" : "w", 0o644);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "EISDIR" ? "it is a folder" : (error as Error).message;
    throw new IdmefError("OUTPUT_ERROR", `cannot write ${path}: ${reason}`, { cause: error });
  }
  return createWriteStream(path, { fd });
}

/** One JSON value per line on a stream (stdout) or into a file: the shape of both NDJSON sinks. */
class NdjsonSink<T> {
  private readonly writer: NdjsonWriter;

  constructor(stream: Writable, options: { readonly ownsStream?: boolean } = {}) {
    this.writer = new NdjsonWriter(stream, options);
  }

  /** A sink of this class writing to `path`, opened now (see openOutputFile). */
  static toFile<S>(
    this: new (stream: Writable, options: { readonly ownsStream?: boolean }) => S,
    path: string,
    options: OutputFileOptions = {},
  ): S {
    return new this(openOutputFile(path, options), { ownsStream: true });
  }

  write(value: T): void | Promise<void> {
    return this.writer.writeValue(value);
  }

  writeSerialized(json: string): void | Promise<void> {
    return this.writer.writeJson(json);
  }

  flush(): Promise<void> {
    return this.writer.flush();
  }

  close(): Promise<void> {
    return this.writer.close();
  }
}

/** Messages as NDJSON on a stream (stdout) or into a file. */
export class NdjsonMessageSink extends NdjsonSink<Message> implements MessageSink {}

/** Rejected records as NDJSON `{file, line, code, reason, problems, record}`. */
export class NdjsonRejectSink extends NdjsonSink<RejectedRecord> implements RejectSink {}

/** Keeps everything in memory: for tests, golden files and library callers with small inputs. */
export class MemorySinks {
  readonly messages: Message[] = [];
  readonly rejects: RejectedRecord[] = [];
  readonly warnings: ConversionWarning[] = [];
  readonly messageSink: MessageSink = { write: (message) => void this.messages.push(message) };
  readonly rejectSink: RejectSink = { write: (reject) => void this.rejects.push(reject) };
  readonly warningSink: WarningSink = { write: (warning) => void this.warnings.push(warning) };
}

/**
 * Lists each rejected record as `file:line: reason` through `write` (stderr): used when messages
 * go to stdout and no rejects file was named, so every rejected record can still be found.
 */
export class TextRejectSink implements RejectSink {
  constructor(private readonly writeLine: (line: string) => void) {}

  write(reject: RejectedRecord): void {
    this.writeLine(`${reject.file}:${reject.line}: rejected (${reject.code}): ${reject.reason}`);
  }
}
