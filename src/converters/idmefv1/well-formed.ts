// One linear pass that checks what fast-xml-parser lets through: tags that nest and close
// (truncation, mismatches), quoted attributes, and entity references limited to XML's predefined
// ones (no DTD is ever read, so any other `&name;` is undefined: XXE and entity bombs stop here).
// The same pass can also build the tree the converter reads (xml-tree.ts), exactly as
// fast-xml-parser builds it with the converter's options (secure-xml.ts), so that a record is
// scanned once instead of twice: see TreeBuilder below.
import { ConversionError } from "../../core/errors.js";
import type { XmlElement, XmlObject } from "./xml-tree.js";

const PREDEFINED_OR_CHAR_REF = /^&(?:lt|gt|amp|quot|apos|#[0-9]{1,8}|#x[0-9a-fA-F]{1,8});/;
const NAMED_REF = /^&([A-Za-z_:][A-Za-z0-9_.:-]{0,200});/;

/** 1-based line of `index` in `text`, offset by the record's first line. */
export function lineAt(text: string, index: number, firstLine: number): number {
  let line = firstLine;
  for (let i = text.indexOf("\n"); i !== -1 && i < index; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

function isNameEnd(c: number): boolean {
  // white space, '/', '>' end a tag name; '<', '=', quotes never belong in one.
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 47 || c === 62 || c === 60 || c === 61 || c === 34 || c === 39;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

class Checker {
  constructor(
    private readonly text: string,
    private readonly firstLine: number,
    private readonly tree?: TreeBuilder,
  ) {}

  fail(index: number, what: string): never {
    throw new ConversionError(`malformed XML at line ${lineAt(this.text, index, this.firstLine)}: ${what}`);
  }

  /** Every '&' in [from, to) must start a predefined entity or a character reference. */
  references(from: number, to: number): void {
    const text = this.text;
    for (let amp = text.indexOf("&", from); amp !== -1 && amp < to; amp = text.indexOf("&", amp + 1)) {
      const head = text.slice(amp, Math.min(to, amp + 210));
      if (PREDEFINED_OR_CHAR_REF.test(head)) continue;
      const named = NAMED_REF.exec(head);
      if (named !== null) {
        throw new ConversionError(
          `undefined entity &${named[1]}; at line ${lineAt(text, amp, this.firstLine)}: only the five predefined XML entities and character references are allowed (DTD entities are never expanded, which blocks XXE and entity-expansion attacks)`,
        );
      }
      // A lone '&' is not well-formed XML but harmless: kept as written.
    }
  }

  run(): void {
    const text = this.text;
    const stack: string[] = [];
    let i = 0;
    for (;;) {
      const lt = text.indexOf("<", i);
      const end = lt === -1 ? text.length : lt;
      if (stack.length > 0) {
        this.references(i, end);
        if (end > i) this.tree?.text(i, end);
      } else if (text.slice(i, end).trim() !== "") this.fail(i, "text outside the root element");
      if (lt === -1) break;
      const c = text.charCodeAt(lt + 1);
      if (c === 33 /* ! */) {
        if (text.startsWith("<!--", lt)) {
          const close = text.indexOf("-->", lt + 4);
          if (close === -1) this.fail(lt, "comment never closed (truncated input?)");
          this.tree?.comment(lt);
          i = close + 3;
        } else if (text.startsWith("<![CDATA[", lt)) {
          if (stack.length === 0) this.fail(lt, "CDATA section outside the root element");
          const close = text.indexOf("]]>", lt + 9);
          if (close === -1) this.fail(lt, "CDATA section never closed (truncated input?)");
          this.tree?.cdata(lt + 9, close);
          i = close + 3;
        } else
          this.fail(lt, `unexpected markup ${JSON.stringify(text.slice(lt, lt + 12))} (a DOCTYPE is only allowed before the root element)`);
      } else if (c === 63 /* ? */) {
        const close = text.indexOf("?>", lt + 2);
        if (close === -1) this.fail(lt, "processing instruction never closed (truncated input?)");
        this.tree?.processingInstruction(lt, close);
        i = close + 2;
      } else if (c === 47 /* / */) {
        const gt = text.indexOf(">", lt + 2);
        if (gt === -1) this.fail(lt, "end tag never closed (truncated input?)");
        const name = text.slice(lt + 2, gt).trim();
        const open = stack.pop();
        if (open === undefined) this.fail(lt, `end tag </${name}> without a start tag`);
        if (open !== name) this.fail(lt, `end tag </${name}> does not match start tag <${open}>`);
        this.tree?.close(lt);
        i = gt + 1;
      } else {
        i = this.startTag(lt, stack);
      }
    }
    if (stack.length > 0) this.fail(text.length, `element <${stack[stack.length - 1]}> is never closed (truncated input?)`);
  }

  /** Reads one start tag at `lt`; returns the index after it. */
  private startTag(lt: number, stack: string[]): number {
    const text = this.text;
    let p = lt + 1;
    while (p < text.length && !isNameEnd(text.charCodeAt(p))) p++;
    if (p === lt + 1) this.fail(lt, "'<' not followed by a tag name");
    const name = text.slice(lt + 1, p);
    const tree = this.tree;
    tree?.open(name, stack.length);
    for (;;) {
      while (p < text.length && isSpace(text.charCodeAt(p))) p++;
      if (p >= text.length) this.fail(lt, `start tag <${name}> never closed (truncated input?)`);
      const c = text.charCodeAt(p);
      if (c === 62 /* > */) {
        stack.push(name);
        tree?.opened(p + 1);
        return p + 1;
      }
      if (c === 47 /* / */) {
        if (text.charCodeAt(p + 1) !== 62) this.fail(p, `'/' inside start tag <${name}>`);
        tree?.selfClosed();
        return p + 2;
      }
      const attrStart = p;
      while (p < text.length && !isNameEnd(text.charCodeAt(p))) p++;
      if (p === attrStart) this.fail(p, `unexpected character ${JSON.stringify(text[p])} in start tag <${name}>`);
      const nameEnd = p;
      while (p < text.length && isSpace(text.charCodeAt(p))) p++;
      if (text.charCodeAt(p) !== 61 /* = */) this.fail(p, `attribute ${text.slice(attrStart, p).trim()} of <${name}> has no value`);
      p++;
      while (p < text.length && isSpace(text.charCodeAt(p))) p++;
      const quote = text.charCodeAt(p);
      if (quote !== 34 && quote !== 39) this.fail(p, `attribute value in <${name}> is not quoted`);
      const close = text.indexOf(quote === 34 ? '"' : "'", p + 1);
      if (close === -1) this.fail(p, `attribute value in <${name}> never closed (truncated input?)`);
      const lessThan = text.indexOf("<", p + 1);
      if (lessThan !== -1 && lessThan < close) this.fail(lessThan, `'<' inside an attribute value of <${name}>`);
      this.references(p + 1, close);
      tree?.attribute(text.slice(attrStart, nameEnd), p + 1, close);
      p = close + 1;
      if (!isSpace(text.charCodeAt(p)) && text.charCodeAt(p) !== 62 && text.charCodeAt(p) !== 47) {
        this.fail(p, `no white space between attributes of <${name}>`);
      }
    }
  }
}

/**
 * Throws ConversionError (with the file line) unless `text` is well-formed element content: every
 * element closed in order, attributes quoted, no entity but the predefined ones. A DOCTYPE must
 * already have been removed from the prolog. Several top-level elements in a row are accepted.
 */
export function checkWellFormed(text: string, firstLine: number): void {
  new Checker(text, firstLine).run();
}

// fast-xml-parser's guards against prototype pollution, applied to element and attribute names:
// these are refused, and these are renamed with a "__" prefix.
const REFUSED_NAMES: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);
const RENAMED_NAMES: ReadonlySet<string> = new Set([
  "hasOwnProperty",
  "toString",
  "valueOf",
  "__defineGetter__",
  "__defineSetter__",
  "__lookupGetter__",
  "__lookupSetter__",
]);
/** fast-xml-parser's default maxNestedTags: an element with more open ancestors is refused. */
const MAX_NESTED = 100;
const ATTRIBUTES = ":@";

interface Frame {
  readonly key: string;
  readonly obj: Record<string, unknown>;
  readonly attrs: Record<string, string> | undefined;
  hasChildren: boolean;
  /** Text decided so far (trimmed runs and CDATA contents, in order). */
  text: string;
  /** Raw text since the last flush point; comments do not end a run. */
  run: string;
}

/**
 * Builds, from the checker's events, the tree fast-xml-parser makes of the same well-formed text
 * with the converter's options (secure-xml.ts): child arrays by local name, `#text` (each run of
 * text between tags trimmed, CDATA kept as written, all concatenated), `:@` attributes (local
 * names, xmlns ones dropped, values trimmed), `xml`/`xmltext` elements below the root kept as raw
 * text, no entity decoded. Keys come in its order: children by first appearance, `#text`, `:@`.
 * Where that parser would refuse the input, `refusal` says why; where this builder is not sure to
 * agree with it (input it does not model), `unsure` is set and the caller parses with it instead.
 */
class TreeBuilder {
  refusal: string | undefined;
  unsure = false;
  readonly root: Record<string, unknown> = {};
  private readonly frames: Frame[] = [];
  private level = 0;
  // The start tag being read.
  private skipped = false;
  private key = "";
  private attrs: Record<string, string> | undefined;
  private stop = false;
  // The raw-text element (xml, xmltext) being skipped: its level, key, attributes, content start.
  private stopLevel = -1;
  private stopKey = "";
  private stopAttrs: Record<string, string> | undefined;
  private stopStart = 0;

  constructor(private readonly source: string) {}

  /** Set once the tree is not built any further: refused, or unsure. */
  private off = false;

  private refuse(why: string): void {
    this.refusal ??= why;
    this.off = true;
  }

  private markUnsure(): void {
    this.unsure = true;
    this.off = true;
  }

  // Refusals are worded as the parser words them, so a reject reads the same on either path.
  private safeName(name: string): string {
    if (REFUSED_NAMES.has(name))
      this.refuse(`[SECURITY] Invalid name: "${name}" is a reserved JavaScript keyword that could cause prototype pollution`);
    return RENAMED_NAMES.has(name) ? `__${name}` : name;
  }

  /** Ends the current run of text: trimmed, it joins the element's text unless blank. */
  flush(): void {
    if (this.off || this.stopLevel !== -1 || this.level === 0) return;
    const frame = this.frames[this.frames.length - 1]!;
    if (frame.run === "") return;
    const trimmed = frame.run.trim();
    frame.run = "";
    if (trimmed !== "") frame.text += trimmed;
  }

  text(from: number, to: number): void {
    if (this.off || this.stopLevel !== -1) return;
    this.frames[this.frames.length - 1]!.run += this.source.slice(from, to);
  }

  cdata(from: number, to: number): void {
    if (this.off || this.stopLevel !== -1) return;
    this.flush();
    this.frames[this.frames.length - 1]!.text += this.source.slice(from, to);
  }

  comment(lt: number): void {
    // Inside raw text, fast-xml-parser ends a comment at the first "-->" from its fourth character.
    if (this.stopLevel !== -1 && this.source.startsWith("<!--->", lt)) this.markUnsure();
  }

  /** A PI from `lt` whose first "?>" is at `close`. */
  processingInstruction(lt: number, close: number): void {
    // fast-xml-parser skips quoted literals when it looks for a PI's "?>" (`<?xml version="1.0"?>`
    // ends at the same place either way): unsure where that would end it elsewhere.
    const text = this.source;
    for (let i = lt + 1; i < close; i++) {
      const c = text.charCodeAt(i);
      if (c === 34 || c === 39) {
        i = text.indexOf(text[i]!, i + 1);
        if (i === -1 || i >= close) {
          this.markUnsure();
          break;
        }
      }
    }
    this.flush();
  }

  open(qualified: string, parents: number): void {
    this.skipped = this.off || this.stopLevel !== -1;
    if (this.skipped) return;
    const colon = qualified.indexOf(":");
    const key = this.safeName(colon === -1 ? qualified : qualified.slice(colon + 1));
    // The parser refuses these names, or when self-closing reads them as text or drops them.
    if (key === "#text" || key === ":@") this.markUnsure();
    if (this.off) {
      this.skipped = true;
      return;
    }
    if (parents > 0) this.flush();
    this.key = key;
    this.attrs = undefined;
    this.stop = parents > 0 && (key === "xml" || key === "xmltext");
  }

  attribute(qualified: string, from: number, to: number): void {
    if (this.skipped || this.off) return;
    let name = qualified;
    if (qualified.includes(":")) {
      const parts = qualified.split(":");
      if (parts[0] === "xmlns") return;
      if (parts.length === 2) name = parts[1]!;
    } else if (qualified === "xmlns") return;
    if (name === "") return;
    name = this.safeName(name);
    if (this.off) return;
    (this.attrs ??= {})[name] = this.source.slice(from, to).trim();
  }

  opened(contentStart: number): void {
    this.level++;
    if (this.skipped || this.off) return;
    if (this.stop) {
      this.stopLevel = this.level;
      this.stopKey = this.key;
      this.stopAttrs = this.attrs;
      this.stopStart = contentStart;
      return;
    }
    if (this.level - 1 > MAX_NESTED) {
      this.refuse("Maximum nested tags exceeded");
      return;
    }
    this.frames.push({ key: this.key, obj: {}, attrs: this.attrs, hasChildren: false, text: "", run: "" });
  }

  selfClosed(): void {
    if (this.skipped || this.off) return;
    this.add(this.key, this.attrs === undefined ? "" : { [ATTRIBUTES]: this.attrs });
  }

  close(lt: number): void {
    const level = this.level--;
    if (this.off) return;
    if (this.stopLevel !== -1) {
      if (level !== this.stopLevel) return;
      this.stopLevel = -1;
      this.add(this.stopKey, finish({}, false, this.source.slice(this.stopStart, lt), this.stopAttrs));
      return;
    }
    this.flush();
    const frame = this.frames.pop()!;
    this.add(frame.key, finish(frame.obj, frame.hasChildren, frame.text, frame.attrs));
  }

  private add(key: string, value: XmlElement): void {
    const frame = this.frames[this.frames.length - 1];
    const obj = frame === undefined ? this.root : frame.obj;
    if (frame !== undefined) frame.hasChildren = true;
    const list = obj[key];
    // Only own properties are arrays (no inherited member is), and __proto__ is refused above.
    if (Array.isArray(list)) (list as XmlElement[]).push(value);
    else obj[key] = [value];
  }
}

function finish(obj: Record<string, unknown>, hasChildren: boolean, text: string, attrs: Record<string, string> | undefined): XmlElement {
  if (!hasChildren && attrs === undefined) return text;
  if (text !== "") obj["#text"] = text;
  if (attrs !== undefined) obj[ATTRIBUTES] = attrs;
  return obj as XmlObject;
}

/** What building gives: the tree, or why the parser would refuse it, or that it must be asked. */
export type BuiltTree = { readonly tree: XmlObject } | { readonly refusal: string } | { readonly unsure: true };

/**
 * checkWellFormed, and in the same pass the tree fast-xml-parser would build (see TreeBuilder).
 * The text must hold no CR and no white space but space, tab and LF (the caller checks; the
 * parser treats those differently from this checker). Throws like checkWellFormed.
 */
export function checkAndBuild(text: string, firstLine: number): BuiltTree {
  const builder = new TreeBuilder(text);
  new Checker(text, firstLine, builder).run();
  if (builder.refusal !== undefined) return { refusal: builder.refusal };
  if (builder.unsure) return { unsure: true };
  return { tree: builder.root as XmlObject };
}
