// Parses one syslog line: RFC 5424 strictly, RFC 3164 / BSD (and its RFC 3339 form) tolerantly.
// Hand-written scanners, no regular expressions over the whole line: the cost is linear in the
// line length, so a hostile megabyte-long line costs a few milliseconds, not minutes.
import { SyslogParseError, type StructuredDataElement, type SyslogRecord } from "./syslog-record.js";
import { dateExists, scanRfc3339 } from "./syslog-time.js";
import { resolveStamp, scanHeaderStamp, type RawStamp, type ResolvedStamp } from "./header-stamp.js";
import { facilityLevelAt, isHostWord, skipSpaces, startsSpecial, tagAt, wordEnd, type TagParts } from "./header-words.js";
import { messageKind, rfc3164Record } from "./rfc3164-record.js";
import { readCommonHeader } from "./common-header.js";

export interface ParseSyslogOptions {
  /** "Now" in epoch milliseconds: year-less stamps are placed so that none is after it. */
  readonly referenceMs: number;
  /** Zone for stamps without one ("Z", "+01:00", "Europe/Paris"); default: the machine's zone. */
  readonly timezone?: string | undefined;
}

const BOM = "\uFEFF";
const NIL = "-";

/** Parses one line (its line ending may still be there). Throws SyslogParseError with a column. */
export function parseSyslog(input: string, options: ParseSyslogOptions): SyslogRecord {
  // CRLF files, and the odd CR before LF that a TCP sender leaves.
  const line = withoutLineEnd(input);
  let pos = 0;
  if (line.charCodeAt(0) === 0xfeff) pos = 1; // BOM
  let pri: number | undefined;
  if (line[pos] === "<") {
    let end = pos + 1;
    while (end < line.length && end - pos <= 4 && line.charCodeAt(end) >= 48 && line.charCodeAt(end) <= 57) end++;
    const digits = end - pos - 1;
    if (digits === 0 || digits > 3 || line[end] !== ">") {
      throw new SyslogParseError(pos + 2, "PRI must be 1 to 3 digits between '<' and '>'");
    }
    pri = Number(line.slice(pos + 1, end));
    if (pri > 191) throw new SyslogParseError(pos + 2, `PRI ${pri} is above 191 (facility 23, severity 7)`);
    if (digits > 1 && line[pos + 1] === "0") throw new SyslogParseError(pos + 2, "PRI must not have leading zeros");
    pos = end + 1;
    // RFC 5424: VERSION (a nonzero digit, up to three) right after PRI, then a space.
    let v = pos;
    while (v < line.length && v - pos < 3 && line.charCodeAt(v) >= 48 && line.charCodeAt(v) <= 57) v++;
    if (v > pos && line[v] === " ") {
      const version = line.slice(pos, v);
      if (version !== "1") {
        throw new SyslogParseError(pos + 1, `unsupported syslog protocol version ${version} (RFC 5424 defines version 1)`);
      }
      return parseRfc5424(line, v + 1, pri);
    }
  }
  return parseRfc3164(line, pos, pri, options);
}

/**
 * The line without the CRs, LFs and NULs at its end (the same string when there are none: no copy).
 * NULs: some senders (and files preallocated by a crashed logger) pad or end a message with them.
 */
function withoutLineEnd(input: string): string {
  let end = input.length;
  for (;;) {
    const c = input.charCodeAt(end - 1);
    if (c !== 13 && c !== 10 && c !== 0) break;
    end--;
  }
  return end === input.length ? input : input.slice(0, end);
}

function splitPri(pri: number | undefined): { facility: number | undefined; severity: number | undefined } {
  return pri === undefined ? { facility: undefined, severity: undefined } : { facility: pri >> 3, severity: pri & 7 };
}

