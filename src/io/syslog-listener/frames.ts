// Cuts syslog-over-TCP byte streams into messages (RFC 6587): octet counting ("LEN SP MSG") or
// newline framing, chosen per connection from its first byte; every frame is bounded in size.

const LF = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const NUL = 0x00;

/** What the framer hands on: a whole message, or the first bytes of one that was too large. */
export type Frame =
  | { readonly kind: "message"; readonly bytes: Buffer }
  | { readonly kind: "oversize"; readonly excerpt: Buffer; readonly length: number }
  /** An octet-counted frame whose connection ended early: `bytes` arrived of the `expected` announced. */
  | { readonly kind: "truncated"; readonly bytes: Buffer; readonly expected: number };

export type FramingMode = "octet-counting" | "newline";

/**
 * One TCP connection's framer. Memory is bounded by `maxFrameBytes`: a longer frame is reported
 * with its first bytes, and the rest of it is skipped without being kept.
 */
export class TcpFramer {
  private mode: FramingMode | undefined;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Octet counting: bytes still to read of the current message (its length header was read). */
  private remaining = 0;
  private inMessage = false;
  private header = "";
  /** Set while skipping an over-long frame: its first bytes, and its total length so far. */
  private excerpt: Buffer | undefined;
  private skipped = 0;

  constructor(private readonly maxFrameBytes: number) {}

  get framing(): FramingMode | undefined {
    return this.mode;
  }

  push(chunk: Buffer): Frame[] {
    const out: Frame[] = [];
    if (this.mode === undefined && chunk.length > 0) {
      const first = chunk[0]!;
      // RFC 6587 3.4.1: octet counting starts with a nonzero digit; a syslog message starts with '<'.
      this.mode = first >= 0x31 && first <= 0x39 ? "octet-counting" : "newline";
    }
    if (this.mode === "octet-counting") this.pushCounted(chunk, out);
    else this.pushNewline(chunk, out);
    return out;
  }

  /** The connection ended: a last newline-framed message without its LF still counts. */
  end(): Frame[] {
    const out: Frame[] = [];
    if (this.mode === "newline") {
      if (this.excerpt !== undefined) this.finishOversize(out);
      else if (this.pendingBytes > 0) this.emit(out);
    } else if (this.mode === "octet-counting" && (this.inMessage || this.header !== "")) {
      // A frame cut off by the peer: what arrived is handed on as truncated (to be rejected with
      // that reason), never converted as if complete and never dropped silently.
      if (this.excerpt !== undefined) {
        this.finishOversize(out);
      } else if (this.inMessage) {
        const bytes = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
        out.push({ kind: "truncated", bytes, expected: bytes.length + this.remaining });
      } else {
        // Cut inside the length header itself: the digits are all there is.
        out.push({ kind: "truncated", bytes: Buffer.from(this.header, "latin1"), expected: -1 });
      }
      this.pending = [];
      this.pendingBytes = 0;
      this.inMessage = false;
      this.header = "";
    }
    return out;
  }

  private pushNewline(chunk: Buffer, out: Frame[]): void {
    let start = 0;
    for (;;) {
      let end = chunk.indexOf(LF, start);
      // Some senders (and RFC 6587's non-transparent framing variants) end frames with NUL.
      const nul = chunk.indexOf(NUL, start);
      if (nul !== -1 && (end === -1 || nul < end)) end = nul;
      if (end === -1) {
        this.hold(chunk.subarray(start));
        return;
      }
      this.hold(chunk.subarray(start, end));
      if (this.excerpt !== undefined) this.finishOversize(out);
      else this.emit(out);
      start = end + 1;
    }
  }

  private pushCounted(chunk: Buffer, out: Frame[]): void {
    let pos = 0;
    while (pos < chunk.length) {
      if (!this.inMessage) {
        // Header: 1-9 digits then a space. Anything else breaks the framing for good.
        const c = chunk[pos]!;
        pos++;
        if (c === SP && this.header !== "") {
          this.remaining = Number(this.header);
          this.header = "";
          this.inMessage = true;
          if (this.remaining === 0) this.inMessage = false;
          continue;
        }
        if (c >= 0x30 && c <= 0x39 && this.header.length < 9) {
          this.header += String.fromCharCode(c);
          continue;
        }
        if ((c === LF || c === CR) && this.header === "") continue; // tolerated between frames
        // Not octet counting after all (or garbage): fall back to newline framing for the rest.
        this.mode = "newline";
        const rest = Buffer.concat([Buffer.from(this.header, "latin1"), chunk.subarray(pos - 1)]);
        this.header = "";
        this.pushNewline(rest, out);
        return;
      }
      const take = Math.min(this.remaining, chunk.length - pos);
      this.hold(chunk.subarray(pos, pos + take));
      pos += take;
      this.remaining -= take;
      if (this.remaining === 0) {
        this.inMessage = false;
        if (this.excerpt !== undefined) this.finishOversize(out);
        else this.emit(out);
      }
    }
  }

  private hold(bytes: Buffer): void {
    if (bytes.length === 0) return;
    if (this.excerpt !== undefined) {
      this.skipped += bytes.length;
      return;
    }
    if (this.pendingBytes + bytes.length > this.maxFrameBytes) {
      const all = Buffer.concat([...this.pending, bytes]);
      this.excerpt = all.subarray(0, Math.min(all.length, 1024));
      this.skipped = all.length;
      this.pending = [];
      this.pendingBytes = 0;
      return;
    }
    // Copied: a subarray would pin the socket's whole chunk while the frame waits for its end.
    this.pending.push(Buffer.from(bytes));
    this.pendingBytes += bytes.length;
  }

  private emit(out: Frame[]): void {
    const bytes = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    out.push({ kind: "message", bytes });
  }

  private finishOversize(out: Frame[]): void {
    out.push({ kind: "oversize", excerpt: this.excerpt ?? Buffer.alloc(0), length: this.skipped });
    this.excerpt = undefined;
    this.skipped = 0;
  }
}

/**
 * A message as one line for the pipeline's line framer: trailing CR/LF/NUL removed, and any LF, CR
 * or NUL inside (multi-line messages sent with octet counting) turned into a space, so that one
 * message is exactly one line (the framer ends lines at a lone CR too).
 */
export function asLine(bytes: Buffer): Buffer {
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === LF || bytes[end - 1] === CR || bytes[end - 1] === NUL)) end--;
  let line = bytes.subarray(0, end);
  if (line.includes(LF) || line.includes(NUL) || line.includes(CR)) {
    line = Buffer.from(line);
    for (let i = 0; i < line.length; i++) if (line[i] === LF || line[i] === NUL || line[i] === CR) line[i] = SP;
  }
  return line;
}
