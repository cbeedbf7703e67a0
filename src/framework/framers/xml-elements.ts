// The streamed XML framer for `recordElements`: emits each top-level element as one record with
// its start line, holding at most one element (bounded by the record size limit) in memory.
// It only tokenizes: comments, PIs, the XML declaration and a DOCTYPE (internal subset included)
// are skipped as inert text, so no entity is ever expanded here; the converter parses the element.
// It scans raw bytes (all markup is ASCII, and UTF-8 never puts an ASCII byte inside a multi-byte
// character), so offsets and sizes are exact bytes whatever the input holds.
//
// One malformed record must never swallow the ones after it, so the framer resynchronises:
// - a record ends at the end tag with its own qualified name (`</idmef:IDMEF-Message>`) whatever
//   the depth counted so far (a stray `<` in text looks like a start tag); the converter's parser
//   then rejects what is not well-formed;
// - a `<` inside a tag ends that tag (XML allows no `<` in a tag, not even in attribute values);
// - a start tag of a record element (`<IDMEF-Message`, any prefix) inside a record, a comment, a
//   CDATA section, a PI or a declaration begins the next record: what was open is rejected as not
//   closed. Record elements therefore cannot contain one another, not even in comments or CDATA;
//   only the quoted literals of a top-level DOCTYPE (entity values) are exempt.
import { DEFAULT_MAX_RECORD_BYTES, EXCERPT_BYTES, formatBytes, type Framed, type Framer, type FramingLimits } from "./types.js";

const enum State {
  Text,
  Lt,
  Bang,
  Comment,
  Cdata,
  Pi,
  Doctype,
  StartTag,
  EndTag,
}

/** What the construct that began at a top-level `<` turned out to be. */
const enum TopKind {
  None,
  Element,
  Inert,
  Stray,
}

/** What an element was in when the next record cut it, for the reject reason. */
const INSIDE: Partial<Record<State, string>> = {
  [State.Bang]: "declaration",
  [State.Comment]: "comment",
  [State.Cdata]: "CDATA section",
  [State.Pi]: "processing instruction",
  [State.Doctype]: "declaration",
};

export const INVALID_UTF8_XML_WARNING = "the element holds bytes that are not valid UTF-8; they were replaced by U+FFFD";

const NL = 10;
const LT = 60;
const GT = 62;
const SLASH = 47;
const BANG = 33;
const QUESTION = 63;
const DASH = 45;
const RBRACKET = 93;
const LBRACKET = 91;
const DQUOTE = 34;
const SQUOTE = 39;
const BOM = [0xef, 0xbb, 0xbf] as const;
/** Names are collected up to this many bytes (longer ones are never record element names). */
const MAX_NAME = 256;
/** Bytes kept past the size limit so a record cut before the next one keeps its whole text. */
const HEAD_SLACK = MAX_NAME + 8;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === NL || c === 13;
}

/** Names are collected byte by byte as latin1 strings: cheap, and comparable with `wanted` as such. */
function localName(qualified: string): string {
  const colon = qualified.indexOf(":");
  return colon === -1 ? qualified : qualified.slice(colon + 1);
}

function utf8(latin1: string): string {
  return Buffer.from(latin1, "latin1").toString("utf8");
}

export function createXmlElementsFramer(recordElements: readonly string[], limits: FramingLimits = {}, startOffset = 0): Framer {
  return new XmlElementsFramer(recordElements, limits, startOffset);
}

class XmlElementsFramer implements Framer {
  /** The record element names as latin1 strings of their UTF-8 bytes, like collected names. */
  private readonly wanted: ReadonlySet<string>;
  private readonly expected: string;
  private readonly maxBytes: number;
  /** Offset of the current chunk's first byte (from startOffset); after a push, bytes pushed. */
  private base: number;
  private bomAt = 0;
  private line = 1;

