// The "json-lines" framer: one JSON value per line, parsed without prototype keys; a corrupt line
// is rejected with its line number and the parser's message.
import { parseJsonSafely } from "../../core/safe-json.js";
import { framerOverLines, lineWarnings, LineSplitter, type RawLine } from "./lines.js";
import { JsonBlock, opensJsonBlock } from "../../core/json-block.js";
import { DEFAULT_MAX_RECORD_BYTES, type Framed, type Framer, type FramingLimits } from "./types.js";

export function createJsonLinesFramer(limits: FramingLimits = {}, startOffset = 0, startLine = 0): Framer {
  // A value pretty-printed over lines is gathered into one record (see json-block.ts).
  const block = new JsonBlock(limits.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES);
  let blockWarnings: string[] | undefined;
  let lastEnd = startOffset;
  const onLine = (raw: RawLine, out: Framed[]): void => {
    lastEnd = raw.endOffset;
    if (!block.open) {
      if (!opensJsonBlock(raw.text)) {
        out.push(jsonLineRecord(raw.text, raw.line, raw.endOffset, lineWarnings(raw)));
        return;
      }
      blockWarnings = lineWarnings(raw);
      block.start(raw.text, raw.line);
      return;
    }
    const more = lineWarnings(raw);
    if (more !== undefined) blockWarnings = [...(blockWarnings ?? []), ...more];
    const added = block.add(raw.text);
    if (added.state === "done") out.push(jsonLineRecord(added.text, block.line, raw.endOffset, blockWarnings));
    else if (added.state === "failed")
      out.push({
        kind: "reject",
        code: "RECORD_TOO_LARGE",
        reason: added.reason,
        text: added.text,
        line: block.line,
        endOffset: raw.endOffset,
      });
  };
  const lines = framerOverLines(new LineSplitter(limits, startOffset, startLine), onLine);
  return {
    push: (chunk) => lines.push(chunk),
    end() {
      const out = lines.end();
      // The input ended inside a pretty-printed value: one reject for it, from its first line.
      if (block.open) {
        const text = block.take();
        out.push({
          kind: "reject",
          code: "TRUNCATED_RECORD",
          reason: `pretty-printed JSON value from line ${block.line} is not closed before the end of the input`,
          text: text.slice(0, 200),
          line: block.line,
          endOffset: lastEnd,
        });
      }
      return out;
    },
  };
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
