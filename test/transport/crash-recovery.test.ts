// Nothing lost: the receiver killed (SIGKILL) and restarted mid-stream, and the client killed and
// restarted from its spool. Every message must arrive at least once, and the books must balance.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DeliveryClient } from "../../src/transport/client.js";
import { idsInNdjson, messageId, sampleMessage, startServe, tempDir, waitFor } from "./helpers.js";

const SENDER = fileURLToPath(new URL("./send-messages.ts", import.meta.url));

test("receiver killed with SIGKILL and restarted mid-stream: every message arrives, none lost", async () => {
  const dir = tempDir("crash-receiver");
  const out = path.join(dir, "received.ndjson");
  const first = await startServe(["--listen", "127.0.0.1:0", "--out", out]);
  const notices: string[] = [];
  const client = new DeliveryClient({
    url: first.url,
    spool: path.join(dir, "spool"),
    maxInFlight: 4,
    retry: { baseDelayMs: 20, maxDelayMs: 300 },
    onNotice: (text) => notices.push(text),
  });
  const total = 3000;
  const ids = Array.from({ length: total }, (_, i) => messageId(i + 1));
  let produced = 0;
  // A producer that keeps going through the kill and the restart, at most 500 messages ahead of
  // delivery, so that requests are in flight when the receiver dies and the spool fills meanwhile.
  const producer = (async () => {
    for (; produced < total; produced++) {
      if (produced - client.stats().sent >= 500) await waitFor(() => produced - client.stats().sent < 500, "delivery to progress", 120_000);
      await client.send(sampleMessage(ids[produced]));
    }
  })();
  await waitFor(() => client.stats().sent >= 300, "some messages delivered before the kill");
  first.child.kill("SIGKILL");
  const producedAtKill = produced;
  const killed = await first.exited;
  assert.equal(killed.signal, "SIGKILL");
  const deliveredBeforeKill = client.stats().sent;
  await waitFor(() => client.stats().retried > 0, "the client to notice the receiver is gone");
  const second = await startServe(["--listen", `127.0.0.1:${first.port}`, "--out", out]);
  await producer;
  const stats = await client.close();
  second.child.kill("SIGTERM");
  assert.equal((await second.exited).code, 0);

  assert.ok(producedAtKill < total, `the kill came while messages were still produced (${producedAtKill} of ${total})`);
  assert.ok(deliveredBeforeKill < total, "the kill happened mid-stream");
  const received = idsInNdjson(out);
  const missing = ids.filter((id) => !received.includes(id));
  assert.deepEqual(missing, [], "every message arrived at least once");
  assert.equal(stats.spooled, total);
  assert.equal(stats.sent, total, "each message acknowledged exactly once by the client's books");
  assert.equal(stats.rejected, 0);
  assert.equal(stats.pending, 0);
  assert.equal(stats.spooled + stats.recovered, stats.sent + stats.rejected + stats.pending, "the books balance");
  assert.ok(stats.retried > 0, "the outage was retried");
  assert.ok(received.length >= total, "duplicates are allowed, losses are not");
});

test("client killed with SIGKILL mid-delivery: a new client resumes from the spool, none lost", async () => {
  const dir = tempDir("crash-client");
  const out = path.join(dir, "received.ndjson");
  const spool = path.join(dir, "spool");
  const receiver = await startServe(["--listen", "127.0.0.1:0", "--out", out]);
  const total = 2000;
  const sender = spawn(process.execPath, ["--import", "tsx", SENDER, receiver.url, spool, String(total), "1"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let stdout = "";
  sender.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  const senderExit = new Promise<NodeJS.Signals | null>((resolve) => sender.on("exit", (_code, signal) => resolve(signal)));
  await waitFor(() => stdout.includes("spooled"), "the sender to spool every message");
  await waitFor(() => idsInNdjson(out).length >= 100, "some deliveries before the kill");
  sender.kill("SIGKILL");
  assert.equal(await senderExit, "SIGKILL");
  const beforeRestart = new Set(idsInNdjson(out)).size;

  const resumed = new DeliveryClient({ url: receiver.url, spool, maxInFlight: 8, retry: { baseDelayMs: 20, maxDelayMs: 200 } });
  const stats = await resumed.close();
  receiver.child.kill("SIGTERM");
  await receiver.exited;

  const ids = Array.from({ length: total }, (_, i) => messageId(i + 1));
  const received = new Set(idsInNdjson(out));
  assert.ok(beforeRestart < total, `the kill happened mid-stream (${beforeRestart} of ${total} delivered)`);
  assert.deepEqual(
    ids.filter((id) => !received.has(id)),
    [],
    "every message arrived at least once",
  );
  assert.ok(stats.recovered > 0 && stats.recovered <= total - beforeRestart + 8, `recovered ${stats.recovered}`);
  assert.equal(stats.sent, stats.recovered, "the new client delivered exactly what was pending");
  assert.equal(stats.pending, 0);
});
