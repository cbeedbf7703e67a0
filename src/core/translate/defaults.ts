// The config's `defaults`: fields filled in wherever a message lacks them — a site's own name, its
// analyzers' addresses — and what fills a field an older draft requires and the message lacks.
import { copyJson, isPlainObject, type JsonObject } from "./fields.js";
import type { ObjectShape } from "./schema-shape.js";

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Fills `message` from `defaults`, recursively: a missing key gets a copy of the default; an object
 * present in both is filled in turn; an object given for a list of objects fills every item. A key
 * the draft's `shape` has no place for is skipped (a default is site configuration, not content:
 * leaving it out of a draft that cannot hold it loses nothing the message said).
 */
export function applyDefaults(message: JsonObject, defaults: Readonly<Record<string, unknown>>, shape: ObjectShape | undefined): void {
  for (const key of Object.keys(defaults)) {
    if (FORBIDDEN_KEYS.has(key)) continue;
    const field = shape?.properties?.get(key);
    if (shape?.properties !== undefined && field === undefined) continue;
    const given = defaults[key];
    const present = message[key];
    if (present === undefined) {
      // An object given for a list (Sensor: {IP}) describes its items; it makes no item by itself.
      if (field !== undefined && field.arrayDepth > 0 && isPlainObject(given)) continue;
      message[key] = copyJson(given);
    } else if (isPlainObject(present) && isPlainObject(given)) {
      applyDefaults(present, given, field?.object);
    } else if (Array.isArray(present) && isPlainObject(given)) {
      for (const item of present) if (isPlainObject(item)) applyDefaults(item, given, field?.object);
    }
  }
}

/** Why a `defaults` value is unusable, or undefined when it is a plain object (config checking). */
export function defaultsProblem(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) return `"defaults" must be an object of IDMEFv2 fields, e.g. {"Analyzer": {"IP": "192.0.2.10"}}`;
  const bad = findForbiddenKey(value, "");
  return bad === undefined ? undefined : `"defaults" may not use the key ${JSON.stringify(bad)}`;
}

function findForbiddenKey(value: unknown, path: string): string | undefined {
  if (Array.isArray(value)) {
    for (const item of value) {
      const bad = findForbiddenKey(item, path);
      if (bad !== undefined) return bad;
    }
  } else if (isPlainObject(value)) {
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) return `${path}${key}`;
      const bad = findForbiddenKey(value[key], `${path}${key}.`);
      if (bad !== undefined) return bad;
    }
  }
  return undefined;
}
