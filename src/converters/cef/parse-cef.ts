// Reads one CEF event: the seven '|'-separated header fields and the key=value extension, with the
// escapes of the ArcSight CEF specification. Hand-written scanners: linear in the line length.
import { ConversionError } from "../../core/errors.js";

export interface CefEvent {
  /** "0" or "1" as written after "CEF:". */
  readonly version: string;
  readonly vendor: string;
  readonly product: string;
  readonly deviceVersion: string;
  readonly signatureId: string;
  readonly name: string;
  readonly severity: string;
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

/**
 * Splits the header at `versionAt` (just after "CEF:"): seven fields, each ended by an unescaped
 * '|', with `\|` and `\\` unescaped. Returns the fields and where the extension starts.
 */
function readHeader(line: string, versionAt: number): { fields: string[]; extensionAt: number } {
  const fields: string[] = [];
  let field = "";
  let i = versionAt;
  const n = line.length;
  while (fields.length < HEADER_FIELDS.length) {
    if (i >= n) {
      throw cefError(
        n + 1,
        `the header ends after ${fields.length} of its 7 fields (Version|Device Vendor|Device Product|Device Version|Signature ID|Name|Severity|)`,
      );
    }
    const c = line[i]!;
    if (c === "\\" && (line[i + 1] === "|" || line[i + 1] === "\\")) {
      field += line[i + 1];
      i += 2;
    } else if (c === "|") {
      fields.push(field);
      field = "";
      i++;
    } else {
      field += c;
      i++;
    }
  }
  return { fields, extensionAt: i };
}

function isKeyChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45;
}

function isKeyStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

/** Keys longer than this are not keys (CEF's longest dictionary key has 33 characters). */
const MAX_KEY = 100;

/** If a key and its '=' start at `at`, the index of that '='; else -1. */
function keyEnd(text: string, at: number): number {
  if (!isKeyStart(text.charCodeAt(at))) return -1;
  let i = at + 1;
  while (i < text.length && i - at <= MAX_KEY && isKeyChar(text.charCodeAt(i))) i++;
  return text[i] === "=" && i - at <= MAX_KEY ? i : -1;
}

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
 * The extension's pairs. A key is a run of letters, digits, '_', '.', '-' followed by '=' at the
 * start of the extension or after a space; its value runs to the next such key (spaces inside
 * values are allowed, and an '=' that does not follow a space + key belongs to the value).
 */
export function parseExtension(text: string): { pairs: [string, string][]; leadingText: string | undefined } {
  const pairs: [string, string][] = [];
  let key: string | undefined;
  let valueStart = 0;
  let leadingText: string | undefined;
  const close = (end: number): void => {
    let stop = end;
    while (stop > valueStart && text[stop - 1] === " ") stop--;
    if (key === undefined) {
      const lead = text.slice(valueStart, stop).trim();
      if (lead !== "") leadingText = lead;
    } else {
      pairs.push([key, unescapeValue(text.slice(valueStart, stop))]);
    }
  };
  // Keys start at the beginning or after a space: jump from space to space.
  let i = 0;
  while (i < text.length) {
    // An escaped '=' ("\=") is never a key's: a key has no backslash, so keyEnd fails there.
    const eq = keyEnd(text, i);
    if (eq >= 0) {
      close(i);
      key = text.slice(i, eq);
      valueStart = eq + 1;
    }
    const space = text.indexOf(" ", eq >= 0 ? eq : i);
    if (space < 0) break;
    i = space + 1;
  }
  close(text.length);
  return { pairs, leadingText };
}

/** Reads the CEF event whose version starts at `versionAt` (see embeddedEventStart). */
export function parseCef(line: string, versionAt: number): CefEvent {
  const { fields, extensionAt } = readHeader(line, versionAt);
  const [version, vendor, product, deviceVersion, signatureId, name, severity] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const { pairs, leadingText } = parseExtension(line.slice(extensionAt));
  return {
    version: version.trim(),
    vendor,
    product,
    deviceVersion,
    signatureId,
    name,
    severity: severity.trim(),
    extension: pairs,
    leadingText,
  };
}
