// The usual BSD header, `Mmm dd hh:mm:ss host prog[pid]: msg` (or with an RFC 3339 stamp that
// names its offset, as rsyslog's high-precision file format writes it), read straight through,
// with the time stamp's resolution remembered for every hour seen. Most lines of a log
// have this shape; for any other (a year or zone after the stamp, a relayed or nested header, a
// facility.level, no host, a tag without ':', an IPv6 or odd host word) it answers undefined and
// the general scanner (parse-syslog.ts) reads the line. Every test here is one the general
// scanner makes at the same place, so both read a line of this shape the same way (the
// common-header test checks that over the corpora).
import { hourOf, resolveStamp, scanHeaderStamp, scanZone, type HourResolution, type ResolvedStamp } from "./header-stamp.js";
import { facilityLevelAt, skipSpaces, startsSpecial, tagAt } from "./header-words.js";
import { rfc3164Record } from "./rfc3164-record.js";
import type { SyslogRecord } from "./syslog-record.js";

/**
 * An hour of year-less, zone-less BSD stamps (`Mmm dd hh:`, as written) and its resolution, when
 * every instant of the hour resolves alike (`uniform`: the year of a year-less stamp can change
 * inside the hour of the reference time; such hours are resolved stamp by stamp).
 */
interface HourMemo {
  readonly text: string;
  /** The RFC 3339 text up to the minutes: `YYYY-MM-DDThh:`. */
  readonly head: string;
  readonly hour: HourResolution;
}

// A memo of a pure function (stamp text, zone, reference time -> time), so it is no per-run
// state: whichever run reads the next line, the answer for the same inputs is the same. The hour
// of the last line, then every hour seen (a log's lines move back and forth between few hours:
// several hosts, merged files), by its text; bounded, and emptied when the zone or the reference
// time changes.
let lastHour: HourMemo | undefined;
const hours = new Map<string, HourMemo>();
const MAX_HOURS = 4096;
let hoursTimezone: string | undefined;
let hoursReferenceMs = Number.NaN;

/** Where the stamp stampAt last read ends (an out-parameter: it saves an object per line). */
let stampEnd = 0;

// The last stamp resolved through an hour memo, and its second in that hour: most lines of a busy
// log share their second with the line before (two thirds of the bench's mix, more in a burst of
// attempts), and then cost no new string and no new object.
let lastStampMemo: HourMemo | undefined;
let lastStampSecond = -1;
let lastStamp: ResolvedStamp | undefined;

// The host word of the last line read here, and the head of its tag (the tag word without its
// `[pid]` and ':', `sshd(pam_unix)` of `sshd(pam_unix)[12]:`) with the program and subsystem
// tagAt read from it (see readCommonHeader).
let lastHost = "";
let lastTagHead = "";
let lastTagProgram = "";
let lastTagSubsystem: string | undefined;

