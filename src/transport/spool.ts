// The durable on-disk queue of messages awaiting delivery: append-only segments plus an ack log.
//
// Layout of a spool directory:
//   segment-<first seq, 16 digits>.log   lines "<seq>\t<meta>\t<message JSON>\n", appended only
//   acks.log                             lines "<seq>\n": entries delivered or rejected (done)
//   lock                                 the pid of the process using the spool
//   corrupt.log                          lines of segments that could not be read back, kept as found
// An entry is pending while its seq is in a segment and not in the ack log. A segment whose entries
// are all done is deleted (compaction); the ack log is then rewritten (temp file + rename) to keep
// only the acks of live segments. After a crash, every pending entry is read back and delivered
// again: an entry delivered but not yet recorded as acked is sent twice, never zero times.
import fs from "node:fs";
import path from "node:path";
import { IdmefError } from "../core/errors.js";
import { DurableAppendFile, PRIVATE_FILE_MODE as FILE_MODE, replaceFileDurably } from "../io/durable-file.js";

export interface SpoolOptions {
  readonly dir: string;
  /**
   * How often appended data and acks are fsync'd, in ms (default 1000). Data is written to the OS at
   * once, so a crash of the process loses nothing; a crash of the machine may lose the entries of the
   * last interval. 0 fsyncs after every append (safest, slowest).
   */
  readonly fsyncIntervalMs?: number;
  /** Size at which the active segment is closed and a new one started (default 4 MiB). */
  readonly segmentBytes?: number;
  /** Pending entries held in memory at most; the rest is read back from disk when needed. */
  readonly memoryEntries?: number;
}

export interface SpoolEntry {
  readonly seq: number;
  /** The serialized message (JSON text, one line). */
  readonly body: string;
  /** What the caller stored beside it (one line without tabs, e.g. JSON of the record's origin). */
  readonly meta: string;
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
}

interface Segment {
  readonly firstSeq: number;
  readonly file: string;
  lastSeq: number;
  count: number;
  readonly acked: Set<number>;
  bytes: number;
}

const SEGMENT_PATTERN = /^segment-(\d{16})\.log$/;
const ACK_LOG = "acks.log";
/** Where unreadable segment lines are copied before their segment may be compacted away. */
export const CORRUPT_LOG = "corrupt.log";
const LOCK_FILE = "lock";

function segmentName(firstSeq: number): string {
  return `segment-${String(firstSeq).padStart(16, "0")}.log`;
}

/** Splits a segment line "<seq>\t<meta>\t<body>"; undefined when it is not one. */
function parseEntry(line: string): SpoolEntry | undefined {
  const tab = line.indexOf("\t");
  const seq = tab > 0 ? parseSeq(line.slice(0, tab)) : undefined;
  const second = seq === undefined ? -1 : line.indexOf("\t", tab + 1);
  if (seq === undefined || second < 0) return undefined;
  return { seq, meta: line.slice(tab + 1, second), body: line.slice(second + 1) };
}

function parseSeq(text: string): number | undefined {
  if (!/^\d{1,15}$/.test(text)) return undefined;
  return Number(text);
}

