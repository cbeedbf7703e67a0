// The main thread's only per-byte work in `convert --jobs N` for line formats: cut the input into
// ranges of whole lines and count the lines in each, so a worker can frame a range itself (decode,
// split, parse) exactly as one thread would, numbering its lines from the right place. A range
// travels as its own ArrayBuffer, transferred: no copy, no per-record message.

const LF = 0x0a;
const CR = 0x0d;

/** Ranges are cut once this much is held (bigger: fewer messages; smaller: less held per worker). */
export const RANGE_BYTES = 256 * 1024;

/** Whole lines of one input, from byte `startOffset`, after `startLine` lines. */
export interface LineRange {
  readonly bytes: Uint8Array;
  readonly startOffset: number;
  readonly startLine: number;
  /** The input ends with this range (it may end without a newline: the framer's `end` runs). */
  readonly final: boolean;
}

/**
 * Cuts after the last line end (LF, CRLF, or a CR not at the very end of what is held: the LF of
 * its CRLF may still come), so each range starts where the line framer's state is clean: no
 * partial line, no pending CR, no over-long line being skipped.
 */
export class LineRangeCutter {
  private held: Buffer[] = [];
  private heldBytes = 0;
  private offset: number;
  private line: number;
  /** Whether what is held has a line end to cut after (see cutAfterLastLineEnd). */
  private heldLineEnd = false;
  private endsWithCr = false;

  constructor(
    startOffset: number,
    /** Past this many bytes without a line end, `overflowing` says so (see there). */
    private readonly maxHeldBytes: number,
    /** A range is cut once this much is held. */
    private readonly rangeBytes = RANGE_BYTES,
  ) {
    this.offset = startOffset;
    this.line = 0;
  }

  /**
   * No line end in more than `maxHeldBytes`: an over-long line (or a NUL hole) that the caller
   * hands, with `takeHeld`, to a framer on its own thread rather than hold without bound.
   */
  get overflowing(): boolean {
    return this.heldBytes > this.maxHeldBytes;
  }

  /**
   * Adds bytes; returns the ranges of about `rangeBytes` each that are now whole (`force`: also
   * whatever is whole now, however small).
   */
  push(chunk: Buffer, force = false): LineRange[] {
    if (chunk.length > 0) {
      // A CR held last ends a line once any byte follows it.
      if (!this.heldLineEnd) this.heldLineEnd = this.endsWithCr || chunk.indexOf(LF) !== -1 || chunk.indexOf(CR) !== -1;
      this.endsWithCr = chunk[chunk.length - 1] === CR;
      this.held.push(chunk);
      this.heldBytes += chunk.length;
    }
    // Without a line end nothing can be cut: not even copied together (an over-long line grows).
    if (!this.heldLineEnd || this.heldBytes === 0 || (!force && this.heldBytes < this.rangeBytes)) return [];
    // Our own buffer, always (a source may reuse its chunks): transferable once cut.
    const all = concatOwn(this.held, this.heldBytes);
    const cuts: number[] = [];
    let start = 0;
    while (all.length - start > this.rangeBytes) {
      const cut = cutAfterLastLineEnd(all.subarray(start, start + this.rangeBytes));
      if (cut === 0) break;
      cuts.push((start += cut));
    }
    if (force || all.length - start >= this.rangeBytes) {
      const cut = cutAfterLastLineEnd(all.subarray(start));
      if (cut > 0) cuts.push((start += cut));
    }
    const rest = all.subarray(start);
    this.held = rest.length > 0 ? [Buffer.from(rest)] : [];
    this.heldBytes = rest.length;
    // What is left holds no line end but maybe a last CR (kept in endsWithCr).
    this.heldLineEnd = false;
    const ranges: LineRange[] = [];
    let from = 0;
    for (const to of cuts) {
      // One range takes the whole buffer (transferred as is); several need one buffer each.
      const bytes = cuts.length === 1 ? all.subarray(0, to) : Uint8Array.prototype.slice.call(all, from, to);
      ranges.push({ bytes, startOffset: this.offset, startLine: this.line, final: false });
      this.offset += to - from;
      this.line += countLineEnds(bytes);
      from = to;
    }
    return ranges;
  }

  /** The input's end: what is held (a last line without a newline, trailing NULs), if anything. */
  end(): LineRange | undefined {
    if (this.heldBytes === 0) return undefined;
    const bytes = concatOwn(this.held, this.heldBytes);
    this.held = [];
    this.heldBytes = 0;
    return { bytes, startOffset: this.offset, startLine: this.line, final: true };
  }

  /** What is held and where it starts; the cutter is done with the input after this. */
  takeHeld(): { readonly bytes: Buffer; readonly startOffset: number; readonly startLine: number } {
    const bytes = Buffer.concat(this.held, this.heldBytes);
    this.held = [];
    this.heldBytes = 0;
    return { bytes, startOffset: this.offset, startLine: this.line };
  }
}

function concatOwn(parts: readonly Buffer[], total: number): Buffer {
  const out = Buffer.allocUnsafeSlow(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Bytes up to and including the last line end that is sure to be one; 0 if there is none. */
export function cutAfterLastLineEnd(bytes: Uint8Array): number {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lf = buffer.lastIndexOf(LF);
  // A CR after the last LF ends a line only if a byte follows it (else it may be a CRLF's half).
  // (lastIndexOf counts a negative start from the end: a 1-byte buffer has no such CR.)
  const cr = buffer.length < 2 ? -1 : buffer.lastIndexOf(CR, buffer.length - 2);
  if (cr > lf) return buffer[cr + 1] === LF ? cr + 2 : cr + 1;
  return lf + 1;
}

/** Lines that end in `bytes`, as the line framer counts them: LF, CRLF and a lone CR each end one. */
export function countLineEnds(bytes: Uint8Array): number {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let lines = 0;
  for (let at = buffer.indexOf(LF); at !== -1; at = buffer.indexOf(LF, at + 1)) lines++;
  // Most files hold no CR: one search says so.
  for (let at = buffer.indexOf(CR); at !== -1; at = buffer.indexOf(CR, at + 1)) {
    if (buffer[at + 1] !== LF) lines++;
  }
  return lines;
}
