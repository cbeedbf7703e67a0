import { test } from "node:test";
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { boundedLines } from "../../src/core/bounded-lines.js";
import { validateStream, type RecordVerdict } from "../../src/core/validate-stream.js";

const good =
  '{"Version":"2.D.V08","ID":"2f1d5c3e-7a4b-4c8d-9e0f-a1b2c3d4e5f6","CreateTime":"2026-04-01T12:00:00Z","Analyzer":{"Name":"a"}}';

async function verdicts(chunks: (string | Buffer)[], maxRecordBytes?: number): Promise<RecordVerdict[]> {
  const out: RecordVerdict[] = [];
  const options = maxRecordBytes === undefined ? {} : { maxRecordBytes };
  for await (const v of validateStream(Readable.from(chunks), options)) out.push(v);
  return out;
}

test("NDJSON: one verdict per line, with the line number, blank lines skipped", async () => {
  const result = await verdicts([`${good}\n\n${good.replace('"a"', "1")}\r\n`, `${good}`]);
  assert.deepEqual(
    result.map((v) => [v.line, v.valid]),
    [
      [1, true],
      [3, false],
      [4, true],
    ],
  );
});

test("a pretty-printed message over many lines is one record; several may follow each other", async () => {
  const pretty = JSON.stringify(JSON.parse(good), null, 2);
  const result = await verdicts([`${pretty}\n${pretty}\n`]);
  const lines = pretty.split("\n").length;
  assert.deepEqual(
    result.map((v) => [v.line, v.valid]),
    [
      [1, true],
      [lines + 1, true],
    ],
  );
});

test("a broken NDJSON line does not swallow the next ones", async () => {
  const result = await verdicts([`${good}\n{"Version": \n${good}\n`]);
  assert.deepEqual(
    result.map((v) => [v.line, v.valid, v.problems[0]?.keyword]),
    [
      [1, true, undefined],
      [2, false, "syntax"],
      [3, true, undefined],
    ],
  );
});

test('a broken pretty-printed message (an extra "{") does not swallow the messages after it', async () => {
  const pretty = JSON.stringify(JSON.parse(good), null, 2);
  const broken = pretty.replace('"Analyzer": {', '"Analyzer": { {');
  const result = await verdicts([`${pretty}\n${broken}\n${pretty}\n${pretty}\n`]);
  const lines = pretty.split("\n").length;
  assert.deepEqual(
    result.map((v) => v.valid),
    [true, false, true, true],
  );
  // The broken one is reported at its syntax error (inside it); the good ones at their first line.
  assert.ok(result[1]!.line > lines && result[1]!.line <= 2 * lines);
  assert.deepEqual([result[0]!.line, result[2]!.line, result[3]!.line], [1, 2 * lines + 1, 3 * lines + 1]);
});

test("chunk boundaries inside a line and inside a UTF-8 character do not matter", async () => {
  const text = Buffer.from(`${good.replace('"a"', '"é€😀"')}\n${good}\n`);
  const pieces = [text.subarray(0, 7), text.subarray(7, 105), text.subarray(105, 106), text.subarray(106)];
  const result = await verdicts(pieces);
  assert.deepEqual(
    result.map((v) => v.valid),
    [true, true],
  );
});

test("a line longer than the cap is reported as too-long and skipped, without holding it", async () => {
  const huge = `{"Description":"${"x".repeat(200_000)}"}`;
  const result = await verdicts([`${good}\n`, huge.slice(0, 100_000), huge.slice(100_000), `\n${good}\n`], 64 * 1024);
  assert.deepEqual(
    result.map((v) => [v.line, v.valid, v.problems[0]?.keyword]),
    [
      [1, true, undefined],
      [2, false, "too-long"],
      [3, true, undefined],
    ],
  );
  assert.match(result[1]!.problems[0]!.message, /longer than the limit of 65536 bytes/);
});

test("boundedLines keeps line numbers and drops over-long text", async () => {
  const lines = [];
  for await (const line of boundedLines(Readable.from(["ab\ncdefgh", "ij\n\nk"]), 5)) lines.push(line);
  assert.deepEqual(lines, [
    { number: 1, text: "ab" },
    { number: 2, text: "", tooLongBytes: 8 },
    { number: 3, text: "" },
    { number: 4, text: "k" },
  ]);
});
