// Hostile-input-safe parsing of one IDMEF v1 record: DOCTYPE made inert, no entity but the
// predefined ones, well-formedness checked, then fast-xml-parser builds the tree.
import { XMLParser } from "fast-xml-parser";
import { ConversionError } from "../../core/errors.js";
import { checkAndBuild, checkWellFormed, lineAt } from "./well-formed.js";
import type { XmlElement, XmlObject } from "./xml-tree.js";

/** What parsing one record gives: its IDMEF-Message elements and what was noticed on the way. */
export interface ParsedRecord {
  readonly messages: readonly XmlElement[];
  readonly notices: readonly string[];
}

// One parser, reused: options are fixed and parse() keeps no state between calls.
// processEntities is off, so the parser never reads a DOCTYPE's entities nor expands anything;
// decodeXmlText (xml-tree.ts) decodes only the predefined entities when a value is read.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "",
  attributesGroupName: ":@",
  removeNSPrefix: true, // match by local name: idmef: prefix, default namespace, none, CFM URIs
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // AdditionalData xml (RFC prose) / xmltext (DTD) content is kept as raw XML text.
  stopNodes: ["*.xml", "*.xmltext"],
  jPath: false,
  isArray: (_name: string, _path: unknown, _isLeaf: boolean, isAttribute: boolean) => !isAttribute,
});

/**
 * Text that only fast-xml-parser reads right: it turns CR LF and CR into LF, and splits names at
 * any white space JavaScript's `\s` knows (the checker and tree builder know space, tab and LF).
 */
const PARSER_ONLY = /[\r\v\f\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/;

/** fast-xml-parser alone with the converter's options: the benchmark's baseline. */
export function parseWithFastXmlParser(text: string): unknown {
  return parser.parse(text);
}

/** Replaces [start, end) by the newlines it held, so line numbers of what follows stay right. */
function blankOut(text: string, start: number, end: number): string {
  const removed = text.slice(start, end);
  return text.slice(0, start) + removed.replace(/[^\n]/g, "") + text.slice(end);
}

/**
 * Finds the end of a DOCTYPE declaration starting at `start` (index of "<!DOCTYPE"), skipping
 * quoted literals, comments and the internal subset. Returns -1 when it never ends.
 */
function doctypeEnd(text: string, start: number): number {
  let inSubset = false;
  for (let i = start + 9; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */ || c === 39 /* ' */) {
      const close = text.indexOf(text[i]!, i + 1);
      if (close === -1) return -1;
      i = close;
    } else if (inSubset && c === 60 /* < */ && text.startsWith("<!--", i)) {
      const close = text.indexOf("-->", i + 4);
      if (close === -1) return -1;
      i = close + 2;
    } else if (c === 91 /* [ */) {
      inSubset = true;
    } else if (c === 93 /* ] */) {
      inSubset = false;
    } else if (c === 62 /* > */ && !inSubset) {
      return i + 1;
    }
  }
  return -1;
}

/**
 * Makes a DOCTYPE inert: it is removed before parsing (never fetched, never read). Its entity
 * declarations are reported, and any reference to them later fails as an undefined entity.
 */
function neutralizeDoctype(text: string, firstLine: number, notices: string[]): string {
  const start = text.indexOf("<!DOCTYPE");
  // Only a DOCTYPE in the prolog is one; after the root element starts, the validator judges it.
  if (start === -1 || /<[A-Za-z_]/.test(text.slice(0, start))) return text;
  const end = doctypeEnd(text, start);
  if (end === -1) {
    throw new ConversionError(
      `unterminated DOCTYPE declaration at line ${lineAt(text, start, firstLine)}: the input is truncated or not XML`,
    );
  }
  const declaration = text.slice(start, end);
  const entities = (declaration.match(/<!ENTITY/g) ?? []).length;
  notices.push(
    entities > 0
      ? `DOCTYPE ignored: its ${entities} entity declaration(s) are never expanded and no DTD is loaded`
      : "DOCTYPE ignored: no DTD is loaded (RFC 4765 defaults are applied by the converter)",
  );
  return blankOut(text, start, end);
}

/**
 * Parses one record (an IDMEF-Message element, or a whole document holding one) safely.
 * Throws ConversionError with the line for malformed XML, undefined entities and wrong roots.
 */
export function parseIdmefRecord(input: string, firstLine: number): ParsedRecord {
  const notices: string[] = [];
  let text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  text = neutralizeDoctype(text, firstLine, notices);
  let tree: XmlObject | undefined;
  if (!PARSER_ONLY.test(text)) {
    // The usual case: the well-formedness check builds the tree in the same pass.
    const built = checkAndBuild(text, firstLine);
    if ("refusal" in built) throw new ConversionError(`XML refused by the parser: ${built.refusal}`);
    if ("tree" in built) tree = built.tree;
  } else {
    // fast-xml-parser accepts mismatched and unclosed tags silently: check first, in one pass.
    checkWellFormed(text, firstLine);
  }
  if (tree === undefined) {
    try {
      tree = parser.parse(text) as XmlObject;
    } catch (error) {
      // e.g. an element named __proto__, which the parser refuses (prototype pollution guard).
      throw new ConversionError(`XML refused by the parser: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
  }
  const messages: XmlElement[] = [];
  for (const name of Object.keys(tree)) {
    const elements = tree[name];
    if (name === "#text" || !Array.isArray(elements)) continue;
    if (name !== "IDMEF-Message") {
      throw new ConversionError(`root element <${name}> is not an IDMEF-Message: this input is not IDMEF v1 (RFC 4765)`);
    }
    messages.push(...(elements as XmlElement[]));
  }
  if (messages.length === 0) throw new ConversionError("no IDMEF-Message element found: the input is empty or not IDMEF v1");
  return { messages, notices };
}
