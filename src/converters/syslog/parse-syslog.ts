// Parses one syslog line: RFC 5424 strictly, RFC 3164 / BSD (and its RFC 3339 form) tolerantly.
// Hand-written scanners, no regular expressions over the whole line: the cost is linear in the
// line length, so a hostile megabyte-long line costs a few milliseconds, not minutes.
import { SyslogParseError, type StructuredDataElement, type SyslogRecord } from "./syslog-record.js";
import { dateExists, scanRfc3339 } from "./syslog-time.js";
import { resolveStamp, scanHeaderStamp, type RawStamp } from "./header-stamp.js";

export interface ParseSyslogOptions {
  /** "Now" in epoch milliseconds: year-less stamps are placed so that none is after it. */
  readonly referenceMs: number;
  /** Zone for stamps without one ("Z", "+01:00", "Europe/Paris"); default: the machine's zone. */
  readonly timezone?: string | undefined;
}

const BOM = "\uFEFF";
const NO_STRUCTURED_DATA: readonly StructuredDataElement[] = Object.freeze([]);
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

/** The line without the CRs and LFs at its end (the same string when there are none: no copy). */
function withoutLineEnd(input: string): string {
  let end = input.length;
  for (;;) {
    const c = input.charCodeAt(end - 1);
    if (c !== 13 && c !== 10) break;
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
  tag: { program: string; subsystem: string | undefined; procId: string | undefined } | undefined;
  /** The end of the tag word scanHeader returned (-1 when it did not read it). */
  tagEnd: number;
  stamp: RawStamp | undefined;
  hostname: string | undefined;
  facilityLevel: string | undefined;
}

const FACILITIES = new Set([
  "kern",
  "user",
  "mail",
  "daemon",
  "auth",
  "syslog",
  "lpr",
  "news",
  "uucp",
  "cron",
  "authpriv",
  "ftp",
  "ntp",
  "security",
  "console",
  "solaris-cron",
  "local0",
  "local1",
  "local2",
  "local3",
  "local4",
  "local5",
  "local6",
  "local7",
  "audit",
  "clock",
]);
const LEVELS = new Set(["emerg", "panic", "alert", "crit", "err", "error", "warning", "warn", "notice", "info", "debug", "none", "*"]);

/** `auth.info`, `<auth.info>`, `[auth.info]`, `auth.info:` — a facility.level some writers add. */
function facilityLevelAt(line: string, at: number, end: number): string | undefined {
  let a = at;
  let b = end;
  if (line[b - 1] === ":") b--;
  if ((line[a] === "<" && line[b - 1] === ">") || (line[a] === "[" && line[b - 1] === "]")) {
    a++;
    b--;
  }
  if (b - a < 6 || b - a > 24) return undefined;
  // Most words (host names, tags) have no '.' in the first 12 characters: no string is made for
  // them. A facility name holds letters, digits and '-' only: any other character ends the search.
  let dotAt = -1;
  for (let i = a; i < a + 13 && i < b; i++) {
    const c = line.charCodeAt(i) | 0x20;
    if (c === 46) {
      dotAt = i;
      break;
    }
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45)) return undefined;
  }
  if (dotAt < a + 2) return undefined;
  const word = line.slice(a, b).toLowerCase();
  const dot = word.indexOf(".");
  if (dot <= 0) return undefined;
  return FACILITIES.has(word.slice(0, dot)) && LEVELS.has(word.slice(dot + 1)) ? word : undefined;
}

function isTagChar(c: number, first: boolean): boolean {
  if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95) return true; // 0-9 A-Z a-z _
  if (first) return c === 47; // '/'
  return c === 46 || c === 45 || c === 47 || c === 64 || c === 43 || c === 126 || c === 35; // . - / @ + ~ #
}

/**
 * The tag in line[at, end) when it has a tag's shape: `prog`, `prog[pid]`, `prog(sub)`,
 * `prog(sub)[pid]`, `[prog]`, each optionally followed by ':'. `strict` (lines without a time
 * stamp, where any text could pass for a header) also requires the ':' or a `[pid]`.
 */
