// The "json-lines" framer: one JSON value per line, parsed without prototype keys; a corrupt line
// is rejected with its line number and the parser's message.
import { parseJsonSafely } from "../../core/safe-json.js";
import { framerOverLines, lineWarnings, LineSplitter, type RawLine } from "./lines.js";
import type { Framed, Framer, FramingLimits } from "./types.js";

export function createJsonLinesFramer(limits: FramingLimits = {}, startOffset = 0, startLine = 0): Framer {
  const onLine = (raw: RawLine, out: Framed[]): void => {
    out.push(jsonLineRecord(raw.text, raw.line, raw.endOffset, lineWarnings(raw)));
  };
  return framerOverLines(new LineSplitter(limits, startOffset, startLine), onLine);
}

/**
 * One line's JSON value as a framed record (or its rejection). `convert --jobs N` cuts lines on the
 * main thread and parses them here on a worker, with the warnings the line splitter gave.
 */
export function jsonLineRecord(text: string, line: number, endOffset: number, fromLine: readonly string[] | undefined): Framed {
  let parsed: { value: unknown; dropped: string[] };
  // JSON text sequences (RFC 7464, `journalctl -o json-seq`, `jq --seq`): an ASCII RS before each value.
  const json = text.charCodeAt(0) === 0x1e ? text.slice(1) : text;
  try {
    // Source records, not IDMEFv2 messages: a key repeated with the same value is what some
    // producers really write (see SafeJsonOptions); a repeated key with two values is refused.
    parsed = parseJsonSafely(json, { duplicates: "same-value" });
  } catch (error) {
    return { kind: "reject", code: "MALFORMED_RECORD", reason: `invalid JSON: ${(error as Error).message}`, text, line, endOffset };
  }
  // The usual line has nothing to warn about: no warnings list, no spread, one object.
  if (fromLine === undefined && parsed.dropped.length === 0) return { kind: "record", value: parsed.value, text, line, endOffset };
  const warnings: string[] = fromLine === undefined ? [] : [...fromLine];
  for (const pointer of parsed.dropped) warnings.push(`dropped the key at ${pointer}: it could pollute prototypes`);
  return { kind: "record", value: parsed.value, text, line, endOffset, warnings };
}