/** Reads a header field of RFC 5424 up to the next space: NILVALUE or 1..max PRINTUSASCII. */
function headerField(line: string, at: number, max: number, name: string): { value: string | undefined; end: number } {
  let end = at;
  while (end < line.length && line[end] !== " ") {
    const c = line.charCodeAt(end);
    if (c < 33 || c > 126) throw new SyslogParseError(end + 1, `${name} may hold printable US-ASCII only`);
    end++;
  }
  if (end === at) throw new SyslogParseError(at + 1, `${name} is empty (use "-" for no value)`);
  if (end - at > max) throw new SyslogParseError(at + max + 1, `${name} is longer than ${max} characters`);
  if (line[end] !== " ") throw new SyslogParseError(end + 1, `expected a space after ${name}`);
  const value = line.slice(at, end);
  return { value: value === NIL ? undefined : value, end: end + 1 };
}

function parseRfc5424(line: string, start: number, pri: number): SyslogRecord {
  let pos = start;
  let timestamp: string | undefined;
  if (line[pos] === "-" && line[pos + 1] === " ") {
    pos += 2;
  } else {
    const stamp = scanRfc3339(line, pos, true);
    if (stamp === undefined) {
      throw new SyslogParseError(pos + 1, "TIMESTAMP must be NILVALUE or RFC 3339 (YYYY-MM-DDThh:mm:ss[.frac](Z|+hh:mm))");
    }
    if (stamp.zone === undefined) throw new SyslogParseError(stamp.end + 1, "TIMESTAMP has no time zone (Z or +hh:mm is required)");
    if (line[stamp.end] !== " ") throw new SyslogParseError(stamp.end + 1, "expected a space after TIMESTAMP");
    const [y, m, d] = [Number(stamp.local.slice(0, 4)), Number(stamp.local.slice(5, 7)), Number(stamp.local.slice(8, 10))];
    if (!dateExists(y, m, d)) throw new SyslogParseError(pos + 1, `TIMESTAMP date ${stamp.local.slice(0, 10)} does not exist`);
    timestamp = stamp.local + stamp.zone;
    pos = stamp.end + 1;
  }
  const host = headerField(line, pos, 255, "HOSTNAME");
  const app = headerField(line, host.end, 48, "APP-NAME");
  const proc = headerField(line, app.end, 128, "PROCID");
  const msgId = headerField(line, proc.end, 32, "MSGID");
  pos = msgId.end;
  const structuredData: StructuredDataElement[] = [];
  if (line[pos] === "-") {
    pos++;
  } else if (line[pos] === "[") {
    pos = parseStructuredData(line, pos, structuredData);
  } else {
    throw new SyslogParseError(pos + 1, "STRUCTURED-DATA must be NILVALUE or start with '['");
  }
  let message = "";
  if (pos < line.length) {
    if (line[pos] !== " ") throw new SyslogParseError(pos + 1, "expected a space or the end of the line after STRUCTURED-DATA");
    message = line.slice(pos + 1);
    if (message.startsWith(BOM)) message = message.slice(1);
  }
  return {
    format: "rfc5424",
    pri,
    ...splitPri(pri),
    timestamp,
    timestampOrigin: timestamp === undefined ? "absent" : "explicit",
    assumedZone: undefined,
    yearInferred: false,
    timeMs: timestamp === undefined ? undefined : Date.parse(timestamp),
    hostname: host.value,
    program: app.value,
    subsystem: undefined,
    procId: proc.value,
    msgId: msgId.value,
    structuredData,
    ...messageKind(message),
  };
}

/** SD-NAME: 1..32 PRINTUSASCII except '=', SP, ']' and '"'. */
function sdName(line: string, at: number, what: string): number {
  let end = at;
  while (end < line.length) {
    const c = line.charCodeAt(end);
    if (c < 33 || c > 126 || c === 61 || c === 93 || c === 34) break;
    end++;
  }
  if (end === at) throw new SyslogParseError(at + 1, `${what} is empty or starts with a forbidden character`);
  if (end - at > 32) throw new SyslogParseError(at + 33, `${what} is longer than 32 characters`);
  return end;
}

