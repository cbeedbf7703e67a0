// `idmefv2 serve` faults from the audit (issue 11 items 1, 14, 17): a full disk, SIGHUP, no auth.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { DeliveryClient } from "../../src/transport/client.js";
import { messageId, sampleMessage, startServe, tempDir, waitFor } from "./helpers.js";
import { fullDisk } from "../helpers/full-disk.js";

test("a full disk on serve --out: 507, nothing half-written, the client keeps every message and delivers it once there is room", async () => {
  const disk = fullDisk(64 * 1024);
  try {
    const out = path.join(disk.dir, "received.ndjson");
    // Most of the disk is taken, so that it fills after a few dozen messages.
    const filler = path.join(disk.dir, "filler");
    fs.writeFileSync(filler, Buffer.alloc(44 * 1024));
    const serve = await startServe(["--listen", "127.0.0.1:0", "--out", out], disk.env);
    const notices: string[] = [];
    const client = new DeliveryClient({
      url: serve.url,
      spool: tempDir("fulldisk-spool"),
      maxInFlight: 8,
      retry: { baseDelayMs: 20, maxDelayMs: 100, maxRetryAfterMs: 100 },
      onNotice: (text) => notices.push(text),
    });
    const count = 200;
    for (let i = 1; i <= count; i++) await client.send(sampleMessage(messageId(i)));
    await waitFor(() => notices.some((n) => /answered 507/.test(n)), "the receiver to answer 507");
    await waitFor(() => /disk is full/.test(serve.stderr()), "serve to say the disk is full");
    // Whatever is stored meanwhile is whole lines only.
    const partial = fs.readFileSync(out, "utf8");
    assert.ok(partial === "" || partial.endsWith("\n"), "a fragment was left at the end of the store");
    assert.equal(client.stats().pending > 0, true);
    fs.rmSync(filler);
    const stats = await client.close();
    assert.equal(stats.sent, count);
    assert.equal(stats.rejected, 0);
    serve.child.kill("SIGTERM");
    const exit = await serve.exited;
    assert.equal(exit.code, 0);
    const lines = fs.readFileSync(out, "utf8").split("\n").filter(Boolean);
    const ids = lines.map((line) => (JSON.parse(line) as { ID: string }).ID);
    // Every message exactly once (a 2xx was sent for each only after it was stored).
    assert.deepEqual([...new Set(ids)].sort(), Array.from({ length: count }, (_, i) => messageId(i + 1)).sort());
    assert.equal(ids.length, count);
    assert.match(serve.stderr(), /storing again/);
    assert.match(serve.stderr(), /with the disk full/);
    assert.equal(fs.statSync(out).mode & 0o777, 0o600);
  } finally {
    disk.release();
  }
});

test("SIGHUP reopens --out (logrotate) and serve keeps running; SIGTERM then prints the books", async () => {
  const dir = tempDir("sighup");
  const out = path.join(dir, "received.ndjson");
  const serve = await startServe(["--listen", "127.0.0.1:0", "--out", out]);
  const deliver = async (index: number): Promise<void> => {
    const client = new DeliveryClient({ url: serve.url, spool: tempDir("sighup-spool") });
    await client.send(sampleMessage(messageId(index)));
    assert.equal((await client.close()).sent, 1);
  };
  await deliver(1);
  fs.renameSync(out, `${out}.1`);
  serve.child.kill("SIGHUP");
  await waitFor(() => /SIGHUP: reopened/.test(serve.stderr()), "serve to reopen its output");
  await deliver(2);
  assert.equal(serve.child.exitCode, null);
  serve.child.kill("SIGTERM");
  const exit = await serve.exited;
  assert.equal(exit.code, 0);
  assert.match(fs.readFileSync(`${out}.1`, "utf8"), new RegExp(messageId(1)));
  assert.match(fs.readFileSync(out, "utf8"), new RegExp(messageId(2)));
  assert.match(serve.stderr(), /stopped; accepted 2,/);
});

test("serve warns at start when neither mutual TLS nor Basic auth is configured, and not when one is", async () => {
  const open = await startServe(["--listen", "127.0.0.1:0"]);
  await waitFor(() => /warning: no authentication/.test(open.stderr()), "the warning");
  assert.match(open.stderr(), /--client-ca/);
  open.child.kill("SIGTERM");
  await open.exited;
  const guarded = await startServe(["--listen", "127.0.0.1:0"], { IDMEFV2_BASIC_AUTH: "user:secret-password" });
  guarded.child.kill("SIGTERM");
  await guarded.exited;
  assert.doesNotMatch(guarded.stderr(), /no authentication/);
});

test("serve --accept-versions rejects an unknown draft name as a usage error (exit 2)", async () => {
  const serve = await startServe(["--listen", "127.0.0.1:0", "--accept-versions", "2.D.V08,2.D.V99"]).catch((error: Error) => error);
  assert.ok(serve instanceof Error);
  assert.match(serve.message, /unknown version\(s\) 2\.D\.V99/);
});
