// Detection over a sample of JSON lines, shared by the converters that read one JSON record per
// line (modsecurity, ocsf): the share of the sample's JSON lines that are the format's records.
import { JsonBlock, opensJsonBlock } from "../core/json-block.js";
import { parseJsonSafely, type SafeJsonOptions } from "../core/safe-json.js";

const SAMPLE_LINES = 20;

/**
 * 0..0.95: the share of the first 20 complete JSON lines (objects or arrays) that `accepts` takes,
 * each parsed as the converter parses its records (`json`).
 * A torn or garbled line says nothing about the format of the others: only JSON lines count.
 */
export function jsonLineShare(
  sample: string,
  accepts: (value: unknown) => boolean,
  json: SafeJsonOptions = { duplicates: "same-value" },
  /** Gather values pretty-printed over lines (for converters whose framer does: json-lines input). */
  prettyBlocks = false,
): number {
  const lines = sample.split("\n");
  // The sample may end inside a line: drop that part unless the sample is the whole input.
  if (lines.length > 1 && !sample.endsWith("\n")) lines.pop();
  let parsed = 0;
  let accepted = 0;
  const block = prettyBlocks ? new JsonBlock(sample.length + 1) : undefined;
  for (const raw of lines) {
    let line = raw.trim();
    if (block !== undefined) {
      if (block.open) {
        const added = block.add(raw);
        if (added.state !== "done") continue;
        line = added.text;
      } else if (opensJsonBlock(raw)) {
        block.start(raw, 0);
        continue;
      }
    }
    if (!line.startsWith("{") && !line.startsWith("[")) continue;
    if (parsed >= SAMPLE_LINES) break;
    let value: unknown;
    try {
      value = parseJsonSafely(line, json).value;
    } catch {
      continue;
    }
    parsed++;
    if (accepts(value)) accepted++;
  }
  return accepted === 0 ? 0 : Math.min(0.95, (0.95 * accepted) / parsed);
}
