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
    scrub(value, dropped);
  }
  return { value, dropped };
}

/** A step on the way from the root to a value; pointers are built only for dropped keys. */
interface PathStep {
  readonly parent: PathStep | undefined;
  readonly token: string;
}

function pointerOf(step: PathStep | undefined): string {
  const tokens: string[] = [];
  for (let s = step; s !== undefined; s = s.parent) tokens.push(s.token.replace(/~/g, "~0").replace(/\//g, "~1"));
  return tokens.reverse().map((t) => `/${t}`).join("");
}

// Iterative, with an explicit stack: JSON.parse accepts nesting far deeper than the call stack.
function scrub(root: unknown, dropped: string[]): void {
  const stack: { value: unknown; path: PathStep | undefined }[] = [{ value: root, path: undefined }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (value === null || typeof value !== "object") continue;
    const children: { value: unknown; path: PathStep }[] = [];
    if (Array.isArray(value)) {
      value.forEach((item, i) => children.push({ value: item, path: { parent: path, token: String(i) } }));
    } else {
      const record = value as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        const step = { parent: path, token: key };
        if (FORBIDDEN_KEYS.has(key)) {
          delete record[key];
          dropped.push(pointerOf(step));
        } else {
          children.push({ value: record[key], path: step });
        }
      }
    }
    // Reversed, so that values are visited (and dropped keys listed) in document order.
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
}
