// The characters a message can start with for a `^`-anchored rule pattern to match it, read from
// the pattern's text: `^(?:error: )?Received disconnect` can only match a message that starts
// with 'e' or 'R'. The rule engine tries a message only against the rules whose set holds its
// first character (most rules start with an optional prefix or an alternation, so their literal
// start alone, `literalPrefix`, says nothing). The answer may be wider than the truth, never
// narrower: anything this reader does not follow (`.`, negated classes, `\S`, back-references,
// inline flags) means "any character".

/** The possible first characters (UTF-16 code units), or undefined for "any". */
export type FirstChars = ReadonlySet<number> | undefined;

/** Above this many characters a set saves little: it is given up as "any". */
const MAX_SET = 96;

interface Reading {
  /** The possible first characters of what was read, or undefined for "any". */
  readonly chars: Set<number> | undefined;
  /** Whether it can match the empty string (so what follows it may come first). */
  readonly nullable: boolean;
  /** The index after it. */
  readonly end: number;
}

/** Thrown inside the reader for syntax it does not follow; the caller answers "any". */
class Unfollowed extends Error {}

function range(from: number, to: number, into: Set<number>): void {
  for (let c = from; c <= to; c++) into.add(c);
}

const DIGITS = new Set<number>();
range(48, 57, DIGITS);
const WORD = new Set<number>(DIGITS);
range(65, 90, WORD);
range(97, 122, WORD);
WORD.add(95);
// `\s`: ECMAScript's WhiteSpace and LineTerminator (the Zs spaces, TAB, VT, FF, BOM, LF, CR, LS, PS).
const SPACE = new Set<number>([9, 10, 11, 12, 13, 32, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff]);
range(0x2000, 0x200a, SPACE);

/** Code of a single-character escape (`\.`, `\t`, `\x41`, `\u0041`), or undefined for a class escape. */
function escapedChar(pattern: string, at: number): { code: number; end: number } | undefined {
  const e = pattern[at + 1];
  if (e === undefined) throw new Unfollowed();
  const simple: Readonly<Record<string, number>> = { t: 9, n: 10, v: 11, f: 12, r: 13, "0": 0 };
  if (e in simple && !(e === "0" && /[0-9]/.test(pattern[at + 2] ?? ""))) return { code: simple[e]!, end: at + 2 };
  if (e === "x" && /^[0-9A-Fa-f]{2}$/.test(pattern.slice(at + 2, at + 4)))
    return { code: parseInt(pattern.slice(at + 2, at + 4), 16), end: at + 4 };
  if (e === "u" && /^[0-9A-Fa-f]{4}$/.test(pattern.slice(at + 2, at + 6)))
    return { code: parseInt(pattern.slice(at + 2, at + 6), 16), end: at + 6 };
  // Escaped punctuation stands for itself; letters and digits are classes, assertions or references.
  if (/[A-Za-z0-9]/.test(e)) return undefined;
  return { code: e.charCodeAt(0), end: at + 2 };
}

/** A `[...]` class at `at` (which holds '['). */
function readClass(pattern: string, at: number): Reading {
  let i = at + 1;
  if (pattern[i] === "^") throw new Unfollowed(); // negated: nearly anything
  const chars = new Set<number>();
  let first = true;
  for (;;) {
    const c = pattern[i];
    if (c === undefined) throw new Unfollowed();
    if (c === "]" && !first) break;
    first = false;
    let code: number;
    if (c === "\\") {
      const e = pattern[i + 1];
      if (e === "d") {
        for (const d of DIGITS) chars.add(d);
        i += 2;
        continue;
      }
      if (e === "w" || e === "s") {
        for (const w of e === "w" ? WORD : SPACE) chars.add(w);
        i += 2;
        continue;
      }
      if (e === "b") {
        code = 8; // backspace inside a class
        i += 2;
      } else {
        const esc = escapedChar(pattern, i);
        if (esc === undefined) throw new Unfollowed(); // \s, \D, \W, \S, \p ...
        code = esc.code;
        i = esc.end;
      }
    } else {
      code = c.charCodeAt(0);
      i++;
    }
    // A range `a-z` (a '-' before the closing ']' is a plain '-').
    if (pattern[i] === "-" && pattern[i + 1] !== "]" && pattern[i + 1] !== undefined) {
      let to: number;
      if (pattern[i + 1] === "\\") {
        const esc = escapedChar(pattern, i + 1);
        if (esc === undefined) throw new Unfollowed();
        to = esc.code;
        i = esc.end;
      } else {
        to = pattern.charCodeAt(i + 1);
        i += 2;
      }
      if (to < code || to - code > MAX_SET) throw new Unfollowed();
      range(code, to, chars);
    } else {
      chars.add(code);
    }
  }
  return { chars, nullable: false, end: i + 1 };
}