function tagAt(
  line: string,
  at: number,
  end: number,
  strict: boolean,
): { program: string; subsystem: string | undefined; procId: string | undefined } | undefined {
  let b = end;
  const colon = line.charCodeAt(b - 1) === 58; // ':'
  if (colon) b--;
  // Strict: a tag without ':' needs its `[pid]`, so a host word fails here, before any scan.
  if (strict && !colon && line.charCodeAt(b - 1) !== 93) return undefined;
  let a = at;
  if (line[a] === "[" && line[b - 1] === "]" && b - a > 2) {
    // `[sshd]:`
    a++;
    b--;
    for (let i = a; i < b; i++) if (!isTagChar(line.charCodeAt(i), i === a)) return undefined;
    return strict && !colon ? undefined : { program: line.slice(a, b), subsystem: undefined, procId: undefined };
  }
  let procId: string | undefined;
  if (line[b - 1] === "]") {
    const open = line.lastIndexOf("[", b - 1);
    if (open <= a) return undefined;
    // `open` is the last '[' before the ']': the PID between them holds none.
    if (open + 1 === b - 1 || b - 1 - (open + 1) > 64) return undefined;
    procId = line.slice(open + 1, b - 1);
    b = open;
  }
  let subsystem: string | undefined;
  if (line[b - 1] === ")") {
    const open = line.indexOf("(", a);
    if (open <= a || open >= b - 1) return undefined;
    subsystem = line.slice(open + 1, b - 1);
    if (subsystem.length > 64 || subsystem.includes("(")) return undefined;
    b = open;
  }
  if (b <= a || b - a > 128) return undefined;
  for (let i = a; i < b; i++) if (!isTagChar(line.charCodeAt(i), i === a)) return undefined;
  if (strict && !colon && procId === undefined) return undefined;
  return { program: line.slice(a, b), subsystem, procId };
}

/** A host name or address as a syslog header carries it (no ':' at the end, no brackets around). */
function isHostWord(line: string, at: number, end: number): boolean {
  if (end - at > 255 || end === at) return false;
  for (let i = at; i < end; i++) {
    const c = line.charCodeAt(i);
    const ok =
      (c >= 48 && c <= 57) ||
      (c >= 65 && c <= 90) ||
      (c >= 97 && c <= 122) ||
      c === 45 ||
      c === 46 ||
      c === 95 ||
      c === 58 ||
      c === 37 ||
      c === 64;
    if (!ok) return false;
  }
  return line.charCodeAt(end - 1) !== 58;
}

function skipSpaces(line: string, at: number): number {
  let i = at;
  while (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9) i++;
  return i;
}

/** An RFC 3164 PRI `<n>` at `at` (nested in a relayed line), or -1. */
function nestedPriEnd(line: string, at: number): number {
  if (line.charCodeAt(at) !== 60) return -1; // '<'

  let i = at + 1;
  while (i < line.length && i - at <= 4 && line.charCodeAt(i) >= 48 && line.charCodeAt(i) <= 57) i++;
  return i > at + 1 && line[i] === ">" ? i + 1 : -1;
}

