// The built-in `syslog` converter: parse a line, find its rule, build the IDMEFv2 alert.
import { ConversionError } from "../../core/errors.js";
import { defineConverter, type ConvertContext, type DraftMessage, type OptionValues } from "../../core/converter.js";
import { afterGluedPrefix, parseSyslog, parseSyslogAfterPrefix, type ParseSyslogOptions } from "./parse-syslog.js";
import type { RuleEngine } from "./rule-engine.js";
import { convertRecord } from "./convert-record.js";
import { builtinRuleEngine, minPriorityRankOf, REFERENCE_TIME_OPTION, RULE_OPTIONS, ruleEngineFor, TIMEZONE_OPTION } from "./options.js";
import { RunState } from "./run-state.js";
import { SyslogParseError, type SyslogRecord } from "./syslog-record.js";
import { embeddedEventStart } from "../embedded-event-formats.js";
import { collectorReadings } from "./collector-prefix.js";

export { parseSyslog, type ParseSyslogOptions } from "./parse-syslog.js";
export { SyslogParseError, type SyslogRecord, type StructuredDataElement } from "./syslog-record.js";
export { MAX_RULE_INPUT, RuleEngine, type RuleMatch } from "./rule-engine.js";
export { loadRuleFile, loadRuleSetFile, type CompiledRule, type RuleSpec, type LoadedRuleFile } from "./rule-set.js";
export { compileLogFormat, compileTimePattern, type LogFormatSpec, type LogLineSpec, type CompiledLogFormat } from "./logformat.js";
export { LogFormatSet } from "./applog-parse.js";
export { convertRecord, findMatch, type RecordConversion } from "./convert-record.js";
export { loadBuiltinRules, loadBuiltinLogFormats, builtinRuleEngine, ruleEngineFor } from "./options.js";
export { RunState } from "./run-state.js";

/** The options of `options.syslog` (config file) and the command line. */
export interface SyslogConverterOptions {
  /** Zone for stamps that carry none: "Z", "+01:00" or an IANA name. Default: the machine's zone. */
  readonly timezone?: string;
  /** RFC 3339 "now" for year inference; default: the run's `now()`. */
  readonly referenceTime?: string;
  /** Extra rule files (YAML/JSON), tried before the built-in rules. */
  readonly rules?: string | readonly string[];
  /** Ids of rules (built-in or not) to switch off. */
  readonly disabledRules?: readonly string[];
  /** Drop alerts below this priority (skipped as "below min-priority"): Info, Low, Medium or High. */
  readonly "min-priority"?: "Info" | "Low" | "Medium" | "High";
}

export {
  SKIP_NO_RULE,
  SKIP_MARK,
  SKIP_REPEAT_UNMATCHED,
  SKIP_BELOW_MIN_PRIORITY,
  SKIP_REMEMBERED,
  SKIP_CLIENT_UNKNOWN,
  TOO_LONG_REASON,
  PRIORITY_ORDER,
} from "./convert-record.js";

/** The engine of the built-in rules, or of rule options given as a plain object (bench, tests). */
export function engineFor(options: { readonly rules?: readonly string[]; readonly disabledRules?: readonly string[] } = {}): RuleEngine {
  return ruleEngineFor(options);
}

/** journalctl's own lines in its text output (`-- Boot 0c1f... --`, `-- No entries --`). */
export function isJournalctlBanner(line: string): boolean {
  return line.startsWith("-- ") && line.trimEnd().endsWith(" --") && line.length < 300;
}
export const SKIP_JOURNALCTL_BANNER = "journalctl banner line";

/**
 * How the syslog converter reads a line: as syslog; if it is not, with the declared application
 * log formats (Apache, nginx, exim ...), then as syslog behind a prefix. Throws the syslog parse
 * error when nothing reads it.
 */
export function readSyslogLine(line: string, engine: RuleEngine, parseOptions: ParseSyslogOptions): SyslogRecord {
  try {
    return parseSyslog(line, parseOptions);
  } catch (error) {
    if (!(error instanceof SyslogParseError)) throw error;
    const other = engine.formats.first(line, parseOptions) ?? parseSyslogAfterPrefix(line, parseOptions);
    if (other === undefined) throw error;
    return other;
  }
}

