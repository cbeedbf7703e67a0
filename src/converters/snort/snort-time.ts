// Snort's time stamps: "MM/DD-HH:MM:SS.ffffff" (no year: `-y` adds one, "YY/MM/DD-..."), in the
// sensor's local time unless it ran with -U (UTC); alert_json may add "seconds" (epoch, exact).
import { normalizeTimestamp } from "../../core/timestamps.js";

const STAMP = /^(?:(\d{2})\/)?(\d{2})\/(\d{2})-(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;

export interface SnortTimeOptions {
  /** Zone of the sensor's clock; undefined: the machine's zone. */
  readonly timezone: string | undefined;
  /** "Now" in epoch ms: a year-less stamp gets the latest year that does not put it after this (+1 day). */
  readonly referenceMs: number;
  /** The run's last resolved minute (see SnortMinute), when the caller keeps one. */
  readonly minute?: SnortMinute;
}

const DAY_MS = 86_400_000;

/**
 * The last minute a run resolved: its date and hour:minute in RFC 3339 and the zone's offset then.
 * Within one minute neither the inferred year nor the offset changes (zone transitions fall on
 * whole minutes), so the next stamps of that minute need no date arithmetic and no zone lookup.
 */
export class SnortMinute {
  /** The stamp up to its minute as written ("MM/DD-HH:MM" or "YY/MM/DD-HH:MM"); "" before the first. */
  text = "";
  /** The reference day (epoch ms / day) and zone it was resolved with. */
  referenceDay = Number.NaN;
  timezone: string | undefined = undefined;
  prefix = "";
  offset = "";
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** RFC 3339 for a Snort stamp, or undefined when the text is not one (or names no real date). */
export function readSnortTime(text: string, options: SnortTimeOptions, epochSeconds?: number): string | undefined {
  const stamp = text.trim();
  const m = STAMP.exec(stamp);
  if (m === null) return undefined;
  const [, yy, mo, d, h, mi, s, frac] = m;
  const fraction = frac === undefined ? "" : `.${frac}`;
  // alert_json's "seconds" is the exact instant: only the fraction comes from the stamp.
  if (epochSeconds !== undefined && Number.isSafeInteger(epochSeconds) && epochSeconds > 0) {
    const iso = new Date(epochSeconds * 1000).toISOString();
    return `${iso.slice(0, 19)}${fraction}Z`;
  }
  const minute = options.minute;
  // The same minute as the last stamp: the same text up to the minute (its length says whether a
  // year is written), the same reference day and zone. Compared in place, no key string per line.
  const minuteLength = yy === undefined ? 11 : 14;
  const referenceDay = Math.floor(options.referenceMs / DAY_MS);
  if (
    minute !== undefined &&
    minute.text.length === minuteLength &&
    stamp.startsWith(minute.text) &&
    minute.referenceDay === referenceDay &&
    minute.timezone === options.timezone &&
    Number(s) <= 59
  )
    return `${minute.prefix}${s}${fraction}${minute.offset}`;
  const resolved = resolveSnortTime(yy, mo!, d!, h!, mi!, s!, fraction, options);
  if (minute !== undefined && resolved !== undefined) {
    const prefix = resolved.slice(0, resolved.indexOf(":") + 4);
    const offset = resolved.slice(prefix.length + s!.length + fraction.length);
    // Kept only when the stamp is exactly prefix + seconds + fraction + offset.
    if (`${prefix}${s}${fraction}${offset}` === resolved) {
      minute.text = stamp.slice(0, minuteLength);
      minute.referenceDay = referenceDay;
      minute.timezone = options.timezone;
      minute.prefix = prefix;
      minute.offset = offset;
    }
  }
  return resolved;
}

/** Whether year-month-day is a date of the calendar (Feb 29 in leap years only). */
function isRealDate(year: number, month: number, day: number): boolean {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return day <= days;
}

/**
 * Whether the range-checked stamp names a real instant: a real date, a year of four digits, and no
 * leap second (the Date parser, which this replaces per line, refuses second 60). A test holds the
 * two readings equal on every day of 1999-2101.
 */
export function isRealStamp(year: number, month: number, day: number, second: string): boolean {
  return year <= 9999 && second !== "60" && isRealDate(year, month, day);
}

function resolveSnortTime(
  yy: string | undefined,
  mo: string,
  d: string,
  h: string,
  mi: string,
  s: string,
  fraction: string,
  options: SnortTimeOptions,
): string | undefined {
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) return undefined;
  let year: number;
  if (yy !== undefined) year = 2000 + Number(yy);
  else {
    const reference = new Date(options.referenceMs + 86_400_000);
    year = reference.getUTCFullYear();
    if (month * 100 + day > (reference.getUTCMonth() + 1) * 100 + reference.getUTCDate()) year--;
  }
  const local = `${pad(year, 4)}-${mo}-${d}T${h}:${mi}:${s}${fraction}`;
  if (!isRealStamp(year, month, day, s)) return undefined;
  try {
    return normalizeTimestamp(local, { timezone: options.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone });
  } catch {
    return undefined;
  }
}