  private state = State.Text;
  private depth = 0;
  /** Bang lookahead ("--", "[CDATA[", "DOCTYPE") and tag names are collected here (bounded). */
  private word = "";
  private dashes = 0;
  private brackets = 0;
  private sawQuestion = false;
  private quote = 0;
  private lastSlash = false;
  private inName = false;
  // DOCTYPE internal subset: 0 plain, 1 saw "<", 2 saw "<!", 3 saw "<!-", 4 comment, 5 PI.
  private subset = 0;
  private subsetBracket = false;
  /** Where the last `<` that opened a tag inside an element was (offset and line). */
  private ltOffset = 0;
  private ltLine = 0;
  // Inside comments, CDATA, PIs and declarations: a `<name` being read, to spot a record start.
  private probing = false;
  private probeWord = "";
  private probeOffset = 0;
  private probeLine = 0;

  // The top-level construct being read (names as latin1; see localName).
  private topKind = TopKind.None;
  private topName = "";
  private topLine = 0;
  private topOffset = 0;
  private parts: Buffer[] = [];
  private captured = 0;
  private dropped = false;
  private excerpt: Buffer = Buffer.alloc(0);
  private capturing = false;
  private captureFrom = 0;

  // Non-blank text outside any element.
  private junkLine = 0;
  private junk = "";
  private inJunk = false;

  constructor(recordElements: readonly string[], limits: FramingLimits, startOffset: number) {
    this.wanted = new Set(recordElements.map((name) => Buffer.from(name, "utf8").toString("latin1")));
    this.expected = recordElements.join(" or ");
    this.maxBytes = limits.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
    this.base = startOffset;
  }

  push(chunk: Buffer): Framed[] {
    const out: Framed[] = [];
    let from = 0;
    // A UTF-8 byte order mark is dropped; its bytes may come in separate chunks.
    while (this.bomAt < BOM.length && from < chunk.length) {
      if (chunk[from] === BOM[this.bomAt]) {
        this.bomAt++;
        from++;
        continue;
      }
      // Not a BOM after all: the bytes taken for one are text outside any element.
      for (let k = 0; k < this.bomAt; k++) this.startJunk(BOM[k] as number);
      this.bomAt = BOM.length;
    }
    this.scan(chunk, from, out);
    this.base += chunk.length;
    return out;
  }

  end(): Framed[] {
    const out: Framed[] = [];
    if (this.bomAt > 0 && this.bomAt < BOM.length) for (let k = 0; k < this.bomAt; k++) this.startJunk(BOM[k] as number);
    this.flushJunk(out, this.base);
    if (this.topKind !== TopKind.None || this.state !== State.Text) {
      out.push({
        kind: "reject",
        code: "TRUNCATED_RECORD",
        reason: `${this.describeTop()} starting at line ${this.topLine} is truncated at end of input`,
        text: this.takeText(this.captured),
        line: this.topLine,
        endOffset: this.base,
      });
      this.resetTop();
      this.state = State.Text;
      this.depth = 0;
    }
    return out;
  }