/** Two ASCII digits at `at` as a number, or -1. */
function twoDigits(line: string, at: number): number {
  const a = line.charCodeAt(at) - 48;
  const b = line.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** The memo of the hour whose text is at `at` (`Mmm dd hh:`, up to the first ':'), if one is kept. */
function memoAt(line: string, at: number, timezone: string | undefined, referenceMs: number): HourMemo | undefined {
  const memo = lastHour;
  if (memo !== undefined && line.startsWith(memo.text, at) && memo.hour.timezone === timezone && memo.hour.referenceMs === referenceMs) {
    return memo;
  }
  if (hoursTimezone !== timezone || hoursReferenceMs !== referenceMs) return undefined;
  const colon = line.indexOf(":", at);
  if (colon < 0 || colon - at > 16) return undefined;
  const kept = hours.get(line.slice(at, colon + 1));
  if (kept !== undefined) lastHour = kept;
  return kept;
}

/** Keeps the memo of an hour (see memoAt). */
function keepHour(memo: HourMemo): void {
  const hour = memo.hour;
  if (hoursTimezone !== hour.timezone || hoursReferenceMs !== hour.referenceMs || hours.size >= MAX_HOURS) {
    hours.clear();
    hoursTimezone = hour.timezone;
    hoursReferenceMs = hour.referenceMs;
  }
  hours.set(memo.text, memo);
  lastHour = memo;
}

/**
 * The resolved year-less, zone-less stamp at `at` when one is there and is followed by a space
 * (its end in `stampEnd`); undefined otherwise. Whether the word after it could still be read as
 * part of the stamp (a year, a zone) is the caller's test. A stamp of an hour already seen costs
 * a string compare (a lookup when it is not the last line's hour) and a concatenation, as
 * resolveStamp's own text is made.
 */
function stampAt(line: string, at: number, timezone: string | undefined, referenceMs: number): ResolvedStamp | undefined {
  const memo = memoAt(line, at, timezone, referenceMs);
  if (memo !== undefined) {
    const minuteAt = at + memo.text.length;
    const minute = twoDigits(line, minuteAt);
    const second = twoDigits(line, minuteAt + 3);
    if (
      minute >= 0 &&
      minute <= 59 &&
      line.charCodeAt(minuteAt + 2) === 58 &&
      second >= 0 &&
      second <= 60 &&
      line.charCodeAt(minuteAt + 5) === 32
    ) {
      stampEnd = minuteAt + 5;
      const inHour = minute * 60 + second;
      if (memo === lastStampMemo && inHour === lastStampSecond) return lastStamp;
      const hour = memo.hour;
      const resolved: ResolvedStamp = {
        timestamp: memo.head + line.slice(minuteAt, minuteAt + 5) + hour.offsetText,
        assumedZone: hour.assumedZone,
        yearInferred: hour.yearInferred,
        ms: hour.startMs + minute * 60_000 + second * 1000,
      };
      lastStampMemo = memo;
      lastStampSecond = inHour;
      lastStamp = resolved;
      return resolved;
    }
  }
  const raw = scanHeaderStamp(line, at);
  if (raw === undefined || raw.year !== undefined || raw.zone !== undefined || raw.epochMs !== undefined) return undefined;
  if (line.charCodeAt(raw.end) !== 32) return undefined;
  const resolved = resolveStamp(raw, timezone, referenceMs);
  if (resolved === undefined) return undefined; // a date that does not exist: the general scanner says so
  // `hh:mm:ss` as written, two digits each, right before the space: the form the memo reads.
  const minuteAt = raw.end - 5;
  if (raw.clock !== undefined && raw.fraction === "" && raw.clock.length === 8 && line.startsWith(raw.clock, raw.end - 8)) {
    const hour = hourOf(raw, timezone, referenceMs);
    if (hour.uniform && hour.date !== undefined) {
      keepHour({ text: line.slice(at, minuteAt), head: hour.date + line.slice(minuteAt - 3, minuteAt), hour });
    }
  }
  stampEnd = raw.end;
  return resolved;
}

/**
 * An RFC 3339 stamp that names its offset (`2024-01-15T12:00:00.123456+01:00`, rsyslog's
 * high-precision file format, the default of current Debian and Ubuntu), followed by a space,
 * resolved (its end in `stampEnd`); undefined for any other stamp. A zone name, no zone, or an
 * instant (epoch, TAI64N) is left to the general scanner.
 */
function offsetStampAt(line: string, at: number, timezone: string | undefined, referenceMs: number): ResolvedStamp | undefined {
  const raw = scanHeaderStamp(line, at);
  if (raw === undefined || raw.epochMs !== undefined || raw.year === undefined || raw.zone === undefined) return undefined;
  const z = raw.zone.charCodeAt(0);
  if (!(z === 90 || z === 43 || z === 45) || line.charCodeAt(raw.end) !== 32) return undefined; // 'Z', '+', '-'
  const resolved = resolveStamp(raw, timezone, referenceMs);
  if (resolved === undefined) return undefined; // a date that does not exist: the general scanner says so
  stampEnd = raw.end;
  return resolved;
}

function isLower(c: number): boolean {
  return c >= 97 && c <= 122;
}

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * The end of the host word at `at` when it is one the general scanner reads as the host and
 * nothing else, else -1: letters, digits, '.', '-', '_' only; not a word the stamp before it
 * could take as its year (`2016`) or zone (`UTC`); not itself the start of a stamp (`Jan`, `10-Mar-2020`,
 * a 4-, 6-, 8- or 10-digit number); not a facility.level (`auth.info`).
 */
function plainHostEnd(line: string, at: number): number {
  const c0 = line.charCodeAt(at);
  let end = at;
  let dotted = false;
  for (;;) {
    const c = line.charCodeAt(end);
    if (c === 32) break;
    if (c === 46) dotted = true;
    else if (!(isLower(c) || isDigit(c) || isUpper(c) || c === 45 || c === 95)) return -1; // also the line's end (NaN)
    end++;
  }
  if (end === at) return -1;
  if (isDigit(c0)) {
    // Only an IPv4 address: a '.' among its first four characters rules out every numeric stamp.
    if (line.charCodeAt(at + 1) !== 46 && line.charCodeAt(at + 2) !== 46 && line.charCodeAt(at + 3) !== 46) return -1;
  } else {
    if (c0 === 45 || c0 === 46 || c0 === 95) return -1;
    // A three-letter word could be a month or day name starting another stamp.
    if (end - at === 3 && !isDigit(line.charCodeAt(at + 1)) && !isDigit(line.charCodeAt(at + 2))) return -1;
    // A capitalised word could be a zone abbreviation of the stamp (`Jan 1 00:00:00 CET 2016`).
    if (isUpper(c0) && scanZone(line, at) !== undefined) return -1;
    if ((c0 === 108 || c0 === 76) && startsSpecial(line, at)) return -1; // `last message repeated ...`, `Last message '...`
  }
  // A facility.level has its '.'.
  return !dotted || facilityLevelAt(line, at, end) === undefined ? end : -1;
}

/** Where the tag word at `at` ends (a space, a tab or the line's end); -1-end when it holds a '.'. */
function tagWordEnd(line: string, at: number): number {
  let end = at;
  let dotted = false;
  const n = line.length;
  while (end < n) {
    const c = line.charCodeAt(end);
    if (c === 32 || c === 9) break;
    if (c === 46) dotted = true;
    end++;
  }
  return dotted ? -1 - end : end;
}

/** The record of a line with the usual header at `start` (after any PRI), or undefined (see the module comment). */
export function readCommonHeader(
  line: string,
  start: number,
  pri: number | undefined,
  timezone: string | undefined,
  referenceMs: number,
): SyslogRecord | undefined {
  const c = line.charCodeAt(start);
  let stamp: ResolvedStamp | undefined;
  if (isUpper(c) || isLower(c)) stamp = stampAt(line, start, timezone, referenceMs);
  else if (isDigit(c)) stamp = offsetStampAt(line, start, timezone, referenceMs);
  if (stamp === undefined) return undefined;
  const hostAt = skipSpaces(line, stampEnd);
  // The host word of the line before, when this line has it too (nearly every line of a log):
  // its reading depends on its characters alone, so it is neither scanned nor copied again.
  let hostname = lastHost;
  let hostEnd = hostAt + hostname.length;
  if (hostname === "" || line.charCodeAt(hostEnd) !== 32 || !line.startsWith(hostname, hostAt)) {
    hostEnd = plainHostEnd(line, hostAt);
    if (hostEnd < 0) return undefined;
    hostname = line.slice(hostAt, hostEnd);
    lastHost = hostname;
  }
  const tagStart = skipSpaces(line, hostEnd);
  // A tag that starts with a letter, '_' or '/' is no stamp and no nested PRI; a MARK or repeat
  // line after the host has no tag at all.
  const t = line.charCodeAt(tagStart);
  if (!(isLower(t) || isUpper(t) || t === 95 || t === 47) || startsSpecial(line, tagStart)) return undefined;
  const word = tagWordEnd(line, tagStart);
  const tagEnd = word < 0 ? -1 - word : word;
  // `prog[pid]:`, `prog:`, `prog(sub)[pid]:`; one without ':' is left to the general scanner, and
  // so is a facility.level (`auth.info:`, which has its '.').
  if (line.charCodeAt(tagEnd - 1) !== 58 || (word < 0 && facilityLevelAt(line, tagStart, tagEnd) !== undefined)) return undefined;
  let program: string;
  let subsystem: string | undefined;
  let procId: string | undefined;
  // The tag of the line before, when this tag has the same head followed by `[pid]:` or by ':' alone
  // (a busy log repeats a few programs): tagAt reads the program and subsystem from the head's
  // characters alone, so neither is read nor copied again, and their strings (hashes cached) are
  // the ones the rule dispatch looked up before.
  const head = lastTagHead;
  const headEnd = tagStart + head.length;
  if (
    head !== "" &&
    (headEnd === tagEnd - 1 ||
      (line.charCodeAt(headEnd) === 91 && line.charCodeAt(tagEnd - 2) === 93 && pidOk(line, headEnd + 1, tagEnd - 2))) &&
    line.startsWith(head, tagStart)
  ) {
    program = lastTagProgram;
    subsystem = lastTagSubsystem;
    procId = headEnd === tagEnd - 1 ? undefined : line.slice(headEnd + 1, tagEnd - 2);
  } else {
    const tag = tagAt(line, tagStart, tagEnd, true);
    if (tag === undefined) return undefined;
    ({ program, subsystem, procId } = tag);
    // The head: the tag word before its `[pid]` (tagAt took the PID after the last '[') or its ':'.
    lastTagHead = line.slice(tagStart, procId === undefined ? tagEnd - 1 : tagEnd - 3 - procId.length);
    lastTagProgram = program;
    lastTagSubsystem = subsystem;
  }
  let messageAt = tagEnd;
  while (line.charCodeAt(messageAt) === 32) messageAt++; // padding after the tag is not part of the event
  return rfc3164Record(pri, undefined, stamp, hostname, program, subsystem, procId, true, false, line.slice(messageAt));
}

/** Whether line[a, b) is a PID as tagAt takes it in `prog[pid]`: 1 to 64 characters, no '['. */
function pidOk(line: string, a: number, b: number): boolean {
  if (b <= a || b - a > 64) return false;
  for (let i = a; i < b; i++) if (line.charCodeAt(i) === 91) return false;
  return true;
}
