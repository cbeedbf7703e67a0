// Timestamps of syslog lines: RFC 3339 scanning, BSD `Mmm dd hh:mm:ss` with year inference, zones.
import { zoneOffsetAt } from "../../core/timestamps.js";

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

/** 1..12 for a three-letter month name in any case, else 0. */
export function monthNumber(line: string, at: number): number {
  if (at + 3 > line.length) return 0;
  return MONTHS[line.slice(at, at + 3).toLowerCase()] ?? 0;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function digitsAt(line: string, at: number, count: number): boolean {
  if (at + count > line.length) return false;
  for (let i = at; i < at + count; i++) if (!isDigit(line.charCodeAt(i))) return false;
  return true;
}

export interface ScannedStamp {
  /** The date and time without zone, e.g. "2003-08-24T05:14:15.000003" (fraction as written). */
  readonly local: string;
  /** Normalized zone ("Z" or "+hh:mm"), or undefined when the stamp has none. */
  readonly zone: string | undefined;
  /** Index just after the stamp. */
  readonly end: number;
}

/**
 * Reads `YYYY-MM-DD(T| )hh:mm:ss[(.|,)fraction][zone]` at `at`, zone `Z`, `+hh:mm` or `+hhmm`.
 * Returns undefined (no exception) when the text there is not such a stamp; `strictT` requires the
 * "T" separator, a dot fraction of 1..9 digits and the `+hh:mm` zone form (RFC 5424).
 */
export function scanRfc3339(line: string, at: number, strictT: boolean): ScannedStamp | undefined {
  if (!digitsAt(line, at, 4) || line[at + 4] !== "-" || !digitsAt(line, at + 5, 2) || line[at + 7] !== "-") return undefined;
  if (!digitsAt(line, at + 8, 2)) return undefined;
  const sep = line[at + 10];
  if (sep !== "T" && (strictT || sep !== " ")) return undefined;
  const t = at + 11;
  if (!digitsAt(line, t, 2) || line[t + 2] !== ":" || !digitsAt(line, t + 3, 2) || line[t + 5] !== ":" || !digitsAt(line, t + 6, 2)) {
    return undefined;
  }
  const month = Number(line.slice(at + 5, at + 7));
  const day = Number(line.slice(at + 8, at + 10));
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  if (Number(line.slice(t, t + 2)) > 23 || Number(line.slice(t + 3, t + 5)) > 59 || Number(line.slice(t + 6, t + 8)) > 60) return undefined;
  let end = t + 8;
  let fraction = "";
  const mark = line[end];
  if (mark === "." || (!strictT && mark === ",")) {
    let f = end + 1;
    while (f < line.length && isDigit(line.charCodeAt(f)) && f - end <= 12) f++;
    const digits = f - end - 1;
    if (digits === 0 || (strictT && digits > 9)) return undefined;
    fraction = `.${line.slice(end + 1, f)}`;
    end = f;
  }
  const local = `${line.slice(at, at + 10)}T${line.slice(t, t + 8)}${fraction}`;
  const z = line[end];
  if (z === "Z" || (!strictT && z === "z")) return { local, zone: "Z", end: end + 1 };
  if (z === "+" || z === "-") {
    if (digitsAt(line, end + 1, 2) && line[end + 3] === ":" && digitsAt(line, end + 4, 2)) {
      return checkedZone(local, z, line.slice(end + 1, end + 3), line.slice(end + 4, end + 6), end + 6);
    }
    if (!strictT && digitsAt(line, end + 1, 4)) {
      return checkedZone(local, z, line.slice(end + 1, end + 3), line.slice(end + 3, end + 5), end + 5);
    }
    return undefined;
  }
  return { local, zone: undefined, end };
}

function checkedZone(local: string, sign: string, hours: string, minutes: string, end: number): ScannedStamp | undefined {
  if (Number(hours) > 23 || Number(minutes) > 59) return undefined;
  return { local, zone: `${sign}${hours}:${minutes}`, end };
}

export interface BsdStamp {
  readonly month: number;
  readonly day: number;
  /** Year written in the stamp (`Mar 7 2008 19:06:53`), else undefined. */
  readonly year: number | undefined;
  /** "hh:mm:ss" plus any fraction, e.g. "19:06:53" or "19:06:53.123". */
  readonly time: string;
  readonly end: number;
}

/**
 * Reads a BSD stamp at `at`: `Mmm dd hh:mm:ss`, tolerating a one-digit day, extra spaces, any case
 * of month, a year between day and time, a fraction, and a colon right after the time.
 */
export function scanBsdStamp(line: string, at: number): BsdStamp | undefined {
  const month = monthNumber(line, at);
  if (month === 0 || line[at + 3] !== " ") return undefined;
  let i = at + 4;
  while (line[i] === " ") i++;
  let d = i;
  while (d < line.length && d - i < 2 && isDigit(line.charCodeAt(d))) d++;
  if (d === i || line[d] !== " ") return undefined;
  const day = Number(line.slice(i, d));
  if (day < 1 || day > 31) return undefined;
  i = d + 1;
  while (line[i] === " ") i++;
  let year: number | undefined;
  if (digitsAt(line, i, 4) && line[i + 4] === " ") {
    year = Number(line.slice(i, i + 4));
    i += 5;
    while (line[i] === " ") i++;
  }
  if (!digitsAt(line, i, 2) || line[i + 2] !== ":" || !digitsAt(line, i + 3, 2) || line[i + 5] !== ":" || !digitsAt(line, i + 6, 2)) {
    return undefined;
  }
  if (Number(line.slice(i, i + 2)) > 23 || Number(line.slice(i + 3, i + 5)) > 59 || Number(line.slice(i + 6, i + 8)) > 60) return undefined;
  let end = i + 8;
  if (line[end] === "." && isDigit(line.charCodeAt(end + 1))) {
    end += 1;
    while (end < line.length && isDigit(line.charCodeAt(end)) && end - i < 21) end++;
  }
  const time = line.slice(i, end);
  if (line[end] === ":") end++;
  return { month, day, year, time, end };
}

// Offsets of IANA zones depend on the date; Intl is slow, so cache per zone and local hour.
const offsetCache = new Map<string, string>();

/** The offset ("+hh:mm"/"Z") of `zone` at the wall-clock time `local` (ISO without zone). */
export function offsetFor(zone: string, local: string): string {
  const key = `${zone}|${local.slice(0, 13)}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    offset = zoneOffsetAt(zone, local);
    if (offset === "+00:00" && /^(Z|UTC|GMT)$/i.test(zone)) offset = "Z";
    if (offsetCache.size > 10_000) offsetCache.clear();
    offsetCache.set(key, offset);
  }
  return offset;
}

/** The machine's own time zone (IANA name), the default for stamps that carry none. */
export function machineTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function offsetMinutes(offset: string): number {
  if (offset === "Z") return 0;
  const sign = offset[0] === "-" ? -1 : 1;
  return sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
}

/** Milliseconds since the epoch of a local ISO time (no zone) at an offset. */
function instantOf(local: string, offset: string): number {
  return Date.parse(`${local.slice(0, 19)}Z`) - offsetMinutes(offset) * 60_000;
}

// A line may be up to a day ahead of the reference clock (senders' clocks drift; a zone-less stamp
// read in another zone can be ahead by up to 14 hours) before it is taken for last year's.
const FUTURE_TOLERANCE_MS = 24 * 3600 * 1000;

/**
 * The year for a year-less BSD stamp: the reference year, or the one before when that would put
 * the line in the future (December lines read in January); Feb 29 goes back to a leap year.
 */
export function inferYear(month: number, day: number, time: string, zone: string, referenceMs: number): number {
  let year = new Date(referenceMs).getUTCFullYear();
  // The reference may already be next year in UTC while still this year in the zone: try year+1 too.
  for (const candidate of [year + 1, year, year - 1]) {
    if (month === 2 && day === 29 && !isLeap(candidate)) continue;
    const local = `${candidate}-${pad2(month)}-${pad2(day)}T${time}`;
    if (instantOf(local, offsetFor(zone, local)) <= referenceMs + FUTURE_TOLERANCE_MS) return candidate;
  }
  year -= 2;
  while (month === 2 && day === 29 && !isLeap(year)) year--;
  return year;
}

/** Builds the local ISO form `YYYY-MM-DDThh:mm:ss[.f]` from BSD parts and a year. */
export function bsdLocal(year: number, month: number, day: number, time: string): string {
  return `${year}-${pad2(month)}-${pad2(day)}T${time}`;
}

/** False for dates that do not exist (Apr 31, Feb 30, Feb 29 of a common year). */
export function dateExists(year: number, month: number, day: number): boolean {
  const lengths = [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return day <= (lengths[month - 1] ?? 0);
}
