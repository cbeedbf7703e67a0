// The durable on-disk queue of messages awaiting delivery: append-only segments plus an ack log.
//
// Layout of a spool directory:
//   segment-<first seq, 16 digits>.log   lines "<seq>\t<meta>\t<message JSON>\n", appended only (spool-segments.ts)
//   acks.log                             lines "<seq>\n": entries delivered or rejected (spool-ack-log.ts)
//   lock                                 the pid of the process using the spool (spool-lock.ts)
//   corrupt.log                          lines of segments that could not be read back (spool-recovery.ts)
// An entry is pending while its seq is in a segment and not in the ack log. A segment whose entries
// are all done is deleted (compaction); the ack log is then rewritten to keep only the acks of live
// segments. After a crash, every pending entry is read back and delivered again: an entry delivered
// but not yet recorded as acked is sent twice, never zero times.
import fs from "node:fs";
import path from "node:path";
import { IdmefError } from "../core/errors.js";
import { DurableAppendFile } from "../io/durable-file.js";
import { AckLog } from "./spool-ack-log.js";
import { acquireSpoolLock, releaseSpoolLock } from "./spool-lock.js";
import { recoverSpool } from "./spool-recovery.js";
import { formatEntry, newSegment, readEntries, segmentDone, segmentOf, type Segment, type SpoolEntry } from "./spool-segments.js";

export type { SpoolEntry } from "./spool-segments.js";
export { CORRUPT_LOG } from "./spool-recovery.js";

export interface SpoolOptions {
  readonly dir: string;
  /**
   * How often appended data and acks are fsync'd, in ms (default 1000). Data is written to the OS at
   * once, so a crash of the process loses nothing; a crash of the machine may lose the entries of the
   * last interval. 0 fsyncs after every append (safest, slowest).
   */
  readonly fsyncIntervalMs?: number;
  /**
   * Size at which the active segment is closed and a new one started (default 4 MiB, and at most an
   * eighth of `maxBytes`, so that compaction frees room in steps well below the cap).
   */
  readonly segmentBytes?: number;
  /**
   * The most the segments may hold, in bytes (default 1 GiB). `append` does not check it: a caller
   * that honours it (the DeliveryClient) asks `hasRoomFor` first and waits while the answer is no.
   * The ack log is not counted (a few bytes per entry, rewritten beyond 1 MiB).
   */
  readonly maxBytes?: number;
  /** Pending entries held in memory at most; the rest is read back from disk when needed. */
  readonly memoryEntries?: number;
}

export interface SpoolStats {
  /** Entries appended by this process. */
  readonly appended: number;
  /** Entries found pending when the spool was opened (left by an earlier run). */
  readonly recovered: number;
  /** Entries marked done (delivered or rejected) by this process. */
  readonly acked: number;
  /** Entries not yet done, in memory or on disk. */
  readonly pending: number;
  /** Lines of a segment that could not be read back (a torn write at the end is not counted). */
  readonly corrupt: number;
  readonly segments: number;
  /** Bytes the segments hold, and their cap. */
  readonly bytes: number;
  readonly maxBytes: number;
}

/** The default cap of a spool's segments: 1 GiB. */
export const DEFAULT_SPOOL_MAX_BYTES = 1024 * 1024 * 1024;

/** The smallest segment a small cap leads to (below it, a file per few entries). */
const MIN_SEGMENT_BYTES = 4096;

/** Alerts are sensitive: the spool is readable by its owner only. */
const DIR_MODE = 0o700;

export class Spool {
  readonly dir: string;
  private readonly fsyncIntervalMs: number;
  private readonly segmentBytes: number;
  private readonly memoryEntries: number;
  readonly maxBytes: number;
  /** Bytes of the live segments (what the cap bounds). */
  private segmentsBytes = 0;
  /** Live segments, ordered by firstSeq; the last one is the active segment. */
  private readonly segments: Segment[];
  private activeFile: DurableAppendFile;
  private readonly ackLog: AckLog;
  private nextSeq: number;
  /** The first seq not yet loaded into `ready`; entries from it on are only on disk. */
  private nextToLoad: number;
  /** Loaded, pending entries not yet handed out by take(); a queue read from `readyHead`. */
  private ready: SpoolEntry[] = [];
  private readyHead = 0;
  private dataDirty = false;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private appended = 0;
  private acked = 0;
  private pendingCount: number;
  private readonly recovered: number;
  private readonly corrupt: number;

