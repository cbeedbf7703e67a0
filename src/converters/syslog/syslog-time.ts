// Timestamps of syslog lines: RFC 3339 scanning, BSD `Mmm dd hh:mm:ss` with year inference, zones.
import { zoneOffsetAt } from "../../core/timestamps.js";

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

// Month names keyed by their three letters' codes, lower-cased with |0x20: no string per line.
const MONTH_CODES = new Map<number, number>(
  Object.entries(MONTHS).map(([name, n]) => [(name.charCodeAt(0) << 16) | (name.charCodeAt(1) << 8) | name.charCodeAt(2), n]),
);

/** 1..12 for a three-letter month name in any case, else 0. */
export function monthNumber(line: string, at: number): number {
  if (at + 3 > line.length) return 0;
  const key = ((line.charCodeAt(at) | 0x20) << 16) | ((line.charCodeAt(at + 1) | 0x20) << 8) | (line.charCodeAt(at + 2) | 0x20);
  return MONTH_CODES.get(key) ?? 0;
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
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** "hh:mm:ss" plus any fraction, e.g. "19:06:53" or "19:06:53.123". */
  readonly time: string;
  readonly end: number;
}

/** The value of two ASCII digits at `at` (the caller has checked they are digits). */
function two(line: string, at: number): number {
  return (line.charCodeAt(at) - 48) * 10 + line.charCodeAt(at + 1) - 48;
}

/**
 * Reads a BSD stamp at `at`: `Mmm dd hh:mm:ss`, tolerating a one-digit day, extra spaces, any case
 * of month, a year between day and time, a fraction, and a colon right after the time.
 */
export function scanBsdStamp(line: string, at: number): BsdStamp | undefined {
  const month = monthNumber(line, at);
  if (month === 0 || line.charCodeAt(at + 3) !== 32) return undefined;
  let i = at + 4;
  while (line.charCodeAt(i) === 32) i++;
  let day: number;
  if (isDigit(line.charCodeAt(i)) && line.charCodeAt(i + 1) === 32) {
    day = line.charCodeAt(i) - 48;
    i += 2;
  } else if (digitsAt(line, i, 2) && line.charCodeAt(i + 2) === 32) {
    day = two(line, i);
    i += 3;
  } else {
    return undefined;
  }
  if (day < 1 || day > 31) return undefined;
  while (line.charCodeAt(i) === 32) i++;
  let year: number | undefined;
  if (digitsAt(line, i, 4) && line.charCodeAt(i + 4) === 32) {
    year = two(line, i) * 100 + two(line, i + 2);
    i += 5;
    while (line.charCodeAt(i) === 32) i++;
  }
  if (
    !digitsAt(line, i, 2) ||
    line.charCodeAt(i + 2) !== 58 ||
    !digitsAt(line, i + 3, 2) ||
    line.charCodeAt(i + 5) !== 58 ||
    !digitsAt(line, i + 6, 2)
  ) {
    return undefined;
  }
  const hour = two(line, i);
  const minute = two(line, i + 3);
  const second = two(line, i + 6);
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  let end = i + 8;
  if (line.charCodeAt(end) === 46 && isDigit(line.charCodeAt(end + 1))) {
    end += 1;
    while (end < line.length && isDigit(line.charCodeAt(end)) && end - i < 21) end++;
  }
  const time = line.slice(i, end);
  if (line.charCodeAt(end) === 58) end++;
  return { month, day, year, hour, minute, second, time, end };
}

/**
 * The offset of one zone at given wall-clock times. Fixed zones ("Z", "+01:00") are computed once;
 * IANA zones (offsets change with DST) go through Intl, cached per local hour: a hot path.
 */
export class ZoneResolver {
  private readonly fixed: { readonly text: string; readonly minutes: number } | undefined;
  private readonly byHour = new Map<number, { readonly text: string; readonly minutes: number }>();