function parseStructuredData(line: string, start: number, out: StructuredDataElement[]): number {
  let pos = start;
  while (line[pos] === "[") {
    const idEnd = sdName(line, pos + 1, "SD-ID");
    const id = line.slice(pos + 1, idEnd);
    const params: [string, string][] = [];
    pos = idEnd;
    while (line[pos] === " ") {
      const nameEnd = sdName(line, pos + 1, "PARAM-NAME");
      const name = line.slice(pos + 1, nameEnd);
      if (line[nameEnd] !== "=") throw new SyslogParseError(nameEnd + 1, `expected '=' after PARAM-NAME "${name}"`);
      if (line[nameEnd + 1] !== '"') throw new SyslogParseError(nameEnd + 2, `expected '"' to open the value of "${name}"`);
      // PARAM-VALUE: '"', '\' and ']' come escaped with '\'; a '\' before anything else stays.
      let value = "";
      let i = nameEnd + 2;
      let chunk = i;
      for (;;) {
        if (i >= line.length) throw new SyslogParseError(i + 1, `the value of "${name}" is not closed with '"'`);
        const c = line[i];
        if (c === "\\") {
          const next = line[i + 1];
          if (next === '"' || next === "\\" || next === "]") {
            value += line.slice(chunk, i) + next;
            i += 2;
            chunk = i;
            continue;
          }
        } else if (c === '"') {
          break;
        } else if (c === "]") {
          throw new SyslogParseError(i + 1, `unescaped ']' in the value of "${name}" (write '\\]')`);
        }
        i++;
      }
      value += line.slice(chunk, i);
      params.push([name, value]);
      pos = i + 1;
    }
    if (line[pos] !== "]") throw new SyslogParseError(pos + 1, `expected ' ' or ']' in SD-ELEMENT "${id}"`);
    out.push({ id, params });
    pos++;
  }
  return pos;
}

/** Where the header scan is, and what it has read so far. */
interface HeaderState {
  pos: number;
  /** The tag scanHeader already read at its returned position (saves reading it twice). */
  tag: TagParts | undefined;
  /** The end of the tag word scanHeader returned (-1 when it did not read it). */
  tagEnd: number;
  stamp: RawStamp | undefined;
  hostname: string | undefined;
  facilityLevel: string | undefined;
  /** The pid a column gave before the tag (macOS `log show`), when the tag has none. */
  columnPid: string | undefined;
}

/** An RFC 3164 PRI `<n>` at `at` (nested in a relayed line), or -1. */
function nestedPriEnd(line: string, at: number): number {
  if (line.charCodeAt(at) !== 60) return -1; // '<'

  let i = at + 1;
  while (i < line.length && i - at <= 4 && line.charCodeAt(i) >= 48 && line.charCodeAt(i) <= 57) i++;
  return i > at + 1 && line[i] === ">" ? i + 1 : -1;
}

const FORWARDED = "Message forwarded from ";
const ASL_LEVELS = ["Emergency", "Alert", "Critical", "Error", "Warning", "Notice", "Info", "Debug"];

/** Where the message starts after an ASL level `<Error>: ` at `at` (`at` when there is none). */
function afterAslLevel(line: string, at: number): number {
  if (line.charCodeAt(at) !== 60) return at; // '<'
  const close = line.indexOf(">: ", at);
  if (close < 0 || close - at > 10 || !ASL_LEVELS.includes(line.slice(at + 1, close))) return at;
  return skipSpaces(line, close + 2);
}

const LOG_SHOW_TYPES = new Set(["Default", "Info", "Debug", "Error", "Fault", "Notice"]);

