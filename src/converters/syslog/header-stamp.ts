// The time stamps that syslog daemons, relays and log collectors put in front of a line, read by
// hand at one position (no regex over the line): BSD, RFC 3339 / ISO 8601 (T, space or svlogd's
// `_`; `.` or `,` fractions; any zone form), ctime (`Mon Oct 24 11:32:53 2016`), journalctl's
// short-full (`Mon 2023-01-02 12:00:00 CET`) and short-unix (`1672574400.123456`), TAI64N
// (`@4000000050e9a9c60ac36c7c`, daemontools/runit), and a few date orders relays write.
import {
  bsdLocal,
  dateExists,
  inferYear,
  machineTimeZone,
  monthNumber,
  scanBsdStamp,
  zoneResolver,
  type ZoneResolver,
} from "./syslog-time.js";

/** A stamp as written: wall-clock parts (zone and year may be missing) or an exact instant. */
export interface RawStamp {
  /** undefined when the stamp has no year (BSD form). */
  readonly year: number | undefined;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** "" or ".123..." as written (a ',' becomes '.'). */
  readonly fraction: string;
  /** `hh:mm:ss[.f]` as written, when the scanner has it at hand (saves building it again). */
  readonly clock?: string | undefined;
  /** "Z" or "+hh:mm" when the stamp names its offset; an IANA zone name when it names one. */
  readonly zone: string | undefined;
  /** Set for stamps that are an instant (TAI64N, epoch seconds): exact UTC time in ms. */
  readonly epochMs: number | undefined;
  /** The RFC 3339 text of an instant stamp (UTC, with its fraction). */
  readonly instant: string | undefined;
  /** Index just after the stamp (and after a ':' that some writers put right after the time). */
  readonly end: number;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function digits(line: string, at: number, count: number): number {
  if (at + count > line.length) return -1;
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const c = line.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    value = value * 10 + c - 48;
  }
  return value;
}

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

// Day names keyed by their three letters' codes, lower-cased with |0x20: no string per line.
const DAY_CODES = new Set(
  ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => (d.charCodeAt(0) << 16) | (d.charCodeAt(1) << 8) | d.charCodeAt(2)),
);

function isDayName(line: string, at: number): boolean {
  if (at + 3 > line.length || isLetter(line.charCodeAt(at + 3))) return false;
  const key = ((line.charCodeAt(at) | 0x20) << 16) | ((line.charCodeAt(at + 1) | 0x20) << 8) | (line.charCodeAt(at + 2) | 0x20);
  return DAY_CODES.has(key);
}

/**
 * Zone abbreviations that writers append (journalctl short-full, ctime with %Z, relays). Only the
 * unambiguous common ones: "IST" or "CST" outside North America would be a guess, so CST is read as
 * North American Central (what journalctl prints there) and IST is not read at all.
 */
const ZONE_TABLE: Readonly<Record<string, string>> = {
  UTC: "Z",
  GMT: "Z",
  UT: "Z",
  Z: "Z",
  CET: "+01:00",
  CEST: "+02:00",
  MET: "+01:00",
  MEST: "+02:00",
  WET: "Z",
  WEST: "+01:00",
  EET: "+02:00",
  EEST: "+03:00",
  BST: "+01:00",
  MSK: "+03:00",
  EST: "-05:00",
  EDT: "-04:00",
  CST: "-06:00",
  CDT: "-05:00",
  MST: "-07:00",
  MDT: "-06:00",
  PST: "-08:00",
  PDT: "-07:00",
  AKST: "-09:00",
  AKDT: "-08:00",
  HST: "-10:00",
  JST: "+09:00",
  KST: "+09:00",
  AEST: "+10:00",
  AEDT: "+11:00",
  NZST: "+12:00",
  NZDT: "+13:00",
};
// A Map: a host word such as "constructor" must not find Object.prototype's members.
export const ZONE_ABBREVIATIONS: ReadonlyMap<string, string> = new Map(Object.entries(ZONE_TABLE));

/**
 * A zone written after a stamp at `at` (a space before it is the caller's): `Z`, `+hh:mm`, `+hhmm`,
 * `+hh`, `UTC+hh:mm`, an abbreviation from ZONE_ABBREVIATIONS, or an IANA name (`Europe/Paris`).
 */
