// The built-in `syslog` converter: parse a line, find its rule, build the IDMEFv2 alert.
import { resolve } from "node:path";
import { ConversionError, IdmefError } from "../../core/errors.js";
import { defineConverter, type ConvertContext, type ConvertResult } from "../../core/converter.js";
import { assertKnownTimezone } from "../../core/timestamps.js";
import { rejectUnknownOptions } from "../../core/option-checks.js";
import { buildMessage } from "./build-message.js";
import { parseSyslog } from "./parse-syslog.js";
import { MAX_RULE_INPUT, RuleEngine, type RuleMatch } from "./rule-engine.js";
import { BUILTIN_RULE_FILES } from "./builtin-rules.generated.js";
import { compileRuleFile, loadRuleFile, type CompiledRule } from "./rule-set.js";
import { SyslogParseError, type SyslogRecord } from "./syslog-record.js";

export { parseSyslog, type ParseSyslogOptions } from "./parse-syslog.js";
export { SyslogParseError, type SyslogRecord, type StructuredDataElement } from "./syslog-record.js";
export { MAX_RULE_INPUT, RuleEngine, type RuleMatch } from "./rule-engine.js";
export { loadRuleFile, type CompiledRule, type RuleSpec } from "./rule-set.js";

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
}

export const SKIP_NO_RULE = "no rule matched";
export const SKIP_MARK = "syslog MARK line";
export const SKIP_REPEAT_UNMATCHED = "repeat of a line no rule matched";
export const SKIP_TOO_LONG = `message too long for the rules (over ${MAX_RULE_INPUT} characters)`;

function stringList(value: unknown, name: string): string[] {
  if (value === undefined) return [];
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value as string[];
  throw new IdmefError("CONFIG_ERROR", `syslog option "${name}" must be a string or a list of strings`);
}

let builtinRules: CompiledRule[] | undefined;

/** The built-in rules (src/converters/syslog/rules/*.yaml, pre-parsed at build time), checked once. */
export function loadBuiltinRules(): CompiledRule[] {
  builtinRules ??= BUILTIN_RULE_FILES.flatMap(({ file, rules }) => compileRuleFile(file, rules));
  return builtinRules;
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
  const files = stringList(options["rules"], "rules").map((f) => resolve(f));
  const disabled = stringList(options["disabledRules"], "disabledRules");
  const key = JSON.stringify([files, disabled]);
  let engine = engines.get(key);
  if (engine === undefined) {
    const rules = [...files.flatMap((file) => loadRuleFile(file)), ...loadBuiltinRules()];
    engine = new RuleEngine(rules, new Set(disabled));
    engines.set(key, engine);
  }
  return engine;
}

interface RememberedEvent {
  readonly record: SyslogRecord;
  readonly match: RuleMatch;
}

// The last event per input, for syslogd's "last message repeated N times" (which names no event).
const lastEvents = new Map<string, RememberedEvent | undefined>();

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

function convertLine(line: string, ctx: ConvertContext): ConvertResult {
  const timezone = ctx.options["timezone"];
  if (timezone !== undefined && typeof timezone !== "string") {
    throw new IdmefError("CONFIG_ERROR", 'syslog option "timezone" must be a string such as "Z", "+01:00" or "Europe/Paris"');
  }
  let record: SyslogRecord;
  try {
    record = parseSyslog(line, { referenceMs: referenceMs(ctx), timezone });
  } catch (error) {
    if (error instanceof SyslogParseError) {
      throw new ConversionError(error.message, { place: { file: ctx.source.file, line: ctx.source.line, column: error.column } });
    }
    throw error;
  }
  if (record.mark) {
    ctx.skip(SKIP_MARK);
    return null;
  }
  if (record.timestamp === undefined) {
    throw new ConversionError("the line has no timestamp (NILVALUE): its event time is unknown", {
      place: { file: ctx.source.file, line: ctx.source.line },
    });
  }
  const engine = engineFor(ctx.options);
  const file = ctx.source.file;
  // A new run over the same input name must not repeat the previous run's last event.
  if (ctx.source.line === 1) lastEvents.delete(file);
  let match: RuleMatch | undefined;
  let source = record;
  let count = 1;
  if (record.repeat?.previous === true) {
    const last = lastEvents.get(file);
    if (last === undefined || last.record.hostname !== record.hostname) {
      ctx.skip(SKIP_REPEAT_UNMATCHED);
      return null;
    }
    ({ match, record: source } = last);
    count = record.repeat.count;
  } else if (record.message.length > MAX_RULE_INPUT) {
    // Matched by no rule (bounded work per line, whatever the patterns); a later "repeated" line
    // must not repeat an earlier event either.
    lastEvents.delete(file);
    ctx.skip(SKIP_TOO_LONG);
    return null;
  } else {
    match = engine.match(record);
    if (record.repeat !== undefined) count = record.repeat.count;
    if (lastEvents.size > 1000 && !lastEvents.has(file)) lastEvents.clear();
    lastEvents.set(file, match === undefined ? undefined : { record, match });
  }
  if (match === undefined) {
    ctx.skip(SKIP_NO_RULE);
    return null;
  }
  return buildMessage(source, match, record.timestamp, { newId: ctx.newId, version: ctx.version, count });
}

/** How much a sample looks like syslog: the share of its first lines that parse. */
function detectSyslog(sample: string): number {
  const lines = sample.split("\n", 21).slice(0, 20).filter((l) => l.trim() !== "");
  if (lines.length === 0) return 0;
  let good = 0;
  for (const l of lines) {
    try {
      parseSyslog(l, { referenceMs: Date.now(), timezone: "Z" });
      good++;
    } catch {
      // not syslog
    }
  }
  // Syslog lines are plain text: a JSON or XML sample should never score high here.
  const first = lines[0]!.trimStart();
  if (first.startsWith("{") || first.startsWith("<?xml")) return 0;
  return (good / lines.length) * 0.9;
}

export const syslog = defineConverter<string>({
  format: "syslog",
  description: "syslog lines (RFC 5424, RFC 3164/BSD, RFC 3339 BSD) matched against security rules (sshd, PAM, sudo, firewall, mail, FTP)",
  input: "lines",
  checkOptions(options) {
    rejectUnknownOptions("syslog", options, ["timezone", "referenceTime", "rules", "disabledRules"]);
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