  constructor(readonly zone: string) {
    if (/^(Z|z|UTC|GMT|[+-]\d{2}(:?\d{2})?)$/.test(zone.trim())) {
      const text = zoneOffsetAt(zone, "2000-01-01T00:00:00");
      this.fixed = { text: text === "+00:00" ? "Z" : text, minutes: offsetMinutes(text) };
    } else {
      zoneOffsetAt(zone, "2000-01-01T00:00:00"); // throws now for an unknown zone name
    }
  }

  /** Offset text ("Z", "+02:00") and minutes east of UTC at a local date and hour. */
  at(year: number, month: number, day: number, hour: number): { readonly text: string; readonly minutes: number } {
    if (this.fixed !== undefined) return this.fixed;
    const key = ((year * 13 + month) * 32 + day) * 24 + hour;
    let offset = this.byHour.get(key);
    if (offset === undefined) {
      const text = zoneOffsetAt(this.zone, `${year}-${pad2(month)}-${pad2(day)}T${pad2(hour)}:00:00`);
      offset = { text, minutes: offsetMinutes(text) };
      if (this.byHour.size > 50_000) this.byHour.clear();
      this.byHour.set(key, offset);
    }
    return offset;
  }
}

const resolvers = new Map<string, ZoneResolver>();

/** The (cached) resolver of a zone name or offset. */
export function zoneResolver(zone: string): ZoneResolver {
  let resolver = resolvers.get(zone);
  if (resolver === undefined) {
    resolver = new ZoneResolver(zone);
    if (resolvers.size > 100) resolvers.clear();
    resolvers.set(zone, resolver);
  }
  return resolver;
}

/** The machine's own time zone (IANA name), the default for stamps that carry none. */
let machineZone: string | undefined;
export function machineTimeZone(): string {
  machineZone ??= Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  return machineZone;
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

// A line may be up to a day ahead of the reference clock (senders' clocks drift; a zone-less stamp
// read in another zone can be ahead by up to 14 hours) before it is taken for last year's.
const FUTURE_TOLERANCE_MS = 24 * 3600 * 1000;

let lastReferenceMs = Number.NaN;
let lastReferenceYear = 0;
let lastReferenceMonth = 0;

/**
 * The year for a year-less BSD stamp: the latest year (reference year + 1 at most) that does not
 * put the line in the future (December lines read in January are last year's); Feb 29 goes back to
 * a leap year. `hour`, `minute`, `second` are the stamp's wall-clock time in `zone`.
 */
export function inferYear(
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  zone: ZoneResolver,
  referenceMs: number,
): number {
  const limit = referenceMs + FUTURE_TOLERANCE_MS;
  if (referenceMs !== lastReferenceMs) {
    const date = new Date(referenceMs);
    lastReferenceMs = referenceMs;
    lastReferenceYear = date.getUTCFullYear();
    lastReferenceMonth = date.getUTCMonth() + 1;
  }
  // Next year is only possible for a January line read on the last day of December.
  const start = month === 1 && lastReferenceMonth === 12 ? lastReferenceYear + 1 : lastReferenceYear;
  for (let year = start; year > start - 10; year--) {
    if (month === 2 && day === 29 && !isLeap(year)) continue;
    const instant = Date.UTC(year, month - 1, day, hour, minute, second) - zone.at(year, month, day, hour).minutes * 60_000;
    if (instant <= limit) return year;
  }
  return start - 10;
}

/** Builds the local ISO form `YYYY-MM-DDThh:mm:ss[.f]` from BSD parts and a year. */
export function bsdLocal(year: number, month: number, day: number, time: string): string {
  return `${year}-${pad2(month)}-${pad2(day)}T${time}`;
}

/** False for dates that do not exist (Apr 31, Feb 30, Feb 29 of a common year). */
export function dateExists(year: number, month: number, day: number): boolean {
  if (month === 2) return day <= (isLeap(year) ? 29 : 28);
  return day <= (MONTH_LENGTHS[month - 1] ?? 0);
}

const MONTH_LENGTHS: readonly number[] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