  private scan(chunk: Buffer, from: number, out: Framed[]): void {
    const length = chunk.length;
    if (this.capturing) this.captureFrom = from;
    let i = from;
    while (i < length) {
      const c = chunk[i] as number;
      switch (this.state) {
        case State.Text: {
          if (this.depth > 0) {
            // Inside an element: jump to the next markup, counting lines on the way.
            const next = chunk.indexOf(LT, i);
            const stop = next === -1 ? length : next;
            this.countLines(chunk, i, stop);
            if (next === -1) {
              i = length;
              continue;
            }
            this.ltOffset = this.base + next;
            this.ltLine = this.line;
            i = next + 1;
            this.state = State.Lt;
            continue;
          }
          if (c === LT) {
            if (this.inJunk) this.flushJunk(out, this.base + i);
            this.beginTop(i);
            this.state = State.Lt;
          } else if (c === NL) {
            this.line++;
            if (this.inJunk) this.addJunk(c);
          } else if (!isSpace(c)) {
            this.startJunk(c);
          } else if (this.inJunk) {
            this.addJunk(c);
          }
          break;
        }
        case State.Lt: {
          if (c === BANG) {
            this.state = State.Bang;
            this.word = "";
            this.probing = false;
          } else if (c === QUESTION) {
            this.state = State.Pi;
            this.sawQuestion = false;
            this.probing = false;
            if (this.depth === 0) this.topKind = TopKind.Inert;
          } else if (c === SLASH) {
            this.state = State.EndTag;
            if (this.depth === 0) this.topKind = TopKind.Stray;
            this.word = "";
            this.inName = true;
          } else if (c === LT) {
            this.breakTag(chunk, i, out);
            break;
          } else {
            this.state = State.StartTag;
            this.word = "";
            this.inName = true;
            this.quote = 0;
            this.lastSlash = false;
            continue; // this character is the name's first
          }
          break;
        }
        case State.Bang: {
          if (this.probe(chunk, i, c, out)) continue;
          this.word += String.fromCharCode(c);
          if (c === NL) this.line++;
          if (this.word === "--") {
            this.state = State.Comment;
            this.dashes = 0;
            if (this.depth === 0) this.topKind = TopKind.Inert;
          } else if (this.word === "[CDATA[") {
            this.state = State.Cdata;
            this.brackets = 0;
            if (this.depth === 0) this.topKind = TopKind.Stray;
          } else if (this.word.length >= 7 || !("--".startsWith(this.word) || "[CDATA[".startsWith(this.word))) {
            // DOCTYPE, or another declaration: skipped to its end, quotes and subset respected.
            this.state = State.Doctype;
            this.quote = 0;
            this.subset = 0;
            this.subsetBracket = false;
            if (this.depth === 0) this.topKind = TopKind.Inert;
            if (c === LBRACKET) this.subsetBracket = true;
            else if (c === GT) this.finishInert();
          }
          break;
        }
        case State.Comment: {
          if (this.probe(chunk, i, c, out)) continue;
          if (c === NL) this.line++;
          if (c === DASH) this.dashes++;
          else {
            if (c === GT && this.dashes >= 2) this.endMarkup(chunk, i, out);
            this.dashes = 0;
          }
          break;
        }
        case State.Cdata: {
          if (this.brackets === 0 && !this.probing) {
            // Jump to the end of the section unless a `<` (a possible record start) comes first;
            // else to that `<`, or near the chunk's end (its last "]]" may begin the end).
            const close = chunk.indexOf("]]>", i, "latin1");
            const lt = chunk.indexOf(LT, i);
            if (close !== -1 && (lt === -1 || lt > close)) {
              this.countLines(chunk, i, close);
              i = close + 2;
              this.endMarkup(chunk, i, out);
              i++;
              continue;
            }
            const target = lt !== -1 ? lt : Math.max(i, length - 2);
            if (target > i) {
              this.countLines(chunk, i, target);
              i = target;
              continue;
            }
          }
          if (this.probe(chunk, i, c, out)) continue;
          if (c === NL) this.line++;
          if (c === RBRACKET) this.brackets++;
          else {
            if (c === GT && this.brackets >= 2) this.endMarkup(chunk, i, out);
            this.brackets = 0;
          }
          break;
        }
        case State.Pi: {
          if (this.probe(chunk, i, c, out)) continue;
          if (c === NL) this.line++;
          if (c === GT && this.sawQuestion) this.endMarkup(chunk, i, out);
          this.sawQuestion = c === QUESTION;
          break;
        }
        case State.Doctype: {
          // A DOCTYPE's quoted literals (entity values) may hold markup: `<!ENTITY a "<Event>">`.
          if ((this.depth > 0 || this.quote === 0) && this.probe(chunk, i, c, out)) continue;
          if (c === NL) this.line++;
          this.doctypeChar(c, chunk, i, out);
          break;
        }
        case State.StartTag: {
          if (c === LT) {
            this.breakTag(chunk, i, out);
            break;
          }
          if (c === NL) this.line++;
          if (this.inName) {
            if (isSpace(c) || c === GT || c === SLASH) {
              this.inName = false;
              if (this.depth === 0) {
                this.topKind = TopKind.Element;
                this.topName = this.word;
              } else if (this.wanted.has(localName(this.word))) {
                // A record element inside a record: the open one was never closed.
                this.cutTop(chunk, i, this.ltOffset, this.ltLine, "<" + this.word, out);
                this.topKind = TopKind.Element;
                this.topName = this.word;
              }
            } else {
              if (this.word.length < MAX_NAME) this.word += String.fromCharCode(c);
              break;
            }
          }
          if (this.quote !== 0) {
            if (c === this.quote) this.quote = 0;
          } else if (c === DQUOTE || c === SQUOTE) {
            this.quote = c;
          } else if (c === GT) {
            if (this.lastSlash) {
              // Self-closing: depth unchanged, and a top-level one is a whole record.
              if (this.depth === 0) this.endTop(chunk, i, out);
              else this.state = State.Text;
            } else {
              this.depth++;
              this.state = State.Text;
            }
            break;
          }
          this.lastSlash = c === SLASH && this.quote === 0;
          break;
        }
        case State.EndTag: {
          if (c === LT) {
            this.breakTag(chunk, i, out);
            break;
          }
          if (c === NL) this.line++;
          if (c === GT) {
            if (this.depth === 0) {
              this.topName = "/" + this.word;
              this.endTop(chunk, i, out);
            } else if (this.word === this.topName) {
              // The record's own end tag ends it, whatever depth a malformed inside left us at.
              this.depth = 0;
              this.endTop(chunk, i, out);
            } else {
              // Another name never closes the record: its parser will see the imbalance.
              if (this.depth > 1) this.depth--;
              this.state = State.Text;
            }
          } else if (this.inName) {
            if (isSpace(c)) this.inName = false;
            else if (this.word.length < MAX_NAME) this.word += String.fromCharCode(c);
          }
          break;
        }
      }
      i++;
    }
    if (this.capturing) this.keep(chunk.subarray(this.captureFrom), true);
  }

