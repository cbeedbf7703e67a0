// Spool faults from the audit (issue 11 items 6 and 16): a torn ack is no ack; no world-writable spool.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { Spool } from "../../src/transport/spool.js";
import { appendRejectsFile, REJECTS_FILE } from "../../src/transport/delivery-rejects.js";
import { tempDir } from "./helpers.js";

test("a torn last ack-log line is no ack: that entry is delivered again after the crash", () => {
  const dir = tempDir("spool-torn-ack");
  const first = Spool.open({ dir });
  for (let i = 1; i <= 12; i++) first.append(`{"n":${i}}`);
  first.close();
  // A crash while "12\n" was being appended left only "1": it must not read as an ack of entry 1.
  fs.writeFileSync(path.join(dir, "acks.log"), "2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n1");
  fs.rmSync(path.join(dir, "lock"), { force: true });
  const second = Spool.open({ dir });
  assert.equal(second.stats().recovered, 2);
  const again: string[] = [];
  for (let entry = second.take(); entry !== undefined; entry = second.take()) again.push(entry.body);
  assert.deepEqual(again, ['{"n":1}', '{"n":12}']);
  second.close();
});

test("a world-writable spool directory is refused, naming it", () => {
  const dir = path.join(tempDir("spool-mode"), "spool");
  fs.mkdirSync(dir);
  fs.chmodSync(dir, 0o777);
  assert.throws(
    () => Spool.open({ dir }),
    (error: Error & { code?: string }) =>
      error.code === "CONFIG_ERROR" && error.message.includes(dir) && /writable by every user/.test(error.message),
  );
  assert.deepEqual(fs.readdirSync(dir), []);
});

test("the delivery rejects file is created 0600 and a torn last line is cut before the next rejection", () => {
  const dir = tempDir("rejects-mode");
  const rejection = { body: '{"ID":"x"}', status: 400, answer: { error: "bad" }, reason: "receiver answered 400" };
  appendRejectsFile(dir, rejection);
  const file = path.join(dir, REJECTS_FILE);
  assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  fs.appendFileSync(file, '{"time":"2026-');
  appendRejectsFile(dir, rejection);
  const lines = fs.readFileSync(file, "utf8").split("\n").filter(Boolean);
  assert.equal(lines.length, 2);
  for (const line of lines) assert.equal((JSON.parse(line) as { message: { ID: string } }).message.ID, "x");
});
