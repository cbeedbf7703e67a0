// The words of a BSD syslog header, each read in place by index: host names, program tags
// (`prog[pid]:`, `prog(sub)[pid]:`, `[prog]:`), a facility.level, and the MARK and repeat lines.

/** The parts of a program tag. */
export interface TagParts {
  readonly program: string;
  readonly subsystem: string | undefined;
  readonly procId: string | undefined;
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

/** A number of at most `max` in line[a, b) (one or two digits), or -1. */
function smallNumber(line: string, a: number, b: number, max: number): number {
  if (b - a < 1 || b - a > 2) return -1;
  let n = 0;
  for (let i = a; i < b; i++) {
    const c = line.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    n = n * 10 + c - 48;
  }
  return n <= max ? n : -1;
}

/**
 * `auth.info`, `<auth.info>`, `[auth.info]`, `auth.info:` — a facility.level some writers add;
 * also BSD syslogd -v's numeric `<4.6>` and AIX's `auth|security:info` (one facility per name
 * it has, `:` before the level). Returned as `facility.level` (the first name, or the numbers).
 */
export function facilityLevelAt(line: string, at: number, end: number): string | undefined {
  let a = at;
  let b = end;
  if (line.charCodeAt(b - 1) === 58) b--; // ':'
  const open = line.charCodeAt(a);
  const close = line.charCodeAt(b - 1);
  if ((open === 60 && close === 62) || (open === 91 && close === 93)) {
    // `<auth.info>`, `[auth.info]`
    a++;
    b--;
    if (open === 60 && b - a <= 5) {
      // FreeBSD/NetBSD syslogd -v: `<4.6>`, the numbers where no name is known.
      const dot = line.indexOf(".", a);
      if (dot < a || dot >= b) return undefined;
      const f = smallNumber(line, a, dot, 23);
      const l = smallNumber(line, dot + 1, b, 7);
      return f < 0 || l < 0 ? undefined : `${f}.${l}`;
    }
  }
  if (b - a < 6 || b - a > 32) return undefined;
  // Most words (host names, tags) have no '.' or ':' in the first 12 characters: no string is made
  // for them. A facility name holds letters, digits and '-' only (and AIX joins two with '|'): any
  // other character ends the search.
  let dotAt = -1;
  let bar = -1;
  for (let i = a; i < a + 22 && i < b; i++) {
    const c = line.charCodeAt(i) | 0x20;
    if (c === 46 || c === 58) {
      dotAt = i;
      break;
    }
    if (c === 124) {
      if (bar >= 0 || i - a > 12) return undefined;
      bar = i;
      continue;
    }
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45)) return undefined;
    if (bar < 0 && i - a >= 12) return undefined;
  }
  if (dotAt < a + 2) return undefined;
  const facility = line.slice(a, bar < 0 ? dotAt : bar).toLowerCase();
  const level = line.slice(dotAt + 1, b).toLowerCase();
  if (!FACILITIES.has(facility) || !LEVELS.has(level)) return undefined;
  if (bar >= 0 && !FACILITIES.has(line.slice(bar + 1, dotAt).toLowerCase())) return undefined;
  return `${facility}.${level}`;
}

// The characters of a program name, by ASCII code: 1 anywhere (letters, digits, '_', '/'), 2 after
// the first character only ('.', '-', '@', '+', '~', '#'); a table lookup per character.
const TAG_CHARS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 47) TAG_CHARS[c] = 1;
  else if (c === 46 || c === 45 || c === 64 || c === 43 || c === 126 || c === 35) TAG_CHARS[c] = 2;
}

/** Whether line[a, b) is a program name: tag characters only, and a first one that may start it. */
function isTagName(line: string, a: number, b: number): boolean {
  const c0 = line.charCodeAt(a);
  if (c0 >= 128 || TAG_CHARS[c0] !== 1) return false;
  for (let i = a + 1; i < b; i++) {
    const c = line.charCodeAt(i);
    if (c >= 128 || TAG_CHARS[c] === 0) return false;
  }
  return true;
}

/**
 * The tag in line[at, end) when it has a tag's shape: `prog`, `prog[pid]`, `prog(sub)`,
 * `prog(sub)[pid]`, `[prog]`, each optionally followed by ':'. `strict` (lines without a time
 * stamp, where any text could pass for a header) also requires the ':' or a `[pid]`.
 */
export function tagAt(line: string, at: number, end: number, strict: boolean): TagParts | undefined {
  let b = end;
  const colon = line.charCodeAt(b - 1) === 58; // ':'
  if (colon) b--;
  // Strict: a tag without ':' needs its `[pid]`, so a host word fails here, before any scan.
  if (strict && !colon && line.charCodeAt(b - 1) !== 93) return undefined;
  let a = at;
  if (line.charCodeAt(a) === 91 && line.charCodeAt(b - 1) === 93 && b - a > 2) {
    // `[sshd]:`
    a++;
    b--;
    if (!isTagName(line, a, b)) return undefined;
    return strict && !colon ? undefined : { program: line.slice(a, b), subsystem: undefined, procId: undefined };
  }
  let procId: string | undefined;
  if (line.charCodeAt(b - 1) === 93) {
    // `[pid]`
    const open = line.lastIndexOf("[", b - 1);
    if (open <= a) return undefined;
    // `open` is the last '[' before the ']': the PID between them holds none.
    if (open + 1 === b - 1 || b - 1 - (open + 1) > 64) return undefined;
    procId = line.slice(open + 1, b - 1);
    b = open;
  }
  let subsystem: string | undefined;
  if (line.charCodeAt(b - 1) === 41) {
    // `(sub)`
    const open = line.indexOf("(", a);
    if (open <= a || open >= b - 1) return undefined;
    subsystem = line.slice(open + 1, b - 1);
    if (subsystem.length > 64 || subsystem.includes("(")) return undefined;
    b = open;
  }
  if (b <= a || b - a > 128) return undefined;
  if (!isTagName(line, a, b)) return undefined;
  if (strict && !colon && procId === undefined) return undefined;
  return { program: line.slice(a, b), subsystem, procId };
}

/** A host name or address as a syslog header carries it (no ':' at the end, no brackets around). */
export function isHostWord(line: string, at: number, end: number): boolean {
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

export function skipSpaces(line: string, at: number): number {
  let i = at;
  while (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9) i++;
  return i;
}

export function wordEnd(line: string, at: number): number {
  let end = at;
  const n = line.length;
  for (;;) {
    if (end >= n) return end;
    const c = line.charCodeAt(end);
    if (c === 32 || c === 9) return end;
    end++;
  }
}

export const MARK = "-- MARK --";
export const LAST_REPEATED = "last message repeated ";
/** syslog-ng's suppression summary: `Last message '<first 20 bytes>' repeated N times, suppressed by syslog-ng on H`. */
export const LAST_QUOTED = "Last message '";

export function startsSpecial(line: string, at: number): boolean {
  const c = line.charCodeAt(at);
  if (c === 45) return line.startsWith(MARK, at); // '-'
  if (c === 76) return line.startsWith(LAST_QUOTED, at); // 'L'
  return c === 108 && line.startsWith(LAST_REPEATED, at); // 'l'
}
