// Zeek's JSON writer (LogAscii::use_json): one object per line with flat dotted keys ("id.orig_h").
// Nested objects (what some relays write: "id": {"orig_h": ...}) are flattened to the same names.
import { parseJsonSafely } from "../../core/safe-json.js";
import type { ZeekRecord, ZeekValue } from "./zeek-record.js";

/** The record, the keys dropped for being prototype keys, or why the line is no Zeek JSON record. */
export type JsonRow = { readonly record: ZeekRecord; readonly dropped: readonly string[] } | { readonly problem: string };

function scalarText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === "boolean") return value ? "T" : "F";
  return undefined;
}

const MAX_DEPTH = 4;

function flatten(object: Readonly<Record<string, unknown>>, prefix: string, depth: number, out: Map<string, ZeekValue>): void {
  for (const [key, value] of Object.entries(object)) {
    const name = prefix + key;
    if (Array.isArray(value)) {
      const items: string[] = [];
      for (const item of value) {
        const text = scalarText(item);
        if (text !== undefined) items.push(text);
      }
      out.set(name, items);
    } else if (value !== null && typeof value === "object") {
      if (depth < MAX_DEPTH) flatten(value as Record<string, unknown>, `${name}.`, depth + 1, out);
    } else {
      const text = scalarText(value);
      if (text !== undefined) out.set(name, text);
    }
  }
}

export function readJsonRow(line: string): JsonRow {
  let parsed: { value: unknown; dropped: string[] };
  try {
    parsed = parseJsonSafely(line, { duplicates: "same-value" });
  } catch (error) {
    return { problem: `invalid JSON: ${(error as Error).message}` };
  }
  const value = parsed.value;
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return { problem: "not a Zeek JSON record: each line must hold one JSON object" };
  }
  const record = new Map<string, ZeekValue>();
  const wrapped = unwrapLogName(value as Record<string, unknown>);
  if (wrapped !== undefined) {
    // Set first: a "_path" inside the row names the log better than the wrapper's key.
    record.set("_path", wrapped.path);
    flatten(wrapped.row, "", 0, record);
  } else flatten(value as Record<string, unknown>, "", 0, record);
  return { record, dropped: parsed.dropped };
}

const LOG_NAME = /^[a-z][a-z0-9_]{0,40}$/;

/**
 * The row of a line that wraps it under its log's name, `{"notice": {"ts": ...}}`: what Apache
 * Metron's Kafka writer for Zeek (bro-plugin-kafka) sends. One key, a log-like name, an object
 * with `ts` under it; anything else is read as a plain row.
 */
function unwrapLogName(object: Readonly<Record<string, unknown>>): { path: string; row: Record<string, unknown> } | undefined {
  let path: string | undefined;
  for (const key in object) {
    if (path !== undefined) return undefined;
    path = key;
  }
  if (path === undefined || !LOG_NAME.test(path)) return undefined;
  const row = object[path];
  if (row === null || typeof row !== "object" || Array.isArray(row) || !("ts" in row)) return undefined;
  return { path, row: row as Record<string, unknown> };
}
