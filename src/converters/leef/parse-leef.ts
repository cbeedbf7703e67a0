// Reads one LEEF event: `LEEF:1.0|Vendor|Product|Version|EventID|` then tab-separated key=value
// attributes; LEEF 2.0 adds a delimiter field after EventID (a character, or its hex code "x5E" / "0x09").
import { ConversionError } from "../../core/errors.js";
import { PairList, type PairSink } from "../cef/carried-pairs.js";
import { isExtensionKey, scanExtension } from "../cef/parse-cef.js";

export interface LeefEvent extends LeefHeader {
  readonly attributes: readonly (readonly [key: string, value: string])[];
}

const HEX_DELIMITER = /^(?:0x|x)([0-9A-Fa-f]{1,4})$/;

/** The positions of the first `n` pipes from `from` (fewer when the line has fewer). */
function pipePositions(line: string, from: number, n: number): number[] {
  const ends: number[] = [];
  let at = from;
  for (let i = 0; i < n; i++) {
    const pipe = line.indexOf("|", at);
    if (pipe < 0) break;
    ends.push(pipe);
    at = pipe + 1;
  }
  return ends;
}

/**
 * The LEEF 2.0 delimiter field's character ("" for a hex code that names no usable character, x00
 * or a surrogate: tab is used then), or undefined when the field is not a delimiter field.
 */
function delimiterOf(field: string): string | undefined {
  if (field.length === 1) return field;
  const hex = HEX_DELIMITER.exec(field);
  if (hex === null) return undefined;
  const code = Number.parseInt(hex[1]!, 16);
  return code > 0 && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : "";
}

/** Whether text[from, to) is all blank (String.prototype.trim's white space). */
function isBlank(text: string, from: number, to: number): boolean {
  return text.slice(from, to).trim() === "";
}

/**
 * Hands the attributes of `text` (from `at`) to `sink`, cut at each `delimiter`. A piece without a
 * key= (a value that held the delimiter) belongs to the pair before it; blank pieces are skipped.
 * A pair is handed over once the next key shows that its value is complete. Linear: the next '='
 * is looked for once and reused while the pieces before it are cut.
 */
function scanAttributes(text: string, at: number, delimiter: string, sink: PairSink): void {
  let key: string | undefined;
  let value = "";
  let nextEq = -2;
  let from = at;
  while (from <= text.length) {
    let end = text.indexOf(delimiter, from);
    if (end < 0) end = text.length;
    if (nextEq !== -1 && nextEq < from) nextEq = text.indexOf("=", from);
    const eq = nextEq >= 0 && nextEq < end ? nextEq : -1;
    const pieceKey = eq > from ? text.slice(from, eq).trim() : "";
    if (isExtensionKey(pieceKey)) {
      if (key !== undefined) sink.add(key, value);
      key = pieceKey;
      value = text.slice(eq + 1, end);
    } else if (!isBlank(text, from, end)) {
      const piece = text.slice(from, end);
      if (key !== undefined) value += delimiter + piece;
      else {
        key = "attributes";
        value = piece;
      }
    }
    from = end + delimiter.length;
  }
  if (key !== undefined) sink.add(key, value);
}

/**
 * Whether the attributes from `at` are parted by '|': the first piece is key=value and the piece
 * after the first '|' starts with a key and '='.
 */
function isPipeDelimited(line: string, at: number): boolean {
  const pipe = line.indexOf("|", at);
  if (pipe < 0) return false;
  const firstEq = line.indexOf("=", at);
  if (firstEq < 0 || firstEq > pipe || !isExtensionKey(line.slice(at, firstEq).trim())) return false;
  const nextEq = line.indexOf("=", pipe + 1);
  return nextEq > pipe + 1 && isExtensionKey(line.slice(pipe + 1, nextEq));
}

/** A LEEF event's header: its five fields (six for LEEF 2.0 with a delimiter). */
export interface LeefHeader {
  readonly version: string;
  readonly vendor: string;
  readonly product: string;
  readonly productVersion: string;
  readonly eventId: string;
  readonly delimiter: string;
  /** A delimiter field naming no usable character (x00): tab was used instead. */
  readonly unusableDelimiter: string | undefined;
}

/** Reads the LEEF event whose version starts at `versionAt` (see embeddedEventStart): its header, its attributes to `sink`. */
export function readLeef(line: string, versionAt: number, sink: PairSink): LeefHeader {
  const pipes = pipePositions(line, versionAt, 6);
  if (pipes.length < 5) {
    throw new ConversionError(
      `LEEF: the header ends after ${pipes.length} of its 5 fields (Version|Vendor|Product|Version|EventID|) (column ${line.length + 1})`,
    );
  }
  const field = (i: number): string => line.slice(i === 0 ? versionAt : pipes[i - 1]! + 1, pipes[i]);
  const version = field(0).trim();
  let attributesAt = pipes[4]! + 1;
  let delimiter = "\t";
  let unusableDelimiter: string | undefined;
  if (version.startsWith("2") && pipes.length === 6) {
    const candidate = delimiterOf(line.slice(attributesAt, pipes[5]));
    if (candidate !== undefined) {
      if (candidate === "") unusableDelimiter = line.slice(attributesAt, pipes[5]);
      else delimiter = candidate;
      attributesAt = pipes[5]! + 1;
    }
  }
  if (delimiter === "\t" && unusableDelimiter === undefined && line.indexOf("\t", attributesAt) < 0) {
    // No delimiter named and no tab: PAN-OS's LEEF 1.0 parts its attributes with '|' (values hold
    // spaces there); other senders use spaces, read the CEF way.
    if (isPipeDelimited(line, attributesAt)) delimiter = "|";
    else if (line.indexOf(" ", attributesAt) >= 0) {
      scanExtension(line.slice(attributesAt).trim(), sink);
      delimiter = " ";
    }
  }
  if (delimiter !== " ") scanAttributes(line, attributesAt, delimiter, sink);
  return {
    version,
    vendor: field(1),
    product: field(2),
    productVersion: field(3),
    eventId: field(4),
    delimiter,
    unusableDelimiter,
  };
}

/** The LEEF event whose version starts at `versionAt`, its attributes as a list. */
export function parseLeef(line: string, versionAt: number): LeefEvent {
  const list = new PairList();
  const header = readLeef(line, versionAt, list);
  return { ...header, attributes: list.pairs };
}
