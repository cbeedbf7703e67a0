// Reads one CEF event: the seven '|'-separated header fields and the key=value extension, with the
// escapes of the ArcSight CEF specification. Hand-written scanners: linear in the line length.
import { ConversionError } from "../../core/errors.js";
import { PairList, type PairSink } from "./carried-pairs.js";

/** A CEF event read whole: its header and its extension's pairs. */
export interface CefEvent extends CefHeader {
  /** The extension's pairs in order (a key may repeat: every pair is kept). */
  readonly extension: readonly (readonly [key: string, value: string])[];
  /** Text before the extension's first key=, when there is any (not CEF, but kept). */
  readonly leadingText: string | undefined;
}

const HEADER_FIELDS = ["version", "Device Vendor", "Device Product", "Device Version", "Signature ID", "Name", "Severity"] as const;

/** A column-numbered reject for the record (1-based column in the whole line). */
function cefError(column: number, reason: string): ConversionError {
  return new ConversionError(`CEF: ${reason} (column ${column})`);
}

/** A header field with `\\|` and `\\\\` unescaped (any other backslash is kept as written). */
function unescapeHeaderField(raw: string): string {
  let out = "";
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    const next = raw[i + 1];
    if (c === "\\" && (next === "|" || next === "\\")) {
      out += next;
      i++;
    } else {
      out += c;
    }
  }
  return out;
}

/**
 * Splits the header at `versionAt` (just after "CEF:"): seven fields, each ended by an unescaped
 * '|' (one preceded by an even number of backslashes). Fields are cut with indexOf and slice, and
 * unescaped only when they hold a backslash. Returns the fields and where the extension starts.
 */
function readHeader(line: string, versionAt: number): { fields: string[]; extensionAt: number; nameMissing: boolean } {
  const fields: string[] = [];
  let fieldStart = versionAt;
  let from = versionAt;
  while (fields.length < HEADER_FIELDS.length) {
    const pipe = line.indexOf("|", from);
    if (pipe < 0) {
      if (isSixFieldHeader(fields, line, fieldStart)) {
        // Version|Vendor|Product|Version|Signature ID|Severity|extension: the Name is the one left out.
        return { fields: [...fields.slice(0, 5), "", fields[5]!], extensionAt: fieldStart, nameMissing: true };
      }
      throw cefError(
        line.length + 1,
        `the header ends after ${fields.length} of its 7 fields (Version|Device Vendor|Device Product|Device Version|Signature ID|Name|Severity|)`,
      );
    }
    let backslashes = 0;
    while (pipe - backslashes - 1 >= fieldStart && line.charCodeAt(pipe - backslashes - 1) === 92) backslashes++;
    if (backslashes % 2 === 1) {
      from = pipe + 1;
      continue;
    }
    const raw = line.slice(fieldStart, pipe);
    fields.push(raw.includes("\\") ? unescapeHeaderField(raw) : raw);
    fieldStart = pipe + 1;
    from = fieldStart;
  }
  return { fields, extensionAt: fieldStart, nameMissing: false };
}

const SEVERITY_NUMBER = /^\d{1,2}$/;

/**
 * A header of six fields whose sixth is a severity number (0-10) and after which an extension key
 * follows: some senders (A10 Thunder TPS: "CEF:0|A10|TH4415 TPS|3.6.8-TPS-P3|DDOS|4|externalId=...")
 * leave the Name out. Any other short header is a torn or foreign line and is rejected.
 */
function isSixFieldHeader(fields: readonly string[], line: string, extensionAt: number): boolean {
  if (fields.length !== 6 || !SEVERITY_NUMBER.test(fields[5]!.trim()) || Number(fields[5]) > 10) return false;
  const eq = line.indexOf("=", extensionAt);
  const space = line.indexOf(" ", extensionAt);
  return eq > extensionAt && (space < 0 || eq < space) && isExtensionKey(line.slice(extensionAt, eq));
}

/** Letters, digits, '_', '.', '-', and '[' ']' (ArcSight connectors' "ad.Key[0]=" additional data). */
function isKeyChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45 || c === 91 || c === 93;
}

function isKeyStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

/** Whether the whole text is a key (a letter or '_', then letters, digits, '_', '.', '-', '[', ']'; at most MAX_KEY). */
export function isExtensionKey(text: string): boolean {
  if (text.length === 0 || text.length > MAX_KEY || !isKeyStart(text.charCodeAt(0))) return false;
  for (let i = 1; i < text.length; i++) if (!isKeyChar(text.charCodeAt(i))) return false;
  return true;
}

