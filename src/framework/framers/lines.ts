// The "lines" framer: one record per text line, ending at LF, CRLF or a lone CR, UTF-8 (invalid bytes replaced, never
// fatal), the last line kept without its newline, an over-long line rejected without holding it, and
// NUL runs before a line (copytruncate) skipped with a warning.
import { DEFAULT_MAX_RECORD_BYTES, EXCERPT_BYTES, formatBytes, type Framed, type Framer, type FramingLimits } from "./types.js";

const LF = 0x0a;
const CR = 0x0d;
const NUL = 0x00;
const REPLACEMENT = "\uFFFD";
export const INVALID_UTF8_WARNING = "the line holds bytes that are not valid UTF-8; they were replaced by U+FFFD";

/** One decoded line and where it ends; the line framer's output before any parsing. */
export interface RawLine {
  readonly text: string;
  readonly line: number;
  readonly endOffset: number;
  readonly invalidUtf8: boolean;
  /** NUL bytes skipped before the line (copytruncate's hole), when there were any. */
  readonly nulRun?: NulRun;
}

export interface NulRun {
  readonly bytes: number;
  /** Byte offset in the input where the NUL bytes began. */
  readonly offset: number;
}

/** What the framer noticed about a line, as warnings for its record (undefined: nothing). */
export function lineWarnings(raw: RawLine): string[] | undefined {
  if (!raw.invalidUtf8 && raw.nulRun === undefined) return undefined;
  const warnings: string[] = [];
  if (raw.nulRun !== undefined) warnings.push(nulRunWarning(raw.nulRun));
  if (raw.invalidUtf8) warnings.push(INVALID_UTF8_WARNING);
  return warnings;
}

/**
 * Splits bytes into lines. `onLine` sees each complete line; over-long and blank lines become
 * framed rejects and skips directly. Shared by the "lines" and "json-lines" framers.
 */
export class LineSplitter {
  private readonly maxBytes: number;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Set while discarding an over-long line up to its newline; holds the line's first bytes. */
  private oversizeExcerpt: Buffer | undefined;
  private lineNumber = 0;
  private offset: number;
  /** The previous chunk ended with a CR (see push). */
  private afterCr = false;
  /** NUL bytes skipped before the line being read, and the offset where they began. */
  private nulRun = 0;
  private nulRunStart = 0;

  /**
   * `startOffset` and `startLine` place the first byte: a worker of `convert --jobs N` frames a
   * range of whole lines from the middle of an input (the lines before it counted by the main thread).
   */
  constructor(limits: FramingLimits = {}, startOffset = 0, startLine = 0) {
    this.maxBytes = limits.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
    this.offset = startOffset;
    this.lineNumber = startLine;
  }

  push(chunk: Buffer, out: Framed[], onLine: (line: RawLine, out: Framed[]) => void): void {
    let start = 0;
    if (this.afterCr && chunk.length > 0) {
      // The last chunk ended with a CR: an LF right after it completes that CRLF, not a new line.
      this.afterCr = false;
      if (chunk[0] === LF) {
        start = 1;
        this.offset += 1;
      }
    }
    start = this.skipNulRun(chunk, start);
    // Where the next CR is, searched once per chunk unless there is one: most files have none.
    let cr = chunk.indexOf(CR, start);
    let lf = chunk.indexOf(LF, start);
    for (;;) {
      if (lf !== -1 && lf < start) lf = chunk.indexOf(LF, start);
      if (cr !== -1 && cr < start) cr = chunk.indexOf(CR, start);
      // A line ends at LF, CRLF, or a CR alone (old Mac files, and what some devices send).
      const end = cr !== -1 && (lf === -1 || cr < lf) ? cr : lf;
      if (end === -1) {
        this.holdPartial(chunk.subarray(start));
        this.offset += chunk.length - start;
        return;
      }
      let next = end + 1;
      if (end === cr) {
        if (end + 1 < chunk.length) {
          if (chunk[end + 1] === LF) next = end + 2;
        } else {
          this.afterCr = true;
        }
      }
      this.offset += next - start;
      if (this.oversizeExcerpt !== undefined) {
        this.pendingBytes += end - start;
        this.finishOversize(out);
      } else if (this.pendingBytes + end - start > this.maxBytes) {
        this.holdPartial(chunk.subarray(start, end));
        this.finishOversize(out);
      } else {
        if (this.pending.length === 0) {
          // The usual line lies within the chunk: decoded from it in place, no view object per line.
          this.emit(chunk, start, end, out, onLine);
        } else {
          this.pending.push(chunk.subarray(start, end));
          const bytes = Buffer.concat(this.pending);
          this.pending = [];
          this.pendingBytes = 0;
          this.emit(bytes, 0, bytes.length, out, onLine);
        }
      }
      start = this.skipNulRun(chunk, next);
    }
  }

  /**
   * At the start of a line, steps over NUL bytes: the hole a copytruncate leaves when the writer
   * keeps writing at its old offset. They are counted (the next line warns about them), not kept,
   * so a hole of any size neither grows memory nor makes the record after it too long.
   */
  private skipNulRun(chunk: Buffer, start: number): number {
    if (this.pendingBytes > 0 || this.oversizeExcerpt !== undefined) return start;
    let at = start;
    while (at < chunk.length && chunk[at] === NUL) at++;
    if (at > start) {
      if (this.nulRun === 0) this.nulRunStart = this.offset;
      this.nulRun += at - start;
      this.offset += at - start;
    }
    return at;
  }

