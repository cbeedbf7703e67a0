// One rule that matched, as both ModSecurity versions report it: v3's `messages[]` objects and
// v2's `audit_data.messages[]` strings ("Warning. ... [file "..."] [line "98"] [id "930120"] ...").
import { asObject, stringList, text, type JsonObject } from "./fields.js";

export interface RuleHit {
  readonly ruleId: string | undefined;
  readonly message: string | undefined;
  /** What matched ("Matched phrase ... at ARGS:x", v3's `match`). */
  readonly match: string | undefined;
  readonly data: string | undefined;
  /** Syslog-style level 1 (ALERT) .. 7 (DEBUG); undefined when the rule gives none. */
  readonly severity: number | undefined;
  readonly tags: readonly string[];
  readonly file: string | undefined;
  readonly line: string | undefined;
  readonly version: string | undefined;
}

/** ModSecurity's severity names (SecRule severity:...) as the numbers v3 writes. */
const SEVERITY_BY_NAME: Readonly<Record<string, number>> = {
  EMERGENCY: 0,
  ALERT: 1,
  CRITICAL: 2,
  ERROR: 3,
  WARNING: 4,
  NOTICE: 5,
  INFO: 6,
  DEBUG: 7,
};

/**
 * v3 writes "0" both for EMERGENCY and for a rule without severity (its default), and no rule set
 * in use gives EMERGENCY: 0 is read as "none". v2 writes names, which are read as named.
 */
function severityOf(value: string | undefined, zeroMeansNone: boolean): number | undefined {
  if (value === undefined) return undefined;
  const named = Object.hasOwn(SEVERITY_BY_NAME, value.toUpperCase()) ? SEVERITY_BY_NAME[value.toUpperCase()] : undefined;
  const n = named ?? (/^[0-7]$/.test(value) ? Number(value) : undefined);
  if (n === undefined || (n === 0 && zeroMeansNone && named === undefined)) return undefined;
  return n;
}

/** A v3 `messages[]` item: {message, details: {match, ruleId, file, lineNumber, data, severity, ver, tags}}. */
export function ruleHitV3(item: unknown): RuleHit | undefined {
  const object = asObject(item);
  if (object === undefined) return undefined;
  const details = asObject(object["details"]);
  return {
    ruleId: text(details, "ruleId"),
    message: text(object, "message"),
    match: text(details, "match"),
    data: text(details, "data"),
    severity: severityOf(text(details, "severity"), true),
    tags: stringList(details?.["tags"]),
    file: text(details, "file"),
    line: text(details, "lineNumber"),
    version: text(details, "ver"),
  };
}

/** A character of a bracket pair's key: a-z or '_'. */
function isKeyChar(c: number): boolean {
  return (c >= 97 && c <= 122) || c === 95;
}

/**
 * The `[key "value"]` pairs of a v2 message, read left to right in one pass (values may hold \"
 * escapes and brackets); the text before the first pair is what matched.
 */
export function bracketPairs(message: string): { head: string; pairs: [string, string][] } {
  const pairs: [string, string][] = [];
  let head: string | undefined;
  let i = 0;
  while (i < message.length) {
    const open = message.indexOf(" [", i);
    if (open === -1) break;
    let k = open + 2;
    while (k < message.length && isKeyChar(message.charCodeAt(k))) k++;
    if (k === open + 2 || message[k] !== " " || message[k + 1] !== '"') {
      i = open + 2;
      continue;
    }
    // The value runs to the first unescaped quote followed by "]"; a backslash takes the next
    // character as written. Cut in slices between escapes, not built character by character.
    let v = k + 2;
    let value = "";
    let plainFrom = v;
    let closed = false;
    while (v < message.length) {
      const c = message.charCodeAt(v);
      if (c === 92 /* \\ */ && v + 1 < message.length) {
        value += message.slice(plainFrom, v) + message[v + 1]!;
        v += 2;
        plainFrom = v;
      } else if (c === 34 /* " */ && message.charCodeAt(v + 1) === 93 /* ] */) {
        closed = true;
        break;
      } else {
        v++;
      }
    }
    if (!closed) break;
    value += message.slice(plainFrom, v);
    if (head === undefined) head = message.slice(0, open);
    pairs.push([message.slice(open + 2, k), value]);
    i = v + 2;
  }
  return { head: (head ?? message).trim(), pairs };
}

/** A v2 `audit_data.messages[]` string. */
export function ruleHitV2(item: unknown): RuleHit | undefined {
  if (typeof item !== "string" || item === "") return undefined;
  const { head, pairs } = bracketPairs(item);
  const first = (key: string): string | undefined => pairs.find(([k]) => k === key)?.[1] || undefined;
  return {
    ruleId: first("id"),
    message: first("msg"),
    match: head === "" ? undefined : head,
    data: first("data"),
    severity: severityOf(first("severity"), false),
    tags: pairs.filter(([k, v]) => k === "tag" && v !== "").map(([, v]) => v),
    file: first("file"),
    line: first("line"),
    version: first("ver"),
  };
}

export type { JsonObject };
