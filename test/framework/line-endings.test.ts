// Issue 11 items 7 and 8: CR-only line ends are line ends (a CR-only file of attacks gives alerts),
// a line over the cap is rejected with its reason (never skipped), and a NUL run before a record
// (what copytruncate leaves) is stripped with a warning naming the line and the byte count.
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { createLinesFramer } from "../../src/framework/framers/lines.js";
import { createJsonLinesFramer } from "../../src/framework/framers/json-lines.js";
import type { Framed, Framer } from "../../src/framework/framers/index.js";
import { withTempDir } from "./helpers.js";
import { runNode } from "../helpers/run-node.js";

const CLI = resolve("dist/cli/main.js");

function attack(n: number): string {
  return `Jan 15 10:${String(Math.floor(n / 60) % 60).padStart(2, "0")}:${String(n % 60).padStart(2, "0")} host sshd[123]: Failed password for root from 203.0.${Math.floor(n / 250)}.${(n % 250) + 1} port ${4000 + n} ssh2`;
}

/** Everything the framer makes of `bytes` pushed in chunks of `size` bytes. */
function frame(framer: Framer, bytes: Buffer, size: number): Framed[] {
  const out: Framed[] = [];
  for (let at = 0; at < bytes.length; at += size) out.push(...framer.push(bytes.subarray(at, at + size)));
  out.push(...framer.end());
  return out;
}

test("CR alone, CRLF and LF all end lines, in any chunking, with exact end offsets", () => {
  const bytes = Buffer.from("one\rtwo\r\nthree\nfour\r\rsix");
  for (const size of [1, 2, 3, 4, 5, 7, bytes.length]) {
    const framed = frame(createLinesFramer(), bytes, size);
    // A CRLF cut between its CR and LF: the line ends after the CR (it is emitted at once, not
    // held for the next chunk); the LF that follows makes no line.
    const twoEnds = 8 % size === 0 ? 8 : 9;
    assert.deepEqual(
      framed.map((f) => [f.kind, f.kind === "record" ? f.value : f.kind === "skip" ? f.reason : f.code, f.line, f.endOffset]),
      [
        ["record", "one", 1, 4],
        ["record", "two", 2, twoEnds],
        ["record", "three", 3, 15],
        ["record", "four", 4, 20],
        ["skip", "blank line", 5, 21],
        ["record", "six", 6, 24],
      ],
      `chunks of ${size}`,
    );
  }
});

test("a line over the cap is rejected with its reason, whatever ends it, and the next line is kept", () => {
  const long = "x".repeat(100);
  for (const end of ["\n", "\r\n", "\r"]) {
    for (const size of [1, 7, 64]) {
      const framed = frame(createLinesFramer({ maxRecordBytes: 50 }), Buffer.from(`a${end}${long}${end}b${end}`), size);
      assert.deepEqual(
        framed.map((f) => [f.kind, f.line]),
        [
          ["record", 1],
          ["reject", 2],
          ["record", 3],
        ],
        `${JSON.stringify(end)} in chunks of ${size}`,
      );
      const reject = framed[1]!;
      assert.ok(reject.kind === "reject" && reject.code === "RECORD_TOO_LARGE" && /longer than the 50 bytes limit/.test(reject.reason));
    }
  }
});

test("a NUL run before a line is stripped (however long, over the cap too) and the record kept with a warning", () => {
  const record = '{"a":1}';
  const bytes = Buffer.concat([Buffer.from("{}\n"), Buffer.alloc(5000), Buffer.from(`${record}\n`), Buffer.alloc(3), Buffer.from("\n")]);
  for (const size of [1, 100, 4096, bytes.length]) {
    const framed = frame(createJsonLinesFramer({ maxRecordBytes: 1000 }), bytes, size);
    assert.equal(framed.length, 3, `chunks of ${size}`);
    const first = framed[0]!;
    const second = framed[1]!;
    const third = framed[2]!;
    assert.equal(first.kind, "record");
    assert.ok(second.kind === "record", `chunks of ${size}: ${JSON.stringify(second)}`);
    assert.deepEqual(second.value, { a: 1 });
    assert.equal(second.line, 2);
    assert.equal(second.endOffset, 3 + 5000 + record.length + 1);
    assert.deepEqual(second.warnings, [
      "skipped 5000 NUL byte(s) before this line (from byte 3): what copytruncate leaves when the writer does not open its log in append mode; the record after them was converted",
    ]);
    assert.ok(third.kind === "skip" && /NUL bytes only/.test(third.reason));
    assert.equal(third.endOffset, bytes.length);
  }
});

test("CLI: a CR-only syslog file of 2,000 attacks gives 2,000 alerts; a bare CR splits two events", async () => {
  await withTempDir(async (dir) => {
    const lines = Array.from({ length: 2000 }, (_, i) => attack(i));
    writeFileSync(join(dir, "cr.log"), lines.join("\r") + "\r");
    const result = await runNode([CLI, "convert", "--from", "syslog", "cr.log", "--out", "out.ndjson"], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /read 2000 record\(s\) from 1 input\(s\): 2000 converted/);

    // Two events joined by a bare CR inside one LF-ended line: two alerts, each with its own address.
    writeFileSync(join(dir, "merged.log"), `${attack(1)}\r${attack(2)}\n`);
    const merged = await runNode([CLI, "convert", "--from", "syslog", "merged.log"], { cwd: dir });
    assert.equal(merged.code, 0, merged.stderr);
    const sources = merged.stdout
      .trim()
      .split("\n")
      .map((l) => (JSON.parse(l) as { Source: { IP: string }[] }).Source[0]!.IP);
    assert.deepEqual(sources, ["203.0.0.2", "203.0.0.3"]);
  });
});

test("CLI: a syslog line after a copytruncate NUL hole is converted, with a warning naming the line and the bytes", async () => {
  await withTempDir(async (dir) => {
    // A 2 MiB hole: bigger than the 1 MiB record cap, so it cannot be counted as part of the line.
    writeFileSync(join(dir, "auth.log"), Buffer.concat([Buffer.alloc(2 * 1024 * 1024), Buffer.from(`${attack(7)}\n${attack(8)}\n`)]));
    const result = await runNode([CLI, "convert", "--from", "syslog", "auth.log"], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.trim().split("\n").length, 2);
    assert.match(result.stderr, /auth\.log:1: warning: skipped 2097152 NUL byte\(s\) before this line \(from byte 0\)/);
    assert.match(result.stderr, /read 2 record\(s\) from 1 input\(s\): 2 converted/);
  });
});
