import { test } from "node:test";
import assert from "node:assert/strict";
import { createLinesFramer } from "../../src/framework/framers/lines.js";
import { createJsonLinesFramer } from "../../src/framework/framers/json-lines.js";
import { createDocumentFramer } from "../../src/framework/framers/document.js";
import type { Framed } from "../../src/framework/framers/index.js";
import { frameAll } from "./helpers.js";

function summary(framed: Framed[]): unknown[] {
  return framed.map((f) =>
    f.kind === "record" ? [f.line, f.value] : f.kind === "skip" ? [f.line, "skip", f.reason] : [f.line, "reject", f.code],
  );
}

test("lines: LF, CRLF, a blank line and a last line without newline, whatever the chunk size", () => {
  const text = "first\r\nsecond\n\nthird";
  for (const size of [1, 2, 3, 5, 64]) {
    assert.deepEqual(summary(frameAll(createLinesFramer(), text, size)), [
      [1, "first"],
      [2, "second"],
      [3, "skip", "blank line"],
      [4, "third"],
    ]);
  }
});

test("lines: a multi-byte UTF-8 character split across chunks stays whole", () => {
  const framed = frameAll(createLinesFramer(), "héllo → wörld\n", 1);
  assert.deepEqual(summary(framed), [[1, "héllo → wörld"]]);
});

test("lines: invalid UTF-8 bytes are replaced with a warning, not a crash", () => {
  const bytes = Buffer.concat([Buffer.from("caf"), Buffer.from([0xe9]), Buffer.from(" ok\nnext\n")]);
  const framed = frameAll(createLinesFramer(), bytes, 3);
  const first = framed[0];
  assert.equal(first?.kind, "record");
  if (first?.kind !== "record") return;
  assert.equal(first.value, "caf\uFFFD ok");
  assert.match(first.warnings?.[0] ?? "", /not valid UTF-8/);
  const second = framed[1];
  assert.ok(second?.kind === "record" && second.warnings === undefined);
});

test("lines: an over-long line is rejected with its line number and the next line still read", () => {
  const long = "x".repeat(5000);
  const framed = frameAll(createLinesFramer({ maxRecordBytes: 1000 }), `short\n${long}\nafter\n${long}`, 512);
  assert.deepEqual(summary(framed), [
    [1, "short"],
    [2, "reject", "RECORD_TOO_LARGE"],
    [3, "after"],
    [4, "reject", "RECORD_TOO_LARGE"],
  ]);
  const reject = framed[1];
  assert.ok(reject?.kind === "reject");
  if (reject?.kind === "reject") {
    assert.match(reject.reason, /longer than the 1000 bytes limit/);
    assert.ok(reject.text.length <= 1024, "only an excerpt is kept");
  }
});

test("lines: a line exactly at the limit is accepted, with or without CR", () => {
  const line = "y".repeat(100);
  const framed = frameAll(createLinesFramer({ maxRecordBytes: 100 }), `${line}\r\n${line}\n`, 33);
  assert.deepEqual(summary(framed), [
    [1, line],
    [2, line],
  ]);
});

test("lines: end offsets point just after each line, counted from startOffset", () => {
  const framed = frameAll(createLinesFramer({}, 100), "ab\ncde\nf", 2);
  assert.deepEqual(
    framed.map((f) => f.endOffset),
    [103, 107, 108],
  );
});

test("json-lines: a corrupt line is rejected with its line number; prototype keys are dropped", () => {
  const text = '{"a":1}\n{"a":\n{"__proto__":{"polluted":true},"b":2}\n[1,2]\n';
  const framed = frameAll(createJsonLinesFramer(), text, 4);
  assert.equal(framed.length, 4);
  assert.deepEqual(framed[0]?.kind === "record" && framed[0].value, { a: 1 });
  const bad = framed[1];
  assert.ok(bad?.kind === "reject" && bad.line === 2 && bad.code === "MALFORMED_RECORD");
  assert.ok(bad?.kind === "reject" && bad.reason.startsWith("invalid JSON: "));
  const scrubbed = framed[2];
  assert.ok(scrubbed?.kind === "record");
  if (scrubbed?.kind === "record") {
    assert.deepEqual(Object.keys(scrubbed.value as object), ["b"]);
    assert.match(scrubbed.warnings?.[0] ?? "", /__proto__/);
  }
  assert.equal(({} as Record<string, unknown>)["polluted"], undefined);
  assert.deepEqual(framed[3]?.kind === "record" && framed[3].value, [1, 2]);
});

test("document: the whole input is one record, and an oversized one is rejected", () => {
  const framed = frameAll(createDocumentFramer(), "\uFEFF<a>\n<b/>\n</a>\n", 3);
  assert.deepEqual(summary(framed), [[1, "<a>\n<b/>\n</a>\n"]]);
  const big = frameAll(createDocumentFramer({ maxDocumentBytes: 10 }), "0123456789abcdef", 4);
  assert.deepEqual(summary(big), [[1, "reject", "RECORD_TOO_LARGE"]]);
  assert.deepEqual(summary(frameAll(createDocumentFramer(), " \n ")), [[1, "skip", "empty document"]]);
});

test("json-lines: a value pretty-printed over lines is one record from its first line; one-line records around it stay records", () => {
  const pretty = JSON.stringify({ a: 1, s: "brace } and [ in a string", n: { b: [1, 2] } }, null, 2);
  const array = JSON.stringify([{ x: 1 }, { x: 2 }], null, 4);
  const text = `{"one":1}\n${pretty}\n${array}\n{"two":2}\n`;
  for (const size of [1, 5, 64]) {
    assert.deepEqual(summary(frameAll(createJsonLinesFramer(), text, size)), [
      [1, { one: 1 }],
      [2, { a: 1, s: "brace } and [ in a string", n: { b: [1, 2] } }],
      [12, [{ x: 1 }, { x: 2 }]],
      [20, { two: 2 }],
    ]);
  }
});

test("json-lines: a torn one-line record does not swallow the next; a pretty value cut by the end of input is one reject from its first line", () => {
  assert.deepEqual(summary(frameAll(createJsonLinesFramer(), '{"a": {"b": 1\n{"ok":true}\n')), [
    [1, "reject", "MALFORMED_RECORD"],
    [2, { ok: true }],
  ]);
  const cut = frameAll(createJsonLinesFramer(), '{"ok":true}\n{\n  "a": {\n    "b": 1\n');
  assert.deepEqual(summary(cut), [
    [1, { ok: true }],
    [2, "reject", "TRUNCATED_RECORD"],
  ]);
  const last = cut[1];
  assert.ok(last?.kind === "reject" && /from line 2 is not closed before the end of the input/.test(last.reason));
  // Bounded: a pretty value longer than maxRecordBytes is refused, not held.
  const big = `{\n${Array.from({ length: 50 }, (_, i) => `  "k${i}": "${"x".repeat(40)}",`).join("\n")}\n  "end": 1\n}\n`;
  assert.deepEqual(summary(frameAll(createJsonLinesFramer({ maxRecordBytes: 500 }), big)).slice(0, 1), [[1, "reject", "RECORD_TOO_LARGE"]]);
});
