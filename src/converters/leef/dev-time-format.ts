// LEEF's devTime read with its devTimeFormat (a Java SimpleDateFormat pattern such as
// "MMM dd yyyy HH:mm:ss.SSS zzz"): the pattern is compiled into one anchored regular expression of
// fixed-width or bounded fields, no nested quantifiers, so a hostile value cannot make it backtrack.
import { normalizeTimestamp } from "../../core/timestamps.js";
import { ZONE_ABBREVIATIONS } from "../syslog/header-stamp.js";

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

type Part = "year" | "year2" | "month" | "monthName" | "day" | "hour" | "minute" | "second" | "fraction" | "zone" | "ampm" | "hour12";

interface CompiledFormat {
  readonly regex: RegExp;
  readonly parts: readonly Part[];
}

const TOKENS: readonly (readonly [RegExp, Part | undefined, string])[] = [
  [/^y{4,}/, "year", "(\\d{4})"],
  [/^y{1,3}/, "year2", "(\\d{2})"],
  [/^M{3,}/, "monthName", "([A-Za-z]{3,9})"],
  [/^M{1,2}/, "month", "(\\d{1,2})"],
  [/^d{1,2}/, "day", "(\\d{1,2})"],
  [/^H{1,2}/, "hour", "(\\d{1,2})"],
  [/^h{1,2}/, "hour12", "(\\d{1,2})"],
  [/^m{1,2}/, "minute", "(\\d{1,2})"],
  [/^s{1,2}/, "second", "(\\d{1,2})"],
  [/^S{1,9}/, "fraction", "(\\d{1,9})"],
  [/^a/, "ampm", "([AaPp][Mm])"],
  [/^(?:z{1,4}|Z{1,4}|X{1,3}|x{1,3})/, "zone", "([A-Za-z]{1,5}(?:[+-]\\d{1,2}(?::?\\d{2})?)?|[+-]\\d{2}(?::?\\d{2})?|Z)"],
  [/^E{1,4}/, undefined, "[A-Za-z]{2,9}"],
];

function escapeLiteral(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const compiled = new Map<string, CompiledFormat | undefined>();
// A stream writes one devTimeFormat on every line: the last one asked for is kept at hand.
let lastPattern: string | undefined;
let lastCompiled: CompiledFormat | undefined;

function compile(pattern: string): CompiledFormat | undefined {
  if (pattern === lastPattern) return lastCompiled;
  lastPattern = pattern;
  lastCompiled = compiledFormat(pattern);
  return lastCompiled;
}

function compiledFormat(pattern: string): CompiledFormat | undefined {
  if (compiled.has(pattern)) return compiled.get(pattern);
  let rest = pattern;
  let source = "^";
  const parts: Part[] = [];
  let ok = pattern.length > 0 && pattern.length <= 64;
  while (ok && rest.length > 0) {
    if (rest.startsWith("'")) {
      const end = rest.indexOf("'", 1);
      if (end < 0) ok = false;
      else {
        source += end === 1 ? "'" : escapeLiteral(rest.slice(1, end));
        rest = rest.slice(end + 1);
      }
      continue;
    }
    const token = TOKENS.find(([re]) => re.test(rest));
    if (token !== undefined) {
      const length = token[0].exec(rest)![0].length;
      source += token[2];
      if (token[1] !== undefined) parts.push(token[1]);
      rest = rest.slice(length);
    } else if (/^[A-Za-z]/.test(rest)) {
      ok = false; // a pattern letter this reader does not know
    } else {
      // Senders write "Apr-07-2019" under "MMM dd yyyy": space, '-' and '/' stand for one another.
      source += " -/".includes(rest[0]!) ? "[ /-]+" : escapeLiteral(rest[0]!);
      rest = rest.slice(1);
    }
  }
  const result = ok ? { regex: new RegExp(`${source}$`), parts } : undefined;
  if (compiled.size < 256) compiled.set(pattern, result);
  return result;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** The zone as "Z"/"+hh:mm", or undefined when the text names none this reader knows. */
function zoneOffset(text: string): string | undefined {
  if (text === "Z") return "Z";
  const m = /^([A-Za-z]{0,5})(?:([+-])(\d{1,2})(?::?(\d{2}))?)?$/.exec(text);
  if (m === null) return undefined;
  const [, name, sign, hours, minutes] = m;
  if (sign !== undefined) return `${sign}${pad(Number(hours))}:${minutes ?? "00"}`;
  const upper = (name ?? "").toUpperCase();
  if (upper === "UTC" || upper === "GMT" || upper === "Z") return "Z";
  const known = ZONE_ABBREVIATIONS.get(upper);
  return known !== undefined && /^(Z|[+-]\d{2}:\d{2})$/.test(known) ? known : undefined;
}

/**
 * devTime as RFC 3339 by its devTimeFormat; undefined when the pattern is not one this reader
 * compiles or the value does not fit it (the caller then tries the other forms). A value without
 * zone takes `timezone`, else the machine's zone.
 */
export function readWithDateFormat(value: string, pattern: string, timezone: string | undefined): string | undefined {
  const format = compile(pattern.trim());
  if (format === undefined || value.length > 64) return undefined;
  const m = format.regex.exec(value.trim());
  if (m === null) return undefined;
  let year: number | undefined;
  let month: number | undefined;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let fraction = "";
  let zone: string | undefined;
  let pm: boolean | undefined;
  for (let i = 0; i < format.parts.length; i++) {
    const part = format.parts[i]!;
    const text = m[i + 1]!;
    if (part === "year") year = Number(text);
    else if (part === "year2") year = 2000 + Number(text);
    else if (part === "month") month = Number(text);
    else if (part === "monthName") month = MONTHS.indexOf(text.slice(0, 3).toLowerCase()) + 1;
    else if (part === "day") day = Number(text);
    else if (part === "hour" || part === "hour12") hour = Number(text);
    else if (part === "minute") minute = Number(text);
    else if (part === "second") second = Number(text);
    else if (part === "fraction") fraction = `.${text}`;
    else if (part === "zone") zone = zoneOffset(text);
    else pm = text.toLowerCase() === "pm";
  }
  if (pm !== undefined) hour = (hour % 12) + (pm ? 12 : 0);
  if (
    year === undefined ||
    month === undefined ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > 31 ||
    hour > 23 ||
    minute > 59 ||
    second > 60
  )
    return undefined;
  const local = `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}${fraction}`;
  if (zone !== undefined) return local + zone;
  // No zone in the value: the option's, else the machine's (as for syslog headers).
  try {
    return normalizeTimestamp(local, { timezone: timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone });
  } catch {
    return undefined;
  }
}
