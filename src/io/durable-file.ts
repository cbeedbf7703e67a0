// Files whose writes are either wholly on stable storage or not there at all: the one place that
// appends, fsyncs, cuts back short writes and torn tails, and creates files owner-only.
//
// Shared by the delivery spool, the delivery rejects, the receiver's message store and the follow
// state file. The guarantees, in order of strength:
//   append()  the bytes are in the OS (a crash of the process loses nothing), or none of them are:
//             a short write (disk full) is truncated back, so the next append never runs into half
//             a line left by this one;
//   sync()    everything appended so far is on stable storage (survives a crash of the machine);
//   commit()  the same, asynchronously, shared: every caller waiting while one fsync runs is served
//             by the next one (group commit), so N concurrent writers cost ~2 fsyncs, not N.
import fs from "node:fs";
import path from "node:path";
import { IdmefError, isIdmefError } from "../core/errors.js";

/** Raw input and alerts are sensitive: files are created readable by their owner only. */
export const PRIVATE_FILE_MODE = 0o600;

/** errno codes that mean "no room": the operator must free space, retrying at once will not help. */
const FULL_CODES: ReadonlySet<string> = new Set(["ENOSPC", "EDQUOT", "EFBIG"]);

/** True when `error` says the file system (or the quota) is full. */
export function isStorageFull(error: unknown): boolean {
  return isIdmefError(error) ? error.code === "STORAGE_FULL" : FULL_CODES.has((error as NodeJS.ErrnoException)?.code ?? "");
}

/**
 * The typed operational error for a failed write: code STORAGE_FULL when the disk or quota is full,
 * else OUTPUT_ERROR; the message names the file and the errno, the cause keeps the original.
 */
export function storageError(error: unknown, file: string, action = "write to"): IdmefError {
  if (isIdmefError(error)) return error as IdmefError;
  const errno = (error as NodeJS.ErrnoException).code;
  const reason = errno ?? (error as Error).message;
  if (errno !== undefined && FULL_CODES.has(errno)) {
    return new IdmefError("STORAGE_FULL", `cannot ${action} ${file}: the disk is full (${reason}); free space and run again`, {
      cause: error,
    });
  }
  return new IdmefError("OUTPUT_ERROR", `cannot ${action} ${file}: ${reason}`, { cause: error });
}

