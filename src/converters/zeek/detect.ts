// Format detection: how sure we are that a sample is a Zeek notice or weird log, TSV or JSON.
import { logOfFields, logOfPath } from "./log-kind.js";
import { readJsonRow } from "./json-row.js";

const SAMPLE_LINES = 20;

function tsvScore(lines: readonly string[]): number {
  // Zeek's TSV writer always starts a file with "#separator \x09" (or its own separator).
  if (!/^#separator \\x[0-9a-fA-F]{2}/.test(lines[0] ?? "")) return 0;
  const path = lines.find((line) => line.startsWith("#path"))?.slice("#path".length + 1);
  if (path !== undefined && logOfPath(path) !== undefined) return 0.99;
  // Another Zeek log (conn, dns): Zeek all the same; its records are skipped by name.
  return 0.7;
}

function jsonScore(lines: readonly string[]): number {
  let zeek = 0;
  let other = 0;
  let seen = 0;
  for (const line of lines) {
    if (seen >= SAMPLE_LINES) break;
    // A torn or garbled line says nothing about the format of the others: only JSON lines count.
    const row = readJsonRow(line);
    if ("problem" in row) continue;
    seen++;
    const { record } = row;
    if (!record.has("ts")) continue;
    const path = record.get("_path");
    const kind = typeof path === "string" ? logOfPath(path) : logOfFields(record);
    if (kind !== undefined) zeek++;
    else if (record.has("uid") && record.has("id.orig_h")) other++;
  }
  if (seen === 0) return 0;
  if (zeek > 0) return Math.min(0.95, 0.95 * ((zeek + other) / seen));
  // Other Zeek JSON logs only: less sure (any tool may write uid and id.orig_h).
  return other > 0 ? 0.6 * (other / seen) : 0;
}

/** 0..1: a Zeek TSV header, or JSON lines with `ts` and the fields of notice.log / weird.log. */
export function detectZeek(sample: string): number {
  const lines = sample.split("\n");
  // The sample may end inside a line: drop that part unless the sample is the whole input.
  if (lines.length > 1 && !sample.endsWith("\n")) lines.pop();
  const nonEmpty = lines.map((line) => line.replace(/\r$/, "")).filter((line) => line.trim() !== "");
  if (nonEmpty.length === 0) return 0;
  if (nonEmpty[0]!.startsWith("#")) return tsvScore(nonEmpty);
  return nonEmpty[0]!.trimStart().startsWith("{") ? jsonScore(nonEmpty) : 0;
}
