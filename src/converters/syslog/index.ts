// The built-in `syslog` converter: parse a line, find its rule, build the IDMEFv2 alert.
import { ConversionError, IdmefError } from "../../core/errors.js";
import { defineConverter, type ConvertContext, type ConvertResult } from "../../core/converter.js";
import { absolutePath } from "../../core/platform.js";
import { assertKnownTimezone } from "../../core/timestamps.js";
import { rejectUnknownOptions } from "../../core/option-checks.js";
import { parseSyslog, parseSyslogAfterPrefix, type ParseSyslogOptions } from "./parse-syslog.js";
import { RuleEngine } from "./rule-engine.js";
import { convertRecord, minPriorityRank } from "./convert-record.js";
import { BUILTIN_RULE_FILES } from "./builtin-rules.generated.js";
import { compileRuleFile, loadRuleSetFile, type CompiledRule } from "./rule-set.js";
import { compileLogFormat, type CompiledLogFormat } from "./logformat.js";
import { SyslogParseError, type SyslogRecord } from "./syslog-record.js";

export { parseSyslog, type ParseSyslogOptions } from "./parse-syslog.js";
export { SyslogParseError, type SyslogRecord, type StructuredDataElement } from "./syslog-record.js";
export { MAX_RULE_INPUT, RuleEngine, type RuleMatch } from "./rule-engine.js";
export { loadRuleFile, loadRuleSetFile, type CompiledRule, type RuleSpec, type LoadedRuleFile } from "./rule-set.js";
export { compileLogFormat, compileTimePattern, type LogFormatSpec, type LogLineSpec, type CompiledLogFormat } from "./logformat.js";
export { LogFormatSet } from "./applog-parse.js";
export { convertRecord, findMatch, type RecordConversion } from "./convert-record.js";

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
  TOO_LONG_REASON,
  PRIORITY_ORDER,
} from "./convert-record.js";

function stringList(value: unknown, name: string): string[] {
  if (value === undefined) return [];
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value as string[];
  throw new IdmefError("CONFIG_ERROR", `syslog option "${name}" must be a string or a list of strings`);
}

let builtinRules: CompiledRule[] | undefined;
let builtinFormats: CompiledLogFormat[] | undefined;

/** The built-in rules (src/converters/syslog/rules/*.yaml, pre-parsed at build time), checked once. */
export function loadBuiltinRules(): CompiledRule[] {
  builtinRules ??= BUILTIN_RULE_FILES.flatMap(({ file, rules }) => compileRuleFile(file, rules));
  return builtinRules;
}

/** The programs' own log formats declared by the built-in rule files (`applog-*.yaml`). */
export function loadBuiltinLogFormats(): CompiledLogFormat[] {
  builtinFormats ??= BUILTIN_RULE_FILES.flatMap((entry) => (entry.logformat === undefined ? [] : [compileLogFormat(entry.logformat, entry.file)]));
  return builtinFormats;
}

const engines = new Map<string, RuleEngine>();
// The pipeline hands the same options object to every record: look it up by identity first.
const enginesByOptions = new WeakMap<object, RuleEngine>();

/** The rule engine for a set of options (user rule files first, then built-ins), built once. */
export function engineFor(options: Readonly<Record<string, unknown>>): RuleEngine {
  let engine = enginesByOptions.get(options);
  if (engine === undefined) {
    engine = buildEngine(options);
    enginesByOptions.set(options, engine);
  }
  return engine;
}

function buildEngine(options: Readonly<Record<string, unknown>>): RuleEngine {
  const files = stringList(options["rules"], "rules").map((f) => absolutePath(f));
  const disabled = stringList(options["disabledRules"], "disabledRules");
  const key = JSON.stringify([files, disabled]);
  let engine = engines.get(key);
  if (engine === undefined) {
    const loaded = files.map((file) => loadRuleSetFile(file));
    const rules = [...loaded.flatMap((f) => f.rules), ...loadBuiltinRules()];
    const formats = [...loaded.flatMap((f) => (f.logformat === undefined ? [] : [f.logformat])), ...loadBuiltinLogFormats()];
    engine = new RuleEngine(rules, new Set(disabled), formats);
    engines.set(key, engine);
  }
  return engine;
}

let lastText = "";
let lastTextMs = 0;
function parseReference(text: string): number {
  if (text !== lastText) {
    const ms = Date.parse(text);
    if (Number.isNaN(ms)) throw new IdmefError("CONFIG_ERROR", `syslog reference time is not an RFC 3339 time: ${JSON.stringify(text)}`);
    lastText = text;
    lastTextMs = ms;
  }
  return lastTextMs;
}

