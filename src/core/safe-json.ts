// JSON parsing for untrusted input: keys that could reach a prototype never make it into the result.

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** The problem a dropped key becomes when a message is validated: it is reported, never silently lost. */
export function forbiddenKeyMessage(pointer: string): string {
  const key = pointer.slice(pointer.lastIndexOf("/") + 1);
  return `key "${key}" is not allowed (it could reach an object prototype); it was removed`;
}

/**
 * A key that appears twice in one object. JSON.parse keeps the last value silently, so a receiver
 * that validates the parsed value but stores the text would store what it never checked
 * (`"Priority":"<script>","Priority":"Medium"`): untrusted JSON with one is refused as malformed.
 */
export class DuplicateKeyError extends SyntaxError {
  readonly pointer: string;
  readonly line: number;
  readonly column: number;

  constructor(pointer: string, key: string, line: number, column: number) {
    super(`duplicate key ${JSON.stringify(key)} at ${pointer} (line ${line}, column ${column}): a key may appear only once in an object`);
    this.name = "DuplicateKeyError";
    this.pointer = pointer;
    this.line = line;
    this.column = column;
  }
}

export interface SafeJsonOptions {
  /**
   * "reject" (the default): any repeated key is a DuplicateKeyError. "same-value": a key repeated
   * with the very same value text is accepted — real producers write such records (Suricata 6
   * writes `"tree_id":1,"tree_id":1` in its smb events), and nothing can differ between what is
   * checked and what is kept — while a repeated key with another value is still an error. For
   * source records a converter reads; IDMEFv2 messages themselves are always parsed with "reject".
   */
  readonly duplicates?: "reject" | "same-value";
  /**
   * Names of members whose objects are maps of repeatable names, where a key given twice with two
   * values is accepted (JSON.parse keeps the last): ModSecurity v3 writes a repeated HTTP header
   * as a repeated key of its `headers` object. Only those objects: anywhere else the rule above holds.
   */
  readonly repeatableUnder?: ReadonlySet<string>;
}

/**
 * Parses untrusted JSON: JSON.parse, then every object is checked for duplicate keys (DuplicateKeyError,
 * a SyntaxError, so callers report it as malformed JSON) and every `__proto__`, `constructor` and
 * `prototype` key is dropped at any depth, so that later merging or spreading of the value cannot
 * pollute Object.prototype. Returns the value and the pointers of the keys dropped.
 */
export function parseJsonSafely(text: string, options: SafeJsonOptions = {}): { value: unknown; dropped: string[] } {
  const value: unknown = JSON.parse(text);
  const dropped: string[] = [];
  // A scalar has no keys: nothing to check.
  if (value === null || typeof value !== "object") return { value, dropped };
  // One walk over the parsed value counts its own keys and notices a forbidden one (keys are
  // seen decoded, so an escaped spelling like "\u005f_proto__" is caught too).
  const keys = walkKeys(value);
  // Only on text JSON.parse accepted: the scans below can then trust the syntax. A repeated key
  // is kept once by JSON.parse, so the text has more keys than the value exactly when some object
  // repeats one: counting both is cheap, and only then does the scan that names the key run.
  if (keyTokenCount(text) !== keys) checkDuplicateKeys(text, options.duplicates === "same-value", options.repeatableUnder);
  if (forbiddenSeen) scrub(value, dropped);
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
  return tokens
    .reverse()
    .map((t) => `/${t}`)
    .join("");
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

/**
 * The keys in a text JSON.parse accepted: in valid JSON a string is a key exactly when the next
 * non-blank character is a colon (a value is followed by a comma, a bracket or the end).
 */
function keyTokenCount(text: string): number {
  let count = 0;
  for (let i = text.indexOf('"'); i !== -1;) {
    let j = stringEnd(text, i) + 1;
    let c = text.charCodeAt(j);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = text.charCodeAt(++j);
    if (c === 0x3a /* : */) count++;
    i = text.indexOf('"', j);
  }
  return count;
}

/** Reused by walkKeys (synchronous: no two calls overlap). */
const pending: object[] = [];
/** Set by walkKeys: whether some key is one of FORBIDDEN_KEYS. */
let forbiddenSeen = false;

const EMPTY = {};

function prototypeHasEnumerableKeys(): boolean {
  for (const key in EMPTY) if (key !== undefined) return true;
  return false;
}

/**
 * The own keys of every object in a parsed value, at any depth (iteratively: nesting costs no
 * stack); sets forbiddenSeen when one of them could reach a prototype.
 */
function walkKeys(root: object): number {
  let count = 0;
  forbiddenSeen = false;
  // for-in lists inherited enumerable keys too; with none on Object.prototype (the usual case,
  // checked per call) it lists exactly the own keys of a parsed object, without a hasOwn per key.
  const ownOnly = !prototypeHasEnumerableKeys();
  pending.length = 0;
  pending.push(root);
  while (pending.length > 0) {
    const value = pending.pop()!;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (item !== null && typeof item === "object") pending.push(item);
      }
      continue;
    }
    const record = value as Record<string, unknown>;
    for (const key in record) {
      // Own keys only: an enumerable key someone put on Object.prototype is not in the text.
      if (!ownOnly && !Object.hasOwn(record, key)) continue;
      count++;
      // By length first: almost every key is told apart without a comparison of its text.
      if ((key.length === 9 || key.length === 11) && FORBIDDEN_KEYS.has(key)) forbiddenSeen = true;
      const item = record[key];
      if (item !== null && typeof item === "object") pending.push(item);
    }
  }
  return count;
}

