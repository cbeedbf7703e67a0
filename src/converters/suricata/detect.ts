// Format detection: how sure we are that a sample of an input is Suricata EVE JSON.
import { asObject } from "./eve-fields.js";

const SAMPLE_LINES = 20;

function looksLikeEve(line: string): boolean | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  const record = asObject(value);
  if (record === undefined || typeof record["timestamp"] !== "string") return false;
  return typeof record["event_type"] === "string" || asObject(record["alert"]) !== undefined;
}

/** 0..1: share of the first complete lines that are EVE records (a JSON object with timestamp and event_type). */
export function detectEve(sample: string): number {
  // The sample may end inside a line: drop that part unless the sample is the whole input.
  const lines = sample.split("\n");
  if (lines.length > 1 && !sample.endsWith("\n")) lines.pop();
  let eve = 0;
  let seen = 0;
  for (const raw of lines) {
    const line = raw.trim();
    if (line === "") continue;
    if (seen >= SAMPLE_LINES) break;
    seen++;
    if (looksLikeEve(line) === true) eve++;
  }
  if (seen === 0 || eve === 0) return 0;
  // EVE has no header; one odd line (a NUL-damaged first line, say) should not hide the rest.
  return Math.min(0.95, (0.95 * eve) / seen);
}