/** journalctl short-monotonic: `[  12.345678]` (seconds since boot: no wall-clock time). */
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
  return i > frac && line[i] === "]" ? i + 1 : -1;
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
    if (pri > 0) pos = pri;
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
  const st: HeaderState = { pos: start, tag: undefined, tagEnd: -1, stamp: undefined, hostname: undefined, facilityLevel: undefined };
  const first = skipSpaces(line, start);
  const tagPos = scanHeader(line, st);
  if (tagPos === -2) {
    if (st.stamp === undefined) {
      throw new SyslogParseError(first + 1, "expected a timestamp (Mmm dd hh:mm:ss, RFC 3339, ...) or a `host prog[pid]:` header");
    }
    throw new SyslogParseError(st.pos + 1, "expected a program tag (prog[pid]: or prog:) after the host name");
  }
  let program: string | undefined;
  let subsystem: string | undefined;
  let procId: string | undefined;
  let message: string;
  if (tagPos === -1) {
    message = line.slice(st.pos);
  } else {
    let end = st.tagEnd >= 0 ? st.tagEnd : wordEnd(line, tagPos);
    let tag = st.tag;
    if (tag === undefined) {
      // `sshd[1]:msg` (no space after the tag): the tag ends at its "]:".
      const glued = line.indexOf("]:", tagPos);
      if (glued > tagPos && glued + 2 < end && tagAt(line, tagPos, end, false) === undefined) end = glued + 2;
      tag = tagAt(line, tagPos, end, false);
    }
    tag ??= { program: line.slice(tagPos, line[end - 1] === ":" ? end - 1 : end), subsystem: undefined, procId: undefined };
    ({ program, subsystem, procId } = tag);
    // A daemon started by its full path logs under it (`/usr/sbin/sshd[12]:`): its rules know the name.
    if (program.charCodeAt(0) === 47 && program.length > 1) program = program.slice(program.lastIndexOf("/") + 1) || program;
    let pos = end;
    // One space ends the tag; more (`sshd[1]:  Failed ...`) are padding, not part of the event.
    while (line[pos] === " ") pos++;
    message = line.slice(pos);
  }
  let timestamp: string | undefined;
  let origin: SyslogRecord["timestampOrigin"] = "absent";
  let assumedZone: string | undefined;
  let yearInferred = false;
  let ms: number | undefined;
  if (st.stamp !== undefined) {
    const resolved = resolveStamp(st.stamp, options.timezone, options.referenceMs);
    if (resolved === undefined) {
      const s = st.stamp;
      throw new SyslogParseError(first + 1, `the date ${s.month}/${s.day} does not exist${s.year === undefined ? "" : ` in ${s.year}`}`);
    }
    timestamp = resolved.timestamp;
    assumedZone = resolved.assumedZone;
    yearInferred = resolved.yearInferred;
    origin = assumedZone === undefined ? "explicit" : "assumed-zone";
    ms = resolved.ms;
  }
  let facility = pri === undefined ? undefined : pri >> 3;
  let severity = pri === undefined ? undefined : pri & 7;
  if (pri === undefined && st.facilityLevel !== undefined) {
    const dot = st.facilityLevel.indexOf(".");
    facility = FACILITY_NUMBERS[st.facilityLevel.slice(0, dot)];
    severity = LEVEL_NUMBERS[st.facilityLevel.slice(dot + 1)];
  }
  // Most messages start with neither '-', 'l' nor 'm' (MARK and repeat lines): no object for them.
  const lead = message.charCodeAt(0);
  const kind = lead !== 45 && lead !== 108 && lead !== 109 ? undefined : messageKind(message);
  // A program name that starts with a digit or holds '#' (nginx's `2865#0:`) is doubtful too, and so
  // is a bracketed level where the tag would be (Horde's own `Feb 12 09:15:00 HORDE [error] [imp] ...`).
  const c0 = program === undefined ? 0 : program.charCodeAt(0);
  const loose =
    program === undefined ||
    st.tag === undefined ||
    (line.charCodeAt(tagPos) === 91 && LOWER_LEVEL_WORDS.has(program)) ||
    (c0 >= 65 && c0 <= 90 && LEVEL_WORDS.has(program)) ||
    (c0 >= 48 && c0 <= 57) ||
    program.includes("#");
  return {
    format: "rfc3164",
    loose,
    pri,
    facility,
    severity,
    timestamp,
    timestampOrigin: origin,
    assumedZone,
    yearInferred,
    timeMs: ms,
    hostname: st.hostname,
    program,
    subsystem,
    procId,
    msgId: undefined,
    structuredData: NO_STRUCTURED_DATA,
    message: kind === undefined ? message : kind.message,
    mark: kind === undefined ? false : kind.mark,
    repeat: kind?.repeat,
  };
}

// Lower-case levels in brackets (`[error]`), as Apache-style and Horde logs write them.
const LOWER_LEVEL_WORDS = new Set(["emerg", "alert", "crit", "error", "err", "warn", "warning", "notice", "info", "debug"]);

