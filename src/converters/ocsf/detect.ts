// Format detection: how sure we are that a sample is OCSF findings, one JSON event per line.
import { parseJsonSafely } from "../../core/safe-json.js";
import { asObject } from "./fields.js";

const SAMPLE_LINES = 20;

function isOcsfEvent(value: unknown): boolean {
  const event = asObject(Array.isArray(value) ? value[0] : value);
  if (event === undefined || typeof event["class_uid"] !== "number") return false;
  // Every OCSF event has its class, its time or metadata, and a severity or activity.
  return (event["time"] !== undefined || event["metadata"] !== undefined) && (event["severity_id"] !== undefined || event["activity_id"] !== undefined || event["type_uid"] !== undefined);
}

/** 0..1: share of the first complete JSON lines that are OCSF events (findings score as sure as any class). */
export function detectOcsf(sample: string): number {
  const lines = sample.split("\n");
  if (lines.length > 1 && !sample.endsWith("\n")) lines.pop();
  let seen = 0;
  // Lines that are JSON at all: a torn or garbled line says nothing about the format of the others.
  let parsed = 0;
  let events = 0;
  for (const raw of lines) {
    const line = raw.trim();
    if (line === "") continue;
    if (seen >= SAMPLE_LINES) break;
    seen++;
    if (!line.startsWith("{") && !line.startsWith("[")) continue;
    try {
      const value = parseJsonSafely(line, { duplicates: "same-value" }).value;
      parsed++;
      if (isOcsfEvent(value)) events++;
    } catch {
      // not JSON
    }
  }
  return parsed === 0 || events === 0 ? 0 : Math.min(0.95, (0.95 * events) / parsed);
}
