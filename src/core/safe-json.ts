// JSON parsing for untrusted input: keys that could reach a prototype never make it into the result.

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/**
 * JSON.parse, then drop every `__proto__`, `constructor` and `prototype` key at any depth, so that
 * later merging or spreading of the value cannot pollute Object.prototype. Returns the value and
 * the pointers of the keys dropped, so a caller can report them.
 */
export function parseJsonSafely(text: string): { value: unknown; dropped: string[] } {
  const value: unknown = JSON.parse(text);
  const dropped: string[] = [];
  if (text.includes("__proto__") || text.includes("constructor") || text.includes("prototype")) {
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
