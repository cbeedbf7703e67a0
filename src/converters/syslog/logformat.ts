// A program's own log line format, declared as data in its rule file (`logformat:`): the prefix
// before the message (a regex with named groups), how its time is written, and the syslog tags
// under which the same program logs. Compiled once; the applog reader and the syslog converter
// use it (see docs/mapping-applog.md).
import { IdmefError } from "../../core/errors.js";
import { scanHeaderStamp, scanZone, type RawStamp } from "./header-stamp.js";
import { monthNumber } from "./syslog-time.js";
import { firstChars, type FirstChars } from "./first-chars.js";

/** One line form of a program's log file. */
export interface LogLineSpec {
  /** Anchored regex (`^...`) over the start of the line; the rest of the line is the message. */
  readonly prefix: string;
  /** How the `time` group is written: "auto" (any common form, the default) or a token pattern. */
  readonly time?: string;
  /** Template over the prefix's groups put before the message (`'{process}: '`). */
  readonly message?: string;
}

export interface LogFormatSpec {
  /** The program name the rules list in `programs` and `-O program=` names. */
  readonly program: string;
  /** Other names `-O program=` accepts (`httpd`, `apache2`). */
  readonly aliases?: readonly string[];
  readonly description?: string;
  readonly lines: readonly LogLineSpec[];
  /** Syslog tags this program logs under; their MSG may start with `syslogPrefix` (stripped). */
  readonly syslogTags?: readonly string[];
  /**
   * Anchored regex stripped from the MSG of those syslog lines (the program's own prefix there), or
   * a list of `{ prefix, message }` forms tried in order: the first that fits is cut, and its
   * `message` template put in its place (as for `lines`).
   */
  readonly syslogPrefix?: string | readonly LogLineSpec[];
  /** true: the prefix is loose (a bare ISO stamp): tried after every other format. */
  readonly fallback?: boolean;
}

export type TimeParser = (text: string) => RawStamp | undefined;

export interface CompiledLine {
  readonly regex: RegExp;
  /** The literal start of the prefix (a cheap check before the regex). */
  readonly literal: string;
  /** The characters a line (or message) it reads can start with; undefined: any (first-chars.ts). */
  readonly firstChars: FirstChars;
  readonly time: TimeParser | undefined;
  readonly message: readonly (string | { readonly group: string })[] | undefined;
}

export interface CompiledLogFormat {
  readonly spec: LogFormatSpec;
  readonly file: string;
  readonly names: readonly string[];
  readonly lines: readonly CompiledLine[];
  readonly syslogTags: readonly string[];
  /** The forms of `syslogPrefix` (one for a plain regex), tried in order; no time is read. */
  readonly syslogForms: readonly CompiledLine[];
}

