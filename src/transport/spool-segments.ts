// The spool's segment files: append-only logs of entries "<seq>\t<meta>\t<message JSON>\n", named
// by the first seq they hold, and the in-memory book of each one (its range, its acks, its size).
import fs from "node:fs";
import path from "node:path";

export interface SpoolEntry {
  readonly seq: number;
  /** The serialized message (JSON text, one line). */
  readonly body: string;
  /** What the caller stored beside it (one line without tabs, e.g. JSON of the record's origin). */
  readonly meta: string;
}

export interface Segment {
  readonly firstSeq: number;
  readonly file: string;
  lastSeq: number;
  count: number;
  readonly acked: Set<number>;
  bytes: number;
}

export const SEGMENT_PATTERN = /^segment-(\d{16})\.log$/;

/** A new, empty segment whose first entry will be `firstSeq`. */
export function newSegment(dir: string, firstSeq: number): Segment {
  const file = path.join(dir, `segment-${String(firstSeq).padStart(16, "0")}.log`);
  return { firstSeq, file, lastSeq: firstSeq - 1, count: 0, acked: new Set(), bytes: 0 };
}

/** True when every entry of the segment is done (delivered or rejected). */
export function segmentDone(segment: Segment): boolean {
  return segment.acked.size === segment.count;
}

/** The line of one entry, newline included. */
export function formatEntry(seq: number, meta: string, body: string): string {
  return `${seq}\t${meta}\t${body}\n`;
}

/** Splits a segment line "<seq>\t<meta>\t<body>"; undefined when it is not one. */
export function parseEntry(line: string): SpoolEntry | undefined {
  const tab = line.indexOf("\t");
  const seq = tab > 0 ? parseSeq(line.slice(0, tab)) : undefined;
  const second = seq === undefined ? -1 : line.indexOf("\t", tab + 1);
  if (seq === undefined || second < 0) return undefined;
  return { seq, meta: line.slice(tab + 1, second), body: line.slice(second + 1) };
}

export function parseSeq(text: string): number | undefined {
  if (!/^\d{1,15}$/.test(text)) return undefined;
  return Number(text);
}

/**
 * Calls `onEntry` for each well-formed entry of a segment file and `onCorrupt` for each line that is
 * not one; stops early when `onEntry` returns false. A last line without its newline is skipped
 * (recovery truncates it).
 */
export function readEntries(file: string, onEntry: (entry: SpoolEntry) => boolean, onCorrupt?: (line: string) => void): void {
  const text = fs.readFileSync(file, "utf8");
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf("\n", start);
    if (newline < 0) return;
    const line = text.slice(start, newline);
    const entry = parseEntry(line);
    start = newline + 1;
    if (entry === undefined) onCorrupt?.(line);
    else if (!onEntry(entry)) return;
  }
}

/** The segment holding `seq` in a list ordered by firstSeq (binary search), if any. */
export function segmentOf(segments: readonly Segment[], seq: number): Segment | undefined {
  let low = 0;
  let high = segments.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const segment = segments[mid]!;
    if (seq < segment.firstSeq) high = mid - 1;
    else if (seq > segment.lastSeq) low = mid + 1;
    else return segment;
  }
  return undefined;
}