const nowCache: { fn: (() => string) | undefined; at: number; ms: number } = { fn: undefined, at: 0, ms: 0 };
/**
 * "Now" for year inference: the `referenceTime` option, else `ctx.now()`. Formatting a timestamp
 * per line is costly, so the same clock is asked again only after 250 ms (a fixed test clock
 * gives the same answer anyway).
 */
function referenceMs(ctx: ConvertContext): number {
  const fixed = ctx.options["referenceTime"];
  if (typeof fixed === "string") return parseReference(fixed);
  const wall = Date.now();
  if (ctx.now !== nowCache.fn || wall - nowCache.at >= 250) {
    nowCache.ms = parseReference(ctx.now());
    nowCache.fn = ctx.now;
    nowCache.at = wall;
  }
  return nowCache.ms;
}

function timezoneOption(ctx: ConvertContext): string | undefined {
  const timezone = ctx.options["timezone"];
  if (timezone !== undefined && typeof timezone !== "string") {
    throw new IdmefError("CONFIG_ERROR", 'syslog option "timezone" must be a string such as "Z", "+01:00" or "Europe/Paris"');
  }
  return timezone;
}

const minPriorities = new WeakMap<object, number>();
/** The `min-priority` rank of a run's options (checked once per options object). */
export function minPriorityFor(options: Readonly<Record<string, unknown>>, format: string): number {
  let rank = minPriorities.get(options);
  if (rank === undefined) {
    rank = minPriorityRank(options, format);
    minPriorities.set(options, rank);
  }
  return rank;
}

/** journalctl's own lines in its text output (`-- Boot 0c1f... --`, `-- No entries --`). */
export function isJournalctlBanner(line: string): boolean {
  return line.startsWith("-- ") && line.trimEnd().endsWith(" --") && line.length < 300;
}
export const SKIP_JOURNALCTL_BANNER = "journalctl banner line";

/** The reference "now" of a run in epoch ms (shared with the journal and applog converters). */
export function referenceTimeMs(ctx: ConvertContext): number {
  return referenceMs(ctx);
}

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

function convertLine(line: string, ctx: ConvertContext): ConvertResult {
  const timezone = timezoneOption(ctx);
  const parseOptions = { referenceMs: referenceMs(ctx), timezone };
  const engine = engineFor(ctx.options);
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
    kind: "syslog",
    minPriority: minPriorityFor(ctx.options, "syslog"),
    // A syslog-looking line of a program without rules may be another program's own format
    // (`2019-01-01 12:00:00 140 [Warning] Access denied ...` reads as host "140", tag "[Warning]").
    alternatives: () => engine.formats.readings(line, parseOptions),
  });
}

/**
 * How much a sample looks like syslog: the share of its first lines that parse. A line that also
 * reads as a program's own log format and whose syslog reading names a program without rules
 * (`2019-01-01 12:00:00 140 [Warning] ...`) counts for the applog format, not here.
 */
function detectSyslog(sample: string): number {
  const lines = sample.split("\n", 21).slice(0, 20).filter((l) => l.trim() !== "");
  if (lines.length === 0) return 0;
  // Syslog lines are plain text: a JSON or XML sample should never score high here.
  const first = lines[0]!.trimStart();
  if (first.startsWith("{") || first.startsWith("<?xml")) return 0;
  const engine = engineFor({});
  const options = { referenceMs: Date.now(), timezone: "Z" };
  let good = 0;
  for (const l of lines) {
    if (isJournalctlBanner(l)) {
      good++;
      continue;
    }
    try {
      const record = parseSyslog(l, options);
      if (!engine.knows(record) && engine.formats.first(l, options) !== undefined) continue;
      good++;
    } catch {
      // not syslog
    }
  }
  return (good / lines.length) * 0.9;
}

export const syslog = defineConverter<string>({
  format: "syslog",
  description: "syslog lines (RFC 5424, RFC 3164/BSD, RFC 3339 BSD) matched against security rules (sshd, PAM, sudo, firewall, mail, FTP)",
  input: "lines",
  checkOptions(options) {
    rejectUnknownOptions("syslog", options, ["timezone", "referenceTime", "rules", "disabledRules", "min-priority", "minPriority"]);
    minPriorityRank(options, "syslog");
    const timezone = options["timezone"];
    if (timezone !== undefined) {
      if (typeof timezone !== "string") throw new IdmefError("CONFIG_ERROR", 'syslog option "timezone" must be a string such as "Z", "+01:00" or "Europe/Paris"');
      assertKnownTimezone(timezone);
    }
    const reference = options["referenceTime"];
    if (reference !== undefined) {
      if (typeof reference !== "string") throw new IdmefError("CONFIG_ERROR", 'syslog option "referenceTime" must be an RFC 3339 time');
      parseReference(reference);
    }
    // Loads and compiles the user's rule files: a bad file stops the run here, named.
    engineFor(options);
  },
  detect: detectSyslog,
  convert: convertLine,
});