/** Alerts are sensitive: the spool is readable by its owner only. */
const DIR_MODE = 0o700;

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export class Spool {
  readonly dir: string;
  private readonly fsyncIntervalMs: number;
  private readonly segmentBytes: number;
  private readonly memoryEntries: number;
  /** Live segments, ordered by firstSeq; the last one is the active segment. */
  private readonly segments: Segment[] = [];
  private activeFile: DurableAppendFile;
  private ackFile: DurableAppendFile | undefined;
  private nextSeq: number;
  /** The first seq not yet loaded into `ready`; entries from it on are only on disk. */
  private nextToLoad: number;
  /** Loaded, pending entries not yet handed out by take(); a queue read from `readyHead`. */
  private ready: SpoolEntry[] = [];
  private readyHead = 0;
  private dataDirty = false;
  private ackDirty = false;
  /** Acks not yet written: batched per turn of the event loop (one write for many acks). */
  private ackBuffer = "";
  private ackFlushScheduled = false;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private appended = 0;
  private acked = 0;
  private pendingCount = 0;
  private recovered = 0;
  private corrupt = 0;

  private constructor(options: SpoolOptions) {
    this.dir = path.resolve(options.dir);
    this.fsyncIntervalMs = options.fsyncIntervalMs ?? 1000;
    this.segmentBytes = options.segmentBytes ?? 4 * 1024 * 1024;
    this.memoryEntries = Math.max(1, options.memoryEntries ?? 10_000);
    this.acquireLock();
    this.nextSeq = 1;
    try {
      this.recover();
      this.nextToLoad = this.segments[0]?.firstSeq ?? this.nextSeq;
      this.activeFile = this.startSegment();
      this.rewriteAckLog();
    } catch (error) {
      // Do not leave a lock behind that would make the next attempt think the spool is in use.
      fs.rmSync(path.join(this.dir, LOCK_FILE), { force: true });
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

  stats(): SpoolStats {
    return {
      appended: this.appended,
      recovered: this.recovered,
      acked: this.acked,
      pending: this.pendingCount,
      corrupt: this.corrupt,
      segments: this.segments.length,
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
    let active = this.segments[this.segments.length - 1]!;
    if (active.bytes >= this.segmentBytes) {
      this.rollSegment();
      active = this.segments[this.segments.length - 1]!;
    }
    // Taken only once the line is written: a failed append leaves no gap and no half line.
    const seq = this.nextSeq;
    const bytes = this.activeFile.append(`${seq}\t${meta}\t${body}\n`);
    this.nextSeq = seq + 1;
    active.lastSeq = seq;
    active.count++;
    active.bytes += bytes;
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
    const segment = this.segmentOf(seq);
    if (segment === undefined || segment.acked.has(seq)) return;
    segment.acked.add(seq);
    // A crash before the batch is written only means these entries are sent again (at least once).
    this.ackBuffer += `${seq}\n`;
    if (!this.ackFlushScheduled) {
      this.ackFlushScheduled = true;
      setImmediate(() => this.writeAcks());
    }
    this.acked++;
    this.pendingCount--;
    const active = this.segments[this.segments.length - 1];
    if (segment !== active && segment.acked.size === segment.count) this.dropSegment(segment);
  }

  private writeAcks(): void {
    this.ackFlushScheduled = false;
    if (this.closed || this.ackBuffer === "") return;
    try {
      this.ackFile!.append(this.ackBuffer);
    } catch {
      // Kept for the next attempt; if the process ends first, those entries are only sent again.
      return;
    }
    this.ackBuffer = "";
    this.ackDirty = true;
  }

  /** Forces data and acks to stable storage now. */
  sync(): void {
    if (this.closed) return;
    this.writeAcks();
    if (this.dataDirty) {
      this.activeFile.sync();
      this.dataDirty = false;
    }
    if (this.ackDirty) {
      this.ackFile!.sync();
      this.ackDirty = false;
    }
  }

  /** Fsyncs, compacts what is done, and releases the spool. Pending entries stay for the next run. */
  close(): void {
    if (this.closed) return;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.sync();
    this.activeFile.close();
    const active = this.segments[this.segments.length - 1];
    if (active !== undefined && active.acked.size === active.count) this.dropSegment(active, false);
    this.closed = true;
    this.rewriteAckLog();
    fs.rmSync(path.join(this.dir, LOCK_FILE), { force: true });
  }

  private assertOpen(): void {
    if (this.closed) throw new IdmefError("DELIVERY_FAILED", `spool ${this.dir} is closed`);
  }

  private readyLength(): number {
    return this.ready.length - this.readyHead;
  }

  // One process per spool: two writers would interleave appends and hand the same entry out twice.
  private acquireLock(): void {
    const lock = path.join(this.dir, LOCK_FILE);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = fs.openSync(lock, "wx", FILE_MODE);
        fs.writeSync(fd, `${process.pid}\n`);
        fs.closeSync(fd);
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const owner = parseSeq(fs.readFileSync(lock, "utf8").trim());
      if (owner !== undefined && owner !== process.pid && processIsAlive(owner)) {
        throw new IdmefError(
          "CONFIG_ERROR",
          `spool ${this.dir} is in use by process ${owner}: give each running client its own --spool directory`,
        );
      }
      // The owner died (crash, kill -9): its lock is stale.
      fs.rmSync(lock, { force: true });
    }
    throw new IdmefError("CONFIG_ERROR", `cannot lock spool ${this.dir}`);
  }

  /** Reads segments and the ack log left by earlier runs. */
  private recover(): void {
    const acked = new Set<number>();
    let maxSeq = 0;
    const ackPath = path.join(this.dir, ACK_LOG);
    if (fs.existsSync(ackPath)) {
      const lines = fs.readFileSync(ackPath, "utf8").split("\n");
      // What follows the last newline is a torn write ("12" of "125\n" would read as an ack of
      // 12): it is no ack, whatever it looks like; that entry is sent again.
      lines.pop();
      for (const line of lines) {
        const seq = parseSeq(line);
        if (seq === undefined) continue;
        acked.add(seq);
        if (seq > maxSeq) maxSeq = seq;
      }
    }
    const names = fs
      .readdirSync(this.dir)
      .filter((name) => SEGMENT_PATTERN.test(name))
      .sort();
    for (const name of names) {
      const file = path.join(this.dir, name);
      const firstSeq = Number(SEGMENT_PATTERN.exec(name)![1]);
      const segment: Segment = { firstSeq, file, lastSeq: firstSeq - 1, count: 0, acked: new Set(), bytes: 0 };
      this.scanSegment(segment, (seq) => {
        segment.count++;
        segment.lastSeq = seq;
        if (acked.has(seq)) segment.acked.add(seq);
      });
      if (segment.lastSeq > maxSeq) maxSeq = segment.lastSeq;
      if (firstSeq - 1 > maxSeq) maxSeq = firstSeq - 1;
      if (segment.acked.size === segment.count) {
        fs.rmSync(file, { force: true });
        continue;
      }
      this.segments.push(segment);
      this.recovered += segment.count - segment.acked.size;
    }
    this.pendingCount = this.recovered;
    this.nextSeq = maxSeq + 1;
  }

  /**
   * Calls `onEntry` for each well-formed line of a segment and truncates a torn last line (a write
   * cut short by a crash of the machine: that entry was never handed to the network).
   */
  private scanSegment(segment: Segment, onEntry: (seq: number) => void): void {
    const text = fs.readFileSync(segment.file, "utf8");
    const end = text.lastIndexOf("\n") + 1;
    if (end < text.length) fs.truncateSync(segment.file, Buffer.byteLength(text.slice(0, end)));
    segment.bytes = Buffer.byteLength(text.slice(0, end));
    let start = 0;
    while (start < end) {
      const newline = text.indexOf("\n", start);
      const line = text.slice(start, newline);
      const entry = parseEntry(line);
      start = newline + 1;
      if (entry === undefined || entry.seq < segment.firstSeq) {
        // Not delivered, but not thrown away either: an operator can look at it.
        this.corrupt++;
        fs.appendFileSync(path.join(this.dir, CORRUPT_LOG), `${path.basename(segment.file)}\t${line}\n`, { mode: FILE_MODE });
        continue;
      }
      onEntry(entry.seq);
    }
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
        this.readEntries(segment, (entry) => {
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

  private readEntries(segment: Segment, onEntry: (entry: SpoolEntry) => boolean): void {
    const text = fs.readFileSync(segment.file, "utf8");
    let start = 0;
    while (start < text.length) {
      const newline = text.indexOf("\n", start);
      if (newline < 0) return;
      const entry = parseEntry(text.slice(start, newline));
      start = newline + 1;
      // Corrupt lines were counted when the spool was opened.
      if (entry !== undefined && !onEntry(entry)) return;
    }
  }

  private segmentOf(seq: number): Segment | undefined {
    let low = 0;
    let high = this.segments.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const segment = this.segments[mid]!;
      if (seq < segment.firstSeq) high = mid - 1;
      else if (seq > segment.lastSeq) low = mid + 1;
      else return segment;
    }
    return undefined;
  }

  private startSegment(): DurableAppendFile {
    const segment: Segment = {
      firstSeq: this.nextSeq,
      file: path.join(this.dir, segmentName(this.nextSeq)),
      lastSeq: this.nextSeq - 1,
      count: 0,
      acked: new Set(),
      bytes: 0,
    };
    this.segments.push(segment);
    return DurableAppendFile.open(segment.file);
  }

  private rollSegment(): void {
    this.activeFile.close();
    this.dataDirty = false;
    const old = this.segments[this.segments.length - 1]!;
    this.activeFile = this.startSegment();
    if (old.acked.size === old.count) this.dropSegment(old);
  }

  /** Compaction: a segment whose every entry is done is deleted, and the ack log shrunk in time. */
  private dropSegment(segment: Segment, compactAcks = true): void {
    const index = this.segments.indexOf(segment);
    if (index >= 0) this.segments.splice(index, 1);
    fs.rmSync(segment.file, { force: true });
    if (compactAcks && (this.ackFile?.size ?? 0) > 1024 * 1024) this.rewriteAckLog();
  }

  /** Rewrites the ack log with the acks of live segments only (temp file, fsync, rename). */
  private rewriteAckLog(): void {
    const lines: string[] = [];
    for (const segment of this.segments) for (const seq of segment.acked) lines.push(`${seq}\n`);
    const text = lines.join("");
    const target = path.join(this.dir, ACK_LOG);
    // The rewrite lists every ack of live segments from memory, buffered ones included.
    this.ackBuffer = "";
    this.ackFile?.close();
    this.ackFile = undefined;
    replaceFileDurably(target, text);
    if (!this.closed) this.ackFile = DurableAppendFile.open(target);
    this.ackDirty = false;
  }
}
