// One linear pass that checks what fast-xml-parser lets through: tags that nest and close
// (truncation, mismatches), quoted attributes, and entity references limited to XML's predefined
// ones (no DTD is ever read, so any other `&name;` is undefined: XXE and entity bombs stop here).
import { ConversionError } from "../../core/errors.js";

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
      if (stack.length > 0) this.references(i, end);
      else if (text.slice(i, end).trim() !== "") this.fail(i, "text outside the root element");
      if (lt === -1) break;
      const c = text.charCodeAt(lt + 1);
      if (c === 33 /* ! */) {
        if (text.startsWith("<!--", lt)) {
          const close = text.indexOf("-->", lt + 4);
          if (close === -1) this.fail(lt, "comment never closed (truncated input?)");
          i = close + 3;
        } else if (text.startsWith("<![CDATA[", lt)) {
          if (stack.length === 0) this.fail(lt, "CDATA section outside the root element");
          const close = text.indexOf("]]>", lt + 9);
          if (close === -1) this.fail(lt, "CDATA section never closed (truncated input?)");
          i = close + 3;
        } else
          this.fail(lt, `unexpected markup ${JSON.stringify(text.slice(lt, lt + 12))} (a DOCTYPE is only allowed before the root element)`);
      } else if (c === 63 /* ? */) {
        const close = text.indexOf("?>", lt + 2);
        if (close === -1) this.fail(lt, "processing instruction never closed (truncated input?)");
        i = close + 2;
      } else if (c === 47 /* / */) {
        const gt = text.indexOf(">", lt + 2);
        if (gt === -1) this.fail(lt, "end tag never closed (truncated input?)");
        const name = text.slice(lt + 2, gt).trim();
        const open = stack.pop();
        if (open === undefined) this.fail(lt, `end tag </${name}> without a start tag`);
        if (open !== name) this.fail(lt, `end tag </${name}> does not match start tag <${open}>`);
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
    for (;;) {
      while (p < text.length && isSpace(text.charCodeAt(p))) p++;
      if (p >= text.length) this.fail(lt, `start tag <${name}> never closed (truncated input?)`);
      const c = text.charCodeAt(p);
      if (c === 62 /* > */) {
        stack.push(name);
        return p + 1;
      }
      if (c === 47 /* / */) {
        if (text.charCodeAt(p + 1) !== 62) this.fail(p, `'/' inside start tag <${name}>`);
        return p + 2;
      }
      const attrStart = p;
      while (p < text.length && !isNameEnd(text.charCodeAt(p))) p++;
      if (p === attrStart) this.fail(p, `unexpected character ${JSON.stringify(text[p])} in start tag <${name}>`);
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