/** One atom at `at`: a character, an escape, a class, a group or `.`, without its quantifier. */
function readAtom(pattern: string, at: number): Reading {
  const c = pattern[at]!;
  if (c === "[") return readClass(pattern, at);
  if (c === "(") return readGroup(pattern, at);
  if (c === ".") return { chars: undefined, nullable: false, end: at + 1 };
  if (c === "^" || c === "$") throw new Unfollowed(); // anchors inside: left alone
  if (c === "\\") {
    const e = pattern[at + 1];
    if (e === "d") return { chars: new Set(DIGITS), nullable: false, end: at + 2 };
    if (e === "w") return { chars: new Set(WORD), nullable: false, end: at + 2 };
    if (e === "s") return { chars: new Set(SPACE), nullable: false, end: at + 2 };
    if (e === "b" || e === "B") return { chars: new Set(), nullable: true, end: at + 2 }; // zero-width
    const esc = escapedChar(pattern, at);
    if (esc === undefined) throw new Unfollowed(); // \s, \S, \D, \W, \1, \k<name>, \p{..}
    return { chars: new Set([esc.code]), nullable: false, end: esc.end };
  }
  if (c === ")" || c === "|" || c === "*" || c === "+" || c === "?" || c === "{") throw new Unfollowed();
  return { chars: new Set([c.charCodeAt(0)]), nullable: false, end: at + 1 };
}

/**
 * The index of the first of `stops` ('|', ')') at the nesting depth of `at`, outside classes and
 * escapes, or the pattern's length when there is none.
 */
function stopAt(pattern: string, at: number, stops: string): number {
  let depth = 0;
  let inClass = false;
  for (let i = at; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\") i++;
    else if (inClass) inClass = c !== "]";
    else if (c === "[") inClass = true;
    else if (c === "(") depth++;
    else if (depth === 0 && stops.includes(c)) return i;
    else if (c === ")") depth--;
  }
  return pattern.length;
}

/** The index after a `(...)` group that starts at `at`, for skipping a lookaround. */
function groupEnd(pattern: string, at: number): number {
  const close = stopAt(pattern, at + 1, ")");
  if (close === pattern.length) throw new Unfollowed();
  return close + 1;
}

/** A group: its alternatives' first characters together. */
function readGroup(pattern: string, at: number): Reading {
  let i = at + 1;
  if (pattern[i] === "?") {
    const kind = pattern[i + 1];
    if (kind === ":") i += 2;
    else if (kind === "=") return readLookahead(pattern, at);
    else if (kind === "!")
      return { chars: new Set(), nullable: true, end: groupEnd(pattern, at) }; // negative lookahead: zero-width, says nothing
    else if (kind === "<" && (pattern[i + 2] === "=" || pattern[i + 2] === "!"))
      return { chars: new Set(), nullable: true, end: groupEnd(pattern, at) }; // lookbehind
    else if (kind === "<") {
      const close = pattern.indexOf(">", i);
      if (close < 0) throw new Unfollowed();
      i = close + 1;
    } else throw new Unfollowed(); // inline flags and anything newer
  }
  const alternatives = readAlternatives(pattern, i);
  if (pattern[alternatives.end] !== ")") throw new Unfollowed();
  return { ...alternatives, end: alternatives.end + 1 };
}

