// Format detection: how sure we are that a sample is OCSF findings, one JSON event per line.
import { jsonLineShare } from "../json-line-share.js";
import { asObject, integer } from "./fields.js";

function isOcsfEvent(value: unknown): boolean {
  const event = asObject(Array.isArray(value) ? value[0] : value);
  // class_uid as a number, or as digits in a string (exports that write every number as text).
  if (event === undefined || integer(event, "class_uid") === undefined) return false;
  // Every OCSF event has its class, its time or metadata, and a severity or activity.
  return (
    (event["time"] !== undefined || event["metadata"] !== undefined) &&
    (event["severity_id"] !== undefined || event["activity_id"] !== undefined || event["type_uid"] !== undefined)
  );
}

/** 0..1: share of the first complete JSON lines that are OCSF events (findings score as sure as any class). */
export function detectOcsf(sample: string): number {
  // Findings copied from documentation come pretty-printed: the json-lines framer gathers them.
  return jsonLineShare(sample, isOcsfEvent, undefined, true);
}
