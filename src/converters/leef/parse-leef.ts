// Reads one LEEF event: `LEEF:1.0|Vendor|Product|Version|EventID|` then tab-separated key=value
// attributes; LEEF 2.0 adds a delimiter field after EventID (a character, or its hex code "x5E" / "0x09").
import { ConversionError } from "../../core/errors.js";
import { isExtensionKey, parseExtension } from "../cef/parse-cef.js";

export interface LeefEvent {
  readonly version: string;
  readonly vendor: string;
  readonly product: string;
  readonly productVersion: string;
  readonly eventId: string;
  readonly delimiter: string;
  /** A delimiter field naming no usable character (x00): tab was used instead. */
  readonly unusableDelimiter: string | undefined;
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

function splitAttributes(text: string, delimiter: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const part of text.split(delimiter)) {
    if (part.trim() === "") continue;
    const eq = part.indexOf("=");
    const key = eq > 0 ? part.slice(0, eq).trim() : "";
    // A piece without key= (a value that held the delimiter) belongs to the pair before it.
    if (!isExtensionKey(key)) {
      const last = pairs[pairs.length - 1];
      if (last !== undefined) last[1] += delimiter + part;
      else pairs.push(["attributes", part]);
      continue;
    }
    pairs.push([key, part.slice(eq + 1)]);
  }
  return pairs;
}

/** Reads the LEEF event whose version starts at `versionAt` (see embeddedEventStart). */
export function parseLeef(line: string, versionAt: number): LeefEvent {
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
  const text = line.slice(attributesAt);
  // Some LEEF 1.0 senders separate attributes with spaces: read those the CEF way.
  const attributes =
    delimiter === "\t" && !text.includes("\t") && text.includes(" ") ? parseExtension(text.trim()).pairs : splitAttributes(text, delimiter);
  return {
    version,
    vendor: field(1),
    product: field(2),
    productVersion: field(3),
    eventId: field(4),
    delimiter,
    unusableDelimiter,
    attributes,
  };
}