  end(out: Framed[], onLine: (line: RawLine, out: Framed[]) => void): void {
    if (this.nulRun > 0 && this.pendingBytes === 0 && this.oversizeExcerpt === undefined) {
      // The input ends inside a NUL run: no record, but the bytes are accounted for.
      this.emit(Buffer.alloc(0), 0, 0, out, onLine);
    } else if (this.oversizeExcerpt !== undefined) {
      this.finishOversize(out);
    } else if (this.pendingBytes > 0) {
      const bytes = Buffer.concat(this.pending);
      this.pending = [];
      this.pendingBytes = 0;
      this.emit(bytes, 0, bytes.length, out, onLine);
    }
  }

  private holdPartial(bytes: Buffer): void {
    if (bytes.length === 0) return;
    if (this.oversizeExcerpt !== undefined) {
      this.pendingBytes += bytes.length;
      return;
    }
    if (this.pendingBytes + bytes.length > this.maxBytes) {
      // Keep only the beginning, for the rejects file; the rest is counted, not held.
      const held = Buffer.concat([...this.pending, bytes.subarray(0, EXCERPT_BYTES)]);
      this.oversizeExcerpt = held.subarray(0, EXCERPT_BYTES);
      this.pending = [];
      this.pendingBytes += bytes.length;
      return;
    }
    // Copy: a subarray would pin the whole chunk while the line waits for its end.
    this.pending.push(Buffer.from(bytes));
    this.pendingBytes += bytes.length;
  }

  private finishOversize(out: Framed[]): void {
    const excerpt = this.oversizeExcerpt ?? Buffer.alloc(0);
    const length = this.pendingBytes;
    this.oversizeExcerpt = undefined;
    this.pending = [];
    this.pendingBytes = 0;
    this.lineNumber++;
    out.push({
      kind: "reject",
      code: "RECORD_TOO_LARGE",
      reason: `line is longer than the ${formatBytes(this.maxBytes)} limit (${length} bytes or more); raise maxRecordBytes to accept it`,
      text: excerpt.toString("utf8"),
      line: this.lineNumber,
      endOffset: this.offset,
    });
  }

  /** Emits the line `bytes[from..end)`. */
  private emit(bytes: Buffer, from: number, end: number, out: Framed[], onLine: (line: RawLine, out: Framed[]) => void): void {
    this.lineNumber++;
    const nulBytes = this.nulRun;
    const nulStart = this.nulRunStart;
    this.nulRun = 0;
    let begin = from;
    // A UTF-8 byte order mark on the first line is not part of the record.
    if (this.lineNumber === 1 && end - from >= 3 && bytes[from] === 0xef && bytes[from + 1] === 0xbb && bytes[from + 2] === 0xbf)
      begin = from + 3;
    const text = bytes.toString("utf8", begin, end);
    // Most lines start with a visible character: only then skip the trim.
    const first = text.charCodeAt(0);
    if (text.length === 0 || ((first <= 32 || first === 0xa0 || first === 0xfeff) && text.trim() === "")) {
      const reason = nulBytes > 0 && text.length === 0 ? "NUL bytes only (a hole left by copytruncate)" : "blank line";
      out.push({ kind: "skip", reason, line: this.lineNumber, endOffset: this.offset });
      return;
    }
    // toString replaces invalid sequences with U+FFFD; only then is the slower check worth it.
    const invalidUtf8 = text.includes(REPLACEMENT) && !isValidUtf8(bytes.subarray(begin, end));
    const line: RawLine = { text, line: this.lineNumber, endOffset: this.offset, invalidUtf8 };
    onLine(nulBytes > 0 ? { ...line, nulRun: { bytes: nulBytes, offset: nulStart } } : line, out);
  }
}

/** The warning for a record that followed a run of NUL bytes (see LineSplitter.skipNulRun). */
export function nulRunWarning(run: NulRun): string {
  return (
    `skipped ${run.bytes} NUL byte(s) before this line (from byte ${run.offset}): what copytruncate leaves when the ` +
    "writer does not open its log in append mode; the record after them was converted"
  );
}

function isValidUtf8(bytes: Buffer): boolean {
  return Buffer.from(bytes.toString("utf8"), "utf8").equals(bytes);
}

/** Framer for input "lines": each non-blank line is one string record. */
export function createLinesFramer(limits: FramingLimits = {}, startOffset = 0, startLine = 0): Framer {
  const onLine = (raw: RawLine, out: Framed[]): void => {
    const warnings = lineWarnings(raw);
    if (warnings === undefined) {
      out.push({ kind: "record", value: raw.text, text: raw.text, line: raw.line, endOffset: raw.endOffset });
    } else {
      out.push({ kind: "record", value: raw.text, text: raw.text, line: raw.line, endOffset: raw.endOffset, warnings });
    }
  };
  return framerOverLines(new LineSplitter(limits, startOffset, startLine), onLine);
}

/** A Framer that cuts lines with `splitter` and turns each into records with `onLine`. */
export function framerOverLines(splitter: LineSplitter, onLine: (raw: RawLine, out: Framed[]) => void): Framer {
  return {
    push(chunk) {
      const out: Framed[] = [];
      splitter.push(chunk, out, onLine);
      return out;
    },
    end() {
      const out: Framed[] = [];
      splitter.end(out, onLine);
      return out;
    },
  };
}