/**
 * How much a sample looks like syslog: the share of its first lines that parse. A line that also
 * reads as a program's own log format and whose syslog reading names a program without rules
 * (`2019-01-01 12:00:00 140 [Warning] ...`) counts for the applog format, not here.
 */
function detectSyslog(sample: string): number {
  const lines = sample
    .split("\n", 21)
    .slice(0, 20)
    .filter((l) => l.trim() !== "");
  if (lines.length === 0) return 0;
  // Syslog lines are plain text: a JSON or XML sample should never score high here.
  const first = lines[0]!.trimStart();
  if (first.startsWith("{") || first.startsWith("<?xml")) return 0;
  const engine = builtinRuleEngine();
  const options = { referenceMs: Date.now(), timezone: "Z" };
  let good = 0;
  for (const l of lines) {
    if (isJournalctlBanner(l)) {
      good++;
      continue;
    }
    // CEF and LEEF ride on syslog: their own converters read such lines, so they do not count here.
    if (embeddedEventStart(l) !== undefined) continue;
    try {
      const record = parseSyslog(l, options);
      // A doubtful header (see parseRfc3164's `loose`) that a declared format reads is that program's line.
      if ((record.loose === true || !engine.knows(record)) && engine.formats.first(l, options) !== undefined) continue;
      good++;
    } catch {
      // not syslog, unless behind grep's `file:` / `line:` prefix
      if (afterGluedPrefix(l, options) !== undefined) good++;
    }
  }
  return (good / lines.length) * 0.9;
}

/**
 * The other readings of a line whose syslog reading no rule matched and whose header is doubtful
 * (see syslogRun): the program formats, then the line behind a collector's prefix.
 */
export function* alternativeReadings(line: string, engine: RuleEngine, parseOptions: ParseSyslogOptions): Generator<SyslogRecord> {
  yield* engine.formats.readings(line, parseOptions);
  yield* collectorReadings(line, engine.formats, parseOptions);
}

/** The syslog format's options (`options.syslog` in config, `-O key=value`). */
export const SYSLOG_OPTIONS = {
  timezone: TIMEZONE_OPTION,
  referenceTime: REFERENCE_TIME_OPTION,
  ...RULE_OPTIONS,
} as const;

/** The per-run convert function of the syslog format (see the module comment). */
function syslogRun(values: OptionValues<typeof SYSLOG_OPTIONS>): (line: string, ctx: ConvertContext) => DraftMessage | null {
  const engine = ruleEngineFor(values);
  const minPriority = minPriorityRankOf(values);
  const state = new RunState(values.referenceTime);
  const timezone = values.timezone;
  return (line, ctx) => {
    const parseOptions: ParseSyslogOptions = { referenceMs: state.referenceMs(ctx), timezone };
    let record: SyslogRecord;
    try {
      record = readSyslogLine(line, engine, parseOptions);
    } catch (error) {
      if (!(error instanceof SyslogParseError)) throw error;
      if (isJournalctlBanner(line)) {
        ctx.skip(SKIP_JOURNALCTL_BANNER);
        return null;
      }
      throw new ConversionError(error.message, { place: { file: ctx.source.file, line: ctx.source.line, column: error.column } });
    }
    return convertRecord(record, ctx, {
      engine,
      state,
      input: state.input(ctx),
      kind: "syslog",
      minPriority,
      // A syslog-looking line of a program without rules may be another program's own format
      // (`2019-01-01 12:00:00 140 [Warning] Access denied ...` reads as host "140", tag "[Warning]").
      // And a line a collector stored with its own prefix (`docker logs -t`, CRI, multilog) is read behind it.
      alternatives: () => alternativeReadings(line, engine, parseOptions),
    });
  };
}

export const syslog = defineConverter({
  format: "syslog",
  description: "syslog lines (RFC 5424, RFC 3164/BSD, RFC 3339 BSD) matched against security rules (sshd, PAM, sudo, firewall, mail, FTP)",
  input: "lines",
  // Per-process memory and "last message repeated" cross lines (run-state.ts).
  recordOrder: "per-input",
  options: SYSLOG_OPTIONS,
  detect: detectSyslog,
  setup: syslogRun,
});
