// Generator-level specialisation of ajv's standalone validator code (issue 17): two of ajv's code
// shapes cost most of the schema-only validation time of a typical message (CPU profile of
// `npm run bench -- validate`), and each has a cheaper equivalent. Only the conditions change: every
// error object ajv builds (keyword, schemaPath, params, message) stays as it was, so validation
// results are identical (test/core/validator-specialise.test.ts runs both over the fixtures).
//
// 1. additionalProperties over more than 8 properties: ajv asks `hasOwnProperty.call(<schema
//    properties object>, key)` for every key of the data; a Set of those property names answers the
//    same (the schema's property maps have only own, enumerable, string keys) without a property
//    lookup on a big object.
// 2. enum of strings: ajv tests `(x === "a") || (x === "b") || ...` one value after the other (140
//    compares for the sector enum); a Set of the values answers the same (strict equality and the
//    Set's SameValueZero agree on strings, and a non-string is in neither).
// 3. pattern: ajv compiles the schema's pattern as written, and the schemas group with capturing
//    parentheses; the validator only ever calls `test`, which no capture changes, and V8 pays for
//    recording them (the IP pattern runs twice as fast without). The RegExp gets non-capturing
//    groups; the pattern shown in errors (params.pattern, message) is still the schema's.

/** Enums with at least this many values become a Set lookup (a short chain is as fast). */
const MIN_ENUM_VALUES = 8;

/** The hasOwnProperty alias ajv's standalone code declares (`const func2 = Object.prototype.hasOwnProperty;`). */
const HAS_OWN_ALIAS = /const (func\d+) = Object\.prototype\.hasOwnProperty;/;

/**
 * One chain of strict equalities ajv writes for an enum: n-1 opening parentheses, `(x === v0)`, then
 * n-1 times ` || (x === vi))`. The values are JSON string literals without escapes (checked below).
 */
const ENUM_CHAIN = /(\(*)\((data\d+) === ("[^"\\]*")\)((?: \|\| \(\2 === "[^"\\]*"\)\))+)/g;
const CHAIN_VALUE = /=== ("[^"\\]*")\)/g;

/** ajv's compiled patterns: `new RegExp(<JSON string literal>, "<flags>")`. */
const COMPILED_PATTERN = /new RegExp\(("(?:[^"\\]|\\.)*"), ("[a-z]*")\)/g;

/**
 * The same regular expression with every capturing group made non-capturing: `(` outside a
 * character class and not escaped, not already `(?`. A pattern with a backreference (which needs
 * its captures) is returned unchanged.
 */
export function withoutCaptures(source: string): string {
  if (/\\[1-9]|\\k</.test(source)) return source;
  let out = "";
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === "\\") {
      out += c + (source[i + 1] ?? "");
      i++;
    } else if (inClass) {
      if (c === "]") inClass = false;
      out += c;
    } else if (c === "[") {
      inClass = true;
      out += c;
    } else if (c === "(" && source[i + 1] !== "?") out += "(?:";
    else out += c;
  }
  return out;
}

export function specialiseValidatorCode(code: string): string {
  const definitions: string[] = [];
  let out = code.replace(
    COMPILED_PATTERN,
    (_, literal: string, flags: string) => `new RegExp(${JSON.stringify(withoutCaptures(JSON.parse(literal) as string))}, ${flags})`,
  );

  const alias = HAS_OWN_ALIAS.exec(out)?.[1];
  if (alias !== undefined) {
    const ownKeySets = new Map<string, string>();
    out = out.replace(
      new RegExp(`${alias}\\.call\\((schema\\d+(?:\\.[A-Za-z_$][\\w$]*)*), (key\\d+)\\)`, "g"),
      (_, object: string, key: string) => {
        let name = ownKeySets.get(object);
        if (name === undefined) {
          name = `propertyNames${ownKeySets.size}`;
          ownKeySets.set(object, name);
          definitions.push(`const ${name} = new Set(Object.keys(${object}));`);
        }
        return `${name}.has(${key})`;
      },
    );
  }

  const enumSets = new Map<string, string>();
  out = out.replace(ENUM_CHAIN, (whole, opening: string, variable: string, first: string, rest: string) => {
    const values = [first, ...[...rest.matchAll(CHAIN_VALUE)].map((m) => m[1]!)];
    // The chain's own opening parentheses are the last n-1 of `opening`; any before belong to the code around it.
    if (values.length < MIN_ENUM_VALUES || opening.length < values.length - 1) return whole;
    const list = `[${values.join(",")}]`;
    let name = enumSets.get(list);
    if (name === undefined) {
      name = `enumValues${enumSets.size}`;
      enumSets.set(list, name);
      definitions.push(`const ${name} = new Set(${list});`);
    }
    return `${opening.slice(values.length - 1)}${name}.has(${variable})`;
  });

  // Module-level constants read only when a validator runs, after the module has been evaluated.
  return definitions.length === 0 ? out : `${out}\n${definitions.join("\n")}`;
}
