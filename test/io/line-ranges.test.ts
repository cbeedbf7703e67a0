// `convert --jobs N` cuts line inputs into ranges that workers frame on their own: every range,
// framed from its offset and line, must give exactly the records one framer gives over the whole
// input — whatever the line ends (LF, CRLF, lone CR, split across reads), a BOM, NUL holes,
// blank and over-long lines, a last line without a newline.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createFramer, type Framed } from "../../src/framework/framers/index.js";
import { countLineEnds, cutAfterLastLineEnd, LineRangeCutter, RANGE_BYTES, type LineRange } from "../../src/io/worker-pool/line-ranges.js";

const LIMITS = { maxRecordBytes: 300 };

function oneFramer(input: Buffer, format: "lines" | "json-lines"): Framed[] {
  const framer = createFramer({ input: format }, LIMITS);
  return [...framer.push(input), ...framer.end()];
}

/** Cuts `input` read in `chunk`-byte reads, frames each range on its own, as a worker does. */
function byRanges(
  input: Buffer,
  chunk: number,
  format: "lines" | "json-lines",
  force: boolean,
  rangeBytes?: number,
): { framed: Framed[]; ranges: number } {
  const cutter = new LineRangeCutter(0, 1 << 20, rangeBytes);
  const ranges: LineRange[] = [];
  for (let at = 0; at < input.length; at += chunk) ranges.push(...cutter.push(input.subarray(at, at + chunk), force));
  const last = cutter.end();
  if (last !== undefined) ranges.push(last);
  const framed: Framed[] = [];
  let offset = 0;
  for (const range of ranges) {
    assert.equal(range.startOffset, offset, "ranges follow each other");
    offset += range.bytes.length;
    const framer = createFramer({ input: format }, LIMITS, range.startOffset, range.startLine);
    framed.push(...framer.push(Buffer.from(range.bytes)));
    if (range.final) framed.push(...framer.end());
  }
  assert.equal(offset, input.length, "every byte in one range");
  return { framed, ranges: ranges.length };
}

function nastyInput(lines: number): Buffer {
  const parts: Buffer[] = [Buffer.from([0xef, 0xbb, 0xbf])];
  const ends = ["\n", "\r\n", "\r", "\n"];
  for (let i = 0; i < lines; i++) {
    let text = `{"n":${i},"text":"line ${i} ${"x".repeat(i % 37)}"}`;
    if (i % 41 === 3) text = "";
    if (i % 53 === 4) text = `{"n":${i},"long":"${"y".repeat(400)}"}`;
    if (i % 59 === 5) text = `{"n":${i},"bad":"\xff"}`;
    parts.push(Buffer.from(text, i % 59 === 5 ? "latin1" : "utf8"));
    if (i % 67 === 6) parts.push(Buffer.alloc(25));
    parts.push(Buffer.from(ends[i % ends.length]!));
  }
  parts.push(Buffer.from('{"last":"no newline"}'));
  return Buffer.concat(parts);
}

test("ranges framed apart give the records of one framer, read in any chunk size", () => {
  const input = nastyInput(3000);
  for (const format of ["lines", "json-lines"] as const) {
    const expected = oneFramer(input, format);
    assert.ok(expected.some((f) => f.kind === "reject") && expected.some((f) => f.kind === "skip"), "rejects and skips among them");
    for (const chunk of [1, 2, 7, 64, 1000, 65536]) {
      for (const force of [false, true]) {
        const { framed, ranges } = byRanges(input, chunk, format, force);
        const first = expected.findIndex((f, i) => JSON.stringify(f) !== JSON.stringify(framed[i]));
        assert.equal(first, -1, `${format}, ${chunk}-byte reads, force ${force}: first differing record ${JSON.stringify(framed[first])}`);
        assert.equal(framed.length, expected.length);
        if (force && chunk >= 64 && chunk <= 1000) assert.ok(ranges > 10, `cut into several ranges (${ranges})`);
      }
      // Ranges smaller than a read: several cut from one read, each with its own buffer.
      const { framed, ranges } = byRanges(input, 65536, format, false, 2000);
      assert.equal(JSON.stringify(framed), JSON.stringify(expected), `${format}: 2000-byte ranges from 64 KiB reads`);
      assert.ok(ranges > 50, `many small ranges (${ranges})`);
    }
  }
});

test("a range is cut when enough is held, after the last sure line end", () => {
  const cutter = new LineRangeCutter(100, 1 << 20);
  const line = Buffer.from("a".repeat(99) + "\n");
  let range: LineRange | undefined;
  let pushed = 0;
  while (range === undefined) {
    range = cutter.push(line)[0];
    pushed++;
  }
  assert.equal(pushed, Math.ceil(RANGE_BYTES / 100));
  assert.equal(range.startOffset, 100);
  assert.equal(range.startLine, 0);
  // Cut after the last line end within the range size; the line past it waits for the next range.
  const whole = Math.floor(RANGE_BYTES / 100);
  assert.equal(range.bytes.length, whole * 100);
  assert.equal(range.bytes.byteOffset, 0, "the range's buffer is its own (transferred to the worker)");
  const next = cutter.push(Buffer.from("b\n"), true)[0];
  assert.deepEqual(
    { offset: next?.startOffset, line: next?.startLine, bytes: next?.bytes.length },
    { offset: 100 + whole * 100, line: whole, bytes: (pushed - whole) * 100 + 2 },
  );
});

test("a CR at the end of what is held is not cut after (its LF may follow); line ends count as the framer counts", () => {
  assert.equal(cutAfterLastLineEnd(Buffer.from("a\nb\r")), 2);
  assert.equal(cutAfterLastLineEnd(Buffer.from("a\nb\rc")), 4);
  assert.equal(cutAfterLastLineEnd(Buffer.from("a\r\nb")), 3);
  assert.equal(cutAfterLastLineEnd(Buffer.from("abc")), 0);
  assert.equal(countLineEnds(Buffer.from("a\nb\r\nc\rd\r")), 4);
  const cutter = new LineRangeCutter(0, 1 << 20);
  assert.deepEqual(cutter.push(Buffer.from("a\r"), true), []);
  const range = cutter.push(Buffer.from("\nb"), true)[0];
  assert.equal(Buffer.from(range!.bytes).toString(), "a\r\n");
});

test("a line with no end past the limit says so, and hands back what it held with its place", () => {
  const cutter = new LineRangeCutter(0, 1000);
  assert.equal(cutter.push(Buffer.from("x\n"), true)[0]?.bytes.length, 2);
  for (let i = 0; i < 10 && !cutter.overflowing; i++) cutter.push(Buffer.alloc(200, 0x41));
  assert.ok(cutter.overflowing);
  const held = cutter.takeHeld();
  assert.deepEqual({ offset: held.startOffset, line: held.startLine, bytes: held.bytes.length }, { offset: 2, line: 1, bytes: 1200 });
});
