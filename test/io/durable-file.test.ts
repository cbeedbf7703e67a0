// The durable-file helper: whole records or nothing, typed errors naming the file, owner-only files.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { DurableAppendFile, replaceFileDurably, storageError } from "../../src/io/durable-file.js";
import { IdmefError } from "../../src/core/errors.js";
import { tempDir } from "../transport/helpers.js";
import { withFullDisk } from "../helpers/full-disk.js";

test("a new file is created 0600 and an existing one keeps its mode", () => {
  const dir = tempDir("durable");
  const file = path.join(dir, "out.ndjson");
  const created = DurableAppendFile.open(file);
  assert.equal(created.created, true);
  created.append("a\n");
  created.close();
  assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  fs.chmodSync(file, 0o640);
  const reopened = DurableAppendFile.open(file);
  assert.equal(reopened.created, false);
  reopened.close();
  assert.equal(fs.statSync(file).mode & 0o777, 0o640);
});

test("a torn last line is cut when the file is opened again", () => {
  const dir = tempDir("durable");
  const file = path.join(dir, "out.ndjson");
  fs.writeFileSync(file, '{"a":1}\n{"b":2}\n{"c":');
  const reopened = DurableAppendFile.open(file);
  assert.equal(reopened.tornBytes, 5);
  reopened.append('{"d":4}\n');
  reopened.close();
  assert.equal(fs.readFileSync(file, "utf8"), '{"a":1}\n{"b":2}\n{"d":4}\n');
});

test("a file of one torn line (no newline at all) is emptied", () => {
  const file = path.join(tempDir("durable"), "out.ndjson");
  fs.writeFileSync(file, "x".repeat(100_000));
  const reopened = DurableAppendFile.open(file);
  assert.equal(reopened.tornBytes, 100_000);
  reopened.close();
  assert.equal(fs.statSync(file).size, 0);
});

test("a short write on a full disk leaves nothing behind and raises STORAGE_FULL naming the file", async () => {
  await withFullDisk(16 * 1024, (dir) => {
    const file = path.join(dir, "store.ndjson");
    const out = DurableAppendFile.open(file);
    const line = `${JSON.stringify({ pad: "p".repeat(1000) })}\n`;
    let appended = 0;
    let failure: unknown;
    try {
      for (let i = 0; i < 1000; i++) {
        out.append(line);
        appended++;
      }
    } catch (error) {
      failure = error;
    }
    assert.ok(failure instanceof IdmefError, `expected a typed error, got ${String(failure)}`);
    assert.equal(failure.code, "STORAGE_FULL");
    assert.match(failure.message, /store\.ndjson/);
    assert.match(failure.message, /disk is full/);
    // Exactly the whole lines that were appended, and not a byte of the one that failed.
    assert.equal(fs.statSync(file).size, appended * line.length);
    assert.ok(appended > 0);
    out.close();
    for (const text of fs.readFileSync(file, "utf8").split("\n").filter(Boolean)) JSON.parse(text);
  });
});

test("many concurrent commits share a few fsyncs (group commit)", async () => {
  const file = path.join(tempDir("durable"), "out.ndjson");
  const out = DurableAppendFile.open(file);
  const realFsync = fs.fsync;
  let calls = 0;
  (fs as { fsync: typeof fs.fsync }).fsync = ((fd: number, callback: (error: NodeJS.ErrnoException | null) => void) => {
    calls++;
    realFsync(fd, callback);
  }) as typeof fs.fsync;
  try {
    const commits: Promise<void>[] = [];
    for (let i = 0; i < 200; i++) {
      out.append(`{"n":${i}}\n`);
      commits.push(out.commit());
    }
    await Promise.all(commits);
  } finally {
    (fs as { fsync: typeof fs.fsync }).fsync = realFsync;
  }
  assert.ok(calls >= 1 && calls <= 2, `200 commits took ${calls} fsyncs`);
  out.close();
});

test("a failed fsync rejects every waiter and cuts the file back to what was durable", async () => {
  const file = path.join(tempDir("durable"), "out.ndjson");
  const out = DurableAppendFile.open(file);
  out.append("durable\n");
  await out.commit();
  const realFsync = fs.fsync;
  (fs as { fsync: typeof fs.fsync }).fsync = ((_fd: number, callback: (error: NodeJS.ErrnoException | null) => void) => {
    setImmediate(() => callback(Object.assign(new Error("EIO: i/o error"), { code: "EIO" })));
  }) as typeof fs.fsync;
  try {
    out.append("lost-1\n");
    const first = out.commit();
    out.append("lost-2\n");
    const second = out.commit();
    await assert.rejects(first, (error: IdmefError) => error.code === "OUTPUT_ERROR" && /out\.ndjson/.test(error.message));
    await assert.rejects(second);
  } finally {
    (fs as { fsync: typeof fs.fsync }).fsync = realFsync;
  }
  out.close();
  assert.equal(fs.readFileSync(file, "utf8"), "durable\n");
});

test("replaceFileDurably swaps the whole content, owner-only, and a full disk keeps the old one", async () => {
  const file = path.join(tempDir("durable"), "state.json");
  replaceFileDurably(file, '{"v":1}\n');
  assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  replaceFileDurably(file, '{"v":2}\n');
  assert.equal(fs.readFileSync(file, "utf8"), '{"v":2}\n');
  await withFullDisk(16 * 1024, (dir) => {
    const state = path.join(dir, "state.json");
    replaceFileDurably(state, "old\n");
    assert.throws(
      () => replaceFileDurably(state, "x".repeat(64 * 1024)),
      (error: IdmefError) => error.code === "STORAGE_FULL",
    );
    assert.equal(fs.readFileSync(state, "utf8"), "old\n");
    assert.deepEqual(fs.readdirSync(dir), ["state.json"]);
  });
});

test("storageError tells a full disk from other failures", () => {
  const full = storageError(Object.assign(new Error("x"), { code: "EDQUOT" }), "/var/spool/x");
  assert.equal(full.code, "STORAGE_FULL");
  const other = storageError(Object.assign(new Error("x"), { code: "EACCES" }), "/var/spool/x");
  assert.equal(other.code, "OUTPUT_ERROR");
  assert.match(other.message, /\/var\/spool\/x: EACCES/);
});

test("strings are written byte for byte as Buffer.from encodes them, whatever their size and characters", () => {
  const file = path.join(tempDir("durable"), "out.ndjson");
  const out = DurableAppendFile.open(file);
  const texts = [
    "ascii\n",
    "é€𝄞 multi-byte\n",
    "lone \ud800 and \udc00 surrogates\n",
    `${"x".repeat(20_000)}\n`, // past the initial reused buffer: it grows
    `${"€".repeat(100_000)}\n`, // 300 KB of UTF-8
    `${"y".repeat(300_000)}\n`, // past the reused buffer's cap: a buffer of its own
    "short again\n", // a short text after long ones: only its own bytes
  ];
  const expected = Buffer.concat(texts.map((t) => Buffer.from(t, "utf8")));
  let returned = 0;
  for (const text of texts) returned += out.append(text);
  out.close();
  assert.equal(returned, expected.length);
  assert.equal(out.size, expected.length);
  assert.deepEqual(fs.readFileSync(file), expected);
});
