// Group commit: records arriving during an fsync share the next write and fsync; each is answered
// only after the fsync that covers it; a failure refuses the whole group and leaves none of it.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { DurableAppendFile } from "../../src/io/durable-file.js";
import { GroupCommitAppender } from "../../src/io/group-commit.js";
import { IdmefError } from "../../src/core/errors.js";
import { tempDir } from "../transport/helpers.js";

type FsyncCallback = (error: NodeJS.ErrnoException | null) => void;

/**
 * Replaces fs.fsync while `body` runs: `onFsync` gets the call number and the file's size at the
 * time of the call (what that fsync can cover) and decides when and how it completes.
 */
async function withFsync(
  onFsync: (call: number, sizeAtCall: number, complete: (error?: NodeJS.ErrnoException) => void) => void,
  body: () => Promise<void>,
): Promise<void> {
  const realFsync = fs.fsync;
  let calls = 0;
  (fs as { fsync: typeof fs.fsync }).fsync = ((fd: number, callback: FsyncCallback) => {
    const size = fs.fstatSync(fd).size;
    onFsync(++calls, size, (error) => (error === undefined ? realFsync(fd, callback) : callback(error)));
  }) as typeof fs.fsync;
  try {
    await body();
  } finally {
    (fs as { fsync: typeof fs.fsync }).fsync = realFsync;
  }
}

test("records arriving while an fsync runs share one write and one fsync, and each resolves only after an fsync covering it", async () => {
  const file = path.join(tempDir("group-commit"), "out.ndjson");
  const out = DurableAppendFile.open(file);
  const appender = new GroupCommitAppender(out);
  /** Bytes on stable storage, as the fake fsync completes: what a resolved record may rely on. */
  let durable = 0;
  const realWriteSync = fs.writeSync;
  let writes = 0;
  (fs as { writeSync: unknown }).writeSync = (...args: Parameters<typeof fs.writeSync>) => {
    writes++;
    return (realWriteSync as (...a: unknown[]) => number)(...args);
  };
  try {
    await withFsync(
      (_call, size, complete) =>
        setTimeout(() => {
          durable = size;
          complete();
        }, 30),
      async () => {
        let offset = 0;
        const pending: Promise<void>[] = [];
        const send = (i: number): void => {
          const record = `{"n":${i}}\n`;
          offset += record.length;
          const end = offset;
          pending.push(appender.append(record).then(() => assert.ok(durable >= end, `record ${i} resolved before an fsync covered it`)));
        };
        // One record alone, then 99 that arrive while its fsync runs: two groups in all.
        send(0);
        await new Promise((resolve) => setTimeout(resolve, 10));
        for (let i = 1; i < 100; i++) send(i);
        await Promise.all(pending);
      },
    );
  } finally {
    (fs as { writeSync: typeof fs.writeSync }).writeSync = realWriteSync;
  }
  assert.equal(appender.groups, 2);
  assert.equal(out.fsyncs, 2);
  assert.equal(writes, 2, "one write per group");
  out.close();
  const lines = fs.readFileSync(file, "utf8").split("\n").filter(Boolean);
  assert.deepEqual(
    lines.map((line) => (JSON.parse(line) as { n: number }).n),
    Array.from({ length: 100 }, (_, i) => i),
  );
});

test("a failed fsync refuses every record of its group and leaves none of them; the next group is stored", async () => {
  const file = path.join(tempDir("group-commit"), "out.ndjson");
  const out = DurableAppendFile.open(file);
  const appender = new GroupCommitAppender(out);
  await withFsync(
    (call, _size, complete) => {
      if (call === 1) setTimeout(() => complete(), 30);
      else if (call === 2) setImmediate(() => complete(Object.assign(new Error("EIO: i/o error, fsync"), { code: "EIO" })));
      else complete();
    },
    async () => {
      const first = appender.append("first\n");
      await new Promise((resolve) => setTimeout(resolve, 10));
      // These arrive during the first fsync: they are the second group, whose fsync fails.
      const group = Array.from({ length: 20 }, (_, i) => appender.append(`lost-${i}\n`));
      await first;
      const outcomes = await Promise.allSettled(group);
      assert.deepEqual(
        outcomes.map((o) => o.status),
        Array.from({ length: 20 }, () => "rejected"),
      );
      for (const outcome of outcomes) {
        const reason = (outcome as PromiseRejectedResult).reason as IdmefError;
        assert.equal(reason.code, "OUTPUT_ERROR");
        assert.match(reason.message, /out\.ndjson.*EIO/);
      }
      await appender.append("after\n");
    },
  );
  out.close();
  assert.equal(fs.readFileSync(file, "utf8"), "first\nafter\n");
});

test("a write that fails (full disk) refuses its whole group and leaves no fragment", async () => {
  const file = path.join(tempDir("group-commit"), "out.ndjson");
  const out = DurableAppendFile.open(file);
  const appender = new GroupCommitAppender(out);
  await appender.append("kept\n");
  const realWriteSync = fs.writeSync;
  let calls = 0;
  // Half the group fits, then the disk is full: a short write followed by ENOSPC.
  // Like write(2), it writes at most the `length` asked for (appends encode into a larger reused buffer).
  (fs as { writeSync: unknown }).writeSync = (fd: number, buffer: Buffer, offset = 0, length = buffer.length - offset) => {
    calls++;
    if (calls === 1) return realWriteSync(fd, buffer, offset, Math.floor(length / 2));
    throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
  };
  let outcomes: PromiseSettledResult<void>[];
  try {
    outcomes = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => appender.append(`{"n":${i}}\n`)));
  } finally {
    (fs as { writeSync: typeof fs.writeSync }).writeSync = realWriteSync;
  }
  assert.ok(outcomes.every((o) => o.status === "rejected" && (o.reason as IdmefError).code === "STORAGE_FULL"));
  await appender.drain();
  out.close();
  assert.equal(fs.readFileSync(file, "utf8"), "kept\n");
});
