// Loads syslog rule files (YAML or JSON), checks their shape, and compiles them for the matcher.
import { parse as parseYaml } from "yaml";
import { IdmefError } from "../../core/errors.js";
import { HostFileError, readRegularTextFile } from "../../core/platform.js";
import { loadSchema } from "../../core/schemas.js";
import { compileLogFormat, type CompiledLogFormat } from "./logformat.js";
import { firstChars, hasTopLevelBar, type FirstChars } from "./first-chars.js";

/** Where an address, port or user comes from: a template over the regex's named groups. */
export interface RuleEndpointSpec {
  /** Classified: an IP goes to IP (IPv4-mapped unwrapped), a host name to Hostname. */
  readonly address?: string;
  readonly hostname?: string;
  readonly port?: string;
  readonly user?: string;
  readonly service?: string;
}

export interface RuleSample {
  readonly line: string;
  /** A subset of the expected IDMEFv2 message, or null when the line must NOT match this rule. */
  readonly expect: Readonly<Record<string, unknown>> | null;
  /** Lines of the same input converted before `line` (what a `session` rule recalls from). */
  readonly after?: readonly string[];
}

/** One rule as written in a rule file. */
export interface RuleSpec {
  readonly id: string;
  /** Program names it applies to (`sshd`, `postfix`, `pam_unix`, ...): the dispatch keys. */
  readonly programs: readonly string[];
  /** A JavaScript regular expression with named groups, matched against the syslog MSG. */
  readonly pattern: string;
  /** Optional text the MSG must contain before the pattern is tried (a cheap pre-filter). */
  readonly requires?: string;
  readonly category: readonly string[];
  readonly priority: "Unknown" | "Info" | "Low" | "Medium" | "High";
  /** Text with `{group}` placeholders. */
  readonly description: string;
  readonly source?: RuleEndpointSpec;
  readonly target?: RuleEndpointSpec;
  /**
   * Per-process memory: values this line gives for its host and pid (`address`, `port`, `user`),
   * templates over the named groups. A later line of the same host, program and pid whose message
   * has no source address takes them (for about a minute), and its Note says so.
   */
  readonly remember?: Readonly<Partial<Record<MemoryKey, string>>>;
  /**
   * A template (`{conn}`) naming the session inside the process: the memory is kept per host,
   * program, pid and session (slapd serves every connection from one pid).
   */
  readonly session?: string;
  /** false: the rule only feeds the per-process memory; the lines it matches raise no alert. */
  readonly alert?: boolean;
  /**
   * false: this rule's alerts never take an address from the per-process memory; "required": the
   * line alerts only when an earlier line of its process (or session) named the client, and is
   * skipped otherwise (a line that names nobody, such as slapd's `RESULT ... err=49`).
   */
  readonly recall?: boolean | "required";
  readonly samples: readonly RuleSample[];
}

/** What the per-process memory keeps for a host and pid. */
export type MemoryKey = "address" | "port" | "user";
export const MEMORY_KEYS: readonly MemoryKey[] = ["address", "port", "user"];

/** A template split once into literal text and group names, so filling it costs no regex. */
export type Template = readonly (string | { readonly group: string })[];

export interface CompiledEndpoint {
  readonly address?: Template;
  readonly hostname?: Template;
  readonly port?: Template;
  readonly user?: Template;
  readonly service?: Template;
}

export interface CompiledRule {
  readonly spec: RuleSpec;
  readonly file: string;
  readonly regex: RegExp;
  /** The literal text an anchored pattern starts with: a string compare skips most non-matches. */
  readonly prefix: string;
  /** Literal text any match contains (when there is no prefix): an `includes` before the regex. */
  readonly literal: string;
  /** The characters a matching message can start with (undefined: any); see first-chars.ts. */
  readonly firstChars: FirstChars;
  readonly description: Template;
  readonly source: CompiledEndpoint | undefined;
  readonly target: CompiledEndpoint | undefined;
  readonly remember: Readonly<Partial<Record<MemoryKey, Template>>> | undefined;
  readonly session: Template | undefined;
  /** false for a memory-only rule (`alert: false`). */
  readonly alert: boolean;
  readonly recall: boolean;
  /** `recall: required`: no alert without a recalled client. */
  readonly recallRequired: boolean;
}

