// The spool's ack log: one line "<seq>\n" per entry done (delivered or rejected). Acks are batched
// per turn of the event loop (one write for many), fsync'd with the spool, and the log is rewritten
// whole (temporary file + rename) to keep only the acks of live segments.
import fs from "node:fs";
import path from "node:path";
import { DurableAppendFile, replaceFileDurably } from "../io/durable-file.js";
import { parseSeq, type Segment } from "./spool-segments.js";

const ACK_LOG = "acks.log";

/** Above this size, the log is rewritten when a segment is compacted away. */
const REWRITE_BYTES = 1024 * 1024;

/** The seqs acked in the log an earlier run left in `dir` (empty when there is none). */
export function readAckLog(dir: string): Set<number> {
  const acked = new Set<number>();
  const file = path.join(dir, ACK_LOG);
  if (!fs.existsSync(file)) return acked;
  const lines = fs.readFileSync(file, "utf8").split("\n");
  // What follows the last newline is a torn write ("12" of "125\n" would read as an ack of 12): it
  // is no ack, whatever it looks like; that entry is sent again.
  lines.pop();
  for (const line of lines) {
    const seq = parseSeq(line);
    if (seq !== undefined) acked.add(seq);
  }
  return acked;
}

export class AckLog {
  private readonly file: string;
  private handle: DurableAppendFile | undefined;
  /** Acks not yet written. */
  private buffer = "";
  private flushScheduled = false;
  private dirty = false;
  private closed = false;

  constructor(dir: string) {
    this.file = path.join(dir, ACK_LOG);
  }

  /** Records an ack; it is written on the next turn of the event loop. */
  add(seq: number): void {
    // A crash before the batch is written only means these entries are sent again (at least once).
    this.buffer += `${seq}\n`;
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.write());
    }
  }

  /** Writes the buffered acks to the OS. */
  write(): void {
    this.flushScheduled = false;
    if (this.closed || this.buffer === "" || this.handle === undefined) return;
    try {
      this.handle.append(this.buffer);
    } catch {
      // Kept for the next attempt; if the process ends first, those entries are only sent again.
      return;
    }
    this.buffer = "";
    this.dirty = true;
  }

  /** Writes and fsyncs the buffered acks. */
  sync(): void {
    this.write();
    if (this.dirty) {
      this.handle!.sync();
      this.dirty = false;
    }
  }

  /** Rewrites the log when it has grown large; see rewrite(). */
  compactIfLarge(segments: readonly Segment[]): void {
    if ((this.handle?.size ?? 0) > REWRITE_BYTES) this.rewrite(segments);
  }

  /**
   * Replaces the log with the acks of `segments` (from memory, buffered ones included), durably; with
   * `final`, the log is left closed (the spool is closing).
   */
  rewrite(segments: readonly Segment[], final = false): void {
    const lines: string[] = [];
    for (const segment of segments) for (const seq of segment.acked) lines.push(`${seq}\n`);
    this.buffer = "";
    this.handle?.close();
    this.handle = undefined;
    replaceFileDurably(this.file, lines.join(""));
    this.dirty = false;
    if (final) this.closed = true;
    else this.handle = DurableAppendFile.open(this.file);
  }
}
