// Detection over a sample of JSON lines, shared by the converters that read one JSON record per
// line (modsecurity, ocsf): the share of the sample's JSON lines that are the format's records.
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
): number {
  const lines = sample.split("\n");
  // The sample may end inside a line: drop that part unless the sample is the whole input.
  if (lines.length > 1 && !sample.endsWith("\n")) lines.pop();
  let parsed = 0;
  let accepted = 0;
  for (const raw of lines) {
    const line = raw.trim();
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