/** `0x` and hex digits at `at`: the index after them, or -1. */
function hexWordEnd(line: string, at: number): number {
  if (line.charCodeAt(at) !== 48 || line.charCodeAt(at + 1) !== 120) return -1;
  let i = at + 2;
  while (i - at < 20) {
    const c = line.charCodeAt(i) | 0x20;
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) break;
    i++;
  }
  return i > at + 2 && line.charCodeAt(i) === 32 ? i : -1;
}

/** Digits at `at` followed by a space: the index after them, or -1. */
function numberWordEnd(line: string, at: number): number {
  let i = at;
  while (i - at < 12 && line.charCodeAt(i) >= 48 && line.charCodeAt(i) <= 57) i++;
  return i > at && line.charCodeAt(i) === 32 ? i : -1;
}

/**
 * The columns `log show` writes between its stamp and the process name in its default style
 * (`2024-01-15 12:00:00.123456+0100 0x1a2b  Default  0x0  123  0  sshd: msg`): the pid, and where
 * the process name starts; undefined when the words are not these columns.
 */
function macLogShowColumns(line: string, at: number): { pid: string; end: number } | undefined {
  const thread = hexWordEnd(line, at);
  if (thread < 0) return undefined;
  const typeAt = skipSpaces(line, thread);
  const typeEnd = wordEnd(line, typeAt);
  if (!LOG_SHOW_TYPES.has(line.slice(typeAt, typeEnd))) return undefined;
  const activity = hexWordEnd(line, skipSpaces(line, typeEnd));
  if (activity < 0) return undefined;
  const pidAt = skipSpaces(line, activity);
  const pidEnd = numberWordEnd(line, pidAt);
  if (pidEnd < 0) return undefined;
  const ttl = numberWordEnd(line, skipSpaces(line, pidEnd));
  if (ttl < 0) return undefined;
  return { pid: line.slice(pidAt, pidEnd), end: skipSpaces(line, ttl) };
}

/**
 * metalog's `[prog]` right after the stamp (it writes no host), unless a `prog[pid]:` tag follows
 * (`Mar 7 19:06:53 [host] sshd[1]: msg` keeps a bracketed host). The name starts with a letter:
 * `[192.0.2.1]` is a host.
 */
function metalogTag(line: string, at: number, end: number, next: number): TagParts | undefined {
  const c = line.charCodeAt(at + 1) | 0x20;
  if (c < 97 || c > 122 || line.charCodeAt(end - 1) !== 93) return undefined;
  if (tagAt(line, next, wordEnd(line, next), true)?.procId !== undefined) return undefined;
  return tagAt(line, at, end, false);
}

/**
 * journalctl short-monotonic: `[  12.345678]` (seconds since boot: no wall-clock time), and
 * short-delta's `[  12.345678 <    0.000123>]` (the time since the entry before, too).
 */
function monotonicEnd(line: string, at: number): number {
  if (line.charCodeAt(at) !== 91) return -1; // '['

  let i = at + 1;
  while (line[i] === " ") i++;
  const digitsStart = i;
  while (i < line.length && i - digitsStart < 12 && line.charCodeAt(i) >= 48 && line.charCodeAt(i) <= 57) i++;
  if (i === digitsStart || line[i] !== ".") return -1;
  i++;
  const frac = i;
  while (i < line.length && i - frac < 9 && line.charCodeAt(i) >= 48 && line.charCodeAt(i) <= 57) i++;
  if (i === frac) return -1;
  if (line[i] === " " && line[i + 1] === "<") {
    // short-delta: ` <    0.000123>`
    const close = line.indexOf(">", i + 2);
    if (close < 0 || close - i > 24) return -1;
    for (let k = i + 2; k < close; k++) {
      const c = line.charCodeAt(k);
      if (c !== 32 && c !== 46 && (c < 48 || c > 57)) return -1;
    }
    i = close + 1;
  }
  return line[i] === "]" ? i + 1 : -1;
}

