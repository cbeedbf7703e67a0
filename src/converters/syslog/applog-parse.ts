// Reads a line of a program's own log file (Apache's error log, exim's main log, ...) with the
// declared log formats, into the same record the syslog parser gives, so the same rules apply.
import { resolveStamp } from "./header-stamp.js";
import type { CompiledLine, CompiledLogFormat } from "./logformat.js";
import type { ParseSyslogOptions } from "./parse-syslog.js";
import type { SyslogRecord } from "./syslog-record.js";

const NO_STRUCTURED_DATA = Object.freeze([]);

function fillMessage(template: CompiledLine["message"], groups: Readonly<Record<string, string | undefined>>): string {
  if (template === undefined) return "";
  let out = "";
  for (const part of template) out += typeof part === "string" ? part : (groups[part.group] ?? "");
  return out;
}

/** Whether a line form's checks before its regex (parseWith) let through a line starting with `c` (NaN: an empty line). */
function mayStartWith(form: CompiledLine, c: number): boolean {
  return (form.literal === "" || form.literal.charCodeAt(0) === c) && (form.firstChars === undefined || form.firstChars.has(c));
}

/** The declared log formats of a rule set, by program name, alias and syslog tag. */
export class LogFormatSet {
  private readonly byName = new Map<string, CompiledLogFormat>();
  private readonly byTag = new Map<string, CompiledLogFormat>();

  /** `formats` in priority order (a user's file first): the first to claim a name keeps it. */
  readonly formats: readonly CompiledLogFormat[];

  constructor(given: readonly CompiledLogFormat[]) {
    // Loose formats (exim's bare ISO stamp) go last, so a specific one claims its lines first.
    this.formats = [...given.filter((f) => f.spec.fallback !== true), ...given.filter((f) => f.spec.fallback === true)];
    for (const format of this.formats) {
      for (const name of format.names) if (!this.byName.has(name)) this.byName.set(name, format);
      for (const tag of format.syslogTags) if (!this.byTag.has(tag)) this.byTag.set(tag, format);
    }
  }

  /** The format of a program name or alias (`apache`, `httpd`), or undefined. */
  lookup(name: string): CompiledLogFormat | undefined {
    return this.byName.get(name) ?? this.byName.get(name.toLowerCase());
  }

  /** Every accepted program name, sorted (for error messages and docs). */
  names(): string[] {
    return [...this.byName.keys()].sort();
  }

  /**
   * The formats with a line form that may read a line starting with each character (its literal
   * start and first-character set allow it), in priority order: a line is tried only against those.
   * Checking every form of every format was most of the cost of a line no rule knows (125 forms,
   * a Set lookup each). ASCII in an array; other characters in a bounded map.
   */
  private readonly byAscii: (readonly CompiledLogFormat[] | undefined)[] = [];
  private readonly byOther = new Map<number, readonly CompiledLogFormat[]>();

  private formatsFor(c: number): readonly CompiledLogFormat[] {
    let list = c < 128 ? this.byAscii[c] : this.byOther.get(c);
    if (list === undefined) {
      list = this.formats.filter((format) => format.lines.some((form) => mayStartWith(form, c)));
      if (c < 128) this.byAscii[c] = list;
      else if (this.byOther.size < 256) this.byOther.set(c, list);
    }
    return list;
  }

  /** The line read with one format, or undefined when none of its line forms fits. */
  parseWith(format: CompiledLogFormat, line: string, options: ParseSyslogOptions): SyslogRecord | undefined {
    for (const form of format.lines) {
      if (form.literal !== "" && !line.startsWith(form.literal)) continue;
      if (form.firstChars !== undefined && !form.firstChars.has(line.charCodeAt(0))) continue;
      const m = form.regex.exec(line);
      if (m === null) continue;
      const groups = m.groups ?? {};
      let timestamp: string | undefined;
      let assumedZone: string | undefined;
      let yearInferred = false;
      let timeMs: number | undefined;
      const timeText = groups["time"];
      if (form.time !== undefined && timeText !== undefined && timeText !== "") {
        const raw = form.time(timeText);
        if (raw === undefined) continue;
        const resolved = resolveStamp(raw, options.timezone, options.referenceMs);
        if (resolved === undefined) continue;
        ({ timestamp, assumedZone, yearInferred } = resolved);
        timeMs = resolved.ms;
      }
      let message = fillMessage(form.message, groups) + line.slice(m[0].length);
      while (message.endsWith("\r") || message.endsWith("\n")) message = message.slice(0, -1);
      return {
        format: "applog",
        pri: undefined,
        facility: undefined,
        severity: undefined,
        timestamp,
        timestampOrigin: timestamp === undefined ? "absent" : assumedZone === undefined ? "explicit" : "assumed-zone",
        assumedZone,
        yearInferred,
        timeMs,
        hostname: groups["host"] || undefined,
        program: format.spec.program,
        subsystem: undefined,
        procId: groups["pid"] || undefined,
        msgId: undefined,
        structuredData: NO_STRUCTURED_DATA,
        message,
        mark: false,
        repeat: undefined,
      };
    }
    return undefined;
  }

  /**
   * Every reading of the line by a declared format, `preferred` first: a line may fit several
   * (exim's and OpenVPN's ISO stamps look alike); the caller takes the first a rule matches.
   */
  *readings(line: string, options: ParseSyslogOptions, preferred?: CompiledLogFormat): Generator<SyslogRecord> {
    if (preferred !== undefined) {
      const record = this.parseWith(preferred, line, options);
      if (record !== undefined) yield record;
    }
    for (const format of this.formatsFor(line.charCodeAt(0))) {
      if (format === preferred) continue;
      const record = this.parseWith(format, line, options);
      if (record !== undefined) yield record;
    }
  }

  /** The first reading of the line by any declared format, or undefined. */
  first(line: string, options: ParseSyslogOptions, preferred?: CompiledLogFormat): SyslogRecord | undefined {
    for (const record of this.readings(line, options, preferred)) return record;
    return undefined;
  }

  /**
   * A syslog record of a program that has a format (`nginx: 2024/01/02 10:00:00 [error] 12#0: ...`):
   * its own prefix is cut from the MSG and the program is named as its rules know it.
   */
  unwrapSyslog(record: SyslogRecord): SyslogRecord {
    if (record.program === undefined || record.format === "applog") return record;
    const format = this.byTag.get(record.program);
    if (format === undefined) return record;
    let message = record.message;
    let procId = record.procId;
    for (const form of format.syslogForms) {
      if (form.literal !== "" && !message.startsWith(form.literal)) continue;
      if (form.firstChars !== undefined && !form.firstChars.has(message.charCodeAt(0))) continue;
      const m = form.regex.exec(message);
      if (m === null) continue;
      message = fillMessage(form.message, m.groups ?? {}) + message.slice(m[0].length);
      procId ??= m.groups?.["pid"] || undefined;
      break;
    }
    return { ...record, program: format.spec.program, procId, message };
  }
}
