// Where a JSON text goes wrong: JSON.parse in Node 20 names the position for only some errors, so a
// small linear scan finds the offset, and the line and column, of the first syntax error.

export interface JsonSyntaxPlace {
  /** 0-based offset into the text. */
  readonly offset: number;
  /** 1-based line and column (columns count UTF-16 code units, as editors do for BMP text). */
  readonly line: number;
  readonly column: number;
  readonly reason: string;
}

/** 1-based line and column of a 0-based offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

class JsonScanError extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

const WHITESPACE = new Set([" ", "\t", "\n", "\r"]);
const LITERALS = ["true", "false", "null"] as const;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?/y;

function describe(text: string, i: number): string {
  if (i >= text.length) return "unexpected end of input";
  return `unexpected ${JSON.stringify(text[i])}`;
}

/** Scans `text` as JSON; returns undefined when it is well-formed, else the first error's place. */
export function findJsonSyntaxError(text: string): JsonSyntaxPlace | undefined {
  let i = 0;
  const skip = (): void => {
    while (i < text.length && WHITESPACE.has(text[i]!)) i++;
  };
  const fail = (reason?: string): never => {
    throw new JsonScanError(i, reason ?? describe(text, i));
  };
  const string = (): void => {
    i++; // opening quote
    for (;;) {
      if (i >= text.length) fail("unterminated string");
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c < 0x20) fail("control character in string (escape it)");
      if (c === 0x5c) {
        const next = text[i + 1];
        if (next === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail("bad \\u escape in string");
          i += 6;
        } else if (next !== undefined && '"\\/bfnrt'.includes(next)) {
          i += 2;
        } else {
          i++;
          fail("bad escape in string");
        }
      } else {
        i++;
      }
    }
  };
  // An explicit stack instead of recursion: deeply nested input cannot overflow the call stack.
  const value = (): void => {
    const stack: ("{" | "[")[] = [];
    for (;;) {
      skip();
      const c = text[i];
      if (c === "{" || c === "[") {
        stack.push(c);
        i++;
        skip();
        if (text[i] === (c === "{" ? "}" : "]")) {
          stack.pop();
          i++;
        } else {
          if (c === "{") {
            if (text[i] !== '"') fail(`${describe(text, i)}: expected a property name in double quotes`);
            string();
            skip();
            if (text[i] !== ":") fail(`${describe(text, i)}: expected ':'`);
            i++;
          }
          continue;
        }
      } else if (c === '"') {
        string();
      } else if (c !== undefined && (c === "-" || (c >= "0" && c <= "9"))) {
        NUMBER.lastIndex = i;
        if (!NUMBER.test(text)) fail("bad number");
        i = NUMBER.lastIndex;
      } else {
        const literal = LITERALS.find((l) => text.startsWith(l, i));
        if (literal === undefined) fail();
        i += literal!.length;
      }
      // After a value: close containers or go on with the next member.
      for (;;) {
        const top = stack[stack.length - 1];
        if (top === undefined) return;
        skip();
        const close = top === "{" ? "}" : "]";
        if (text[i] === close) {
          stack.pop();
          i++;
          continue;
        }
        if (text[i] !== ",") fail(`${describe(text, i)}: expected ',' or '${close}'`);
        i++;
        if (top === "{") {
          skip();
          if (text[i] !== '"') fail(`${describe(text, i)}: expected a property name in double quotes`);
          string();
          skip();
          if (text[i] !== ":") fail(`${describe(text, i)}: expected ':'`);
          i++;
        }
        break;
      }
    }
  };
  try {
    value();
    skip();
    if (i < text.length) fail(`${describe(text, i)} after the end of the JSON value`);
    return undefined;
  } catch (error) {
    if (!(error instanceof JsonScanError)) throw error;
    return { offset: error.offset, ...lineAndColumn(text, error.offset), reason: error.reason };
  }
}
