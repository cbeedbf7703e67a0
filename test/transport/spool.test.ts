import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { CORRUPT_LOG, Spool, type SpoolEntry } from "../../src/transport/spool.js";
import { tempDir } from "./helpers.js";

function drain(spool: Spool): SpoolEntry[] {
  const out: SpoolEntry[] = [];
  for (let entry = spool.take(); entry !== undefined; entry = spool.take()) out.push(entry);
  return out;
}

test("entries come out oldest first, and acked ones are not pending", () => {
  const dir = tempDir("spool");
  const spool = Spool.open({ dir });
  for (let i = 0; i < 5; i++) spool.append(`{"n":${i}}`);
  const taken = drain(spool);
  assert.deepEqual(
    taken.map((e) => e.body),
    [0, 1, 2, 3, 4].map((i) => `{"n":${i}}`),
  );
  spool.ack(taken[0]!.seq);
  spool.ack(taken[2]!.seq);
  assert.equal(spool.pending, 3);
  spool.close();
});

test("after a restart, exactly the un-acked entries are delivered again, with their metadata", () => {
  const dir = tempDir("spool");
  const first = Spool.open({ dir });
  const seqs = [0, 1, 2, 3].map((i) => first.append(`{"n":${i}}`, `{"line":${i + 1}}`).seq);
  first.ack(seqs[1]!);
  first.ack(seqs[3]!);
  first.close();
  const second = Spool.open({ dir });
  assert.equal(second.stats().recovered, 2);
  const again = drain(second);
  assert.deepEqual(
    again.map((e) => [e.body, e.meta]),
    [
      ['{"n":0}', '{"line":1}'],
      ['{"n":2}', '{"line":3}'],
    ],
  );
  // New entries never reuse a sequence number of the earlier run.
  const next = second.append('{"n":4}');
  assert.ok(next.seq > Math.max(...seqs));
  second.close();
});

test("a crash (no close) loses nothing: appends are in the file at once, acks after the current turn", async () => {
  const dir = tempDir("spool");
  const crashed = Spool.open({ dir, fsyncIntervalMs: 60_000 });
  crashed.append('{"a":1}');
  const b = crashed.append('{"b":2}');
  crashed.ack(b.seq);
  // Acks are written in one batch per turn of the event loop; a crash before that only repeats them.
  await new Promise((resolve) => setImmediate(resolve));
  // Simulate the process dying: its lock stays behind with a pid that no longer runs.
  fs.writeFileSync(path.join(dir, "lock"), "999999999\n");
  const reopened = Spool.open({ dir });
  assert.deepEqual(
    drain(reopened).map((e) => e.body),
    ['{"a":1}'],
  );
  reopened.close();
});

test("a torn last line (a write cut by a crash of the machine) is dropped, not misread", () => {
  const dir = tempDir("spool");
  const spool = Spool.open({ dir });
  spool.append('{"a":1}');
  spool.close();
  const segment = fs.readdirSync(dir).find((name) => name.startsWith("segment-"))!;
  fs.appendFileSync(path.join(dir, segment), '2\t\t{"torn":');
  const reopened = Spool.open({ dir });
  assert.deepEqual(
    drain(reopened).map((e) => e.body),
    ['{"a":1}'],
  );
  assert.equal(reopened.stats().corrupt, 0);
  reopened.close();
});

test("compaction: fully acknowledged segments are deleted and the ack log shrinks", () => {
  const dir = tempDir("spool");
  const spool = Spool.open({ dir, segmentBytes: 200 });
  for (let i = 0; i < 40; i++) spool.append(`{"message":${i},"padding":"xxxxxxxxxxxxxxxx"}`);
  const segmentsBefore = fs.readdirSync(dir).filter((n) => n.startsWith("segment-")).length;
  assert.ok(segmentsBefore > 5, `several segments (${segmentsBefore})`);
  const all = drain(spool);
  for (const entry of all.slice(0, 39)) spool.ack(entry.seq);
  spool.close();
  const segmentsAfter = fs.readdirSync(dir).filter((n) => n.startsWith("segment-"));
  assert.equal(segmentsAfter.length, 1, "only the segment holding the last, un-acked entry is left");
  const acks = fs.readFileSync(path.join(dir, "acks.log"), "utf8").trim().split("\n").filter(Boolean);
  assert.ok(acks.length < 39, `ack log compacted (${acks.length} lines)`);
  const reopened = Spool.open({ dir });
  assert.deepEqual(
    drain(reopened).map((e) => e.body),
    [all[39]!.body],
  );
  for (const entry of [all[39]!]) reopened.ack(entry.seq);
  reopened.close();
  assert.deepEqual(
    fs.readdirSync(dir).filter((n) => n.startsWith("segment-")),
    [],
    "everything acked: no segment left",
  );
});

test("memory stays bounded: entries beyond the in-memory limit are read back from disk in order", () => {
  const dir = tempDir("spool");
  const spool = Spool.open({ dir, memoryEntries: 10, segmentBytes: 300 });
  for (let i = 0; i < 100; i++) spool.append(`{"n":${i}}`);
  const out = drain(spool);
  assert.deepEqual(
    out.map((e) => e.body),
    Array.from({ length: 100 }, (_, i) => `{"n":${i}}`),
  );
  assert.equal(spool.pending, 100, "taken is not done: entries stay pending until acked");
  spool.close();
});

test("two processes cannot share a spool", () => {
  const dir = tempDir("spool");
  const spool = Spool.open({ dir });
  fs.writeFileSync(path.join(dir, "lock"), `${process.ppid}\n`);
  assert.throws(() => Spool.open({ dir }), /in use by process/);
  spool.close();
});

test("a message with a raw newline is refused rather than splitting the spool line", () => {
  const dir = tempDir("spool");
  const spool = Spool.open({ dir });
  assert.throws(() => spool.append('{"a":\n1}'), /single-line/);
  spool.close();
});

test("an unreadable line in the middle of a segment is counted and kept in corrupt.log, the rest delivered", () => {
  const dir = tempDir("spool");
  const spool = Spool.open({ dir });
  spool.append('{"a":1}');
  spool.append('{"b":2}');
  spool.close();
  const segment = fs.readdirSync(dir).find((name) => name.startsWith("segment-"))!;
  const file = path.join(dir, segment);
  const lines = fs.readFileSync(file, "utf8").split("\n");
  fs.writeFileSync(file, [lines[0], "garbage without a sequence number", lines[1], ""].join("\n"));
  const reopened = Spool.open({ dir });
  assert.deepEqual(
    drain(reopened).map((e) => e.body),
    ['{"a":1}', '{"b":2}'],
  );
  assert.equal(reopened.stats().corrupt, 1);
  assert.equal(fs.readFileSync(path.join(dir, CORRUPT_LOG), "utf8"), `${segment}\tgarbage without a sequence number\n`);
  reopened.close();
});

test("the spool is private to its owner (directory 0700, files 0600)", () => {
  const dir = path.join(tempDir("spool"), "private");
  const spool = Spool.open({ dir });
  spool.append('{"a":1}');
  spool.close();
  assert.equal(fs.statSync(dir).mode & 0o777, 0o700);
  for (const name of fs.readdirSync(dir)) assert.equal(fs.statSync(path.join(dir, name)).mode & 0o777, 0o600, name);
});