  private constructor(options: SpoolOptions) {
    this.dir = path.resolve(options.dir);
    this.fsyncIntervalMs = options.fsyncIntervalMs ?? 1000;
    this.maxBytes = options.maxBytes ?? DEFAULT_SPOOL_MAX_BYTES;
    if (!(this.maxBytes >= 1)) throw new IdmefError("CONFIG_ERROR", `spool maxBytes must be at least 1 byte, got ${this.maxBytes}`);
    this.segmentBytes = Math.min(options.segmentBytes ?? 4 * 1024 * 1024, Math.max(MIN_SEGMENT_BYTES, Math.floor(this.maxBytes / 8)));
    this.memoryEntries = Math.max(1, options.memoryEntries ?? 10_000);
    acquireSpoolLock(this.dir);
    this.ackLog = new AckLog(this.dir);
    try {
      const found = recoverSpool(this.dir);
      this.segments = found.segments;
      this.recovered = found.pending;
      this.pendingCount = found.pending;
      this.corrupt = found.corrupt;
      this.nextSeq = found.nextSeq;
      for (const segment of this.segments) this.segmentsBytes += segment.bytes;
      this.nextToLoad = this.segments[0]?.firstSeq ?? this.nextSeq;
      this.activeFile = this.startSegment();
      this.ackLog.rewrite(this.segments);
    } catch (error) {
      // Do not leave a lock behind that would make the next attempt think the spool is in use.
      releaseSpoolLock(this.dir);
      if (error instanceof IdmefError) throw error;
      throw new IdmefError("CONFIG_ERROR", `cannot open spool ${this.dir}: ${(error as Error).message}`, { cause: error });
    }
    if (this.fsyncIntervalMs > 0) {
      this.timer = setInterval(() => this.sync(), this.fsyncIntervalMs);
      this.timer.unref();
    }
  }