const PRIORITIES = new Set(["Unknown", "Info", "Low", "Medium", "High"]);
const ENDPOINT_KEYS = new Set(["address", "hostname", "port", "user", "service"]);
const RULE_KEYS = new Set([
  "id",
  "programs",
  "pattern",
  "requires",
  "category",
  "priority",
  "description",
  "source",
  "target",
  "remember",
  "session",
  "alert",
  "recall",
  "samples",
]);

let categoryEnum: ReadonlySet<string> | undefined;

/** The Category enum of 2.D.V08, read from the shipped schema (so spelling is checked at load). */
function categories(): ReadonlySet<string> {
  if (categoryEnum === undefined) {
    const schema = loadSchema("2.D.V08") as { definitions?: { categoryEnum?: { enum?: string[] } } };
    categoryEnum = new Set(schema.definitions?.categoryEnum?.enum ?? []);
  }
  return categoryEnum;
}

function ruleError(file: string, where: string, problem: string): IdmefError {
  return new IdmefError("CONFIG_ERROR", `${file}: ${where}: ${problem}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function compileTemplate(text: string, groups: ReadonlySet<string>, file: string, where: string): Template {
  const parts: (string | { group: string })[] = [];
  let pos = 0;
  while (pos < text.length) {
    const open = text.indexOf("{", pos);
    if (open === -1) {
      parts.push(text.slice(pos));
      break;
    }
    const close = text.indexOf("}", open);
    if (close === -1) throw ruleError(file, where, `unclosed '{' in template ${JSON.stringify(text)}`);
    if (open > pos) parts.push(text.slice(pos, open));
    const group = text.slice(open + 1, close);
    if (!groups.has(group)) throw ruleError(file, where, `template names group {${group}}, which the pattern does not define`);
    parts.push({ group });
    pos = close + 1;
  }
  return parts;
}

const REGEX_SYNTAX = new Set(["\\", "^", "$", ".", "|", "?", "*", "+", "(", ")", "[", "]", "{", "}"]);
const QUANTIFIERS = new Set(["?", "*", "+", "{"]);

/**
 * The literal start of a `^`-anchored pattern ("^Failed (?<m>..." gives "Failed "): plain
 * characters and escaped punctuation, stopping before anything else, and dropping a last
 * character that a quantifier makes optional. Empty when the pattern is not anchored.
 */
export function literalPrefix(pattern: string): string {
  if (!pattern.startsWith("^") || hasTopLevelBar(pattern)) return "";
  let out = "";
  let i = 1;
  while (i < pattern.length) {
    const c = pattern[i]!;
    let literal: string;
    let next: number;
    if (c === "\\") {
      const e = pattern[i + 1];
      if (e === undefined || /[A-Za-z0-9]/.test(e)) break; // \d, \s, \1 ...: not a literal
      literal = e;
      next = i + 2;
    } else if (REGEX_SYNTAX.has(c)) {
      break;
    } else {
      literal = c;
      next = i + 1;
    }
    if (QUANTIFIERS.has(pattern[next] ?? "")) break;
    out += literal;
    i = next;
  }
  return out;
}

/**
 * The longest run of literal text every match must contain (outside groups, classes and
 * optional parts), for a cheap `includes` before the regex of a rule that has no literal start:
 * `'^(?<u>\\S+) .* authentication failure; '` gives `" authentication failure; "`. Empty when
 * there is none of at least 4 characters, or the pattern alternates at the top level.
 */
export function requiredLiteral(pattern: string): string {
  if (hasTopLevelBar(pattern)) return "";
  let best = "";
  let run = "";
  const flush = (): void => {
    if (run.length > best.length) best = run;
    run = "";
  };
  let i = pattern[0] === "^" ? 1 : 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === "(" || c === "[") {
      // Skip the whole group or class: what it holds may be optional or alternated.
      flush();
      let depth = 0;
      let inClass = false;
      for (; i < pattern.length; i++) {
        const d = pattern[i];
        if (d === "\\") {
          i++;
          continue;
        }
        if (inClass) {
          if (d === "]") {
            inClass = false;
            if (depth === 0) break;
          }
          continue;
        }
        if (d === "[") inClass = true;
        else if (d === "(") depth++;
        else if (d === ")" && --depth === 0) break;
      }
      i = skipQuantifier(pattern, i + 1);
      continue;
    }
    let literal: string | undefined;
    let next = i + 1;
    if (c === "\\") {
      const e = pattern[i + 1];
      if (e !== undefined && !/[A-Za-z0-9]/.test(e)) literal = e;
      next = i + 2;
    } else if (!REGEX_SYNTAX.has(c)) {
      literal = c;
    }
    const q = pattern[next];
    if (q === "?" || q === "*" || q === "{") {
      // The character may be absent (or repeated): the run ends before it.
      flush();
      next = skipQuantifier(pattern, next);
    } else if (q === "+") {
      if (literal !== undefined) run += literal;
      flush();
      next = skipQuantifier(pattern, next);
    } else if (literal === undefined) {
      flush();
    } else {
      run += literal;
    }
    i = next;
  }
  flush();
  return best.length >= 4 ? best : "";
}

/** The index after a quantifier (`?`, `*`, `+`, `{m,n}`, and a lazy or possessive mark) at `at`. */
function skipQuantifier(pattern: string, at: number): number {
  let i = at;
  const q = pattern[i];
  if (q === "?" || q === "*" || q === "+") i++;
  else if (q === "{") {
    const close = pattern.indexOf("}", i);
    if (close > 0 && /^\{\d*,?\d*\}$/.test(pattern.slice(i, close + 1))) i = close + 1;
    else return i;
  } else return i;
  if (pattern[i] === "?" || pattern[i] === "+") i++;
  return i;
}

function namedGroups(pattern: string): Set<string> {
  const names = new Set<string>();
  for (const m of pattern.matchAll(/\(\?<([A-Za-z_][A-Za-z0-9_]*)>/g)) names.add(m[1]!);
  return names;
}

function compileEndpoint(value: unknown, groups: ReadonlySet<string>, file: string, where: string): CompiledEndpoint | undefined {
  if (value === undefined) return undefined;
  if (!isRecord(value)) throw ruleError(file, where, "must be a mapping of address/hostname/port/user/service");
  const out: Record<string, Template> = {};
  for (const [key, text] of Object.entries(value)) {
    if (!ENDPOINT_KEYS.has(key)) throw ruleError(file, `${where}.${key}`, `unknown key (use ${[...ENDPOINT_KEYS].join(", ")})`);
    if (typeof text !== "string") throw ruleError(file, `${where}.${key}`, "must be a string template");
    out[key] = compileTemplate(text, groups, file, `${where}.${key}`);
  }
  return out;
}

function compileRemember(
  value: unknown,
  groups: ReadonlySet<string>,
  file: string,
  where: string,
): Partial<Record<MemoryKey, Template>> | undefined {
  if (value === undefined) return undefined;
  if (!isRecord(value)) throw ruleError(file, where, `must be a mapping of ${MEMORY_KEYS.join("/")} to templates`);
  const out: Partial<Record<MemoryKey, Template>> = {};
  for (const [key, text] of Object.entries(value)) {
    if (!(MEMORY_KEYS as readonly string[]).includes(key))
      throw ruleError(file, `${where}.${key}`, `unknown key (use ${MEMORY_KEYS.join(", ")})`);
    if (typeof text !== "string") throw ruleError(file, `${where}.${key}`, "must be a string template");
    out[key as MemoryKey] = compileTemplate(text, groups, file, `${where}.${key}`);
  }
  return out;
}

/** Checks one rule object and compiles it; errors name the file, the rule and the problem. */
export function compileRule(raw: unknown, file: string, index: number): CompiledRule {
  if (!isRecord(raw)) throw ruleError(file, `rule #${index + 1}`, "must be a mapping");
  const id = raw["id"];
  if (typeof id !== "string" || !/^[A-Za-z0-9_.-]+$/.test(id))
    throw ruleError(file, `rule #${index + 1}`, "needs an id of letters, digits, '.', '-', '_'");
  const where = `rule ${id}`;
  for (const key of Object.keys(raw)) if (!RULE_KEYS.has(key)) throw ruleError(file, where, `unknown key "${key}"`);
  const programs = raw["programs"];
  if (!Array.isArray(programs) || programs.length === 0 || !programs.every((p) => typeof p === "string" && p !== "")) {
    throw ruleError(file, where, "programs must be a non-empty list of program names");
  }
  const pattern = raw["pattern"];
  if (typeof pattern !== "string") throw ruleError(file, where, "pattern must be a string");
  let regex: RegExp;
  try {
    // `s`: `.` crosses `\r` and U+2028 too. The engine already shows those as spaces; the flag keeps
    // a pattern from failing late (and retrying every split) on text that did not pass through it.
    regex = new RegExp(pattern, "s");
  } catch (error) {
    throw ruleError(file, where, `pattern is not a valid regular expression: ${(error as Error).message}`);
  }
  const requires = raw["requires"];
  if (requires !== undefined && (typeof requires !== "string" || requires === ""))
    throw ruleError(file, where, "requires must be a non-empty string");
  const alert = raw["alert"] ?? true;
  if (typeof alert !== "boolean") throw ruleError(file, where, "alert must be true or false");
  const recall = raw["recall"] ?? true;
  if (typeof recall !== "boolean" && recall !== "required") throw ruleError(file, where, "recall must be true, false or required");
  const session = raw["session"];
  if (session !== undefined && (typeof session !== "string" || session === ""))
    throw ruleError(file, where, "session must be a template such as '{conn}'");
  // A memory-only rule raises nothing: its category, priority and description may be left out.
  const category = raw["category"] ?? (alert ? undefined : ["Other.Undetermined"]);
  if (!Array.isArray(category) || category.length === 0) throw ruleError(file, where, "category must be a non-empty list");
  for (const c of category) {
    if (typeof c !== "string" || !categories().has(c)) {
      throw ruleError(file, where, `category ${JSON.stringify(c)} is not in the 2.D.V08 Category enum`);
    }
  }
  const priority = raw["priority"] ?? (alert ? undefined : "Info");
  if (typeof priority !== "string" || !PRIORITIES.has(priority)) {
    throw ruleError(file, where, `priority must be one of ${[...PRIORITIES].join(", ")}`);
  }
  const description = raw["description"] ?? (alert ? undefined : `remembered by rule ${id}`);
  if (typeof description !== "string" || description === "") throw ruleError(file, where, "description must be a non-empty string");
  const samples = raw["samples"] ?? [];
  if (!Array.isArray(samples)) throw ruleError(file, where, "samples must be a list");
  for (const [i, s] of samples.entries()) {
    if (!isRecord(s) || typeof s["line"] !== "string" || !("expect" in s) || (s["expect"] !== null && !isRecord(s["expect"]))) {
      throw ruleError(file, `${where} sample #${i + 1}`, "needs `line` (string) and `expect` (mapping, or null for must-not-match)");
    }
    const after = s["after"];
    if (after !== undefined && !(Array.isArray(after) && after.every((l) => typeof l === "string"))) {
      throw ruleError(file, `${where} sample #${i + 1}`, "after must be a list of lines");
    }
  }
  const groups = namedGroups(pattern);
  const spec = { ...(raw as unknown as RuleSpec), category, priority, description } as RuleSpec;
  return {
    spec: { ...spec, samples: samples as RuleSample[] },
    file,
    regex,
    // The "i" or "m" flags are not used (only "s"), so a prefix compare is exact.
    prefix: literalPrefix(pattern),
    literal: literalPrefix(pattern) === "" ? requiredLiteral(pattern) : "",
    firstChars: firstChars(pattern),
    description: compileTemplate(description, groups, file, `${where}.description`),
    source: compileEndpoint(raw["source"], groups, file, `${where}.source`),
    target: compileEndpoint(raw["target"], groups, file, `${where}.target`),
    remember: compileRemember(raw["remember"], groups, file, `${where}.remember`),
    session: typeof session === "string" ? compileTemplate(session, groups, file, `${where}.session`) : undefined,
    alert,
    recall: recall !== false,
    recallRequired: recall === "required",
  };
}

/** Rule files are small: a bigger one is a mistake (or /dev/zero), refused before reading. */
export const MAX_RULE_FILE_BYTES = 1024 * 1024;

/** Reads one rule file: a YAML/JSON mapping with a `rules` list. */
export function loadRuleFile(file: string): CompiledRule[] {
  return loadRuleSetFile(file).rules;
}

/** One rule file's rules and, when it declares one, its program's own log format. */
export interface LoadedRuleFile {
  readonly rules: CompiledRule[];
  readonly logformat: CompiledLogFormat | undefined;
}

function ruleFileRefused(file: string, refusal: HostFileError): IdmefError {
  if (refusal.kind === "not-regular") return new IdmefError("CONFIG_ERROR", `syslog rule file ${file} is not a regular file`);
  if (refusal.kind === "unavailable")
    return new IdmefError("CONFIG_ERROR", `syslog rule file ${file} cannot be read here: rule files need the command line`);
  return new IdmefError(
    "CONFIG_ERROR",
    refusal.size === undefined
      ? `syslog rule file ${file} is over the ${MAX_RULE_FILE_BYTES}-byte limit for rule files`
      : `syslog rule file ${file} is ${refusal.size} bytes, over the ${MAX_RULE_FILE_BYTES}-byte limit for rule files`,
  );
}

/** Reads one rule file: its `rules` list and an optional `logformat` (docs/mapping-applog.md). */
export function loadRuleSetFile(file: string): LoadedRuleFile {
  let text: string;
  try {
    text = readRegularTextFile(file, MAX_RULE_FILE_BYTES);
  } catch (error) {
    if (error instanceof HostFileError) throw ruleFileRefused(file, error);
    throw new IdmefError("CONFIG_ERROR", `cannot read syslog rule file ${file}: ${(error as Error).message}`, { cause: error });
  }
  let doc: unknown;
  try {
    // JSON is YAML too; `uniqueKeys` rejects a rule written twice by mistake.
    doc = parseYaml(text, { uniqueKeys: true, maxAliasCount: 100 });
  } catch (error) {
    throw new IdmefError("CONFIG_ERROR", `${file}: not valid YAML: ${(error as Error).message}`, { cause: error });
  }
  if (!isRecord(doc) || !Array.isArray(doc["rules"])) throw ruleError(file, "top level", "must be a mapping with a `rules` list");
  for (const key of Object.keys(doc))
    if (key !== "rules" && key !== "logformat") throw ruleError(file, "top level", `unknown key "${key}" (use rules, logformat)`);
  return {
    rules: doc["rules"].map((rule, i) => compileRule(rule, file, i)),
    logformat: doc["logformat"] === undefined ? undefined : compileLogFormat(doc["logformat"], file),
  };
}

/** Checks and compiles rule files already parsed (the built-ins come pre-parsed from YAML). */
export function compileRuleFile(file: string, rules: readonly unknown[]): CompiledRule[] {
  return rules.map((rule, i) => compileRule(rule, file, i));
}