export function scanZone(line: string, at: number): { zone: string; end: number } | undefined {
  const c = line[at];
  if (c === "+" || c === "-") {
    const h = digits(line, at + 1, 2);
    if (h < 0 || h > 23) return undefined;
    let m = 0;
    let end = at + 3;
    if (line[end] === ":" && digits(line, end + 1, 2) >= 0) {
      m = digits(line, end + 1, 2);
      end += 3;
    } else if (digits(line, end, 2) >= 0) {
      m = digits(line, end, 2);
      end += 2;
    }
    if (m > 59 || isDigit(line.charCodeAt(end))) return undefined;
    const text = `${c}${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
    return { zone: text, end };
  }
  let end = at;
  while (end < line.length && end - at < 40) {
    const code = line.charCodeAt(end);
    if (isLetter(code) || code === 47 || code === 95 || (end > at && (code === 45 || isDigit(code)))) end++;
    else break;
  }
  if (end === at) return undefined;
  const word = line.slice(at, end);
  if (word.includes("/")) {
    // An IANA name; its offset depends on the date, so it is resolved by the caller.
    const next = line.charCodeAt(end);
    return Number.isNaN(next) || next === 32 || next === 93 || next === 44 ? { zone: word, end } : undefined;
  }
  const fixed = ZONE_ABBREVIATIONS.get(word);
  if (fixed !== undefined) {
    // "UTC+02:00", "GMT-5"
    if (fixed === "Z" && (line[end] === "+" || line[end] === "-")) {
      const offset = scanZone(line, end);
      if (offset !== undefined) return offset;
    }
    const next = line.charCodeAt(end);
    return Number.isNaN(next) || !isLetter(next) ? { zone: fixed, end } : undefined;
  }
  return undefined;
}

function wall(
  year: number | undefined,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  fraction: string,
  zone: string | undefined,
  end: number,
  clockText?: string,
): RawStamp | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  return { year, month, day, hour, minute, second, fraction, clock: clockText, zone, epochMs: undefined, instant: undefined, end };
}

/** `hh:mm:ss[.f|,f]` at `at` (hour may be one digit when `loose`); undefined if not there. */
function clock(
  line: string,
  at: number,
  loose = false,
): { hour: number; minute: number; second: number; fraction: string; end: number } | undefined {
  let i = at;
  let hour = digits(line, i, 2);
  if (hour >= 0) i += 2;
  else if (loose && isDigit(line.charCodeAt(i)) && line[i + 1] === ":") {
    hour = line.charCodeAt(i) - 48;
    i += 1;
  } else return undefined;
  if (line[i] !== ":") return undefined;
  const minute = digits(line, i + 1, 2);
  if (minute < 0 || line[i + 3] !== ":") return undefined;
  const second = digits(line, i + 4, 2);
  if (second < 0) return undefined;
  i += 6;
  let fraction = "";
  if ((line[i] === "." || line[i] === ",") && isDigit(line.charCodeAt(i + 1))) {
    let f = i + 1;
    while (f < line.length && isDigit(line.charCodeAt(f)) && f - i <= 9) f++;
    fraction = `.${line.slice(i + 1, f)}`;
    i = f;
  }
  if (isDigit(line.charCodeAt(i))) return undefined;
  return { hour, minute, second, fraction, end: i };
}

/** An optional zone after a space (` UTC`, ` +0100`, ` CET`) or glued (`Z`, `+01:00`). */
function trailingZone(line: string, at: number): { zone: string | undefined; end: number } {
  const glued = line[at] === "Z" || line[at] === "+" || line[at] === "-" ? scanZone(line, at) : undefined;
  if (glued !== undefined) return glued;
  const next = line.charCodeAt(at + 1);
  // Zones start with an upper-case letter or a sign; most host names do not.
  if (line[at] === " " && ((next >= 65 && next <= 90) || next === 43 || next === 45)) {
    const spaced = scanZone(line, at + 1);
    // A word after the stamp is usually the host: only a known zone form is taken.
    if (spaced !== undefined && (spaced.end >= line.length || line[spaced.end] === " " || line[spaced.end] === "]")) return spaced;
  }
  return { zone: undefined, end: at };
}

const TAI64_EPOCH = 4611686018427387904n; // 2^62: TAI64 label of 1970-01-01 00:00:00 TAI
const TAI_MINUS_UTC = 10n; // the constant daemontools' tai64nlocal subtracts

function instantStamp(ms: number, fraction: string, end: number): RawStamp | undefined {
  if (!Number.isFinite(ms) || ms < 0 || ms > 4102444800000) return undefined; // up to year 2100
  const iso = new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19);
  return {
    year: undefined,
    month: 0,
    day: 0,
    hour: 0,
    minute: 0,
    second: 0,
    fraction,
    zone: "Z",
    epochMs: ms,
    instant: `${iso}${fraction}Z`,
    end,
  };
}

/** TAI64N `@` + 24 hex digits (svlogd -t, multilog, socklog). */
function scanTai64n(line: string, at: number): RawStamp | undefined {
  if (line[at] !== "@" || at + 25 > line.length) return undefined;
  for (let i = at + 1; i < at + 25; i++) {
    const c = line.charCodeAt(i) | 0x20;
    if (!(isDigit(c) || (c >= 97 && c <= 102))) return undefined;
  }
  if (at + 25 < line.length && line[at + 25] !== " ") return undefined;
  const seconds = BigInt(`0x${line.slice(at + 1, at + 17)}`) - TAI64_EPOCH - TAI_MINUS_UTC;
  const nanos = Number.parseInt(line.slice(at + 17, at + 25), 16);
  if (nanos > 999_999_999) return undefined;
  const fraction = `.${String(nanos).padStart(9, "0")}`;
  return instantStamp(Number(seconds) * 1000 + Math.floor(nanos / 1e6), fraction, at + 25);
}

/**
 * journalctl short-unix: 10 digits of epoch seconds, a '.', the microseconds; syslog-ng's
 * ts_format(unix) (`$UNIXTIME`): the seconds alone (its default frac_digits(0)), then a space.
 */
function scanEpoch(line: string, at: number): RawStamp | undefined {
  const seconds = digits(line, at, 10);
  if (seconds < 0) return undefined;
  if (line[at + 10] === " ") return instantStamp(seconds * 1000, "", at + 10);
  if (line[at + 10] !== ".") return undefined;
  let f = at + 11;
  while (f < line.length && isDigit(line.charCodeAt(f)) && f - at <= 20) f++;
  if (f - at - 11 < 3 || (f < line.length && line[f] !== " ")) return undefined;
  const fraction = `.${line.slice(at + 11, f)}`;
  return instantStamp(seconds * 1000 + Math.floor(Number(`0${fraction}`) * 1000), fraction, f);
}

/** The clock at `at` and the zone that may follow it, on a date already read. */
function clockWithZone(line: string, at: number, year: number, month: number, day: number): RawStamp | undefined {
  const c = clock(line, at);
  if (c === undefined) return undefined;
  const z = trailingZone(line, c.end);
  return wall(year, month, day, c.hour, c.minute, c.second, c.fraction, z.zone, z.end);
}

/** Numeric dates: `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYY.MM.DD`, then T, space or '_' and a clock. */
function scanNumericYearFirst(line: string, at: number): RawStamp | undefined {
  const year = digits(line, at, 4);
  if (year < 1970 || year > 2100) return undefined;
  const sep = line[at + 4];
  if (sep !== "-" && sep !== "/" && sep !== ".") return undefined;
  const month = digits(line, at + 5, 2);
  if (month < 0 || line[at + 7] !== sep) return undefined;
  const day = digits(line, at + 8, 2);
  if (day < 0) return undefined;
  const t = line[at + 10];
  if (t !== "T" && t !== " " && t !== "_") return undefined;
  return clockWithZone(line, at + 11, year, month, day);
}

/** `DD-Mmm-YYYY hh:mm:ss` (BIND, Roundcube, PHP), `DD/Mmm/YYYY:hh:mm:ss zone` (access logs). */
function scanDayMonthNameYear(line: string, at: number): RawStamp | undefined {
  const day = digits(line, at, 2);
  if (day < 0) return undefined;
  const sep = line[at + 2];
  if (sep !== "-" && sep !== "/" && sep !== " ") return undefined;
  const month = monthNumber(line, at + 3);
  if (month === 0 || line[at + 6] !== sep) return undefined;
  const year = digits(line, at + 7, 4);
  if (year < 1970) return undefined;
  const t = line[at + 11];
  if (t !== " " && t !== ":") return undefined;
  return clockWithZone(line, at + 12, year, month, day);
}

/** `YYYY Mmm dd hh:mm:ss` (RFC 3164's relay example, some syslog-ng templates). */
function scanYearMonthName(line: string, at: number): RawStamp | undefined {
  const year = digits(line, at, 4);
  if (year < 1970 || year > 2100 || line[at + 4] !== " ") return undefined;
  const bsd = scanBsdStamp(line, at + 5);
  if (bsd === undefined || bsd.year !== undefined) return undefined;
  const fraction = bsd.time.length > 8 ? `.${bsd.time.slice(9)}` : "";
  const z = line[bsd.end - 1] === ":" ? { zone: undefined, end: bsd.end } : trailingZone(line, bsd.end);
  return wall(year, bsd.month, bsd.day, bsd.hour, bsd.minute, bsd.second, fraction, z.zone, z.end);
}

/** `YYMMDD hh:mm:ss` with a space-padded hour (MySQL before 5.7), `YYYYMMDD hh:mm:ss`. */
function scanCompactDate(line: string, at: number): RawStamp | undefined {
  let len = 6;
  if (digits(line, at, 8) >= 0 && line[at + 8] === " ") len = 8;
  else if (digits(line, at, 6) < 0 || line[at + 6] !== " ") return undefined;
  const year = len === 8 ? digits(line, at, 4) : 2000 + digits(line, at, 2);
  const month = digits(line, at + len - 4, 2);
  const day = digits(line, at + len - 2, 2);
  let i = at + len + 1;
  if (line[i] === " ") i++;
  const c = clock(line, i, true);
  if (c === undefined) return undefined;
  return wall(year, month, day, c.hour, c.minute, c.second, c.fraction, undefined, c.end);
}

/**
 * Whether the word at `at` (as far as scanZone would read a zone name: letters, '/', '_', then
 * also '-' and digits) is followed by a space and four digits, or by an offset: a cheap test, with
 * no string made, before scanZone.
 */
function yearFollows(line: string, at: number): boolean {
  const c = line.charCodeAt(at);
  if (c === 43 || c === 45) return true; // '+', '-': an offset, left to scanZone
  let end = at;
  while (end < line.length && end - at < 40) {
    const code = line.charCodeAt(end);
    if (isLetter(code) || code === 47 || code === 95 || (end > at && (code === 45 || isDigit(code)))) end++;
    else break;
  }
  if (end === at) return false;
  const after = line.charCodeAt(end);
  // `UTC+02:00`: scanZone reads the offset after the name.
  return after === 43 || after === 45 || (after === 32 && digits(line, end + 1, 4) >= 0);
}

/** BSD `Mmm dd [yyyy] hh:mm:ss[.f]`, then an optional year (ctime order) and zone. */
function scanMonthFirst(line: string, at: number): RawStamp | undefined {
  const bsd = scanBsdStamp(line, at);
  if (bsd === undefined) return undefined;
  let end = bsd.end;
  const colonAfter = line[end - 1] === ":" && end - 1 > at + 8 && line[end - 2] !== ":";
  const timeEnd = colonAfter ? end - 1 : end;
  let year = bsd.year;
  const fraction = bsd.time.length > 8 ? `.${bsd.time.slice(9)}` : "";
  let zone: string | undefined;
  if (year === undefined && !colonAfter && line[timeEnd] === " ") {
    // ctime: `Oct 24 11:32:53 2016`, maybe `Oct 24 11:32:53 CET 2016`
    let i = timeEnd + 1;
    // The word after the time is mostly the host: only a word followed by a year is a zone here.
    const z = yearFollows(line, i) ? scanZone(line, i) : undefined;
    if (z !== undefined && line[z.end] === " " && digits(line, z.end + 1, 4) >= 1970) {
      zone = z.zone;
      i = z.end + 1;
    }
    const y = digits(line, i, 4);
    // `2016:` ends a stamp only before a space: `Jan 1 00:00:00 2001:db8::9 sshd[1]:` names an IPv6 host.
    const after = line[i + 4];
    const yearEnds = after === undefined || after === " " || after === "]" || (after === ":" && (line[i + 5] ?? " ") === " ");
    if (y >= 1970 && y <= 2100 && yearEnds) {
      year = y;
      end = i + 4;
      if (line[end] === ":") end++;
    }
  }
  if (zone === undefined && !colonAfter) {
    const z = trailingZone(line, end);
    zone = z.zone;
    end = z.end;
  }
  // bsd.time is `hh:mm:ss[.f]` as written, unless the hour was one digit ("7:05:09" is not read).
  return wall(
    year,
    bsd.month,
    bsd.day,
    bsd.hour,
    bsd.minute,
    bsd.second,
    fraction,
    zone,
    end,
    bsd.time.charCodeAt(2) === 58 ? bsd.time : undefined,
  );
}

/**
 * The stamp at `at`, in any of the forms above, or undefined. A leading weekday name
 * (`Mon Oct 24 ...`, `Mon 2023-01-02 ...`) is read and ignored.
 */
export function scanHeaderStamp(line: string, at: number): RawStamp | undefined {
  const c = line.charCodeAt(at);
  if (c === 64) return scanTai64n(line, at); // '@'
  if (isDigit(c)) {
    return (
      scanNumericYearFirst(line, at) ??
      scanEpoch(line, at) ??
      scanDayMonthNameYear(line, at) ??
      scanYearMonthName(line, at) ??
      scanCompactDate(line, at)
    );
  }
  // Month and day names are three letters then a space (or a comma): a host or tag word that
  // is not fails here, before any lookup (this runs for every header word).
  if (!isLetter(c) || !isLetter(line.charCodeAt(at + 1)) || !isLetter(line.charCodeAt(at + 2))) return undefined;
  const after = line.charCodeAt(at + 3);
  if (after !== 32 && after !== 44) return undefined;
  // No month is named like a day: a month name (the usual BSD stamp) needs no day-name lookup.
  if (monthNumber(line, at) === 0 && isDayName(line, at)) {
    let i = at + 3;
    if (line[i] === ",") i++;
    if (line[i] !== " ") return undefined;
    i++;
    return scanMonthFirst(line, i) ?? scanNumericYearFirst(line, i) ?? scanDayMonthNameYear(line, i);
  }
  return scanMonthFirst(line, at);
}

/** A stamp turned into an RFC 3339 time with offset, and how much of it was assumed. */
export interface ResolvedStamp {
  readonly timestamp: string;
  /** The zone assumed for a stamp without one, else undefined. */
  readonly assumedZone: string | undefined;
  readonly yearInferred: boolean;
  /** The instant in epoch ms (for the per-process memory's time window). */
  readonly ms: number;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * Resolves a stamp: its own zone (an offset, or an IANA name it names), else `timezone` (the
 * option, else the machine's zone); a missing year is inferred so the line is not in the future.
 * Undefined for a date that does not exist (Feb 30).
 */
export function resolveStamp(raw: RawStamp, timezone: string | undefined, referenceMs: number): ResolvedStamp | undefined {
  if (raw.instant !== undefined && raw.epochMs !== undefined) {
    return { timestamp: raw.instant, assumedZone: undefined, yearInferred: false, ms: raw.epochMs };
  }
  const hour = hourOf(raw, timezone, referenceMs);
  // The year of a year-less stamp read in the hour that holds the reference time depends on the
  // minute and second: that hour is resolved line by line.
  if (!hour.uniform) return resolveAt(raw, referenceMs, hour);
  if (hour.date === undefined) return undefined;
  const time = raw.clock ?? `${pad2(raw.hour)}:${pad2(raw.minute)}:${pad2(raw.second)}${raw.fraction}`;
  return {
    timestamp: hour.date + time + hour.offsetText,
    assumedZone: hour.assumedZone,
    yearInferred: hour.yearInferred,
    ms: hour.startMs + raw.minute * 60_000 + raw.second * 1000,
  };
}

/**
 * What a stamp's local date and hour resolve to, in a zone, for a reference time. The zone lookup,
 * the year inference and the date text are the costliest part of reading a header, and a log's
 * lines fall in few hours (a merged or multi-host log moves back and forth between some): each
 * resolved hour is kept, looked up by its date and hour, for as long as the zone option and the
 * reference time stay the same.
 */
export function hourOf(raw: RawStamp, timezone: string | undefined, referenceMs: number): HourResolution {
  if (hoursTimezone !== timezone || hoursReferenceMs !== referenceMs || hours.size >= MAX_HOURS) {
    hours.clear();
    hoursTimezone = timezone;
    hoursReferenceMs = referenceMs;
  }
  // Month 1-12, day 1-31, hour 0-23, year (if written) 0-9999: one number names the hour.
  const key = (((raw.year ?? 0) * 16 + raw.month) * 32 + raw.day) * 32 + raw.hour;
  let hour = hours.get(key);
  if (hour === undefined || hour.zone !== raw.zone || hour.writtenYear !== raw.year) {
    hour = resolveHour(raw, timezone, referenceMs);
    hours.set(key, hour);
  }
  return hour;
}

// A memo of a pure function (the hour's fields, the zone option, the reference time), so no
// per-run state; bounded (a log spanning years of hours costs a resolution per line at worst).
const MAX_HOURS = 4096;
const hours = new Map<number, HourResolution>();
let hoursTimezone: string | undefined;
let hoursReferenceMs = Number.NaN;

/** Empties the memo of resolved hours (for the test that compares warm and cold resolutions). */
export function forgetResolvedHours(): void {
  hours.clear();
}

/** What a stamp's local date and hour resolve to, in a zone, for a reference time. */
export interface HourResolution {
  readonly writtenYear: number | undefined;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly zone: string | undefined;
  readonly timezone: string | undefined;
  readonly referenceMs: number;
  readonly resolver: ZoneResolver;
  readonly assumedZone: string | undefined;
  /** The year for every minute of the hour (when `uniform`). */
  readonly year: number;
  readonly yearInferred: boolean;
  /** False when the inferred year differs between the first and the last second of the hour. */
  readonly uniform: boolean;
  /** `YYYY-MM-DDT`, or undefined for a date that does not exist. */
  readonly date: string | undefined;
  /** The offset as the timestamp writes it, and in minutes east of UTC. */
  readonly offsetText: string;
  readonly offsetMinutes: number;
  /** The instant of hh:00:00 in epoch ms. */
  readonly startMs: number;
}

function resolveHour(raw: RawStamp, timezone: string | undefined, referenceMs: number): HourResolution {
  let assumedZone: string | undefined;
  let zoneName = raw.zone;
  if (zoneName !== undefined && zoneName !== "Z" && zoneName[0] !== "+" && zoneName[0] !== "-") {
    // An IANA name written in the line: unknown names are treated as no zone at all.
    try {
      zoneResolver(zoneName);
    } catch {
      zoneName = undefined;
    }
  }
  if (zoneName === undefined) {
    assumedZone = timezone ?? machineTimeZone();
    zoneName = assumedZone;
  }
  const resolver = zoneResolver(zoneName);
  let year = raw.year;
  let yearInferred = false;
  let uniform = true;
  if (year === undefined) {
    // The year is uniform over the hour when its first and its last second infer the same one
    // (a later instant can only move the line to an earlier year).
    year = inferYear(raw.month, raw.day, raw.hour, 0, 0, resolver, referenceMs);
    uniform = inferYear(raw.month, raw.day, raw.hour, 59, 60, resolver, referenceMs) === year;
    yearInferred = true;
  }
  const common = {
    writtenYear: raw.year,
    month: raw.month,
    day: raw.day,
    hour: raw.hour,
    zone: raw.zone,
    timezone,
    referenceMs,
    resolver,
    assumedZone,
    year,
    yearInferred,
    uniform,
  };
  // A date the calendar does not have (Feb 29 of a common year, Apr 31): there is no date to give.
  if (!dateExists(year, raw.month, raw.day)) return { ...common, date: undefined, offsetText: "", offsetMinutes: 0, startMs: 0 };
  // An offset written in the line is kept as written ("+00:00" stays, not "Z").
  const written = raw.zone !== undefined && (raw.zone === "Z" || raw.zone[0] === "+" || raw.zone[0] === "-");
  const at = resolver.at(year, raw.month, raw.day, raw.hour);
  return {
    ...common,
    date: `${year}-${pad2(raw.month)}-${pad2(raw.day)}T`,
    offsetText: written ? raw.zone! : at.text,
    offsetMinutes: at.minutes,
    startMs: Date.UTC(year, raw.month - 1, raw.day, raw.hour) - at.minutes * 60_000,
  };
}

/** One stamp of an hour whose year depends on the minute: inferred for this stamp alone. */
function resolveAt(raw: RawStamp, referenceMs: number, hour: HourResolution): ResolvedStamp | undefined {
  const year = inferYear(raw.month, raw.day, raw.hour, raw.minute, raw.second, hour.resolver, referenceMs);
  if (!dateExists(year, raw.month, raw.day)) return undefined;
  const written = raw.zone !== undefined && (raw.zone === "Z" || raw.zone[0] === "+" || raw.zone[0] === "-");
  const at = hour.resolver.at(year, raw.month, raw.day, raw.hour);
  const time = raw.clock ?? `${pad2(raw.hour)}:${pad2(raw.minute)}:${pad2(raw.second)}${raw.fraction}`;
  return {
    timestamp: bsdLocal(year, raw.month, raw.day, time) + (written ? raw.zone! : at.text),
    assumedZone: hour.assumedZone,
    yearInferred: true,
    ms: Date.UTC(year, raw.month - 1, raw.day, raw.hour, raw.minute, raw.second) - at.minutes * 60_000,
  };
}
