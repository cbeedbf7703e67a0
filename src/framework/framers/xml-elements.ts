// The streamed XML framer for `recordElements`: emits each top-level element as one record with
// its start line, holding at most one element (bounded by the record size limit) in memory.
// It only tokenizes: comments, PIs, the XML declaration and a DOCTYPE (internal subset included)
// are skipped as inert text, so no entity is ever expanded here; the converter parses the element.
import { StringDecoder } from "node:string_decoder";
import {
  DEFAULT_MAX_RECORD_BYTES,
  EXCERPT_BYTES,
  formatBytes,
  type Framed,
  type Framer,
  type FramingLimits,
} from "./types.js";

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

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === NL || c === 13;
}

function localName(qualified: string): string {
  const colon = qualified.indexOf(":");
  return colon === -1 ? qualified : qualified.slice(colon + 1);
}

export function createXmlElementsFramer(
  recordElements: readonly string[],
  limits: FramingLimits = {},
  startOffset = 0,
): Framer {
  return new XmlElementsFramer(recordElements, limits, startOffset);
}

class XmlElementsFramer implements Framer {
  private readonly wanted: ReadonlySet<string>;
  private readonly expected: string;
  private readonly maxChars: number;
  private readonly decoder = new StringDecoder("utf8");
  /** Bytes pushed so far (from startOffset). */
  private offset: number;
  /** Byte offset where the text being scanned begins; markChar/markByte: last offset computed in it. */
  private textStart: number;
  private markChar = 0;
  private markByte = 0;
  private line = 1;
  private first = true;

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

  // The top-level construct being read.
  private topKind = TopKind.None;
  private topName = "";
  private topLine = 0;
  private parts: string[] = [];
  private captured = 0;
  private oversize = false;
  private excerpt = "";
  private capturing = false;
  private captureFrom = 0;

  // Non-blank text outside any element.
  private junkLine = 0;
  private junk = "";
  private inJunk = false;

  constructor(recordElements: readonly string[], limits: FramingLimits, startOffset: number) {
    this.wanted = new Set(recordElements);
    this.expected = recordElements.join(" or ");
    this.maxChars = limits.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
    this.offset = startOffset;
    this.textStart = startOffset;
  }

  push(chunk: Buffer): Framed[] {
    this.offset += chunk.length;
    let text = this.decoder.write(chunk);
    if (this.first && text.length > 0) {
      this.first = false;
      if (text.charCodeAt(0) === 0xfeff) {
        text = text.slice(1);
        this.textStart += 3;
      }
    }
    const out: Framed[] = [];
    this.scan(text, out);
    this.textStart += Buffer.byteLength(text);
    return out;
  }

  /**
   * Byte offset of character `index` of the text being scanned, counted incrementally from the
   * last record end so a chunk of many records costs one pass. Exact for valid UTF-8 (an invalid
   * byte decodes to U+FFFD, 3 bytes, and shifts later offsets: such input is rejected anyway).
   */
  private byteOffsetAt(text: string, index: number): number {
    this.markByte += Buffer.byteLength(text.slice(this.markChar, index));
    this.markChar = index;
    return this.markByte;
  }

  end(): Framed[] {
    const out: Framed[] = [];
    const rest = this.decoder.end();
    if (rest.length > 0) this.scan(rest, out);
    this.flushJunk(out, this.offset);
    if (this.topKind !== TopKind.None || this.state !== State.Text) {
      const what =
        this.topKind === TopKind.Element || this.topKind === TopKind.Stray
          ? `element <${this.topName || "?"}>`
          : this.state === State.Comment
            ? "comment"
            : this.state === State.Doctype
              ? "DOCTYPE"
              : this.state === State.Pi
                ? "processing instruction"
                : "markup";
      out.push({
        kind: "reject",
        code: "TRUNCATED_RECORD",
        reason: `${what} starting at line ${this.topLine} is truncated at end of input`,
        text: this.oversize ? this.excerpt : this.parts.join(""),
        line: this.topLine,
        endOffset: this.offset,
      });
      this.resetTop();
      this.state = State.Text;
      this.depth = 0;
    }
    return out;
  }

