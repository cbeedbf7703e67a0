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
  /** Per field name: its position in a row, or its positions when #fields names it more than once. */
  columns: ReadonlyMap<string, number | readonly number[]>;
  /** Per field: whether its #types entry is a set or vector (split on the set separator). */
  lists: readonly boolean[];
  /** How many types #types gave (undefined before one): a #fields line of another length is damaged. */
  typeCount: number | undefined;
}

/** Zeek's defaults, which a file without its own directives is written with. */
export function defaultLayout(): TsvLayout {
  return {
    separator: "\t",
    setSeparator: ",",
    emptyField: "(empty)",
    unsetField: "-",
    path: undefined,
    fields: undefined,
    columns: new Map(),
    lists: [],
    typeCount: undefined,
  };
}

// "\x09" (any \xHH) in a directive value: the header writes its separators escaped.
function unescapeDirective(value: string): string {
  return value.replace(/\\x([0-9a-fA-F]{2})/g, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/** Field name -> position in a row, computed once per #fields header (not per row). */
function columnsOf(fields: readonly string[]): Map<string, number | number[]> {
  const columns = new Map<string, number | number[]>();
  fields.forEach((name, position) => {
    const seen = columns.get(name);
    if (seen === undefined) columns.set(name, position);
    else columns.set(name, typeof seen === "number" ? [seen, position] : [...seen, position]);
  });
  return columns;
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
      layout.columns = new Map();
      layout.lists = [];
      layout.typeCount = undefined;
      return true;
    case "fields":
      layout.fields = value.split(layout.separator);
      layout.columns = columnsOf(layout.fields);
      layout.lists = layout.fields.map(() => false);
      layout.typeCount = undefined;
      return true;
    case "types": {
      const types = value.split(layout.separator);
      layout.lists = types.map((type) => type.startsWith("set[") || type.startsWith("vector["));
      layout.typeCount = types.length;
      return true;
    }
    case "open":
    case "close":
      return true;
    default:
      return false;
  }
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });

/** The value of one hex digit's character code, or -1. */
function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** The byte of the two hex digits at `at` ("\\x" + these), or -1 when they are not two hex digits. */
function escapedByte(value: string, at: number): number {
  if (at + 1 >= value.length) return -1;
  const high = hexDigit(value.charCodeAt(at));
  const low = hexDigit(value.charCodeAt(at + 1));
  return high < 0 || low < 0 ? -1 : high * 16 + low;
}

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
    const byte = next === "x" ? escapedByte(value, i + 2) : -1;
    if (byte >= 0) {
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
function isWellFormedUtf8(bytes: Uint8Array): boolean {
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
  // Each character gives at most 3 bytes (a surrogate pair, two characters, gives 4).
  const bytes = new Uint8Array(value.length * 3);
  let n = 0;
  let i = 0;
  while (i < value.length) {
    const code = value.charCodeAt(i);
    const byte = code === 0x5c && value.charCodeAt(i + 1) === 0x78 /* x */ ? escapedByte(value, i + 2) : -1;
    if (byte >= 0) {
      bytes[n++] = byte;
      i += 4;
    } else if (code === 0x5c && value.charCodeAt(i + 1) === 0x5c) {
      bytes[n++] = 0x5c;
      i += 2;
    } else if (code < 0x80) {
      bytes[n++] = code;
      i++;
    } else {
      // A character outside the BMP is two UTF-16 units: encode them together.
      const wide = code >= 0xd800 && code <= 0xdbff && i + 1 < value.length;
      n += Buffer.from(value.slice(i, wide ? i + 2 : i + 1), "utf8").copy(bytes, n);
      i += wide ? 2 : 1;
    }
  }
  const written = bytes.subarray(0, n);
  // Checked first rather than caught: a thrown decode error costs more than the whole row.
  return isWellFormedUtf8(written) ? UTF8.decode(written) : value;
}

/**
 * One row, read by name through the header's positions: a value is unescaped (and a set split) only
 * when the converter asks for it, so the columns a message leaves out cost nothing beyond the split.
 * A name the header gives twice reads as a Map filled in column order would: the last value that is set.
 */
class TsvRecord implements ZeekRecord {
  constructor(
    private readonly values: readonly string[],
    private readonly layout: TsvLayout,
  ) {}

  /** The position whose value the name reads, or -1 when the name has no set value in this row. */
  private positionOf(name: string): number {
    const at = this.layout.columns.get(name);
    if (at === undefined) return -1;
    const unset = this.layout.unsetField;
    if (typeof at === "number") return this.values[at] === unset ? -1 : at;
    for (let k = at.length - 1; k >= 0; k--) if (this.values[at[k]!] !== unset) return at[k]!;
    return -1;
  }

  has(name: string): boolean {
    return this.positionOf(name) >= 0;
  }

  get(name: string): ZeekValue | undefined {
    const at = this.positionOf(name);
    if (at < 0) return undefined;
    const raw = this.values[at]!;
    const layout = this.layout;
    if (layout.lists[at] === true) return raw === layout.emptyField ? [] : raw.split(layout.setSeparator).map(unescapeValue);
    return raw === layout.emptyField ? "" : unescapeValue(raw);
  }
}

/** Why a row cannot be read with the layout, or the record it gives. */
export type TsvRow = { readonly record: ZeekRecord } | { readonly problem: string };

export function readTsvRow(line: string, layout: TsvLayout): TsvRow {
  const fields = layout.fields;
  if (fields === undefined) return { problem: "a TSV row before any #fields header: the column names are not known" };
  // Zeek writes one type per field: a header whose two lines disagree lost a separator (a copy
  // through Markdown merges "file_desc\tproto"), and every column after it would be misread.
  if (layout.typeCount !== undefined && layout.typeCount !== fields.length)
    return {
      problem: `the #fields header names ${fields.length} fields but #types gives ${layout.typeCount} types: the header is damaged`,
    };
  const values = line.split(layout.separator);
  if (values.length !== fields.length) {
    return { problem: `${values.length} tab-separated values where the #fields header names ${fields.length}` };
  }
  return { record: new TsvRecord(values, layout) };
}
