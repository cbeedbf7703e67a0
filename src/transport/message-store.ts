// Where a receiver keeps the messages it accepted: NDJSON lines in a file, or on stdout.
import fs from "node:fs";
import { IdmefError } from "../core/errors.js";

/** A receiver answers 2xx only after `write` returned: the message is then in the store. */
export interface MessageStore {
  /** Stores one accepted message, as one JSON line without its newline. */
  write(line: string): void | Promise<void>;
  /** Flushes to stable storage and releases the store. */
  close(): Promise<void>;
}

/**
 * Appends lines to a file with a synchronous write, so an acknowledged message is in the OS before
 * the 2xx goes out (a crash of the receiver process loses nothing); fsync'd every `fsyncIntervalMs`
 * (default 1000) and on close.
 */
export class NdjsonFileStore implements MessageStore {
  readonly path: string;
  private fd: number;
  private dirty = false;
  private readonly timer: NodeJS.Timeout | undefined;

  constructor(path: string, fsyncIntervalMs = 1000) {
    this.path = path;
    try {
      this.fd = fs.openSync(path, "a");
    } catch (error) {
      throw new IdmefError("CONFIG_ERROR", `--out: cannot open ${path} for appending: ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (fsyncIntervalMs > 0) {
      this.timer = setInterval(() => this.sync(), fsyncIntervalMs);
      this.timer.unref();
    }
  }

  write(line: string): void {
    fs.writeSync(this.fd, `${line}\n`);
    this.dirty = true;
  }

  private sync(): void {
    if (this.dirty && this.fd >= 0) {
      fs.fsyncSync(this.fd);
      this.dirty = false;
    }
  }

  async close(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    if (this.fd < 0) return;
    this.sync();
    fs.closeSync(this.fd);
    this.fd = -1;
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
