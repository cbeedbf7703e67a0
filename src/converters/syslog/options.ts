// The options the log-to-alert converters (syslog, applog, journal) declare: one spec per option,
// shared, so `idmefv2 formats --options <format>` prints the same words for each, and the one
// place that turns checked values into the run's rule engine and priority floor.
import type { OptionSpec } from "../../core/converter.js";
import { absolutePath } from "../../core/platform.js";
import { assertKnownTimezone } from "../../core/timestamps.js";
import { BUILTIN_RULE_FILES } from "./builtin-rules.generated.js";
import { compileLogFormat, type CompiledLogFormat } from "./logformat.js";
import { RuleEngine } from "./rule-engine.js";
import { compileRuleFile, loadRuleSetFile, type CompiledRule } from "./rule-set.js";
import { PRIORITY_ORDER } from "./convert-record.js";

/** The priorities `min-priority` takes (Unknown is below every floor). */
export const MIN_PRIORITIES = ["Info", "Low", "Medium", "High"] as const satisfies readonly (typeof PRIORITY_ORDER)[number][];

// Loaded and compiled here, before any output is opened: a bad rule file stops the run, named.
function checkRuleFile(file: string): void {
  loadRuleSetFile(absolutePath(file));
}

function checkReferenceTime(text: string): void {
  if (Number.isNaN(Date.parse(text))) throw new Error(`not an RFC 3339 time: ${JSON.stringify(text)}`);
}

export const TIMEZONE_OPTION = {
  type: "string",
  check: assertKnownTimezone,
  description: 'zone for time stamps that carry none ("Z", "+01:00", "Europe/Paris"); default: the machine\'s zone',
} as const satisfies OptionSpec;

export const REFERENCE_TIME_OPTION = {
  type: "string",
  check: checkReferenceTime,
  description: 'RFC 3339 "now" from which a stamp without a year gets its year; default: the time of the run',
} as const satisfies OptionSpec;

export const RULES_OPTION = {
  type: "strings",
  check: checkRuleFile,
  description: "extra rule files (YAML or JSON, see docs/mapping-syslog.md), tried before the built-in rules",
} as const satisfies OptionSpec;

export const DISABLED_RULES_OPTION = {
  type: "strings",
  description: "ids of rules (built-in or from rule files) to switch off",
} as const satisfies OptionSpec;

export const MIN_PRIORITY_OPTION = {
  type: "string",
  enum: MIN_PRIORITIES,
  description: 'alerts below this priority are skipped as "below min-priority"; default: every alert',
} as const satisfies OptionSpec;

/** `min-priority` as config files written for the first releases spell it. */
export const MIN_PRIORITY_CONFIG_SPELLING = {
  ...MIN_PRIORITY_OPTION,
  description: "the same as min-priority (the spelling older config files use)",
} as const satisfies OptionSpec;

/** What every converter of the family takes. */
export const RULE_OPTIONS = {
  rules: RULES_OPTION,
  disabledRules: DISABLED_RULES_OPTION,
  "min-priority": MIN_PRIORITY_OPTION,
  minPriority: MIN_PRIORITY_CONFIG_SPELLING,
} as const;

/** The rule-related option values, as the converters' checked options hold them. */
export interface RuleOptionValues {
  readonly rules?: readonly string[] | undefined;
  readonly disabledRules?: readonly string[] | undefined;
  readonly "min-priority"?: string | undefined;
  readonly minPriority?: string | undefined;
}

// Compiled once per process: the built-in rules are immutable data, shared by every run.
let builtinRules: CompiledRule[] | undefined;
let builtinFormats: CompiledLogFormat[] | undefined;
let builtinEngine: RuleEngine | undefined;

/** The built-in rules (src/converters/syslog/rules/*.yaml, pre-parsed at build time), checked once. */
export function loadBuiltinRules(): CompiledRule[] {
  builtinRules ??= BUILTIN_RULE_FILES.flatMap(({ file, rules }) => compileRuleFile(file, rules));
  return builtinRules;
}

/** The programs' own log formats declared by the built-in rule files (`applog-*.yaml`). */
export function loadBuiltinLogFormats(): CompiledLogFormat[] {
  builtinFormats ??= BUILTIN_RULE_FILES.flatMap((entry) =>
    entry.logformat === undefined ? [] : [compileLogFormat(entry.logformat, entry.file)],
  );
  return builtinFormats;
}

/** The engine of the built-in rules alone (detection, and runs without rule options). */
export function builtinRuleEngine(): RuleEngine {
  builtinEngine ??= new RuleEngine(loadBuiltinRules(), new Set(), loadBuiltinLogFormats());
  return builtinEngine;
}

/**
 * The rule engine of a run: the user's rule files first (read again for each run, so an edited
 * file counts from the next run on), then the built-in rules, less the disabled ones.
 */
export function ruleEngineFor(values: RuleOptionValues): RuleEngine {
  const files = values.rules ?? [];
  const disabled = values.disabledRules ?? [];
  if (files.length === 0 && disabled.length === 0) return builtinRuleEngine();
  const loaded = files.map((file) => loadRuleSetFile(absolutePath(file)));
  const rules = [...loaded.flatMap((f) => f.rules), ...loadBuiltinRules()];
  const formats = [...loaded.flatMap((f) => (f.logformat === undefined ? [] : [f.logformat])), ...loadBuiltinLogFormats()];
  return new RuleEngine(rules, new Set(disabled), formats);
}

/** The rank in PRIORITY_ORDER under which alerts are skipped; 0 (Unknown) keeps every alert. */
export function minPriorityRankOf(values: RuleOptionValues): number {
  const value = values["min-priority"] ?? values.minPriority;
  return value === undefined ? 0 : PRIORITY_ORDER.indexOf(value as (typeof PRIORITY_ORDER)[number]);
}