/** Keys longer than this are not keys (CEF's longest dictionary key has 33 characters). */
const MAX_KEY = 100;

const VALUE_ESCAPES: Readonly<Record<string, string>> = { "\\": "\\", "=": "=", "|": "|", n: "\n", r: "\r" };

/** An extension value with `\\`, `\=`, `\|`, `\n`, `\r` unescaped; any other backslash is kept as written. */
function unescapeValue(raw: string): string {
  if (!raw.includes("\\")) return raw;
  let out = "";
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    const next = raw[i + 1];
    const replacement = c === "\\" && next !== undefined ? VALUE_ESCAPES[next] : undefined;
    if (replacement !== undefined) {
      out += replacement;
      i++;
    } else {
      out += c;
    }
  }
  return out;
}

/**
 * Hands the extension's pairs to `sink` in order; returns the text before the first key=, if any
 * (not CEF, but kept). A key is a run of letters, digits, '_', '.', '-', '[', ']' (starting with a letter or
 * '_') followed by '=', at the start of the extension or after a space; its value runs to the next
 * such key (spaces inside values are allowed, and an '=' that does not end a space + key belongs to
 * the value). The scanner jumps from '=' to '=' and looks back over the key: the words of long
 * values are not read one by one. With `leadingKey`, the leading text is also handed to the sink
 * under that key, ahead of the pairs.
 */
export function scanExtension(text: string, sink: PairSink, leadingKey?: string): string | undefined {
  let key: string | undefined;
  let valueStart = 0;
  let leadingText: string | undefined;
  let from = 0;
  for (;;) {
    const eq = text.indexOf("=", from);
    const last = eq < 0;
    let start = text.length;
    if (!last) {
      from = eq + 1;
      // An escaped '=' ("\=") is never a key's: a key has no backslash, so the look-back stops there.
      start = eq;
      while (start > 0 && eq - start <= MAX_KEY && isKeyChar(text.charCodeAt(start - 1))) start--;
      if (start === eq || eq - start > MAX_KEY || !isKeyStart(text.charCodeAt(start))) continue;
      if (start > 0 && text.charCodeAt(start - 1) !== 32) continue;
    }
    // The value (or the leading text) before this key ends at it, spaces before the key left out.
    let stop = start;
    while (stop > valueStart && text.charCodeAt(stop - 1) === 32) stop--;
    if (key === undefined) {
      const lead = text.slice(valueStart, stop).trim();
      if (lead !== "") {
        leadingText = lead;
        if (leadingKey !== undefined) sink.add(leadingKey, lead);
      }
    } else {
      sink.add(key, unescapeValue(text.slice(valueStart, stop)));
    }
    if (last) return leadingText;
    key = text.slice(start, eq);
    valueStart = eq + 1;
  }
}

/** The extension's pairs as a list (scanExtension into a PairList). */
export function parseExtension(text: string): { pairs: [string, string][]; leadingText: string | undefined } {
  const list = new PairList();
  const leadingText = scanExtension(text, list);
  return { pairs: list.pairs, leadingText };
}

/** A CEF event's header: its seven fields, and where its extension starts. */
export interface CefHeader {
  /** "0" or "1" as written after "CEF:". */
  readonly version: string;
  readonly vendor: string;
  readonly product: string;
  readonly deviceVersion: string;
  readonly signatureId: string;
  readonly name: string;
  readonly severity: string;
  /** True when the header had six fields, the Name left out (A10 Thunder TPS writes that). */
  readonly nameMissing: boolean;
  readonly extensionAt: number;
}

/** Reads the header of the CEF event whose version starts at `versionAt` (see embeddedEventStart). */
export function readCefHeader(line: string, versionAt: number): CefHeader {
  const { fields, extensionAt, nameMissing } = readHeader(line, versionAt);
  const [version, vendor, product, deviceVersion, signatureId, name, severity] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  return {
    version: version.trim(),
    vendor,
    product,
    deviceVersion,
    signatureId,
    name,
    severity: severity.trim(),
    nameMissing,
    extensionAt,
  };
}

/** Reads the CEF event whose version starts at `versionAt`: its header and its extension's pairs. */
export function parseCef(line: string, versionAt: number): CefEvent {
  const header = readCefHeader(line, versionAt);
  const { pairs, leadingText } = parseExtension(line.slice(header.extensionAt));
  return { ...header, extension: pairs, leadingText };
}