// Log levels that programs' own formats put where a syslog tag would be (`Info: auth(default): ...`);
// each starts with an upper-case letter (parseRfc3164 tests that before the lookup).
const LEVEL_WORDS = new Set([
  "Info",
  "Warning",
  "Error",
  "Notice",
  "Debug",
  "Fatal",
  "Panic",
  "INFO",
  "WARNING",
  "ERROR",
  "NOTICE",
  "DEBUG",
  "Note",
  "Warn",
  "WARN",
]);

const FACILITY_NUMBERS: Readonly<Record<string, number>> = {
  kern: 0,
  user: 1,
  mail: 2,
  daemon: 3,
  auth: 4,
  security: 4,
  syslog: 5,
  lpr: 6,
  news: 7,
  uucp: 8,
  cron: 9,
  authpriv: 10,
  ftp: 11,
  ntp: 12,
  audit: 13,
  console: 14,
  "solaris-cron": 15,
  clock: 15,
  local0: 16,
  local1: 17,
  local2: 18,
  local3: 19,
  local4: 20,
  local5: 21,
  local6: 22,
  local7: 23,
};
const LEVEL_NUMBERS: Readonly<Record<string, number>> = {
  emerg: 0,
  panic: 0,
  alert: 1,
  crit: 2,
  err: 3,
  error: 3,
  warning: 4,
  warn: 4,
  notice: 5,
  info: 6,
  debug: 7,
};

/**
 * The same header read after text some collectors put first (`myrelay: `, `[collector] `, a file
 * name): the first of the line's first words where a time stamp starts and a tagged header
 * follows. For lines the plain parser refuses; undefined when there is none.
 */
export function parseSyslogAfterPrefix(input: string, options: ParseSyslogOptions): SyslogRecord | undefined {
  const line = withoutLineEnd(input);
  let pos = 0;
  for (let word = 0; word < 8 && pos < 160; word++) {
    let next = pos;
    while (next < line.length && line[next] !== " " && line[next] !== "[" && line[next] !== "(") next++;
    if (next >= line.length) return undefined;
    pos = next + 1;
    if (scanHeaderStamp(line, pos) === undefined) continue;
    try {
      const record = parseRfc3164(line, pos, undefined, options);
      if (record.program !== undefined && record.timestamp !== undefined) return record;
    } catch {
      // not here: try the next word
    }
  }
  return undefined;
}

function wordEnd(line: string, at: number): number {
  let end = at;
  const n = line.length;
  for (;;) {
    if (end >= n) return end;
    const c = line.charCodeAt(end);
    if (c === 32 || c === 9) return end;
    end++;
  }
}

const MARK = "-- MARK --";
const LAST_REPEATED = "last message repeated ";

function startsSpecial(line: string, at: number): boolean {
  const c = line.charCodeAt(at);
  if (c === 45) return line.startsWith(MARK, at); // '-'
  return c === 108 && line.startsWith(LAST_REPEATED, at); // 'l'
}

const REPEATED = /^message repeated (\d{1,9}) times: \[ ?/;

/** Recognizes MARK and the two kinds of repeat lines in a MSG. */
function messageKind(message: string): Pick<SyslogRecord, "message" | "mark" | "repeat"> {
  // Most messages start with neither '-', 'l' nor 'm': one character test settles them.
  const first = message.charCodeAt(0);
  if (first !== 45 && first !== 108 && first !== 109) return { message, mark: false, repeat: undefined };
  if (message.startsWith(MARK)) return { message, mark: true, repeat: undefined };
  if (message.startsWith(LAST_REPEATED)) {
    const rest = message.slice(LAST_REPEATED.length);
    const space = rest.indexOf(" ");
    const count = Number(rest.slice(0, space));
    if (space > 0 && Number.isInteger(count) && rest.startsWith(" time", space)) {
      return { message, mark: false, repeat: { count, previous: true } };
    }
  }
  if (message.startsWith("message repeated ")) {
    const m = REPEATED.exec(message);
    if (m !== null && message.endsWith("]")) {
      return { message: message.slice(m[0].length, -1).trimEnd(), mark: false, repeat: { count: Number(m[1]), previous: false } };
    }
  }
  return { message, mark: false, repeat: undefined };
}
