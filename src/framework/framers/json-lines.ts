// The "json-lines" framer: one JSON value per line, parsed without prototype keys; a corrupt line
// is rejected with its line number and the parser's message.
import { parseJsonSafely } from "../../core/safe-json.js";
import { framerOverLines, lineWarnings, LineSplitter, type RawLine } from "./lines.js";
import type { Framed, Framer, FramingLimits } from "./types.js";

export function createJsonLinesFramer(limits: FramingLimits = {}, startOffset = 0): Framer {
  const onLine = (raw: RawLine, out: Framed[]): void => {
    let parsed: { value: unknown; dropped: string[] };
    try {
      // Source records, not IDMEFv2 messages: a key repeated with the same value is what some
      // producers really write (see SafeJsonOptions); a repeated key with two values is refused.
      parsed = parseJsonSafely(raw.text, { duplicates: "same-value" });
    } catch (error) {
      out.push({
        kind: "reject",
        code: "MALFORMED_RECORD",
        reason: `invalid JSON: ${(error as Error).message}`,
        text: raw.text,
        line: raw.line,
        endOffset: raw.endOffset,
      });
      return;
    }
    // The usual line has nothing to warn about: no warnings list, no spread, one object.
    const fromLine = lineWarnings(raw);
    if (fromLine === undefined && parsed.dropped.length === 0) {
      out.push({ kind: "record", value: parsed.value, text: raw.text, line: raw.line, endOffset: raw.endOffset });
      return;
    }
    const warnings: string[] = fromLine ?? [];
    for (const pointer of parsed.dropped) warnings.push(`dropped the key at ${pointer}: it could pollute prototypes`);
    out.push({ kind: "record", value: parsed.value, text: raw.text, line: raw.line, endOffset: raw.endOffset, warnings });
  };
  return framerOverLines(new LineSplitter(limits, startOffset), onLine);
}