/**
 * Reads stamps, relayed headers and host words from `st.pos` until the tag (or the MSG of a tag-less
 * line). Forms: `stamp host tag`, `stamp tag`, `host tag` (no stamp), `stamp host facility.level tag`,
 * `stamp relay stamp origin tag`, `stamp relay <pri>stamp origin tag`, socklog's
 * `stamp facility.level: stamp tag`. Returns the index of the tag word, or -1 for no tag.
 */
function scanHeader(line: string, st: HeaderState): number {
  let hostSinceStamp = false;
  for (let round = 0; round < 8; round++) {
    let pos = skipSpaces(line, st.pos);
    const pri = nestedPriEnd(line, pos);
    if (pri > 0) {
      // busybox syslogd writes `<38>` after the host where it knows no facility.level name.
      if (hostSinceStamp && line.charCodeAt(pri) === 32) {
        st.pos = pri;
        continue;
      }
      pos = pri;
    }
    const stamp = scanHeaderStamp(line, pos);
    if (stamp !== undefined) {
      if (stamp.end < line.length && line[stamp.end] !== " " && line[stamp.end] !== "\t") {
        throw new SyslogParseError(stamp.end + 1, "expected a space after the timestamp");
      }
      // A relayed line carries the origin's stamp after the relay's: the innermost one is the event's.
      st.stamp = withOuterYear(stamp, st.stamp);
      st.pos = skipSpaces(line, stamp.end);
      hostSinceStamp = false;
      continue;
    }
    if (st.stamp === undefined && round === 0) {
      const mono = monotonicEnd(line, pos);
      if (mono > 0) {
        st.pos = skipSpaces(line, mono);
        continue;
      }
    }
    if (hostSinceStamp && line.startsWith(FORWARDED, pos)) {
      // AIX syslogd relaying: `stamp relay Message forwarded from origin: prog[pid]: msg`.
      const at = pos + FORWARDED.length;
      const originEnd = wordEnd(line, at);
      if (originEnd - at > 1 && line.charCodeAt(originEnd - 1) === 58 && isHostWord(line, at, originEnd - 1)) {
        st.hostname = line.slice(at, originEnd - 1);
        st.pos = skipSpaces(line, originEnd);
        continue;
      }
    }
    if (!hostSinceStamp && st.stamp !== undefined && line.charCodeAt(pos) === 48 && line.charCodeAt(pos + 1) === 120) {
      // macOS `log show` (default style): thread, type, activity, pid and TTL columns, then `process:`.
      const columns = macLogShowColumns(line, pos);
      if (columns !== undefined) {
        st.columnPid = columns.pid;
        st.pos = columns.end;
        hostSinceStamp = true;
        continue;
      }
    }
    const end = wordEnd(line, pos);
    if (end === pos || startsSpecial(line, pos)) {
      st.pos = pos;
      return st.stamp === undefined ? -2 : -1;
    }
    const fl = facilityLevelAt(line, pos, end);
    if (fl !== undefined) {
      st.facilityLevel = fl;
      st.pos = end;
      continue;
    }
    const strict = st.stamp === undefined;
    const next = skipSpaces(line, end);
    const tag = tagAt(line, pos, end, true);
    if (tag !== undefined) {
      // `192.0.2.1: auth.info: ...` (socklog from the network), `host: Jan 1 ...`: a host, not a tag.
      // Only where no host was read yet, and a stamp after it only for an address or a dotted
      // name: `mysqld: 130322 11:26:54 [Warning]` is a tag followed by the program's own stamp.
      const hostThenHeader =
        !hostSinceStamp &&
        line.charCodeAt(end - 1) === 58 &&
        (facilityLevelAt(line, next, wordEnd(line, next)) !== undefined ||
          (line.lastIndexOf(".", end) > pos && scanHeaderStamp(line, next) !== undefined));
      if (hostThenHeader && isHostWord(line, pos, end - 1)) {
        st.hostname = line.slice(pos, end - 1);
        st.pos = next;
        hostSinceStamp = true;
        continue;
      }
      // Without a stamp or a host, only `prog[pid]:` and `[prog]:` pass: `Note: text` is not syslog.
      if (strict && !hostSinceStamp && tag.procId === undefined && line[pos] !== "[") return -2;
      st.pos = pos;
      st.tag = tag;
      st.tagEnd = end;
      return pos;
    }
    // metalog: `Mar  7 19:06:53 [sshd] msg`, the program in brackets and no host, after its
    // strftime("%b %e %T") stamp only (`2019-11-26 01:04:49 [WRN] ...` is a program's own format).
    const metalog =
      line.charCodeAt(pos) === 91 && !hostSinceStamp && st.stamp?.year === undefined && st.stamp?.epochMs === undefined
        ? metalogTag(line, pos, end, next)
        : undefined;
    if (!strict && metalog !== undefined) {
      st.pos = pos;
      st.tag = metalog;
      st.tagEnd = end;
      return pos;
    }
    if (hostSinceStamp) {
      // `stamp host word`: the word is the tag even without ':' (`host tag msg`).
      st.pos = pos;
      return strict ? -2 : pos;
    }
    // After a stamp any word is the host, as syslogd has always read it (RouterOS writes
    // `system,error,critical` there); without a stamp it must look like one.
    if (strict && !isHostWord(line, pos, end)) {
      st.pos = pos;
      return -2;
    }
    st.hostname = line.slice(pos, end);
    st.pos = next;
    hostSinceStamp = true;
    if (next >= line.length || startsSpecial(line, next)) return strict ? -2 : -1;
  }
  return -2;
}