  private scan(text: string, out: Framed[]): void {
    const length = text.length;
    this.markChar = 0;
    this.markByte = this.textStart;
    if (this.capturing) this.captureFrom = 0;
    let i = 0;
    while (i < length) {
      const c = text.charCodeAt(i);
      switch (this.state) {
        case State.Text: {
          if (this.depth > 0) {
            // Inside an element: jump to the next markup, counting lines on the way.
            const next = text.indexOf("<", i);
            const stop = next === -1 ? length : next;
            this.countLines(text, i, stop);
            if (next === -1) {
              i = length;
              continue;
            }
            i = next + 1;
            this.state = State.Lt;
            continue;
          }
          if (c === LT) {
            if (this.inJunk) this.flushJunk(out, this.byteOffsetAt(text, i));
            this.beginTop(i);
            this.state = State.Lt;
          } else if (c === NL) {
            this.line++;
            if (this.inJunk) this.addJunk(c);
          } else if (!isSpace(c)) {
            if (!this.inJunk) {
              this.inJunk = true;
              this.junkLine = this.line;
            }
            this.addJunk(c);
          } else if (this.inJunk) {
            this.addJunk(c);
          }
          break;
        }
        case State.Lt: {
          if (c === BANG) {
            this.state = State.Bang;
            this.word = "";
          } else if (c === QUESTION) {
            this.state = State.Pi;
            this.sawQuestion = false;
            if (this.depth === 0) this.topKind = TopKind.Inert;
          } else if (c === SLASH) {
            this.state = State.EndTag;
            if (this.depth === 0) this.topKind = TopKind.Stray;
            this.word = "";
            this.inName = true;
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
            if (this.depth === 0) {
              this.topKind = TopKind.Inert;
              this.topName = "!" + this.word;
            }
            if (c === LBRACKET) this.subsetBracket = true;
            else if (c === GT) this.finishInert();
          }
          break;
        }
        case State.Comment: {
          if (c === NL) this.line++;
          if (c === DASH) this.dashes++;
          else {
            if (c === GT && this.dashes >= 2) this.endMarkup(text, i, out);
            this.dashes = 0;
          }
          break;
        }
        case State.Cdata: {
          if (this.depth > 0) {
            const close = text.indexOf("]]>", i);
            if (close !== -1 && this.brackets === 0) {
              this.countLines(text, i, close);
              i = close + 2;
              this.endMarkup(text, i, out);
              i++;
              continue;
            }
          }
          if (c === NL) this.line++;
          if (c === RBRACKET) this.brackets++;
          else {
            if (c === GT && this.brackets >= 2) this.endMarkup(text, i, out);
            this.brackets = 0;
          }
          break;
        }
        case State.Pi: {
          if (c === NL) this.line++;
          if (c === GT && this.sawQuestion) this.endMarkup(text, i, out);
          this.sawQuestion = c === QUESTION;
          break;
        }
        case State.Doctype: {
          if (c === NL) this.line++;
          this.doctypeChar(c, text, i, out);
          break;
        }
        case State.StartTag: {
          if (c === NL) this.line++;
          if (this.inName) {
            if (isSpace(c) || c === GT || c === SLASH) {
              this.inName = false;
              this.startTagNamed(this.word);
            } else {
              if (this.word.length < 256) this.word += String.fromCharCode(c);
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
              if (this.depth === 0) this.endTop(text, i, out);
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
          if (c === NL) this.line++;
          if (c === GT) {
            if (this.depth > 0) this.depth--;
            if (this.depth === 0) {
              if (this.topKind === TopKind.Stray && this.topName === "") this.topName = "/" + this.word.trim();
              this.endTop(text, i, out);
            } else {
              this.state = State.Text;
            }
          } else if (this.inName && this.word.length < 256) {
            this.word += String.fromCharCode(c);
          }
          break;
        }
      }
      i++;
    }
    if (this.capturing) this.capture(text.slice(this.captureFrom));
  }

  private doctypeChar(c: number, text: string, i: number, out: Framed[]): void {
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
      this.endMarkup(text, i, out);
    }
  }

  private finishInert(): void {
    // A declaration that closed on its first characters ("<!X>"): nothing to keep.
    if (this.depth === 0) this.resetTop();
    this.state = State.Text;
  }

  private countLines(text: string, from: number, to: number): void {
    let at = text.indexOf("\n", from);
    while (at !== -1 && at < to) {
      this.line++;
      at = text.indexOf("\n", at + 1);
    }
  }

  private beginTop(i: number): void {
    this.topKind = TopKind.None;
    this.topName = "";
    this.topLine = this.line;
    this.parts = [];
    this.captured = 0;
    this.oversize = false;
    this.excerpt = "";
    this.capturing = true;
    this.captureFrom = i;
  }

  private startTagNamed(name: string): void {
    if (this.depth !== 0) return;
    this.topKind = TopKind.Element;
    this.topName = name;
  }

  /** End of a comment, PI, CDATA or declaration: inside an element it is content, at top level inert. */
  private endMarkup(text: string, i: number, out: Framed[]): void {
    this.state = State.Text;
    if (this.depth > 0) return;
    if (this.topKind === TopKind.Stray) {
      this.topName = "![CDATA[";
      this.endTop(text, i, out);
      return;
    }
    this.resetTop();
  }

  private endTop(text: string, i: number, out: Framed[]): void {
    this.state = State.Text;
    const endOffset = this.byteOffsetAt(text, i + 1);
    this.capture(text.slice(this.captureFrom, i + 1));
    this.captureFrom = i + 1;
    const record = this.oversize ? this.excerpt : this.parts.join("");
    const name = this.topName;
    const line = this.topLine;
    const kind = this.topKind;
    const oversize = this.oversize;
    const size = this.captured;
    this.resetTop();
    if (kind === TopKind.Stray) {
      out.push({
        kind: "reject",
        code: "UNEXPECTED_ELEMENT",
        reason: name.startsWith("/")
          ? `unexpected end tag <${name}> outside any element`
          : `unexpected ${name === "![CDATA[" ? "CDATA section" : `<${name}>`} outside any element, expected ${this.expected}`,
        text: record,
        line,
        endOffset,
      });
    } else if (!this.wanted.has(localName(name))) {
      out.push({
        kind: "reject",
        code: "UNEXPECTED_ELEMENT",
        reason: `unexpected root element <${name}>, expected ${this.expected}`,
        text: record,
        line,
        endOffset,
      });
    } else if (oversize) {
      out.push({
        kind: "reject",
        code: "RECORD_TOO_LARGE",
        reason: `element <${name}> is longer than the ${formatBytes(this.maxChars)} limit (${size} characters); raise maxRecordBytes to accept it`,
        text: record,
        line,
        endOffset,
      });
    } else {
      out.push({ kind: "record", value: record, text: record, line, endOffset });
    }
  }

  private resetTop(): void {
    this.topKind = TopKind.None;
    this.capturing = false;
    this.parts = [];
    this.captured = 0;
    this.oversize = false;
    this.excerpt = "";
    this.topName = "";
  }

  private capture(piece: string): void {
    if (!this.capturing || piece.length === 0) return;
    this.captured += piece.length;
    if (this.oversize) return;
    if (this.captured > this.maxChars) {
      this.oversize = true;
      this.excerpt = (this.parts.join("") + piece).slice(0, EXCERPT_BYTES);
      this.parts = [];
      return;
    }
    this.parts.push(piece);
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
      text: this.junk.trimEnd(),
      line: this.junkLine,
      endOffset,
    });
    this.inJunk = false;
    this.junk = "";
  }
}
