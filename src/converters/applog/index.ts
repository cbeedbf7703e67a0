// The built-in `applog` converter: a program's own log file (Apache/nginx error logs, exim's main
// log, Asterisk, BIND, MySQL, vsftpd.log, Roundcube ...) read with the log formats the rule files
// declare, and matched by the same rules as syslog. Syslog lines in the same file are read too.
import { ConversionError, IdmefError } from "../../core/errors.js";
import { defineConverter, type ConvertContext, type ConvertResult } from "../../core/converter.js";
import { assertKnownTimezone } from "../../core/timestamps.js";
import { rejectUnknownOptions } from "../../core/option-checks.js";
import { engineFor, minPriorityFor, referenceTimeMs } from "../syslog/index.js";
import { convertRecord } from "../syslog/convert-record.js";
import { parseSyslog, parseSyslogAfterPrefix } from "../syslog/parse-syslog.js";
import type { CompiledLogFormat } from "../syslog/logformat.js";
import type { SyslogRecord } from "../syslog/syslog-record.js";

/** The options of `options.applog` (config file) and the command line. */
export interface ApplogConverterOptions {
  /** The program whose log this is (`apache`, `nginx`, `exim`, ...); default: detected per file. */
  readonly program?: string;
  /** Zone for stamps that carry none; default: the machine's zone. */
  readonly timezone?: string;
  readonly referenceTime?: string;
  readonly rules?: string | readonly string[];
  readonly disabledRules?: readonly string[];
  readonly "min-priority"?: "Info" | "Low" | "Medium" | "High";
}

const OPTION_NAMES = ["program", "timezone", "referenceTime", "rules", "disabledRules", "min-priority", "minPriority"];

/** The format of the `program` option, or undefined when it is not given. */
function programFormat(options: Readonly<Record<string, unknown>>): CompiledLogFormat | undefined {
  const program = options["program"];
  if (program === undefined) return undefined;
  const formats = engineFor(options).formats;
  const format = typeof program === "string" ? formats.lookup(program) : undefined;
  if (format === undefined) {
    throw new IdmefError("CONFIG_ERROR", `applog option "program" must name a program with a declared log format: ${formats.names().join(", ")} (got ${JSON.stringify(program)})`);
  }
  return format;
}

// The program detected for each input (the format that read its last line): tried first next line.
const detected = new Map<string, CompiledLogFormat>();

function rememberDetected(ctx: ConvertContext, record: SyslogRecord, formats: readonly CompiledLogFormat[]): void {
  if (record.format !== "applog") return;
  const format = formats.find((f) => f.spec.program === record.program);
  if (format === undefined) return;
  if (detected.size >= 256 && !detected.has(ctx.source.file)) detected.delete(detected.keys().next().value!);
  detected.set(ctx.source.file, format);
}

function convertApplogLine(line: string, ctx: ConvertContext): ConvertResult {
  const timezone = ctx.options["timezone"];
  const parseOptions = { referenceMs: referenceTimeMs(ctx), timezone: typeof timezone === "string" ? timezone : undefined };
  const engine = engineFor(ctx.options);
  const formats = engine.formats;
  if (ctx.source.line === 1) detected.delete(ctx.source.file);
  const preferred = programFormat(ctx.options) ?? detected.get(ctx.source.file);
  let syslogError: Error | undefined;
  const syslogReading = (): SyslogRecord | undefined => {
    try {
      return parseSyslog(line, parseOptions);
    } catch (error) {
      syslogError = error as Error;
      return undefined;
    }
  };
  let first = preferred === undefined ? undefined : formats.parseWith(preferred, line, parseOptions);
  first ??= formats.first(line, parseOptions, preferred) ?? syslogReading() ?? parseSyslogAfterPrefix(line, parseOptions);
  if (first === undefined) {
    const expected = preferred === undefined ? "any declared program's log format" : `${preferred.spec.program}'s log format`;
    throw new ConversionError(`the line matches neither ${expected} nor syslog${syslogError === undefined ? "" : ` (${syslogError.message})`}`, {
      place: { file: ctx.source.file, line: ctx.source.line },
    });
  }
  rememberDetected(ctx, first, formats.formats);
  const head = first;
  return convertRecord(first, ctx, {
    engine,
    kind: "applog",
    minPriority: minPriorityFor(ctx.options, "applog"),
    alwaysTryAlternatives: true,
    // Another program's format, or syslog: the first reading whose message a rule matches wins.
    alternatives: function* () {
      for (const reading of formats.readings(line, parseOptions, preferred)) if (reading !== head) yield reading;
      if (head.format === "applog") {
        const record = syslogReading();
        if (record !== undefined) yield record;
      }
    },
  });
}

/**
 * How much a sample looks like a program's own log: the share of its first lines some declared
 * format reads (syslog lines in the same file count too, once one line is an application log's).
 */
export function detectApplog(sample: string): number {
  const lines = sample.split("\n", 21).slice(0, 20).filter((l) => l.trim() !== "");
  if (lines.length === 0) return 0;
  const engine = engineFor({});
  const options = { referenceMs: Date.now(), timezone: "Z" };
  let app = 0;
  let other = 0;
  for (const l of lines) {
    let record: SyslogRecord | undefined;
    try {
      record = parseSyslog(l, options);
    } catch {
      record = undefined;
    }
    // A syslog line of a program that has rules is syslog's, even if a loose format could read it.
    if (record !== undefined && engine.knows(record)) other++;
    else if (engine.formats.first(l, options) !== undefined) app++;
    else if (record !== undefined) other++;
  }
  if (app === 0) return 0;
  // Above syslog's 0.9 for a pure application log; a mixed file still goes to applog, which reads both.
  return Math.min(1, 0.6 + (0.4 * (app + other)) / lines.length);
}

export const applog = defineConverter<string>({
  format: "applog",
  description: "a program's own log file (Apache/nginx error log, exim main log, Asterisk, BIND, MySQL, vsftpd.log, Roundcube, ...) matched by the syslog rules",
  input: "lines",
  checkOptions(options) {
    rejectUnknownOptions("applog", options, OPTION_NAMES);
    const timezone = options["timezone"];
    if (timezone !== undefined) {
      if (typeof timezone !== "string") throw new IdmefError("CONFIG_ERROR", 'applog option "timezone" must be a string such as "Z", "+01:00" or "Europe/Paris"');
      assertKnownTimezone(timezone);
    }
    engineFor(options);
    minPriorityFor(options, "applog");
    programFormat(options);
  },
  detect: detectApplog,
  convert: convertApplogLine,
});
