// The named transforms a mapping may apply to a value, as a table: name -> (value, args, ctx).
import { ConversionError } from "../../core/errors.js";
import { isUuid, uuidV5 } from "../../core/ids.js";
import { normalizeTimestamp } from "../../core/timestamps.js";

export type TransformFn = (value: unknown, args: Readonly<Record<string, unknown>>) => unknown;

function text(value: unknown, name: string): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new ConversionError(`transform "${name}" needs a string, got ${Array.isArray(value) ? "an array" : typeof value}`);
}

function eachOrOne(value: unknown, fn: (one: unknown) => unknown): unknown {
  return Array.isArray(value) ? value.map(fn) : fn(value);
}

export const TRANSFORMS: Readonly<Record<string, TransformFn>> = {
  lowercase: (value) => eachOrOne(value, (v) => text(v, "lowercase").toLowerCase()),
  uppercase: (value) => eachOrOne(value, (v) => text(v, "uppercase").toUpperCase()),
  trim: (value) => eachOrOne(value, (v) => text(v, "trim").trim()),
  string: (value) => eachOrOne(value, (v) => text(v, "string")),
  number: (value) =>
    eachOrOne(value, (v) => {
      const n = typeof v === "number" ? v : Number(text(v, "number").trim());
      if (!Number.isFinite(n)) throw new ConversionError(`transform "number": ${JSON.stringify(v)} is not a number`);
      return n;
    }),
  /** `separator` (default ","); empty parts are dropped. */
  split: (value, args) => {
    const separator = typeof args["separator"] === "string" ? args["separator"] : ",";
    return text(value, "split")
      .split(separator)
      .map((part) => part.trim())
      .filter((part) => part !== "");
  },
  /** `separator` (default " "). */
  join: (value, args) => {
    const separator = typeof args["separator"] === "string" ? args["separator"] : " ";
    return (Array.isArray(value) ? value : [value]).map((v) => text(v, "join")).join(separator);
  },
  /** A UUID kept as is; anything else becomes a stable UUID v5 of its text (same input, same ID). */
  uuid: (value) =>
    eachOrOne(value, (v) => {
      const t = text(v, "uuid");
      return isUuid(t) ? t.toLowerCase() : uuidV5(t);
    }),
  /** RFC 3339 as the schema wants; `timezone` (IANA name) for times written without an offset. */
  "normalize-timestamp": (value, args) =>
    normalizeTimestamp(text(value, "normalize-timestamp"), typeof args["timezone"] === "string" ? { timezone: args["timezone"] } : {}),
};