function formatError(file: string, where: string, problem: string): IdmefError {
  return new IdmefError("CONFIG_ERROR", `${file}: logformat${where === "" ? "" : ` ${where}`}: ${problem}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function stringList(value: unknown, file: string, where: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string" && v !== ""))
    throw formatError(file, where, "must be a list of names");
  return value as string[];
}

function anchoredRegex(text: unknown, file: string, where: string): RegExp {
  if (typeof text !== "string" || !text.startsWith("^")) throw formatError(file, where, "must be a regular expression anchored with ^");
  try {
    return new RegExp(text, "s");
  } catch (error) {
    throw formatError(file, where, `is not a valid regular expression: ${(error as Error).message}`);
  }
}

/** The literal characters a `^` regex starts with (escaped punctuation included). */
function literalStart(pattern: string): string {
  let out = "";
  for (let i = 1; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\") {
      const e = pattern[i + 1];
      if (e === undefined || /[A-Za-z0-9]/.test(e)) break;
      if ("?*+{".includes(pattern[i + 2] ?? "")) break;
      out += e;
      i++;
      continue;
    }
    if ("^$.|?*+()[]{}".includes(c)) break;
    if ("?*+{".includes(pattern[i + 1] ?? "")) break;
    out += c;
  }
  return out;
}

const TOKENS = ["YYYY", "YY", "MMM", "MM", "M", "DD", "D", "hh", "h", "mm", "ss", "EEE", "f", "Z"] as const;
type Token = (typeof TOKENS)[number];
type Step = { readonly token: Token } | { readonly literal: string } | { readonly optional: readonly Step[] };

function parsePattern(pattern: string, file: string, where: string): Step[] {
  const steps: Step[] = [];
  let i = 0;
  while (i < pattern.length) {
    if (pattern[i] === "[") {
      const close = pattern.indexOf("]", i);
      if (close < 0) throw formatError(file, where, `unclosed '[' in time pattern ${JSON.stringify(pattern)}`);
      steps.push({ optional: parsePattern(pattern.slice(i + 1, close), file, where) });
      i = close + 1;
      continue;
    }
    const token = TOKENS.find((t) => pattern.startsWith(t, i));
    if (token !== undefined) {
      steps.push({ token });
      i += token.length;
    } else {
      steps.push({ literal: pattern[i]! });
      i++;
    }
  }
  return steps;
}

interface TimeParts {
  year?: number;
  month?: number;
  day?: number;
  hour?: number;
  minute?: number;
  second?: number;
  fraction: string;
  zone?: string;
}

function num(text: string, at: number, min: number, max: number): { value: number; end: number } | undefined {
  let i = at;
  while (i < text.length && i - at < max && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
  return i - at < min ? undefined : { value: Number(text.slice(at, i)), end: i };
}

function runSteps(steps: readonly Step[], text: string, at: number, parts: TimeParts): number {
  let pos = at;
  for (const step of steps) {
    if ("optional" in step) {
      const copy = { ...parts };
      const end = runSteps(step.optional, text, pos, copy);
      if (end >= 0) {
        Object.assign(parts, copy);
        pos = end;
      }
      continue;
    }
    if ("literal" in step) {
      if (step.literal === " ") {
        if (text[pos] !== " ") return -1;
        while (text[pos] === " ") pos++;
      } else if (text[pos] === step.literal) pos++;
      else return -1;
      continue;
    }
    let read: { value: number; end: number } | undefined;
    switch (step.token) {
      case "YYYY":
        read = num(text, pos, 4, 4);
        if (read) parts.year = read.value;
        break;
      case "YY":
        read = num(text, pos, 2, 2);
        if (read) parts.year = 2000 + read.value;
        break;
      case "MMM": {
        const m = monthNumber(text, pos);
        if (m === 0) return -1;
        parts.month = m;
        pos += 3;
        continue;
      }
      case "MM":
        read = num(text, pos, 2, 2);
        if (read) parts.month = read.value;
        break;
      case "M":
        read = num(text, pos, 1, 2);
        if (read) parts.month = read.value;
        break;
      case "DD":
        read = num(text, pos, 2, 2);
        if (read) parts.day = read.value;
        break;
      case "D":
        if (text[pos] === " ") pos++;
        read = num(text, pos, 1, 2);
        if (read) parts.day = read.value;
        break;
      case "hh":
        read = num(text, pos, 2, 2);
        if (read) parts.hour = read.value;
        break;
      case "h":
        if (text[pos] === " ") pos++;
        read = num(text, pos, 1, 2);
        if (read) parts.hour = read.value;
        break;
      case "mm":
        read = num(text, pos, 2, 2);
        if (read) parts.minute = read.value;
        break;
      case "ss":
        read = num(text, pos, 2, 2);
        if (read) parts.second = read.value;
        break;
      case "f":
        read = num(text, pos, 1, 9);
        if (read) parts.fraction = `.${text.slice(pos, read.end)}`;
        break;
      case "EEE": {
        let e = pos;
        while (e < text.length && e - pos < 9 && /[A-Za-z]/.test(text[e]!)) e++;
        if (e - pos < 3) return -1;
        pos = e;
        continue;
      }
      case "Z": {
        const z = scanZone(text, pos);
        if (z === undefined) return -1;
        parts.zone = z.zone;
        pos = z.end;
        continue;
      }
    }
    if (read === undefined) return -1;
    pos = read.end;
  }
  return pos;
}

/** A parser for a time pattern such as `DD-MMM-YYYY hh:mm:ss[.f]` (see docs/mapping-applog.md). */
export function compileTimePattern(pattern: string, file = "(time pattern)", where = "time"): TimeParser {
  if (pattern === "auto") {
    return (text) => {
      const stamp = scanHeaderStamp(text, 0);
      return stamp !== undefined && stamp.end >= text.trimEnd().length ? stamp : undefined;
    };
  }
  const steps = parsePattern(pattern, file, where);
  const tokens = JSON.stringify(steps);
  for (const needed of ["hh", "mm"]) {
    if (!tokens.includes(`"${needed}"`) && !(needed === "hh" && tokens.includes('"h"')))
      throw formatError(file, where, `time pattern ${JSON.stringify(pattern)} has no ${needed}`);
  }
  return (text) => {
    const parts: TimeParts = { fraction: "" };
    const end = runSteps(steps, text, 0, parts);
    if (end < 0 || end < text.trimEnd().length) return undefined;
    const { month, day, hour, minute } = parts;
    if (month === undefined || day === undefined || hour === undefined || minute === undefined) return undefined;
    const second = parts.second ?? 0;
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
    return {
      year: parts.year,
      month,
      day,
      hour,
      minute,
      second,
      fraction: parts.fraction,
      zone: parts.zone,
      epochMs: undefined,
      instant: undefined,
      end,
    };
  };
}

function compileMessageTemplate(text: unknown, groups: ReadonlySet<string>, file: string, where: string): CompiledLine["message"] {
  if (text === undefined) return undefined;
  if (typeof text !== "string") throw formatError(file, where, "must be a string template");
  const parts: (string | { group: string })[] = [];
  let pos = 0;
  while (pos < text.length) {
    const open = text.indexOf("{", pos);
    if (open < 0) {
      parts.push(text.slice(pos));
      break;
    }
    const close = text.indexOf("}", open);
    if (close < 0) throw formatError(file, where, `unclosed '{' in ${JSON.stringify(text)}`);
    if (open > pos) parts.push(text.slice(pos, open));
    const group = text.slice(open + 1, close);
    if (!groups.has(group)) throw formatError(file, where, `names group {${group}}, which the prefix does not define`);
    parts.push({ group });
    pos = close + 1;
  }
  return parts;
}

const FORMAT_KEYS = new Set(["program", "aliases", "description", "lines", "syslogTags", "syslogPrefix", "fallback"]);
const LINE_KEYS = new Set(["prefix", "time", "message"]);

function compileLine(line: unknown, file: string, where: string, withTime: boolean): CompiledLine {
  if (!isRecord(line))
    throw formatError(file, where, withTime ? "must be a mapping with prefix (and time)" : "must be a mapping with prefix");
  for (const key of Object.keys(line))
    if (!LINE_KEYS.has(key) || (!withTime && key === "time")) throw formatError(file, where, `unknown key "${key}"`);
  const regex = anchoredRegex(line["prefix"], file, `${where}.prefix`);
  const groups = new Set([...(line["prefix"] as string).matchAll(/\(\?<([A-Za-z_][A-Za-z0-9_]*)>/g)].map((m) => m[1]!));
  const time = line["time"] ?? "auto";
  if (typeof time !== "string") throw formatError(file, `${where}.time`, 'must be a time pattern or "auto"');
  return {
    regex,
    literal: literalStart(line["prefix"] as string),
    firstChars: firstChars(line["prefix"] as string),
    time: withTime && groups.has("time") ? compileTimePattern(time, file, `${where}.time`) : undefined,
    message: compileMessageTemplate(line["message"], groups, file, `${where}.message`),
  };
}

/** `syslogPrefix`: one regex, or a list of `{ prefix, message }` forms (no time: syslog gave it). */
function compileSyslogForms(raw: unknown, file: string): CompiledLine[] {
  if (raw === undefined) return [];
  if (typeof raw === "string") return [compileLine({ prefix: raw }, file, "syslogPrefix", false)];
  if (!Array.isArray(raw)) throw formatError(file, "syslogPrefix", "must be a regular expression or a list of { prefix, message }");
  return raw.map((form: unknown, i: number) => compileLine(form, file, `syslogPrefix[${i}]`, false));
}

/** Checks a `logformat:` mapping and compiles it; errors name the file and the problem. */
export function compileLogFormat(raw: unknown, file: string): CompiledLogFormat {
  if (!isRecord(raw)) throw formatError(file, "", "must be a mapping");
  for (const key of Object.keys(raw)) if (!FORMAT_KEYS.has(key)) throw formatError(file, "", `unknown key "${key}"`);
  const program = raw["program"];
  if (typeof program !== "string" || !/^[a-z0-9][a-z0-9_.-]*$/.test(program))
    throw formatError(file, "program", "must be a lower-case program name");
  const aliases = stringList(raw["aliases"], file, "aliases");
  const syslogTags = stringList(raw["syslogTags"], file, "syslogTags");
  const lines = raw["lines"] ?? [];
  if (!Array.isArray(lines)) throw formatError(file, "lines", "must be a list");
  const compiled = lines.map((line: unknown, i: number) => compileLine(line, file, `lines[${i}]`, true));
  if (raw["fallback"] !== undefined && typeof raw["fallback"] !== "boolean") throw formatError(file, "fallback", "must be true or false");
  const syslogForms = compileSyslogForms(raw["syslogPrefix"], file);
  const spec = raw as unknown as LogFormatSpec;
  return { spec, file, names: [program, ...aliases], lines: compiled, syslogTags, syslogForms };
}
