// Event times written by CEF and LEEF senders: epoch milliseconds (or seconds), the CEF
// specification's date forms ("MMM dd yyyy HH:mm:ss.SSS zzz" and its shorter kin), ISO 8601.
import { resolveStamp, scanHeaderStamp } from "../syslog/header-stamp.js";

export interface EventTimeOptions {
  /** Zone for a stamp without one; undefined: the machine's zone (as for syslog headers). */
  readonly timezone: string | undefined;
  /** "Now" in epoch ms: a year-less stamp is placed so that it is not after it. */
  readonly referenceMs: number;
}

// Epoch times after 2001-09-09 have 13 digits in milliseconds and 10 in seconds: 9 to 11 digits are
// seconds (CEF says milliseconds; some senders write seconds), 12 to 16 are milliseconds.
const EPOCH = /^(\d{9,16})(?:\.(\d{1,9}))?$/;

function fromEpoch(text: string): string | undefined {
  const m = EPOCH.exec(text);
  if (m === null) return undefined;
  const digits = m[1]!;
  const ms = digits.length <= 11 ? Number(digits) * 1000 + Math.floor(Number(`0.${m[2] ?? "0"}`) * 1000) : Number(digits);
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The time as RFC 3339 with offset, or undefined when the text is none of the known forms. */
export function readEventTime(value: string, options: EventTimeOptions): string | undefined {
  const text = value.trim();
  if (text === "" || text.length > 64) return undefined;
  const epoch = fromEpoch(text);
  if (epoch !== undefined) return epoch;
  const stamp = scanHeaderStamp(text, 0);
  // The whole value must be the stamp (a date followed by other words is not this form).
  if (stamp === undefined || text.slice(stamp.end).trim() !== "") return undefined;
  return resolveStamp(stamp, options.timezone, options.referenceMs)?.timestamp;
}
