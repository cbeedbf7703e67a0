// Duplicate keys in untrusted JSON: IDMEFv2 messages never, source records only when both
// occurrences carry the very same value (what Suricata 6 writes in smb events).
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseJsonSafely, DuplicateKeyError } from "../../src/core/safe-json.js";
import { createJsonLinesFramer } from "../../src/framework/framers/json-lines.js";
import { seededRandom } from "../helpers/seeded-random.js";

test("a repeated key is refused by default, even with the same value", () => {
  assert.throws(() => parseJsonSafely('{"a":1,"a":1}'), DuplicateKeyError);
  assert.throws(() => parseJsonSafely('{"Priority":"<script>","Priority":"Medium"}'), /duplicate key "Priority" at \/Priority/);
});

test("same-value mode: an identical repetition is accepted, a different one is refused with its pointer", () => {
  assert.deepEqual(parseJsonSafely('{"smb":{"tree_id":1,"tree_id":1}}', { duplicates: "same-value" }).value, { smb: { tree_id: 1 } });
  assert.deepEqual(parseJsonSafely('{"o":{"x":[1,{"y":"}"}]}, "o" : {"x":[1,{"y":"}"}]}}', { duplicates: "same-value" }).value, {
    o: { x: [1, { y: "}" }] },
  });
  assert.throws(
    () => parseJsonSafely('{"src_ip":"1.1.1.1","src_ip":"2.2.2.2"}', { duplicates: "same-value" }),
    /duplicate key "src_ip" at \/src_ip/,
  );
  assert.throws(() => parseJsonSafely('{"a":{"b":1},"a":{"b":2}}', { duplicates: "same-value" }), DuplicateKeyError);
  assert.throws(() => parseJsonSafely('{"a":"x\\"","a":"x"}', { duplicates: "same-value" }), DuplicateKeyError);
});

test("the EVE framer converts a Suricata record with a repeated same-value key and rejects one with two values", () => {
  const framer = createJsonLinesFramer();
  const input = '{"event_type":"smb","smb":{"tree_id":1,"tree_id":1}}\n{"event_type":"alert","src_ip":"1.1.1.1","src_ip":"2.2.2.2"}\n';
  const out = [...framer.push(Buffer.from(input)), ...framer.end()];
  assert.equal(out.length, 2);
  assert.equal(out[0]!.kind, "record");
  assert.equal(out[1]!.kind, "reject");
  assert.match((out[1] as { reason: string }).reason, /duplicate key "src_ip"/);
});

/** A random JSON text (blanks, escapes, nesting) and whether some object in it repeats a key. */
function randomDocument(random: () => number, depth: number): { text: string; repeats: boolean } {
  const blank = (): string => [" ", "", "\n", "\t", "\r\n  "][Math.floor(random() * 5)]!;
  const KEYS = ["a", "b", 'q\\"', "\\u0061", "é", "}", ":", ",", "__proto__", "x y"];
  const STRINGS = ['"v"', '"\\\\"', '"\\":\\""', '"{\\"a\\":1}"', '"a\\\\\\""', '":"', '""'];
  if (depth > 4 || random() < 0.3) {
    const scalar = ["1", "-2.5e3", "true", "null", STRINGS[Math.floor(random() * STRINGS.length)]!];
    return { text: scalar[Math.floor(random() * scalar.length)]!, repeats: false };
  }
  const count = Math.floor(random() * 5);
  const parts: string[] = [];
  let repeats = false;
  if (random() < 0.4) {
    for (let i = 0; i < count; i++) {
      const item = randomDocument(random, depth + 1);
      repeats ||= item.repeats;
      parts.push(blank() + item.text + blank());
    }
    return { text: `[${parts.join(",")}]`, repeats };
  }
  const used = new Set<string>();
  for (let i = 0; i < count; i++) {
    const key = KEYS[Math.floor(random() * KEYS.length)]!;
    // "a" and its escaped spelling are one key once decoded.
    const decoded = key === "\\u0061" ? "a" : key;
    if (used.has(decoded)) repeats = true;
    used.add(decoded);
    const item = randomDocument(random, depth + 1);
    repeats ||= item.repeats;
    parts.push(`${blank()}"${key}"${blank()}:${blank()}${item.text}${blank()}`);
  }
  return { text: `{${parts.join(",")}}`, repeats };
}

test("a repeated key is found wherever it is, and a text without one always parses (random documents)", () => {
  const random = seededRandom(99);
  let withRepeats = 0;
  for (let i = 0; i < 5000; i++) {
    const { text, repeats } = randomDocument(random, 0);
    JSON.parse(text); // the generator writes valid JSON
    if (repeats) {
      withRepeats++;
      assert.throws(() => parseJsonSafely(text), DuplicateKeyError, text);
    } else {
      assert.doesNotThrow(() => parseJsonSafely(text), text);
    }
  }
  assert.ok(withRepeats > 500 && withRepeats < 4500, `both kinds generated (${withRepeats} with repeats)`);
});

test("a key made enumerable on Object.prototype does not hide a repeated key", () => {
  Object.defineProperty(Object.prototype, "polluted", { value: 1, enumerable: true, configurable: true });
  try {
    assert.throws(() => parseJsonSafely('{"a":1,"a":2}'), DuplicateKeyError);
    assert.deepEqual(Object.keys(parseJsonSafely('{"a":1,"b":{"c":[{"d":2}]}}').value as object), ["a", "b"]);
  } finally {
    delete (Object.prototype as Record<string, unknown>)["polluted"];
  }
});

test("a repeated key deep in nesting far beyond the call stack is still found", () => {
  const depth = 50_000;
  const text = "[".repeat(depth) + '{"k":1,"k":2}' + "]".repeat(depth);
  assert.throws(() => parseJsonSafely(text), DuplicateKeyError);
  assert.doesNotThrow(() => parseJsonSafely("[".repeat(depth) + '{"k":1}' + "]".repeat(depth)));
});

test("repeatableUnder: a key twice with two values is accepted only inside the named members' objects", () => {
  const options = { duplicates: "same-value", repeatableUnder: new Set(["headers"]) } as const;
  // ModSecurity v3 writes each header line as a key: two Content-Type lines, two keys; the last is kept.
  const entry = '{"response":{"headers":{"Content-Type":"application/octet-stream","Content-Type":"text/plain"}}}';
  assert.deepEqual(parseJsonSafely(entry, options).value, { response: { headers: { "Content-Type": "text/plain" } } });
  // Outside such an object the same repetition is still refused, with its pointer.
  assert.throws(
    () => parseJsonSafely('{"response":{"http_code":200,"http_code":403}}', options),
    /duplicate key "http_code" at \/response\/http_code/,
  );
  // An object nested in a header map is no header map itself.
  assert.throws(() => parseJsonSafely('{"headers":{"x":{"a":1,"a":2}}}', options), DuplicateKeyError);
});
