// Timestamps: "now" in the schema's RFC 3339 form, and a normalizer for the forms seen in real logs.
import { TimestampError } from "./errors.js";

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

function offsetText(minutesEast: number): string {
  const sign = minutesEast < 0 ? "-" : "+";
  const abs = Math.abs(minutesEast);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * An RFC 3339 timestamp with an explicit offset for `date` (default: now), in the machine's local
 * offset, with microsecond-style fraction from milliseconds (e.g. "2026-11-30T01:02:03.456+01:00").
 */
export function nowTimestamp(date: Date = new Date()): string {
  const minutesEast = -date.getTimezoneOffset();
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `.${pad(date.getMilliseconds(), 3)}${offsetText(minutesEast)}`
  );
}

export interface NormalizeTimestampOptions {
  /**
   * The zone to assume for a stamp that carries none: "Z", "+01:00"/"+0100", or an IANA zone name
   * ("Europe/Paris"). Without it such a stamp is an error: the library never guesses.
   */
  readonly timezone?: string;
}

// Date and time with any fraction, "T" or space between, optional zone. Linear: no nested
// quantifiers, so hostile long input cannot make it backtrack.
const STAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,12}))?\s*(Z|z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Rewrites a real-world timestamp into the schema's form without losing digits:
 * "2017-04-07T22:24:37.251547+0100" -> "2017-04-07T22:24:37.251547+01:00"; comma fractions become
 * dots; surrounding white space goes; "UTC"/"GMT"/"z" become "Z". A stamp with no zone takes
 * `options.timezone`, else raises TimestampError("MISSING_TIMEZONE").
 */
export function normalizeTimestamp(input: string, options: NormalizeTimestampOptions = {}): string {
  const text = input.trim();
  const m = STAMP.exec(text);
  if (m === null) {
    throw new TimestampError("INVALID_TIMESTAMP", `not an RFC 3339 timestamp: ${JSON.stringify(input.slice(0, 80))}`);
  }
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) {
    throw new TimestampError("INVALID_TIMESTAMP", `timestamp out of range: ${JSON.stringify(input.slice(0, 80))}`);
  }
  const base = `${y}-${mo}-${d}T${h}:${mi}:${s}${frac === undefined ? "" : `.${frac}`}`;
  if (zone !== undefined) return base + normalizeZone(zone);
  if (options.timezone === undefined) {
    throw new TimestampError(
      "MISSING_TIMEZONE",
      `timestamp ${JSON.stringify(text)} has no time zone: set the "timezone" option (e.g. "Z", "+01:00" or "Europe/Paris")`,
    );
  }
  return base + zoneOffsetAt(options.timezone, base);
}

function normalizeZone(zone: string): string {
  if (zone === "Z" || zone === "z" || zone === "UTC" || zone === "GMT") return "Z";
  const digits = zone.slice(1).replace(":", "");
  const hours = digits.slice(0, 2);
  const minutes = digits.length >= 4 ? digits.slice(2, 4) : "00";
  if (Number(hours) > 23 || Number(minutes) > 59) {
    throw new TimestampError("INVALID_TIMESTAMP", `time zone offset out of range: ${JSON.stringify(zone)}`);
  }
  return `${zone[0]}${hours}:${minutes}`;
}

/**
 * The offset text of `timezone` at the wall-clock time `localIso` (no zone). Accepts "Z", numeric
 * offsets, or an IANA zone name, whose offset depends on the date (daylight saving time).
 */
export function zoneOffsetAt(timezone: string, localIso: string): string {
  const tz = timezone.trim();
  if (/^(Z|z|UTC|GMT|[+-]\d{2}(:?\d{2})?)$/.test(tz)) return normalizeZone(tz);
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
  } catch {
    throw new TimestampError(
      "INVALID_TIMESTAMP",
      `unknown time zone ${JSON.stringify(timezone)}: use "Z", "+01:00" or an IANA name such as "Europe/Paris"`,
    );
  }
  // Treat the wall-clock time as UTC, see what the zone shows for that instant, and iterate once
  // so the offset is the one in force at that local time (right around DST changes too).
  const wall = Date.parse(`${localIso.slice(0, 19)}Z`);
  const offsetAt = (instant: number): number => {
    const parts = Object.fromEntries(format.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
    const shown = Date.UTC(
      Number(parts["year"]),
      Number(parts["month"]) - 1,
      Number(parts["day"]),
      Number(parts["hour"]),
      Number(parts["minute"]),
      Number(parts["second"]),
    );
    return Math.round((shown - instant) / 60000);
  };
  let offset = offsetAt(wall);
  offset = offsetAt(wall - offset * 60000);
  return offsetText(offset);
}

/**
 * Throws TimestampError when `timezone` is neither "Z", a numeric offset nor an IANA zone name:
 * converters call it when checking their options, so a typo stops the run before any record.
 */
export function assertKnownTimezone(timezone: string): void {
  zoneOffsetAt(timezone, "2000-01-01T00:00:00");
}