  /** Opens (creating if needed) the spool in `options.dir` and reads back what an earlier run left. */
  static open(options: SpoolOptions): Spool {
    let mode: number;
    try {
      fs.mkdirSync(options.dir, { recursive: true, mode: DIR_MODE });
      mode = fs.statSync(options.dir).mode;
    } catch (error) {
      throw new IdmefError("CONFIG_ERROR", `cannot create spool directory ${options.dir}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    // Anyone could plant segments there (forged alerts) or swap the lock: refuse rather than trust it.
    if ((mode & 0o002) !== 0) {
      throw new IdmefError(
        "CONFIG_ERROR",
        `refusing spool directory ${options.dir}: it is writable by every user (mode ${(mode & 0o7777).toString(8)}); ` +
          `use a directory of your own (chmod 700)`,
      );
    }
    return new Spool(options);
  }

  /** Entries not yet done (delivered or rejected), in memory or on disk. */
  get pending(): number {
    return this.pendingCount;
  }

  /** Bytes the segments hold on disk: what `maxBytes` bounds. */
  get bytes(): number {
    return this.segmentsBytes;
  }

  /** The bytes an entry takes in its segment. */
  static entryBytes(seq: number, body: string, meta = ""): number {
    return Buffer.byteLength(formatEntry(seq, meta, body));
  }

  /**
   * True when an entry of `body` (and `meta`) fits under the cap. An empty spool always has room,
   * so that one entry larger than the cap is not refused forever: the spool then holds at most the
   * cap plus one entry. A fully delivered active segment is compacted first.
   */
  hasRoomFor(body: string, meta = ""): boolean {
    this.assertOpen();
    // Far from the cap, an upper bound (3 UTF-8 bytes per UTF-16 unit; 18 for seq, tabs, newline) answers
    // without encoding the entry: this runs for every message.
    if (this.segmentsBytes + (body.length + meta.length) * 3 + 18 <= this.maxBytes) return true;
    const needed = Spool.entryBytes(this.nextSeq, body, meta);
    if (this.segmentsBytes + needed <= this.maxBytes) return true;
    if (this.active().count > 0 && segmentDone(this.active())) this.rollSegment();
    return this.segmentsBytes === 0 || this.segmentsBytes + needed <= this.maxBytes;
  }

  stats(): SpoolStats {
    return {
      appended: this.appended,
      recovered: this.recovered,
      acked: this.acked,
      pending: this.pendingCount,
      corrupt: this.corrupt,
      segments: this.segments.length,
      bytes: this.segmentsBytes,
      maxBytes: this.maxBytes,
    };
  }

  /** Appends one serialized message; it is on disk (in the OS) when this returns. */
  append(body: string, meta = ""): SpoolEntry {
    this.assertOpen();
    if (body.includes("\n")) {
      throw new IdmefError("DELIVERY_FAILED", "spool entries must be single-line JSON (the message contains a raw newline)");
    }
    if (meta.includes("\n") || meta.includes("\t")) {
      throw new IdmefError("DELIVERY_FAILED", "spool entry metadata must be one line without tabs");
    }
    if (this.active().bytes >= this.segmentBytes) this.rollSegment();
    const active = this.active();
    // Taken only once the line is written: a failed append leaves no gap and no half line.
    const seq = this.nextSeq;
    const bytes = this.activeFile.append(formatEntry(seq, meta, body));
    this.nextSeq = seq + 1;
    active.lastSeq = seq;
    active.count++;
    active.bytes += bytes;
    this.segmentsBytes += bytes;
    this.appended++;
    this.pendingCount++;
    if (this.fsyncIntervalMs === 0) this.activeFile.sync();
    else this.dataDirty = true;
    const entry: SpoolEntry = { seq, body, meta };
    // Fast path: while nothing waits on disk, new entries go straight to the in-memory queue.
    if (this.nextToLoad === seq && this.readyLength() < this.memoryEntries) {
      this.ready.push(entry);
      this.nextToLoad = seq + 1;
    }
    return entry;
  }

  /** Hands out the next pending entry to deliver (oldest first), or undefined when none is waiting. */
  take(): SpoolEntry | undefined {
    this.assertOpen();
    if (this.readyLength() === 0) this.load();
    if (this.readyLength() === 0) return undefined;
    const entry = this.ready[this.readyHead]!;
    this.readyHead++;
    if (this.readyHead > 1024 && this.readyHead * 2 > this.ready.length) {
      this.ready = this.ready.slice(this.readyHead);
      this.readyHead = 0;
    }
    return entry;
  }

  /** Records an entry as done (delivered, or rejected and written to the rejects). */
  ack(seq: number): void {
    this.assertOpen();
    const segment = segmentOf(this.segments, seq);
    if (segment === undefined || segment.acked.has(seq)) return;
    segment.acked.add(seq);
    this.ackLog.add(seq);
    this.acked++;
    this.pendingCount--;
    if (segment !== this.active() && segmentDone(segment)) this.dropSegment(segment);
  }

  /** Forces data and acks to stable storage now. */
  sync(): void {
    if (this.closed) return;
    if (this.dataDirty) {
      this.activeFile.sync();
      this.dataDirty = false;
    }
    this.ackLog.sync();
  }

  /** Fsyncs, compacts what is done, and releases the spool. Pending entries stay for the next run. */
  close(): void {
    if (this.closed) return;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.sync();
    this.activeFile.close();
    const active = this.segments[this.segments.length - 1];
    if (active !== undefined && segmentDone(active)) this.dropSegment(active, false);
    this.closed = true;
    this.ackLog.rewrite(this.segments, true);
    releaseSpoolLock(this.dir);
  }

  private assertOpen(): void {
    if (this.closed) throw new IdmefError("DELIVERY_FAILED", `spool ${this.dir} is closed`);
  }

  private active(): Segment {
    return this.segments[this.segments.length - 1]!;
  }

  private readyLength(): number {
    return this.ready.length - this.readyHead;
  }

  /** Reads pending entries back from disk into memory, oldest first, up to the memory bound. */
  private load(): void {
    if (this.readyHead > 0) {
      this.ready = this.ready.slice(this.readyHead);
      this.readyHead = 0;
    }
    for (const segment of this.segments) {
      if (this.ready.length >= this.memoryEntries || this.nextToLoad >= this.nextSeq) return;
      if (segment.lastSeq < this.nextToLoad || segment.count === 0) continue;
      let resumeAt = segment.lastSeq + 1;
      try {
        // Corrupt lines were counted when the spool was opened.
        readEntries(segment.file, (entry) => {
          if (entry.seq < this.nextToLoad || segment.acked.has(entry.seq)) return true;
          if (this.ready.length >= this.memoryEntries) {
            resumeAt = entry.seq;
            return false;
          }
          this.ready.push(entry);
          return true;
        });
      } finally {
        this.nextToLoad = Math.max(this.nextToLoad, resumeAt);
      }
    }
  }

  private startSegment(): DurableAppendFile {
    const segment = newSegment(this.dir, this.nextSeq);
    this.segments.push(segment);
    return DurableAppendFile.open(segment.file);
  }

  private rollSegment(): void {
    this.activeFile.close();
    this.dataDirty = false;
    const old = this.active();
    this.activeFile = this.startSegment();
    if (segmentDone(old)) this.dropSegment(old);
  }

  /** Compaction: a segment whose every entry is done is deleted, and the ack log shrunk in time. */
  private dropSegment(segment: Segment, compactAcks = true): void {
    const index = this.segments.indexOf(segment);
    if (index >= 0) {
      this.segments.splice(index, 1);
      this.segmentsBytes -= segment.bytes;
    }
    fs.rmSync(segment.file, { force: true });
    if (compactAcks) this.ackLog.compactIfLarge(this.segments);
  }
}
