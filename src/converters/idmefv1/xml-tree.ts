// Read access to the tree fast-xml-parser builds for us: children by local name, text and
// attributes with the five predefined XML entities and character references decoded.

/**
 * One element as the parser leaves it: a plain string for an element with text only and no
 * attributes, else an object holding child arrays by local name, `#text` and `:@` (attributes).
 */
export type XmlElement = string | XmlObject;

export interface XmlObject {
  readonly [name: string]: unknown;
}

export const ATTRIBUTES_KEY = ":@";
export const TEXT_KEY = "#text";

const PREDEFINED: Readonly<Record<string, string>> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
// Only what XML defines without a DTD. Bounded repetitions: linear on any input.
const REFERENCE = /&(lt|gt|amp|quot|apos|#[0-9]{1,8}|#x[0-9a-fA-F]{1,8});/g;

/** Decodes predefined entities and character references; anything else stays as written. */
export function decodeXmlText(raw: string): string {
  if (raw.indexOf("&") === -1) return raw;
  return raw.replace(REFERENCE, (whole, ref: string) => {
    if (ref.charCodeAt(0) !== 35 /* # */) return PREDEFINED[ref] ?? whole;
    const code = ref.charCodeAt(1) === 120 /* x */ ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) || code === 0) return whole;
    return String.fromCodePoint(code);
  });
}

function isObject(el: unknown): el is XmlObject {
  return typeof el === "object" && el !== null && !Array.isArray(el);
}

const NONE: readonly XmlElement[] = [];

// Lookups below use the converter's own constant names only, and an inherited property is never an
// array or a string, so the type checks alone keep prototype members out.

/** All children of `el` with this local name, in document order. */
export function children(el: XmlElement | undefined, name: string): readonly XmlElement[] {
  if (el === undefined || typeof el === "string") return NONE;
  const list = el[name];
  return Array.isArray(list) ? (list as XmlElement[]) : NONE;
}

/** The first child with this local name. */
export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return children(el, name)[0];
}

/** The element's own text (trimmed, decoded); "" when it has none. */
export function textOf(el: XmlElement | undefined): string {
  if (el === undefined) return "";
  if (typeof el === "string") return decodeXmlText(el.trim());
  const text = el[TEXT_KEY];
  return typeof text === "string" ? decodeXmlText(text.trim()) : "";
}

/** The trimmed text of the first child with this name, or undefined when absent or empty. */
export function childText(el: XmlElement | undefined, name: string): string | undefined {
  const c = child(el, name);
  if (c === undefined) return undefined;
  const t = textOf(c);
  return t === "" ? undefined : t;
}

/** The non-empty texts of every child with this name. */
export function childTexts(el: XmlElement | undefined, name: string): string[] {
  const out: string[] = [];
  for (const c of children(el, name)) {
    const t = textOf(c);
    if (t !== "") out.push(t);
  }
  return out;
}

/** An attribute by local name (trimmed, decoded), or undefined. */
export function attr(el: XmlElement | undefined, name: string): string | undefined {
  if (el === undefined || typeof el === "string") return undefined;
  const attrs = el[ATTRIBUTES_KEY] as Readonly<Record<string, unknown>> | undefined;
  const value = attrs === undefined ? undefined : attrs[name];
  return typeof value === "string" ? decodeXmlText(value.trim()) : undefined;
}

/** Names of the child elements present (not attributes, not text). */
export function childNames(el: XmlElement | undefined): string[] {
  if (!isObject(el)) return [];
  return Object.keys(el).filter((k) => k !== ATTRIBUTES_KEY && k !== TEXT_KEY);
}

/** Names of the attributes present. */
export function attributeNames(el: XmlElement | undefined): string[] {
  if (!isObject(el)) return [];
  const attrs = el[ATTRIBUTES_KEY];
  return isObject(attrs) ? Object.keys(attrs) : [];
}

/**
 * A compact, lossless one-line rendering of an element for Note lines, used for parts of IDMEF v1
 * that IDMEFv2 has no field for: `name[attr=value]{child=text; child[...]{...}}`.
 */
export function describe(el: XmlElement, name: string): string {
  const attrs = attributeNames(el)
    .map((a) => `${a}=${attr(el, a) ?? ""}`)
    .join(" ");
  const parts: string[] = [];
  const own = textOf(el);
  if (own !== "") parts.push(own);
  for (const n of childNames(el)) {
    for (const c of children(el, n)) {
      const simple = typeof c === "string";
      parts.push(simple ? `${n}=${textOf(c)}` : describe(c, n));
    }
  }
  return `${name}${attrs === "" ? "" : `[${attrs}]`}${parts.length === 0 ? "" : `{${parts.join("; ")}}`}`;
}