  /**
   * Inside a comment, CDATA, PI or declaration: watches for `<name` where name is a record
   * element, the start of the next record. Returns true when it resynchronised there; the
   * current byte (the one after the name) is then read again as part of that start tag.
   */
  private probe(chunk: Buffer, i: number, c: number, out: Framed[]): boolean {
    if (this.probing) {
      if (isSpace(c) || c === GT || c === SLASH || c === LT) {
        this.probing = false;
        if (this.probeWord.length > 0 && this.wanted.has(localName(this.probeWord))) {
          this.cutTop(chunk, i, this.probeOffset, this.probeLine, "<" + this.probeWord, out);
          this.state = State.StartTag;
          this.inName = false;
          this.topKind = TopKind.Element;
          this.topName = this.probeWord;
          this.quote = 0;
          this.lastSlash = false;
          return true;
        }
      } else if (this.probeWord.length < MAX_NAME) {
        this.probeWord += String.fromCharCode(c);
      } else {
        this.probing = false;
      }
    }
    if (c === LT) {
      this.probing = true;
      this.probeWord = "";
      this.probeOffset = this.base + i;
      this.probeLine = this.line;
    }
    return false;
  }

  /** A `<` where a tag was being read: XML allows none there, so the tag ends and new markup begins. */
  private breakTag(chunk: Buffer, i: number, out: Framed[]): void {
    if (this.depth === 0) {
      this.cutTop(chunk, i, this.base + i, this.line, "", out);
      this.topKind = TopKind.None;
    }
    this.ltOffset = this.base + i;
    this.ltLine = this.line;
    this.state = State.Lt;
  }

  /**
   * The construct open at top level is not closed before new markup at `cutOffset` (`head`: its
   * bytes before chunk[i]): rejects what came before and starts a top-level construct there.
   */
  private cutTop(chunk: Buffer, i: number, cutOffset: number, cutLine: number, head: string, out: Framed[]): void {
    this.keep(chunk.subarray(this.captureFrom, i), false);
    const size = cutOffset - this.topOffset;
    const text = this.takeText(size);
    const what = this.describeTop();
    const inside = this.depth > 0 ? INSIDE[this.state] : undefined;
    const next = head === "" ? "'<'" : `<${utf8(head.slice(1))}>`;
    const wantedTop = this.topKind === TopKind.Element && this.wanted.has(localName(this.topName));
    out.push({
      kind: "reject",
      code: this.topKind === TopKind.Element && !wantedTop ? "UNEXPECTED_ELEMENT" : "MALFORMED_RECORD",
      reason:
        this.topKind === TopKind.Element && !wantedTop
          ? `unexpected root element <${utf8(this.topName)}>, expected ${this.expected} (not closed before ${next} at line ${cutLine})`
          : `${what} starting at line ${this.topLine} is not closed before ${next} at line ${cutLine}${inside === undefined ? "" : ` (in an unclosed ${inside})`}`,
      text,
      line: this.topLine,
      endOffset: cutOffset,
    });
    this.resetTop();
    this.depth = 0;
    this.topLine = cutLine;
    this.topOffset = cutOffset;
    this.capturing = true;
    this.captureFrom = i;
    if (head.length > 0) this.keep(Buffer.from(head, "latin1"), false);
  }