/**
 * A year-less inner stamp (socklog's `2017-03-22_11:07:43.01 auth.info: Mar 22 11:07:43 sshd[1]:`)
 * takes the year of the stamp around it rather than one inferred from today.
 */
function withOuterYear(inner: RawStamp, outer: RawStamp | undefined): RawStamp {
  if (inner.year !== undefined || inner.epochMs !== undefined || outer === undefined) return inner;
  let year = outer.year;
  let month = outer.month;
  if (outer.epochMs !== undefined) {
    const d = new Date(outer.epochMs);
    year = d.getUTCFullYear();
    month = d.getUTCMonth() + 1;
  }
  if (year === undefined) return inner;
  // A December line relayed in January is last year's.
  if (inner.month === 12 && month === 1) year--;
  else if (inner.month === 1 && month === 12) year++;
  return { ...inner, year };
}

function parseRfc3164(line: string, start: number, pri: number | undefined, options: ParseSyslogOptions): SyslogRecord {
  // Most lines have the usual header: read straight through (see common-header.ts).
  return readCommonHeader(line, start, pri, options.timezone, options.referenceMs) ?? scanRfc3164(line, start, pri, options);
}

/**
 * The general reader of BSD headers (every form of scanHeader). Exported for the test that checks
 * the common-header reader gives the same records.
 */