/** An open object or array while scanning: its keys so far, or its element index. */
interface ScanFrame {
  /** Keys seen in this object, each with the index where its value starts (undefined for an array). */
  readonly keys: Map<string, number> | undefined;
  /** The pointer token under which this value sits in its parent ("" for the root). */
  readonly token: string | undefined;
  readonly parent: ScanFrame | undefined;
  /** The last key read (objects) or the element index (arrays). */
  current: string;
  index: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Index of the quote closing the string that opens at `start` (the text is valid JSON). */
function stringEnd(text: string, start: number): number {
  let end = text.indexOf('"', start + 1);
  for (;;) {
    let slashes = 0;
    while (text.charCodeAt(end - 1 - slashes) === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return end;
    end = text.indexOf('"', end + 1);
  }
}

function scanPointer(frame: ScanFrame | undefined, key: string): string {
  const tokens = [key];
  for (let f = frame; f !== undefined && f.token !== undefined; f = f.parent) tokens.push(f.token);
  return tokens
    .reverse()
    .map((t) => `/${t.replace(/~/g, "~0").replace(/\//g, "~1")}`)
    .join("");
}

/**
 * One linear pass over a text JSON.parse accepted: strings are skipped with indexOf, keys (a string
 * right after "{" or "," inside an object) are compared, decoded, per object. Iterative, so nesting
 * depth costs no call stack.
 */
function checkDuplicateKeys(text: string, allowSameValue: boolean, repeatableUnder: ReadonlySet<string> | undefined): void {
  let top: ScanFrame | undefined;
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      if (expectKey && top?.keys !== undefined) {
        const raw = text.slice(i + 1, end);
        const key = raw.includes("\\") ? (JSON.parse(text.slice(i, end + 1)) as string) : raw;
        const valueStart = text.indexOf(":", end + 1) + 1;
        const earlier = top.keys.get(key);
        if (
          earlier !== undefined &&
          !(allowSameValue && valueText(text, earlier) === valueText(text, valueStart)) &&
          !(top.token !== undefined && repeatableUnder?.has(top.token) === true)
        ) {
          const before = text.slice(0, i);
          const line = before.split("\n").length;
          throw new DuplicateKeyError(scanPointer(top, key), key, line, i - before.lastIndexOf("\n"));
        }
        top.keys.set(key, valueStart);
        top.current = key;
        expectKey = false;
      }
      i = end;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      const token = top === undefined ? undefined : top.keys === undefined ? String(top.index) : top.current;
      top = { keys: c === 0x7b ? new Map() : undefined, token, parent: top, current: "", index: 0 };
      expectKey = c === 0x7b;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      top = top?.parent;
      expectKey = false;
    } else if (c === 0x2c /* , */ && top !== undefined) {
      if (top.keys === undefined) top.index++;
      else expectKey = true;
    }
  }
}

/** The text of the JSON value that starts at or after `start` (valid JSON), without surrounding blanks. */
function valueText(text: string, start: number): string {
  let i = start;
  while (text.charCodeAt(i) <= 0x20) i++;
  const first = i;
  let depth = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = stringEnd(text, i);
      if (depth === 0) return text.slice(first, i + 1);
    } else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      if (depth === 0) break;
      depth--;
      if (depth === 0) return text.slice(first, i + 1);
    } else if (c === 0x2c && depth === 0) break;
  }
  return text.slice(first, i).trimEnd();
}
