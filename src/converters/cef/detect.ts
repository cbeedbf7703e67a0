// Format detection for formats carried in a line (CEF, LEEF): the share of the first lines that carry one.
import { embeddedEventStart, type EmbeddedEventFormat } from "../embedded-event-formats.js";

const SAMPLE_LINES = 20;

/** Lines an export or a hand-kept file begins with (`# exported ...`): CEF and LEEF lines never start so. */
export function isCommentLine(line: string): boolean {
  return line.charCodeAt(0) === 35; /* # */
}

/** 0..0.95: share of the first complete lines, blank and `#` comment lines aside, that carry an event of `format`. */
export function detectCarried(sample: string, format: EmbeddedEventFormat): number {
  const lines = sample.split("\n", SAMPLE_LINES * 4 + 1);
  // The sample may end inside a line: drop that part unless the sample is the whole input.
  if (lines.length > 1 && !sample.endsWith("\n")) lines.pop();
  let seen = 0;
  let found = 0;
  for (const line of lines) {
    if (line.trim() === "" || isCommentLine(line)) continue;
    if (seen >= SAMPLE_LINES) break;
    seen++;
    if (embeddedEventStart(line)?.format === format) found++;
  }
  return seen === 0 ? 0 : (0.95 * found) / seen;
}