  private describeTop(): string {
    switch (this.topKind) {
      case TopKind.Element:
        return `element <${utf8(this.topName) || "?"}>`;
      case TopKind.Stray:
        if (this.state === State.Cdata) return "CDATA section";
        return this.state === State.EndTag ? `end tag </${utf8(this.word)}>` : `element <${utf8(this.topName) || "?"}>`;
      default:
        return this.state === State.Comment
          ? "comment"
          : this.state === State.Doctype
            ? "declaration"
            : this.state === State.Pi
              ? "processing instruction"
              : "markup";
    }
  }

  private doctypeChar(c: number, chunk: Buffer, i: number, out: Framed[]): void {
    switch (this.subset) {
      case 4: // comment in the subset
        if (c === DASH) this.dashes++;
        else {
          if (c === GT && this.dashes >= 2) this.subset = 0;
          this.dashes = 0;
        }
        return;
      case 5: // PI in the subset
        if (c === GT && this.sawQuestion) this.subset = 0;
        this.sawQuestion = c === QUESTION;
        return;
      case 1:
        if (c === BANG) this.subset = 2;
        else if (c === QUESTION) {
          this.subset = 5;
          this.sawQuestion = false;
        } else this.subset = 0;
        if (this.subset !== 0) return;
        break;
      case 2:
        if (c === DASH) {
          this.subset = 3;
          return;
        }
        this.subset = 0;
        break;
      case 3:
        if (c === DASH) {
          this.subset = 4;
          this.dashes = 0;
          return;
        }
        this.subset = 0;
        break;
    }
    if (this.quote !== 0) {
      if (c === this.quote) this.quote = 0;
      return;
    }
    if (c === DQUOTE || c === SQUOTE) {
      this.quote = c;
    } else if (this.subsetBracket) {
      if (c === LT) this.subset = 1;
      else if (c === RBRACKET) this.subsetBracket = false;
    } else if (c === LBRACKET) {
      this.subsetBracket = true;
    } else if (c === GT) {
      this.endMarkup(chunk, i, out);
    }
  }

  private finishInert(): void {
    // A declaration that closed on its first characters ("<!X>"): nothing to keep.
    if (this.depth === 0) this.resetTop();
    this.state = State.Text;
  }

  private countLines(chunk: Buffer, from: number, to: number): void {
    let at = chunk.indexOf(NL, from);
    while (at !== -1 && at < to) {
      this.line++;
      at = chunk.indexOf(NL, at + 1);
    }
  }

  private beginTop(i: number): void {
    this.resetTop();
    this.topLine = this.line;
    this.topOffset = this.base + i;
    this.capturing = true;
    this.captureFrom = i;
  }

  /** End of a comment, PI, CDATA or declaration: inside an element it is content, at top level inert. */
  private endMarkup(chunk: Buffer, i: number, out: Framed[]): void {
    this.state = State.Text;
    this.probing = false;
    if (this.depth > 0) return;
    if (this.topKind === TopKind.Stray) {
      this.topName = "![CDATA[";
      this.endTop(chunk, i, out);
      return;
    }
    this.resetTop();
  }

