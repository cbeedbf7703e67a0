// Parses one syslog line: RFC 5424 strictly, RFC 3164 / BSD (and its RFC 3339 form) tolerantly.
// Hand-written scanners, no regular expressions over the whole line: the cost is linear in the
// line length, so a hostile megabyte-long line costs a few milliseconds, not minutes.
import { SyslogParseError, type StructuredDataElement, type SyslogRecord } from "./syslog-record.js";
import { bsdLocal, dateExists, inferYear, machineTimeZone, scanBsdStamp, scanRfc3339, zoneResolver } from "./syslog-time.js";

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
  let line = input;
  // CRLF files, and the odd CR before LF that a TCP sender leaves.
  while (line.endsWith("\r") || line.endsWith("\n")) line = line.slice(0, -1);
  let pos = 0;
  if (line.startsWith(BOM)) pos = 1;
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
    timestampOrigin: "explicit",
    assumedZone: undefined,
    yearInferred: false,
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

function parseRfc3164(line: string, start: number, pri: number | undefined, options: ParseSyslogOptions): SyslogRecord {
  let pos = start;
  while (line[pos] === " ") pos++;
  let timestamp: string;
  let origin: SyslogRecord["timestampOrigin"] = "explicit";
  let assumedZone: string | undefined;
  let yearInferred = false;
  const iso = scanRfc3339(line, pos, false);
  if (iso !== undefined) {
    let zone = iso.zone;
    if (zone === undefined) {
      assumedZone = options.timezone ?? machineTimeZone();
      const l = iso.local;
      zone = zoneResolver(assumedZone).at(Number(l.slice(0, 4)), Number(l.slice(5, 7)), Number(l.slice(8, 10)), Number(l.slice(11, 13))).text;
      origin = "assumed-zone";
    }
    timestamp = iso.local + zone;
    pos = iso.end;
  } else {
    const bsd = scanBsdStamp(line, pos);
    if (bsd === undefined) {
      throw new SyslogParseError(pos + 1, "expected a timestamp (Mmm dd hh:mm:ss, or RFC 3339 YYYY-MM-DDThh:mm:ss)");
    }
    assumedZone = options.timezone ?? machineTimeZone();
    const zone = zoneResolver(assumedZone);
    origin = "assumed-zone";
    let year = bsd.year;
    if (year === undefined) {
      year = inferYear(bsd.month, bsd.day, bsd.hour, bsd.minute, bsd.second, zone, options.referenceMs);
      yearInferred = true;
    }
    if (!dateExists(year, bsd.month, bsd.day)) {
      throw new SyslogParseError(pos + 1, `the date ${bsd.month}/${bsd.day} does not exist in ${year}`);
    }
    timestamp = bsdLocal(year, bsd.month, bsd.day, bsd.time) + zone.at(year, bsd.month, bsd.day, bsd.hour).text;
    pos = bsd.end;
  }
  if (pos < line.length && line[pos] !== " ") throw new SyslogParseError(pos + 1, "expected a space after the timestamp");
  while (line[pos] === " ") pos++;

  // HOSTNAME is optional: the first word is the tag itself when it looks like one (`prog[pid]:`,
  // `prog:`), and a repeat or MARK line has no tag at all.
  let hostname: string | undefined;
  let word = wordEnd(line, pos);
  if (word > pos && !looksLikeTag(line, pos, word) && !startsSpecial(line, pos)) {
    hostname = line.slice(pos, word);
    pos = word;
    while (line[pos] === " ") pos++;
    word = wordEnd(line, pos);
  }
  let program: string | undefined;
  let subsystem: string | undefined;
  let procId: string | undefined;
  let message: string;
  if (startsSpecial(line, pos) || word === pos) {
    message = line.slice(pos);
  } else {
    const tag = parseTag(line, pos, word);
    program = tag.program;
    subsystem = tag.subsystem;
    procId = tag.procId;
    pos = tag.end;
    if (line[pos] === " ") pos++;
    message = line.slice(pos);
  }
  const kind = messageKind(message);
  return {
    format: "rfc3164",
    pri,
    facility: pri === undefined ? undefined : pri >> 3,
    severity: pri === undefined ? undefined : pri & 7,
    timestamp,
    timestampOrigin: origin,
    assumedZone,
    yearInferred,
    hostname,
    program,
    subsystem,
    procId,
    msgId: undefined,
    structuredData: NO_STRUCTURED_DATA,
    message: kind.message,
    mark: kind.mark,
    repeat: kind.repeat,
  };
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

/** A word ending in ':' or carrying `[pid]` is a tag, not a host name. */
function looksLikeTag(line: string, at: number, end: number): boolean {
  const last = line.charCodeAt(end - 1);
  if (last === 58) return true; // ':'
  if (last !== 93) return false; // ']'
  for (let i = at; i < end; i++) if (line.charCodeAt(i) === 91) return true; // '['
  return false;
}

const MARK = "-- MARK --";
const LAST_REPEATED = "last message repeated ";

function startsSpecial(line: string, at: number): boolean {
  return line.startsWith(MARK, at) || line.startsWith(LAST_REPEATED, at);
}

/** `prog`, `prog[pid]`, `prog(sub)[pid]`, `postfix/smtpd[pid]`, each with an optional ':'. */
function parseTag(line: string, at: number, wordEndAt: number): { program: string; subsystem: string | undefined; procId: string | undefined; end: number } {
  const end = wordEndAt;
  let tag = line.slice(at, end);
  if (tag.endsWith(":")) tag = tag.slice(0, -1);
  let procId: string | undefined;
  let subsystem: string | undefined;
  const open = tag.indexOf("[");
  if (open > 0 && tag.endsWith("]")) {
    procId = tag.slice(open + 1, -1);
    tag = tag.slice(0, open);
  }
  const paren = tag.indexOf("(");
  if (paren > 0 && tag.endsWith(")")) {
    subsystem = tag.slice(paren + 1, -1);
    tag = tag.slice(0, paren);
  }
  // A tag with no ':' may run straight into the message (`proftpd[12] host: ...`): keep it as is.
  return { program: tag, subsystem, procId, end };
}

const REPEATED = /^message repeated (\d{1,9}) times: \[ ?/;

/** Recognizes MARK and the two kinds of repeat lines in a MSG. */
const PLAIN = { mark: false, repeat: undefined } as const;

function messageKind(message: string): Pick<SyslogRecord, "message" | "mark" | "repeat"> {
  // Most messages start with neither '-', 'l' nor 'm': one character test settles them.
  const first = message.charCodeAt(0);
  if (first !== 45 && first !== 108 && first !== 109) return { message, ...PLAIN };
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
