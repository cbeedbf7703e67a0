// The built-in `applog` converter: a program's own log file (Apache/nginx error logs, exim's main
// log, Asterisk, BIND, MySQL, vsftpd.log, Roundcube ...) read with the log formats the rule files
// declare, and matched by the same rules as syslog. Syslog lines in the same file are read too.
import { ConversionError } from "../../core/errors.js";
import { defineConverter, type ConvertContext, type DraftMessage, type OptionValues } from "../../core/converter.js";
import {
  builtinRuleEngine,
  minPriorityRankOf,
  REFERENCE_TIME_OPTION,
  RULE_OPTIONS,
  ruleEngineFor,
  TIMEZONE_OPTION,
} from "../syslog/options.js";
import { convertRecord } from "../syslog/convert-record.js";
import { RunState, type InputState } from "../syslog/run-state.js";
import { parseSyslog, parseSyslogAfterPrefix, type ParseSyslogOptions } from "../syslog/parse-syslog.js";
import type { CompiledLogFormat } from "../syslog/logformat.js";
import type { LogFormatSet } from "../syslog/applog-parse.js";
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

/** The applog format's options (`options.applog` in config, `-O key=value`). */
export const APPLOG_OPTIONS = {
  program: {
    type: "string",
    description:
      "the program whose log this is (apache, nginx, exim, asterisk, named, mysql, vsftpd, roundcube, proftpd, dovecot, postfix, openvpn, mongodb, ... or one a rule file declares); default: detected from the lines",
  },
  timezone: TIMEZONE_OPTION,
  referenceTime: REFERENCE_TIME_OPTION,
  ...RULE_OPTIONS,
} as const;

/** A line that starts with `#` (after blanks): a comment, unless a declared format reads it. */
const COMMENT_LINE = /^[ \t]*#/;
const SKIP_COMMENT = "comment line";

/** The format of the `program` option (built-in or declared by a rule file), or undefined without it. */
function programFormat(program: string | undefined, formats: LogFormatSet): CompiledLogFormat | undefined {
  if (program === undefined) return undefined;
  const format = formats.lookup(program);
  // Thrown from setup: the run stops as a configuration error before any line is read.
  if (format === undefined)
    throw new Error(
      `"program" must name a program with a declared log format: ${formats.names().join(", ")} (got ${JSON.stringify(program)})`,
    );
  return format;
}

/** The program detected for an input (the format that read its last line), tried first next line. */
function rememberDetected(input: InputState, record: SyslogRecord, formats: readonly CompiledLogFormat[]): void {
  if (record.format !== "applog") return;
  const format = formats.find((f) => f.spec.program === record.program);
  if (format !== undefined) input.detected = format;
}

/** The per-run convert function of the applog format. */
function applogRun(values: OptionValues<typeof APPLOG_OPTIONS>): (line: string, ctx: ConvertContext) => DraftMessage | null {
  const engine = ruleEngineFor(values);
  const formats = engine.formats;
  const given = programFormat(values.program, formats);
  const minPriority = minPriorityRankOf(values);
  const state = new RunState(values.referenceTime);
  const timezone = values.timezone;
  return (line, ctx) => {
    const parseOptions: ParseSyslogOptions = { referenceMs: state.referenceMs(ctx), timezone };
    const input = state.input(ctx);
    const preferred = given ?? (input.detected as CompiledLogFormat | undefined);
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
      // A `#` line no format reads is a note someone put in the file (an excerpt's heading, a
      // test file's annotations), not a log record: counted as skipped, not rejected.
      if (COMMENT_LINE.test(line)) {
        ctx.skip(SKIP_COMMENT);
        return null;
      }
      const expected = preferred === undefined ? "any declared program's log format" : `${preferred.spec.program}'s log format`;
      throw new ConversionError(
        `the line matches neither ${expected} nor syslog${syslogError === undefined ? "" : ` (${syslogError.message})`}`,
        {
          place: { file: ctx.source.file, line: ctx.source.line },
        },
      );
    }
    rememberDetected(input, first, formats.formats);
    const head = first;
    return convertRecord(first, ctx, {
      engine,
      state,
      input,
      kind: "applog",
      minPriority,
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
  };
}

/**
 * How much a sample looks like a program's own log: the share of its first lines some declared
 * format reads (syslog lines in the same file count too, once one line is an application log's;
 * blank and `#` comment lines do not count).
 */
export function detectApplog(sample: string): number {
  const lines = sample
    .split("\n", 21)
    .slice(0, 20)
    .filter((l) => l.trim() !== "" && !COMMENT_LINE.test(l));
  if (lines.length === 0) return 0;
  const engine = builtinRuleEngine();
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
    // A syslog line of a program that has rules is syslog's, even if a loose format could read it,
    // unless its header is doubtful (Horde's `HORDE [error] [imp] ...` reads as the tag `error`).
    if (record !== undefined && engine.knows(record) && record.loose !== true) other++;
    else if (engine.formats.first(l, options) !== undefined) app++;
    else if (record !== undefined) other++;
  }
  if (app === 0) return 0;
  // Above syslog's 0.9 for a pure application log; a mixed file still goes to applog, which reads both.
  return Math.min(1, 0.6 + (0.4 * (app + other)) / lines.length);
}

export const applog = defineConverter({
  format: "applog",
  description:
    "a program's own log file (Apache/nginx error log, exim main log, Asterisk, BIND, MySQL, vsftpd.log, Roundcube, ...) matched by the syslog rules",
  input: "lines",
  // The syslog family's per-input state (run-state.ts) and the detected program.
  recordOrder: "per-input",
  options: APPLOG_OPTIONS,
  detect: detectApplog,
  setup: applogRun,
});
