import { test } from "node:test";
import assert from "node:assert/strict";
import { findJsonSyntaxError } from "../../src/core/json-position.js";

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

test("the syntax-error locator agrees with JSON.parse on thousands of mutated documents", () => {
  const seed = JSON.stringify({ a: [1, -2.5e3, true, null, 'x\\"y\u00e9'], b: { c: "", d: [[], {}] }, e: 0 }, null, 1);
  const alphabet = ['"', "{", "}", "[", "]", ",", ":", "\\", "0", "-", "e", ".", " ", "\n", "t", "\u0001", "u"];
  let state = 12345;
  const random = (n: number): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
  for (let i = 0; i < 5000; i++) {
    const at = random(seed.length);
    const mutation = random(3);
    const ch = alphabet[random(alphabet.length)]!;
    const text =
      mutation === 0
        ? seed.slice(0, at) + seed.slice(at + 1)
        : mutation === 1
          ? seed.slice(0, at) + ch + seed.slice(at)
          : seed.slice(0, at) + ch + seed.slice(at + 1);
    const place = findJsonSyntaxError(text);
    assert.equal(place === undefined, parses(text), JSON.stringify(text));
    if (place !== undefined) assert.ok(place.offset <= text.length);
  }
});

test("line and column of the first error", () => {
  assert.deepEqual(findJsonSyntaxError('{\n  "a": 1,\n  "b": tru\n}'), {
    offset: 19,
    line: 3,
    column: 8,
    reason: 'unexpected "t"',
  });
  assert.equal(findJsonSyntaxError("[".repeat(100_000) + "]".repeat(100_000)), undefined);
});
