// The receiver's group commit under faults: a message answered 2xx by a shared fsync is on disk
// even when the receiver is killed (SIGKILL) right after the answer, and a store failure refuses
// every request of its group, so none of them is acknowledged.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { Pool } from "undici";
import { NdjsonFileStore, startReceiver } from "../../src/index.js";
import { idsInNdjson, messageId, sampleMessage, startServe, tempDir } from "./helpers.js";

async function postMessage(pool: Pool, id: string): Promise<number> {
  const response = await pool.request({
    path: "/",
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(sampleMessage(id)),
  });
  await response.body.dump();
  return response.statusCode;
}

test("messages answered 2xx by a group commit are on disk when the receiver is killed (SIGKILL) right after the answers", async () => {
  const dir = tempDir("group-commit-kill");
  const out = path.join(dir, "received.ndjson");
  const serve = await startServe(["--listen", "127.0.0.1:0", "--out", out]);
  const pool = new Pool(new URL(serve.url).origin, { connections: 64 });
  const total = 2000;
  const acknowledged: string[] = [];
  let killed = false;
  let next = 1;
  // 64 requests in flight at once, so that the answers come in groups sharing an fsync; the kill
  // comes synchronously in the callback of the 500th 2xx, while the other groups are in flight.
  const worker = async (): Promise<void> => {
    while (!killed && next <= total) {
      const id = messageId(next++);
      const status = await postMessage(pool, id).catch(() => 0);
      if (status === 204 && !killed) {
        acknowledged.push(id);
        if (acknowledged.length === 500) {
          serve.child.kill("SIGKILL");
          killed = true;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: 64 }, worker));
  assert.equal((await serve.exited).signal, "SIGKILL");
  await pool.destroy();
  assert.equal(acknowledged.length, 500);
  assert.ok(next - 1 > acknowledged.length, "requests were still in flight at the kill");

  const stored = new Set(idsInNdjson(out));
  const lost = acknowledged.filter((id) => !stored.has(id));
  assert.deepEqual(lost, [], "every acknowledged message is stored");

  // The same file, opened again, takes more and the books show the fsyncs were shared.
  const again = await startServe(["--listen", "127.0.0.1:0", "--out", out]);
  const second = new Pool(new URL(again.url).origin, { connections: 32 });
  const statuses = await Promise.all(Array.from({ length: 300 }, (_, i) => postMessage(second, messageId(total + 1 + i))));
  await second.close();
  assert.ok(
    statuses.every((s) => s === 204),
    "all accepted after the restart",
  );
  again.child.kill("SIGTERM");
  assert.equal((await again.exited).code, 0);
  const books = /accepted (\d+),.*; (\d+) fsync\(s\)/.exec(again.stderr());
  assert.ok(books !== null, again.stderr());
  assert.equal(Number(books[1]), 300);
  assert.ok(Number(books[2]) < 300 / 4, `300 concurrent messages took ${books[2]} fsyncs: group commit shares them`);
});

test("a store failure refuses every request of its group (503, none 2xx) and only the acknowledged messages are stored", async () => {
  const dir = tempDir("group-commit-fail");
  const out = path.join(dir, "received.ndjson");
  const errors: unknown[] = [];
  const receiver = await startReceiver({ port: 0, store: new NdjsonFileStore(out), onStoreError: (error) => errors.push(error) });
  const pool = new Pool(new URL(receiver.url).origin, { connections: 32 });
  const realFsync = fs.fsync;
  let calls = 0;
  // The first fsync is slow, so that the requests sent meanwhile form one group; that group's fsync fails.
  (fs as { fsync: typeof fs.fsync }).fsync = ((fd: number, callback: (error: NodeJS.ErrnoException | null) => void) => {
    calls++;
    if (calls === 1) setTimeout(() => realFsync(fd, callback), 1000);
    else if (calls === 2) setImmediate(() => callback(Object.assign(new Error("EIO: i/o error, fsync"), { code: "EIO" })));
    else realFsync(fd, callback);
  }) as typeof fs.fsync;
  try {
    const first = postMessage(pool, messageId(1));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const groupIds = Array.from({ length: 20 }, (_, i) => messageId(100 + i));
    const group = Promise.all(groupIds.map((id) => postMessage(pool, id)));
    assert.equal(await first, 204);
    const groupStatuses = await group;
    assert.deepEqual(
      groupStatuses,
      groupIds.map(() => 503),
      "every request of the failed group is refused",
    );
    assert.equal(await postMessage(pool, messageId(2)), 204, "the next group is stored again");
  } finally {
    (fs as { fsync: typeof fs.fsync }).fsync = realFsync;
    await pool.close();
  }
  const stats = await receiver.close();
  assert.equal(stats.accepted, 2);
  assert.equal(stats.failed, 20);
  assert.ok(errors.length > 0 && /EIO/.test(String((errors[0] as Error).message)));
  assert.deepEqual(idsInNdjson(out), [messageId(1), messageId(2)]);
});