export function scanRfc3164(line: string, start: number, pri: number | undefined, options: ParseSyslogOptions): SyslogRecord {
  const st: HeaderState = {
    pos: start,
    tag: undefined,
    tagEnd: -1,
    stamp: undefined,
    hostname: undefined,
    facilityLevel: undefined,
    columnPid: undefined,
  };
  const first = skipSpaces(line, start);
  const tagPos = scanHeader(line, st);
  if (tagPos === -2) {
    if (st.stamp === undefined) {
      throw new SyslogParseError(first + 1, "expected a timestamp (Mmm dd hh:mm:ss, RFC 3339, ...) or a `host prog[pid]:` header");
    }
    throw new SyslogParseError(st.pos + 1, "expected a program tag (prog[pid]: or prog:) after the host name");
  }
  let tag: TagParts | undefined;
  let message: string;
  if (tagPos === -1) {
    message = line.slice(st.pos);
  } else {
    let end = st.tagEnd >= 0 ? st.tagEnd : wordEnd(line, tagPos);
    tag = st.tag;
    if (tag === undefined) {
      // `sshd[1]:msg` (no space after the tag): the tag ends at its "]:".
      const glued = line.indexOf("]:", tagPos);
      if (glued > tagPos && glued + 2 < end && tagAt(line, tagPos, end, false) === undefined) end = glued + 2;
      tag = tagAt(line, tagPos, end, false);
    }
    tag ??= { program: line.slice(tagPos, line[end - 1] === ":" ? end - 1 : end), subsystem: undefined, procId: undefined };
    let pos = end;
    // One space ends the tag; more (`sshd[1]:  Failed ...`) are padding, not part of the event.
    while (line[pos] === " ") pos++;
    // macOS ASL (syslogd before 10.12, `syslog -F bsd`): `sshd[1] <Error>: msg`, the level after a
    // tag that has no ':' of its own.
    if (line.charCodeAt(end - 1) !== 58) pos = afterAslLevel(line, pos);
    message = line.slice(pos);
  }
  let resolved: ResolvedStamp | undefined;
  if (st.stamp !== undefined) {
    resolved = resolveStamp(st.stamp, options.timezone, options.referenceMs);
    if (resolved === undefined) {
      const s = st.stamp;
      throw new SyslogParseError(first + 1, `the date ${s.month}/${s.day} does not exist${s.year === undefined ? "" : ` in ${s.year}`}`);
    }
  }
  const bracketed = tagPos >= 0 && line.charCodeAt(tagPos) === 91;
  return rfc3164Record(
    pri,
    st.facilityLevel,
    resolved,
    st.hostname,
    tag?.program,
    tag?.subsystem,
    tag?.procId ?? st.columnPid,
    st.tag !== undefined,
    bracketed,
    message,
  );
}

/**
 * The same header read after text some collectors put first (`myrelay: `, `[collector] `, a file
 * name): the first of the line's first words where a time stamp starts and a tagged header
 * follows. For lines the plain parser refuses; undefined when there is none.
 */
export function parseSyslogAfterPrefix(input: string, options: ParseSyslogOptions): SyslogRecord | undefined {
  const line = withoutLineEnd(input);
  const glued = afterGluedPrefix(line, options);
  if (glued !== undefined) return glued;
  let pos = 0;
  for (let word = 0; word < 8 && pos < 160; word++) {
    let next = pos;
    while (next < line.length && line[next] !== " " && line[next] !== "[" && line[next] !== "(") next++;
    if (next >= line.length) return undefined;
    pos = next + 1;
    const record = taggedHeaderAt(line, pos, options);
    if (record !== undefined) return record;
  }
  return undefined;
}

/** The RFC 3164 header with a time stamp and a tag starting at `pos` of `line`, or undefined when none starts there. */
function taggedHeaderAt(line: string, pos: number, options: ParseSyslogOptions): SyslogRecord | undefined {
  if (scanHeaderStamp(line, pos) === undefined) return undefined;
  try {
    const record = parseRfc3164(line, pos, undefined, options);
    return record.program !== undefined && record.timestamp !== undefined ? record : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A line behind a prefix glued to it by `:` -- grep's `-H` (`/var/log/auth.log:Jan  1 ...`), `-n`
 * (`123:Jan  1 ...`) or both (`auth.log:123:Jan ...`), `cat -n`-style numbers are spaces, read above.
 * The prefix is one word (no space) of at most 256 characters; each `:` in it is tried in turn.
 */
export function afterGluedPrefix(line: string, options: ParseSyslogOptions): SyslogRecord | undefined {
  let limit = 0;
  while (limit < line.length && limit < 256 && line[limit] !== " ") limit++;
  for (let colon = line.indexOf(":"); colon > 0 && colon < limit; colon = line.indexOf(":", colon + 1)) {
    const record = taggedHeaderAt(line, colon + 1, options);
    if (record !== undefined) return record;
  }
  return undefined;
}
