// Zeek's TSV writer (LogAscii): the header directives (#separator, #set_separator, #empty_field,
// #unset_field, #path, #open, #fields, #types, #close) and the rows they describe.
import type { ZeekRecord, ZeekValue } from "./zeek-record.js";

/** What the header of one log file declares; rows are read with the latest one. */
export interface TsvLayout {
  separator: string;
  setSeparator: string;
  emptyField: string;
  unsetField: string;
  path: string | undefined;
  fields: readonly string[] | undefined;
  /** Per field: whether its #types entry is a set or vector (split on the set separator). */
  lists: readonly boolean[];
}

/** Zeek's defaults, which a file without its own directives is written with. */
export function defaultLayout(): TsvLayout {
  return { separator: "\t", setSeparator: ",", emptyField: "(empty)", unsetField: "-", path: undefined, fields: undefined, lists: [] };
}

// "\x09" (any \xHH) in a directive value: the header writes its separators escaped.
function unescapeDirective(value: string): string {
  return value.replace(/\\x([0-9a-fA-F]{2})/g, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

const DIRECTIVE = /^#([a-z_]{1,20})(?:[ \t]|$)/;

/**
 * Applies one header line ("#..." ) to the layout. Returns false when the line is not a directive
 * Zeek writes (then it is no header but a row or garbage).
 */
export function applyDirective(line: string, layout: TsvLayout): boolean {
  const m = DIRECTIVE.exec(line);
  if (m === null) return false;
  const name = m[1]!;
  if (name === "separator") {
    // "#separator \x09": the one directive whose value follows a space, since the separator is not known yet.
    const value = unescapeDirective(line.slice("#separator ".length));
    if (value === "") return false;
    layout.separator = value;
    return true;
  }
  const rest = line.slice(name.length + 1);
  if (!rest.startsWith(layout.separator) && rest !== "") return false;
  const value = rest.slice(layout.separator.length);
  switch (name) {
    case "set_separator":
      layout.setSeparator = unescapeDirective(value);
      return true;
    case "empty_field":
      layout.emptyField = value;
      return true;
    case "unset_field":
      layout.unsetField = value;
      return true;
    case "path":
      layout.path = value;
      // A new log: its #fields and #types follow; the old ones no longer apply.
      layout.fields = undefined;
      layout.lists = [];
      return true;
    case "fields":
      layout.fields = value.split(layout.separator);
      layout.lists = layout.fields.map(() => false);
      return true;
    case "types":
      layout.lists = value.split(layout.separator).map((type) => type.startsWith("set[") || type.startsWith("vector["));
      return true;
    case "open":
    case "close":
      return true;
    default:
      return false;
  }
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });
const HEX_PAIR = /^[0-9a-fA-F]{2}$/;

/**
 * A field value as Zeek escaped it: "\xHH" is a byte (non-printable bytes, the separator, bytes of
 * non-ASCII text) and "\\" a backslash. Bytes that are no UTF-8 text (a binary payload in `sub`)
 * keep Zeek's escaped form: decoding them would turn each into U+FFFD and lose them. A malformed
 * escape ("\x4", "\xZZ", a lone "\") is kept as written.
 */
export function unescapeValue(value: string): string {
  if (!value.includes("\\")) return value;
  // Most escapes are ASCII (\x09, \x0a, \x00): those are decoded straight into the string; the first
  // byte of 0x80 or more sends the whole value through the UTF-8 decoder instead.
  let out = "";
  let plainStart = 0;
  let i = value.indexOf("\\");
  while (i !== -1) {
    const next = value[i + 1];
    if (next === "x" && HEX_PAIR.test(value.slice(i + 2, i + 4))) {
      const byte = Number.parseInt(value.slice(i + 2, i + 4), 16);
      if (byte >= 0x80) return unescapeBytes(value);
      out += value.slice(plainStart, i) + String.fromCharCode(byte);
      plainStart = i + 4;
      i = value.indexOf("\\", plainStart);
    } else if (next === "\\") {
      out += value.slice(plainStart, i + 1);
      plainStart = i + 2;
      i = value.indexOf("\\", plainStart);
    } else {
      i = value.indexOf("\\", i + 1);
    }
  }
  return out + value.slice(plainStart);
}

/**
 * Whether the fatal UTF-8 decoder would accept the bytes: the checks of the WHATWG Encoding
 * standard's UTF-8 decoder (no overlong forms, no surrogates, nothing past U+10FFFF, no cut-off sequence).
 */
function isWellFormedUtf8(bytes: readonly number[]): boolean {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    let following: number;
    let lower = 0x80;
    let upper = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) following = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      following = 2;
      if (lead === 0xe0) lower = 0xa0;
      if (lead === 0xed) upper = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      following = 3;
      if (lead === 0xf0) lower = 0x90;
      if (lead === 0xf4) upper = 0x8f;
    } else return false;
    if (i + following >= bytes.length) return false;
    const second = bytes[i + 1]!;
    if (second < lower || second > upper) return false;
    for (let k = 2; k <= following; k++) {
      const next = bytes[i + k]!;
      if (next < 0x80 || next > 0xbf) return false;
    }
    i += following + 1;
  }
  return true;
}

/** The byte-level path of unescapeValue, for values with escaped bytes of 0x80 and more. */
function unescapeBytes(value: string): string {
  const bytes: number[] = [];
  const pushChar = (code: number, char: string): void => {
    if (code < 0x80) bytes.push(code);
    else for (const b of Buffer.from(char, "utf8")) bytes.push(b);
  };
  let i = 0;
  while (i < value.length) {
    const code = value.charCodeAt(i);
    if (code === 0x5c && value[i + 1] === "x" && HEX_PAIR.test(value.slice(i + 2, i + 4))) {
      bytes.push(Number.parseInt(value.slice(i + 2, i + 4), 16));
      i += 4;
    } else if (code === 0x5c && value[i + 1] === "\\") {
      bytes.push(0x5c);
      i += 2;
    } else {
      // A character outside the BMP is two UTF-16 units: encode them together.
      const wide = code >= 0xd800 && code <= 0xdbff && i + 1 < value.length;
      pushChar(code, value.slice(i, wide ? i + 2 : i + 1));
      i += wide ? 2 : 1;
    }
  }
  // Checked first rather than caught: a thrown decode error costs more than the whole row.
  return isWellFormedUtf8(bytes) ? UTF8.decode(Uint8Array.from(bytes)) : value;
}

/** Why a row cannot be read with the layout, or the record it gives. */
export type TsvRow = { readonly record: ZeekRecord } | { readonly problem: string };

export function readTsvRow(line: string, layout: TsvLayout): TsvRow {
  const fields = layout.fields;
  if (fields === undefined) return { problem: "a TSV row before any #fields header: the column names are not known" };
  const values = line.split(layout.separator);
  if (values.length !== fields.length) {
    return { problem: `${values.length} tab-separated values where the #fields header names ${fields.length}` };
  }
  const record = new Map<string, ZeekValue>();
  for (let i = 0; i < fields.length; i++) {
    const raw = values[i]!;
    if (raw === layout.unsetField) continue;
    const name = fields[i]!;
    if (layout.lists[i] === true) {
      record.set(name, raw === layout.emptyField ? [] : raw.split(layout.setSeparator).map(unescapeValue));
    } else {
      record.set(name, raw === layout.emptyField ? "" : unescapeValue(raw));
    }
  }
  return { record };
}
