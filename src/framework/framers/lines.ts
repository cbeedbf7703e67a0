// The "lines" framer: one record per text line, CRLF or LF, UTF-8 (invalid bytes replaced, never
// fatal), the last line kept without its newline, and an over-long line rejected without holding it.
import {
  DEFAULT_MAX_RECORD_BYTES,
  EXCERPT_BYTES,
  formatBytes,
  type Framed,
  type Framer,
  type FramingLimits,
} from "./types.js";

const LF = 0x0a;
const CR = 0x0d;
const REPLACEMENT = "\uFFFD";
export const INVALID_UTF8_WARNING = "the line holds bytes that are not valid UTF-8; they were replaced by U+FFFD";

/** One decoded line and where it ends; the line framer's output before any parsing. */
export interface RawLine {
  readonly text: string;
  readonly line: number;
  readonly endOffset: number;
  readonly invalidUtf8: boolean;
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

  constructor(limits: FramingLimits = {}, startOffset = 0) {
    this.maxBytes = limits.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
    this.offset = startOffset;
  }

  push(chunk: Buffer, out: Framed[], onLine: (line: RawLine, out: Framed[]) => void): void {
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(LF, start);
      if (newline === -1) {
        this.holdPartial(chunk.subarray(start));
        this.offset += chunk.length - start;
        return;
      }
      this.offset += newline + 1 - start;
      if (this.oversizeExcerpt !== undefined) {
        this.pendingBytes += newline - start;
        this.finishOversize(out);
      } else if (this.pendingBytes + newline - start > this.maxBytes + 1) {
        // +1: a CR before the LF is not part of the line.
        this.holdPartial(chunk.subarray(start, newline));
        this.finishOversize(out);
      } else {
        let bytes: Buffer;
        if (this.pending.length === 0) {
          bytes = chunk.subarray(start, newline);
        } else {
          this.pending.push(chunk.subarray(start, newline));
          bytes = Buffer.concat(this.pending);
          this.pending = [];
          this.pendingBytes = 0;
        }
        this.emit(bytes, out, onLine);
      }
      start = newline + 1;
    }
  }

  end(out: Framed[], onLine: (line: RawLine, out: Framed[]) => void): void {
    if (this.oversizeExcerpt !== undefined) {
      this.finishOversize(out);
    } else if (this.pendingBytes > 0) {
      const bytes = Buffer.concat(this.pending);
      this.pending = [];
      this.pendingBytes = 0;
      this.emit(bytes, out, onLine);
    }
  }

  private holdPartial(bytes: Buffer): void {
    if (bytes.length === 0) return;
    if (this.oversizeExcerpt !== undefined) {
      this.pendingBytes += bytes.length;
      return;
    }
    if (this.pendingBytes + bytes.length > this.maxBytes + 1) {
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

  private emit(bytes: Buffer, out: Framed[], onLine: (line: RawLine, out: Framed[]) => void): void {
    this.lineNumber++;
    let end = bytes.length;
    if (end > 0 && bytes[end - 1] === CR) end--;
    let begin = 0;
    // A UTF-8 byte order mark on the first line is not part of the record.
    if (this.lineNumber === 1 && end >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) begin = 3;
    const text = bytes.toString("utf8", begin, end);
    // Most lines start with a visible character: only then skip the trim.
    const first = text.charCodeAt(0);
    if (text.length === 0 || ((first <= 32 || first === 0xa0 || first === 0xfeff) && text.trim() === "")) {
      out.push({ kind: "skip", reason: "blank line", line: this.lineNumber, endOffset: this.offset });
      return;
    }
    // toString replaces invalid sequences with U+FFFD; only then is the slower check worth it.
    const invalidUtf8 = text.includes(REPLACEMENT) && !isValidUtf8(bytes.subarray(begin, end));
    onLine({ text, line: this.lineNumber, endOffset: this.offset, invalidUtf8 }, out);
  }
}

function isValidUtf8(bytes: Buffer): boolean {
  return Buffer.from(bytes.toString("utf8"), "utf8").equals(bytes);
}

/** Framer for input "lines": each non-blank line is one string record. */
export function createLinesFramer(limits: FramingLimits = {}, startOffset = 0): Framer {
  const onLine = (raw: RawLine, out: Framed[]): void => {
    if (!raw.invalidUtf8) {
      out.push({ kind: "record", value: raw.text, text: raw.text, line: raw.line, endOffset: raw.endOffset });
    } else {
      out.push({ kind: "record", value: raw.text, text: raw.text, line: raw.line, endOffset: raw.endOffset, warnings: [INVALID_UTF8_WARNING] });
    }
  };
  return framerOverLines(new LineSplitter(limits, startOffset), onLine);
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
