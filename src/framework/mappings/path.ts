// Paths into a record for declarative mappings: `$.alert.signature`, `$.ports[0]`, `$.hosts[*].ip`,
// `$["odd key"]`, and `@.field` for the current element inside `each`. Compiled once; evaluation
// reads own properties only, so no path can reach a prototype.

const FORBIDDEN = new Set(["__proto__", "prototype", "constructor"]);

type Segment = { readonly key: string } | { readonly index: number } | { readonly wildcard: true };

export interface CompiledPath {
  readonly text: string;
  /** "$": the record; "@": the element of the enclosing `each`. */
  readonly root: "$" | "@";
  readonly segments: readonly Segment[];
  /** True when a `[*]` makes the result a list of every match. */
  readonly many: boolean;
}

export class PathSyntaxError extends Error {}

export function isPathText(text: string): boolean {
  return text === "$" || text === "@" || /^[$@][.[]/.test(text);
}

/** Parses a path; throws PathSyntaxError saying where it is wrong. */
export function compilePath(text: string): CompiledPath {
  const root = text[0];
  if (root !== "$" && root !== "@") throw new PathSyntaxError(`path ${JSON.stringify(text)} must start with $ or @`);
  const segments: Segment[] = [];
  let i = 1;
  const fail = (what: string): never => {
    throw new PathSyntaxError(`path ${JSON.stringify(text)}: ${what} at character ${i + 1}`);
  };
  while (i < text.length) {
    const c = text[i];
    if (c === ".") {
      const match = /^[A-Za-z_$@][\w$@-]*/.exec(text.slice(i + 1));
      if (match === null) fail("expected a field name after '.'");
      segments.push({ key: match![0] });
      i += 1 + match![0].length;
    } else if (c === "[") {
      const rest = text.slice(i + 1);
      let match: RegExpExecArray | null;
      if ((match = /^(\d+)\]/.exec(rest)) !== null) {
        segments.push({ index: Number(match[1]) });
      } else if ((match = /^\*\]/.exec(rest)) !== null) {
        segments.push({ wildcard: true });
      } else if ((match = /^"((?:[^"\\]|\\.)*)"\]/.exec(rest) ?? /^'([^']*)'\]/.exec(rest)) !== null) {
        segments.push({ key: match[0].startsWith('"') ? (JSON.parse(`"${match[1]}"`) as string) : match[1]! });
      } else {
        fail('expected [number], [*] or ["key"]');
      }
      i += 1 + match![0].length;
    } else {
      fail(`unexpected ${JSON.stringify(c)}`);
    }
  }
  for (const segment of segments) {
    if ("key" in segment && FORBIDDEN.has(segment.key)) {
      throw new PathSyntaxError(`path ${JSON.stringify(text)}: "${segment.key}" is not allowed (prototype access)`);
    }
  }
  return { text, root, segments, many: segments.some((s) => "wildcard" in s) };
}

/**
 * The value at the path, or undefined when any step is missing (never an exception: a missing
 * field is normal). With `[*]`, an array of every match (missing ones left out).
 */
export function readPath(path: CompiledPath, root: unknown): unknown {
  let current: unknown[] = [root];
  for (const segment of path.segments) {
    const next: unknown[] = [];
    for (const value of current) {
      if ("wildcard" in segment) {
        // A loop, not push(...value): spreading a huge array overflows the call stack.
        if (Array.isArray(value)) for (const item of value) next.push(item);
      } else if ("index" in segment) {
        if (Array.isArray(value) && segment.index < value.length) next.push(value[segment.index]);
      } else if (value !== null && typeof value === "object" && !Array.isArray(value) && Object.hasOwn(value, segment.key)) {
        next.push((value as Record<string, unknown>)[segment.key]);
      }
    }
    current = next;
  }
  if (path.many) {
    const found = current.filter((v) => v !== undefined && v !== null);
    return found.length > 0 ? found : undefined;
  }
  const value = current[0];
  return value === null ? undefined : value;
}
