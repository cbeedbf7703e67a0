// JSON parsing for untrusted input: keys that could reach a prototype never make it into the result.

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/**
 * JSON.parse, then drop every `__proto__`, `constructor` and `prototype` key at any depth, so that
 * later merging or spreading of the value cannot pollute Object.prototype. Returns the value and
 * the pointers of the keys dropped, so a caller can report them.
 */
/** The problem a dropped key becomes when a message is validated: it is reported, never silently lost. */
export function forbiddenKeyMessage(pointer: string): string {
  const key = pointer.slice(pointer.lastIndexOf("/") + 1);
  return `key "${key}" is not allowed (it could reach an object prototype); it was removed`;
}

export function parseJsonSafely(text: string): { value: unknown; dropped: string[] } {
  const value: unknown = JSON.parse(text);
  const dropped: string[] = [];
  // A key may also be spelled with escapes ("\u005f_proto__"), which JSON.parse decodes: any
  // backslash-u in the text means the keys must be looked at too.
  if (text.includes("__proto__") || text.includes("constructor") || text.includes("prototype") || text.includes("\\u")) {
    scrub(value, "", dropped);
  }
  return { value, dropped };
}

function scrub(value: unknown, pointer: string, dropped: string[]): void {
  if (value === null || typeof value !== "object") return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => scrub(item, `${pointer}/${i}`, dropped));
    return;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const child = `${pointer}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`;
    if (FORBIDDEN_KEYS.has(key)) {
      delete record[key];
      dropped.push(child);
    } else {
      scrub(record[key], child, dropped);
    }
  }
}