  private endTop(chunk: Buffer, i: number, out: Framed[]): void {
    this.state = State.Text;
    const endOffset = this.base + i + 1;
    const size = endOffset - this.topOffset;
    let bytes: Buffer;
    if (this.parts.length === 0 && !this.dropped) {
      // The usual case, a record within one chunk: decoded straight from it.
      bytes = chunk.subarray(this.captureFrom, i + 1);
    } else {
      this.keep(chunk.subarray(this.captureFrom, i + 1), false);
      bytes = this.dropped ? this.excerpt : Buffer.concat(this.parts);
    }
    const name = utf8(this.topName);
    const wanted = this.wanted.has(localName(this.topName));
    const line = this.topLine;
    const kind = this.topKind;
    const text = bytes.toString("utf8");
    this.resetTop();
    if (kind === TopKind.Stray) {
      out.push({
        kind: "reject",
        code: "UNEXPECTED_ELEMENT",
        reason: name.startsWith("/")
          ? `unexpected end tag <${name}> outside any element`
          : `unexpected ${name === "![CDATA[" ? "CDATA section" : `<${name}>`} outside any element, expected ${this.expected}`,
        text,
        line,
        endOffset,
      });
    } else if (!wanted) {
      out.push({
        kind: "reject",
        code: "UNEXPECTED_ELEMENT",
        reason: `unexpected root element <${name}>, expected ${this.expected}`,
        text,
        line,
        endOffset,
      });
    } else if (size > this.maxBytes) {
      out.push({
        kind: "reject",
        code: "RECORD_TOO_LARGE",
        reason: `element <${name}> is longer than the ${formatBytes(this.maxBytes)} limit (${size} bytes); raise maxRecordBytes to accept it`,
        text,
        line,
        endOffset,
      });
    } else if (text.includes("\uFFFD") && !isUtf8(bytes)) {
      out.push({ kind: "record", value: text, text, line, endOffset, warnings: [INVALID_UTF8_XML_WARNING] });
    } else {
      out.push({ kind: "record", value: text, text, line, endOffset });
    }
  }

  /** The text of the first `size` bytes of the construct (its beginning when it was too large). */
  private takeText(size: number): string {
    if (this.dropped) return this.excerpt.toString("utf8");
    const all = this.parts.length === 1 ? (this.parts[0] as Buffer) : Buffer.concat(this.parts);
    return all.subarray(0, Math.max(0, size)).toString("utf8");
  }

  private resetTop(): void {
    this.topKind = TopKind.None;
    this.topName = "";
    this.capturing = false;
    this.parts = [];
    this.captured = 0;
    this.dropped = false;
    this.excerpt = Buffer.alloc(0);
  }

  /** Keeps bytes of the construct being read; `copy` for a chunk's tail, which must outlive the chunk. */
  private keep(piece: Buffer, copy: boolean): void {
    if (!this.capturing || piece.length === 0) return;
    this.captured += piece.length;
    if (this.dropped) return;
    if (this.captured > this.maxBytes + HEAD_SLACK) {
      // Too large to keep: only its beginning stays, for the rejects file.
      this.dropped = true;
      this.excerpt = Buffer.from(Buffer.concat([...this.parts, piece]).subarray(0, EXCERPT_BYTES));
      this.parts = [];
      return;
    }
    this.parts.push(copy ? Buffer.from(piece) : piece);
  }

  private startJunk(c: number): void {
    if (!this.inJunk) {
      this.inJunk = true;
      this.junkLine = this.line;
    }
    this.addJunk(c);
  }

  private addJunk(c: number): void {
    if (this.junk.length < EXCERPT_BYTES) this.junk += String.fromCharCode(c);
  }

  private flushJunk(out: Framed[], endOffset: number): void {
    if (!this.inJunk) return;
    out.push({
      kind: "reject",
      code: "MALFORMED_RECORD",
      reason: `text outside any element, expected ${this.expected}`,
      text: utf8(this.junk).trimEnd(),
      line: this.junkLine,
      endOffset,
    });
    this.inJunk = false;
    this.junk = "";
  }
}

// Only asked when the decoded text holds U+FFFD (rare): a strict decoder tells a replacement
// character written in the input from one that stands for bytes that were not UTF-8.
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

function isUtf8(bytes: Uint8Array): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}