/** Fsyncs a directory so that a file created or renamed in it survives a crash of the machine. */
export function fsyncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, "r");
    fs.fsyncSync(fd);
  } catch {
    // Some file systems refuse fsync on a directory; the create or rename is still ordered.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Strings are encoded into one reused buffer, not a new Buffer per append: an append is one
 * synchronous write, so no two uses overlap. Buffer.from measured its byte length first (a second
 * pass over the text) and left a buffer per append to the GC: the spool appends once per message.
 * Above MAX_SCRATCH_UNITS UTF-16 units a string gets its own buffer (the scratch stays small).
 */
const MAX_SCRATCH_UNITS = 256 * 1024;
let scratch = Buffer.allocUnsafeSlow(16 * 1024);

/** The scratch buffer, grown so that `units` UTF-16 units fit in it as UTF-8 (3 bytes at most each). */
function scratchFor(units: number): Buffer {
  if (scratch.length < units * 3)
    scratch = Buffer.allocUnsafeSlow(Math.min(MAX_SCRATCH_UNITS * 3, Math.max(units * 3, scratch.length * 2)));
  return scratch;
}

/**
 * Writes the first `length` bytes of `bytes` at the end of `fd` (a file `sizeBefore` bytes long), looping over short
 * writes; on failure cuts the file back to `sizeBefore` and throws the typed error.
 */
function writeAll(fd: number, bytes: Buffer, sizeBefore: number, file: string, length = bytes.length): void {
  let offset = 0;
  try {
    while (offset < length) {
      const written = fs.writeSync(fd, bytes, offset, length - offset);
      // A zero-byte write makes no progress and would loop forever: treat it as a full disk.
      if (written <= 0) throw Object.assign(new Error("write made no progress"), { code: "ENOSPC" });
      offset += written;
    }
  } catch (error) {
    try {
      fs.ftruncateSync(fd, sizeBefore);
    } catch {
      // The write error below is what the caller needs to hear about.
    }
    throw storageError(error, file);
  }
}

/**
 * Cuts a line-oriented file back to its last newline (a record torn by a crash mid-write) and
 * returns how many bytes were cut. Reads backwards from the end only as far as the last newline.
 */
export function truncateTornTail(fd: number, size: number): number {
  const chunk = Buffer.alloc(64 * 1024);
  let end = size;
  while (end > 0) {
    const start = Math.max(0, end - chunk.length);
    const read = fs.readSync(fd, chunk, 0, end - start, start);
    const newline = chunk.subarray(0, read).lastIndexOf(0x0a);
    if (newline >= 0) {
      const keep = start + newline + 1;
      if (keep < size) fs.ftruncateSync(fd, keep);
      return size - keep;
    }
    end = start;
  }
  if (size > 0) fs.ftruncateSync(fd, 0);
  return size;
}

export interface DurableAppendOptions {
  /** Mode of a file this call creates (default 0600); an existing file keeps its mode. */
  readonly mode?: number;
  /** Cut a last line that has no newline (default true: the files are NDJSON or line logs). */
  readonly truncateTornTail?: boolean;
}

/** A file opened for appending whole records; see the header for what each call guarantees. */
export class DurableAppendFile {
  readonly path: string;
  /** True when this open created the file. */
  readonly created: boolean;
  /** Bytes of a torn last line cut when the file was opened (0 when it ended cleanly). */
  readonly tornBytes: number;
  private fd: number;
  private bytes: number;
  /** Bytes known to be on stable storage (fsync'd). */
  private durableBytes: number;
  private syncing = false;
  private fsyncCount = 0;
  /** Callers of commit() not yet served; they are served by the fsync that starts after them. */
  private waiting: { resolve: () => void; reject: (error: unknown) => void }[] = [];

  private constructor(file: string, fd: number, created: boolean, tornBytes: number, size: number) {
    this.path = file;
    this.fd = fd;
    this.created = created;
    this.tornBytes = tornBytes;
    this.bytes = size;
    this.durableBytes = size;
  }

  /** Opens (creating owner-only, and fsyncing the folder when it does) `file` for appending. */
  static open(file: string, options: DurableAppendOptions = {}): DurableAppendFile {
    const flags = fs.constants.O_WRONLY | fs.constants.O_APPEND;
    let fd: number;
    let created = true;
    try {
      try {
        fd = fs.openSync(file, flags | fs.constants.O_CREAT | fs.constants.O_EXCL, options.mode ?? PRIVATE_FILE_MODE);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        created = false;
        // Read access too: a torn tail is found by reading the end of the file.
        fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_APPEND);
      }
    } catch (error) {
      throw storageError(error, file, "open");
    }
    try {
      if (created) fsyncDirectory(path.dirname(path.resolve(file)));
      let size = fs.fstatSync(fd).size;
      let torn = 0;
      if (!created && options.truncateTornTail !== false && size > 0) {
        torn = truncateTornTail(fd, size);
        size -= torn;
      }
      return new DurableAppendFile(file, fd, created, torn, size);
    } catch (error) {
      fs.closeSync(fd);
      throw storageError(error, file, "open");
    }
  }

  /** fsyncs of the file done by this handle (group commit makes it far fewer than the commits). */
  get fsyncs(): number {
    return this.fsyncCount;
  }

  /** Length of the file as appended by this handle so far. */
  get size(): number {
    return this.bytes;
  }

  /** Appends all of `data`, or nothing (see the header); returns the bytes written. */
  append(data: string | Buffer): number {
    this.assertOpen();
    let bytes: Buffer;
    let length: number;
    if (typeof data !== "string") {
      bytes = data;
      length = data.length;
    } else if (data.length <= MAX_SCRATCH_UNITS) {
      bytes = scratchFor(data.length);
      length = bytes.write(data, 0, "utf8");
    } else {
      bytes = Buffer.from(data, "utf8");
      length = bytes.length;
    }
    writeAll(this.fd, bytes, this.bytes, this.path, length);
    this.bytes += length;
    return length;
  }

  /** Puts everything appended so far on stable storage, now. */
  sync(): void {
    this.assertOpen();
    if (this.durableBytes === this.bytes) return;
    const upTo = this.bytes;
    this.fsyncCount++;
    try {
      fs.fsyncSync(this.fd);
    } catch (error) {
      // Not cut back here: a caller of sync() (the spool) keeps its own books of what it appended.
      throw storageError(error, this.path, "fsync");
    }
    this.durableBytes = upTo;
  }

  /**
   * Resolves once everything appended before the call is on stable storage. Calls made while an
   * fsync runs share the next one. When an fsync fails, every waiter is rejected and the file is
   * cut back to what was last durable, so no unacknowledged half-batch stays behind.
   */
  commit(): Promise<void> {
    this.assertOpen();
    if (this.durableBytes === this.bytes && !this.syncing) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      if (!this.syncing) this.startSync();
    });
  }

  private startSync(): void {
    const batch = this.waiting.splice(0);
    const upTo = this.bytes;
    this.syncing = true;
    this.fsyncCount++;
    fs.fsync(this.fd, (error) => {
      this.syncing = false;
      if (error !== null) {
        const failure = this.failedSync(error);
        // Writers queued behind this fsync wrote after what is now cut away: they fail too.
        for (const waiter of [...batch, ...this.waiting.splice(0)]) waiter.reject(failure);
        return;
      }
      this.durableBytes = Math.max(this.durableBytes, upTo);
      for (const waiter of batch) waiter.resolve();
      if (this.waiting.length > 0 && this.fd >= 0) this.startSync();
    });
  }

  private failedSync(error: unknown): IdmefError {
    try {
      fs.ftruncateSync(this.fd, this.durableBytes);
      this.bytes = this.durableBytes;
    } catch {
      // Reported below; the caller stops using the file.
    }
    return storageError(error, this.path, "fsync");
  }

  /** Fsyncs and closes; later calls are errors. */
  close(): void {
    if (this.fd < 0) return;
    if (this.syncing) throw new IdmefError("OUTPUT_ERROR", `${this.path}: close() while an fsync runs; use closeAfterCommits()`);
    try {
      this.sync();
    } finally {
      fs.closeSync(this.fd);
      this.fd = -1;
    }
  }

  /** Waits for a commit in progress, then fsyncs and closes. */
  async closeAfterCommits(): Promise<void> {
    // An fsync in flight must finish before the descriptor is closed under it.
    while (this.fd >= 0 && (this.syncing || this.waiting.length > 0)) await this.commit().catch(() => undefined);
    this.close();
  }

  private assertOpen(): void {
    if (this.fd < 0) throw new IdmefError("OUTPUT_ERROR", `${this.path} is closed`);
  }
}

/**
 * Replaces `file` atomically with `data`: a temporary file beside it (owner-only), fsync'd, renamed
 * over the old one, and the folder fsync'd. A crash leaves the old content or the new, never half.
 */
export function replaceFileDurably(file: string, data: string | Buffer, mode = PRIVATE_FILE_MODE): void {
  const temporary = `${file}.${process.pid}.tmp`;
  let fd: number | undefined;
  try {
    fd = fs.openSync(temporary, "w", mode);
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    writeAll(fd, bytes, 0, temporary);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(temporary, file);
  } catch (error) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(temporary, { force: true });
    throw storageError(error, file);
  }
  fsyncDirectory(path.dirname(path.resolve(file)));
}
