// Format detection: how sure we are that a sample is ModSecurity's JSON audit log (v2 or v3).
import { parseJsonSafely } from "../../core/safe-json.js";
import { looksLikeAuditEntry } from "./audit-entry.js";

const SAMPLE_LINES = 20;

/** 0..1: share of the first complete JSON lines that are audit log entries. */
export function detectModSecurity(sample: string): number {
  const lines = sample.split("\n");
  if (lines.length > 1 && !sample.endsWith("\n")) lines.pop();
  let seen = 0;
  // Lines that are JSON at all: a torn or garbled line says nothing about the format of the others.
  let parsed = 0;
  let entries = 0;
  for (const raw of lines) {
    const line = raw.trim();
    if (line === "") continue;
    if (seen >= SAMPLE_LINES) break;
    seen++;
    // Cheap screen before parsing: every entry has a "transaction" object.
    if (!line.startsWith("{")) continue;
    try {
      const value = parseJsonSafely(line, { duplicates: "same-value" }).value;
      parsed++;
      if (looksLikeAuditEntry(value)) entries++;
    } catch {
      // not JSON: not an entry
    }
  }
  return parsed === 0 || entries === 0 ? 0 : Math.min(0.95, (0.95 * entries) / parsed);
}
