// The syslog header in front of an event that another format carries in its MSG (CEF, LEEF):
// what the header says about when and where, read with the syslog parser and its stamp scanner.
import { parseSyslog, type ParseSyslogOptions } from "./parse-syslog.js";
import { resolveStamp, scanHeaderStamp, type RawStamp } from "./header-stamp.js";

export interface PrefixHeader {
  /** RFC 3339 with offset, when the header has a time. */
  readonly timestamp: string | undefined;
  /** The zone assumed for a zone-less stamp (for a Note), else undefined. */
  readonly assumedZone: string | undefined;
  readonly hostname: string | undefined;
  readonly program: string | undefined;
  readonly pri: number | undefined;
  /** True when the stamp had no year (BSD form) and the year was inferred from "now". */
  readonly yearless?: boolean;
}

const NO_HEADER: PrefixHeader = { timestamp: undefined, assumedZone: undefined, hostname: undefined, program: undefined, pri: undefined };

function words(text: string): string[] {
  return text.split(" ").filter((w) => w !== "");
}

/** `prog[12]:` or `prog:` as a program name; undefined for a word that is no tag. */
function tagProgram(word: string): string | undefined {
  const bracket = word.indexOf("[");
  if (bracket > 0 && (word.endsWith("]") || word.endsWith("]:"))) return word.slice(0, bracket);
  if (word.endsWith(":") && word.length > 1) return word.slice(0, -1);
  return undefined;
}

/**
 * The header before `at` (where the carried event starts). What CEF and LEEF senders put there is
 * a header alone (PRI, an RFC 5424 version, a stamp in any form the syslog reader knows, then a
 * host and a tag): that is read first, on the prefix only. When it finds no stamp, or more words
 * than a host and a tag, the whole line is read as syslog (the parser knows more forms); when that
 * parse puts the event anywhere but in MSG (a header without a tag makes the parser take "CEF:"
 * for one), the header-alone reading stands. Undefined when the text is no header.
 *
 * Reading the prefix alone first costs about a tenth of the whole-line parse (which scans the
 * header twice when its fast path does not apply); the goldens hold both readings to one result.
 */
export function readPrefixHeader(line: string, at: number, options: ParseSyslogOptions): PrefixHeader | undefined {
  const prefix = line.slice(0, at).trim();
  if (prefix === "") return NO_HEADER;
  const alone = readHeaderAlone(prefix, options);
  if (alone !== undefined && alone.timestamp !== undefined) return alone;
  try {
    const record = parseSyslog(line, options);
    if (record.message.length === line.length - at && line.endsWith(record.message)) {
      return {
        timestamp: record.timestamp,
        assumedZone: record.assumedZone,
        hostname: record.hostname,
        program: record.program,
        pri: record.pri,
      };
    }
  } catch {
    // not a whole syslog line (an RFC 5424 header without structured data, say): the header alone stands
  }
  return alone;
}

/** PRI, an RFC 5424 version, a stamp, then a host and a tag: the prefix read as a header alone. */
function readHeaderAlone(prefix: string, options: ParseSyslogOptions): PrefixHeader | undefined {
  let pos = 0;
  let pri: number | undefined;
  const priEnd = prefix.startsWith("<") ? prefix.indexOf(">") : -1;
  if (priEnd > 1 && priEnd <= 4 && /^\d{1,3}$/.test(prefix.slice(1, priEnd))) {
    pri = Number(prefix.slice(1, priEnd));
    pos = priEnd + 1;
  }
  const rfc5424 = prefix.startsWith("1 ", pos);
  if (rfc5424) pos += 2;
  let timestamp: string | undefined;
  let assumedZone: string | undefined;
  const stamp = scanHeaderStamp(prefix, pos);
  if (stamp !== undefined) {
    const resolved = resolveStamp(stamp, options.timezone, options.referenceMs);
    if (resolved !== undefined) ({ timestamp, assumedZone } = resolved);
    pos = stamp.end;
  } else if (rfc5424 && prefix.startsWith("- ", pos)) {
    pos += 2;
  }
  const rest = words(prefix.slice(pos));
  if (rfc5424) {
    // HOSTNAME APP-NAME PROCID MSGID (each may be "-"), then structured data, if any.
    const field = (i: number): string | undefined => (rest[i] === undefined || rest[i] === "-" ? undefined : rest[i]);
    return withYearless({ timestamp, assumedZone, hostname: field(0), program: field(1), pri }, stamp);
  }
  if (rest.length > 2 || (stamp === undefined && pri === undefined && rest.length > 0 && tagProgram(rest[rest.length - 1]!) === undefined))
    return undefined;
  let hostname: string | undefined;
  let program: string | undefined;
  if (rest.length === 2) {
    hostname = rest[0];
    program = tagProgram(rest[1]!) ?? rest[1];
  } else if (rest.length === 1) {
    program = tagProgram(rest[0]!);
    if (program === undefined) hostname = rest[0];
  }
  return withYearless({ timestamp, assumedZone, hostname, program, pri }, stamp);
}

function withYearless(header: PrefixHeader, stamp: RawStamp | undefined): PrefixHeader {
  const yearless = stamp !== undefined && stamp.year === undefined && stamp.epochMs === undefined && header.timestamp !== undefined;
  return yearless ? { ...header, yearless: true } : header;
}
