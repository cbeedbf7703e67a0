// The record of a BSD (RFC 3164) line from the parts its header reader found, and the kind of its MSG.
import type { StructuredDataElement, SyslogRecord } from "./syslog-record.js";
import { LAST_QUOTED, LAST_REPEATED, MARK } from "./header-words.js";
import type { ResolvedStamp } from "./header-stamp.js";

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

const NO_STRUCTURED_DATA: readonly StructuredDataElement[] = Object.freeze([]);

// Units whose name is not the program's (Debian's OpenSSH unit is `ssh.service`).
const UNIT_PROGRAMS: ReadonlyMap<string, string> = new Map([["ssh", "sshd"]]);

/** The program a systemd unit name stands for: `ssh.service` is sshd, `postfix@-.service` postfix. */
function programOfUnit(unit: string): string {
  const base = unit.slice(0, unit.length - 8);
  const at = base.indexOf("@");
  const name = at > 0 ? base.slice(0, at) : base;
  return UNIT_PROGRAMS.get(name) ?? name;
}

/**
 * The record of a BSD line: `stamp` undefined for a line without a time stamp, `tagProgram` (and
 * the tag's other parts) undefined for a line without a tag, `tagRead` false when the tag was read by the lenient second look (a doubtful
 * header: such records are also tried with the application-log formats), `bracketed` when the tag
 * was written in brackets (`[sshd]:`).
 */
export function rfc3164Record(
  pri: number | undefined,
  facilityLevel: string | undefined,
  stamp: ResolvedStamp | undefined,
  hostname: string | undefined,
  tagProgram: string | undefined,
  subsystem: string | undefined,
  procId: string | undefined,
  tagRead: boolean,
  bracketed: boolean,
  message: string,
): SyslogRecord {
  let facility = pri === undefined ? undefined : pri >> 3;
  let severity = pri === undefined ? undefined : pri & 7;
  if (pri === undefined && facilityLevel !== undefined) {
    const dot = facilityLevel.indexOf(".");
    const name = facilityLevel.slice(0, dot);
    const level = facilityLevel.slice(dot + 1);
    // BSD syslogd -v writes the numbers (`<4.6>`) where it knows no name.
    facility = FACILITY_NUMBERS[name] ?? (name.charCodeAt(0) <= 57 ? Number(name) : undefined);
    severity = LEVEL_NUMBERS[level] ?? (level.charCodeAt(0) <= 57 ? Number(level) : undefined);
  }
  // Most messages start with neither '-', 'l', 'L' nor 'm' (MARK and repeat lines): no object for them.
  const lead = message.charCodeAt(0);
  const kind = lead !== 45 && lead !== 108 && lead !== 109 && lead !== 76 ? undefined : messageKind(message);
  let program = tagProgram;
  // A daemon started by its full path logs under it (`/usr/sbin/sshd[12]:`): its rules know the name.
  if (program !== undefined && program.charCodeAt(0) === 47 && program.length > 1)
    program = program.slice(program.lastIndexOf("/") + 1) || program;
  // journalctl -o with-unit names the unit instead (`ssh.service[12]:`, `postfix@-.service[9]:`):
  // the program is the unit's name without its instance.
  if (program !== undefined && program.length > 8 && program.charCodeAt(program.length - 8) === 46 && program.endsWith(".service"))
    program = programOfUnit(program);
  // A program name that starts with a digit or holds '#' (nginx's `2865#0:`) is doubtful too, and so
  // is a bracketed level where the tag would be (Horde's own `Feb 12 09:15:00 HORDE [error] [imp] ...`).
  const c0 = program === undefined ? 0 : program.charCodeAt(0);
  const loose =
    program === undefined ||
    !tagRead ||
    (bracketed && LOWER_LEVEL_WORDS.has(program)) ||
    (c0 >= 65 && c0 <= 90 && LEVEL_WORDS.has(program)) ||
    (c0 >= 48 && c0 <= 57) ||
    program.includes("#");
  const assumedZone = stamp?.assumedZone;
  return {
    format: "rfc3164",
    loose,
    pri,
    facility,
    severity,
    timestamp: stamp?.timestamp,
    timestampOrigin: stamp === undefined ? "absent" : assumedZone === undefined ? "explicit" : "assumed-zone",
    assumedZone,
    yearInferred: stamp === undefined ? false : stamp.yearInferred,
    timeMs: stamp?.ms,
    hostname,
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

const REPEATED = /^message repeated (\d{1,9}) times: \[ ?/;
// syslog-ng's LogWriter ("Last message '%.20s' repeated %d times, suppressed by syslog-ng on %s"):
// at most 20 bytes quoted, so the lazy run is bounded and may itself hold a quote.
const LAST_QUOTED_REPEATED = /^Last message '(.{0,20}?)' repeated (\d{1,9}) times?(?:, suppressed by syslog-ng on \S{1,255})?$/;

/** Recognizes MARK and the three kinds of repeat lines in a MSG. */
export function messageKind(message: string): Pick<SyslogRecord, "message" | "mark" | "repeat"> {
  // Most messages start with neither '-', 'l', 'L' nor 'm': one character test settles them.
  const first = message.charCodeAt(0);
  if (first !== 45 && first !== 108 && first !== 109 && first !== 76) return { message, mark: false, repeat: undefined };
  if (message.startsWith(MARK)) return { message, mark: true, repeat: undefined };
  if (first === 76) {
    const m = message.startsWith(LAST_QUOTED) ? LAST_QUOTED_REPEATED.exec(message) : null;
    if (m === null) return { message, mark: false, repeat: undefined };
    return { message, mark: false, repeat: { count: Number(m[2]), previous: true, quoted: m[1]! } };
  }
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