/**
 * A positive lookahead `(?=...)` at `at`: it consumes nothing, but the text where it stands must
 * start with one of its own first characters, so a sequence that reaches it cannot start with
 * anything else (`^(?=time=")` needs a 't', `^(?:x )?(?=Failed |Accepted )` an 'x', 'F' or 'A').
 * A lookahead this reader does not follow, or one that can match the empty string, says nothing.
 */
function readLookahead(pattern: string, at: number): Reading {
  const end = groupEnd(pattern, at);
  try {
    const inner = readAlternatives(pattern, at + 3);
    if (inner.end === end - 1 && !inner.nullable && inner.chars !== undefined) return { chars: inner.chars, nullable: false, end };
  } catch (error) {
    if (!(error instanceof Unfollowed)) throw error;
  }
  return { chars: new Set(), nullable: true, end };
}

/** Alternatives from `at` up to an unmatched ')' or the end. */
function readAlternatives(pattern: string, at: number): Reading {
  let chars: Set<number> | undefined = new Set();
  let nullable = false;
  let i = at;
  for (;;) {
    const branch = readSequence(pattern, i);
    if (branch.chars === undefined) chars = undefined;
    else if (chars !== undefined) for (const c of branch.chars) chars.add(c);
    nullable ||= branch.nullable;
    i = branch.end;
    if (pattern[i] !== "|") return { chars, nullable, end: i };
    i++;
  }
}

/** The index after a quantifier at `at`, and whether it allows zero repetitions; `at` itself when there is none. */
function readQuantifier(pattern: string, at: number): { end: number; optional: boolean } {
  const q = pattern[at];
  let end = at;
  let optional = false;
  if (q === "?" || q === "*") {
    end = at + 1;
    optional = true;
  } else if (q === "+") {
    end = at + 1;
  } else if (q === "{") {
    const m = /^\{(\d+)(,\d*)?\}/.exec(pattern.slice(at));
    if (m === null) throw new Unfollowed(); // a literal '{': not followed here
    end = at + m[0].length;
    optional = Number(m[1]) === 0;
  }
  if (end > at && pattern[end] === "?") end++; // lazy
  return { end, optional };
}

/** A sequence of atoms up to '|', an unmatched ')' or the end. */
function readSequence(pattern: string, at: number): Reading {
  const chars = new Set<number>();
  let i = at;
  while (i < pattern.length && pattern[i] !== "|" && pattern[i] !== ")") {
    const atom = readAtom(pattern, i);
    const q = readQuantifier(pattern, atom.end);
    if (atom.chars === undefined) return { chars: undefined, nullable: false, end: skipSequence(pattern, q.end) };
    for (const c of atom.chars) chars.add(c);
    if (!(atom.nullable || q.optional)) return { chars, nullable: false, end: skipSequence(pattern, q.end) };
    i = q.end;
  }
  return { chars, nullable: true, end: i };
}

/** The index of the '|' or ')' (or the end) that ends the sequence going on at `at`. */
function skipSequence(pattern: string, at: number): number {
  return stopAt(pattern, at, "|)");
}

/**
 * The characters a message must start with for `pattern` (compiled with the "s" flag only) to
 * match it, or undefined when it may start with any (not `^`-anchored, a part this reader does not
 * follow, a pattern that matches the empty string, or a set too large to be worth it).
 */
export function firstChars(pattern: string): FirstChars {
  if (!pattern.startsWith("^")) return undefined;
  try {
    const whole = readAlternatives(pattern, 1);
    // A ')' with no '(' (a syntax error the RegExp would have refused) or a top-level `|`: the
    // `^` then belongs to the first branch only, and the others may start anywhere.
    if (whole.end !== pattern.length || hasTopLevelBar(pattern)) return undefined;
    if (whole.nullable || whole.chars === undefined || whole.chars.size > MAX_SET) return undefined;
    return whole.chars;
  } catch (error) {
    if (error instanceof Unfollowed) return undefined;
    throw error;
  }
}

/** True for `^a|b`: a `|` outside every group, so the `^` and what follows belong to one branch only. */
export function hasTopLevelBar(pattern: string): boolean {
  return stopAt(pattern, 0, "|") < pattern.length;
}
