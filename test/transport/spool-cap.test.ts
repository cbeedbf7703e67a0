// The spool's cap (--spool-max-bytes): at the cap, sends wait for delivery to make room
// (back-pressure), the spool never grows past it, and nothing is dropped or sent twice.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DeliveryClient } from "../../src/transport/client.js";
import { Spool } from "../../src/transport/spool.js";
import { downReceiver, idsInNdjson, messageId, sampleMessage, spoolSegmentBytes, startServe, tempDir } from "./helpers.js";
import path from "node:path";

test("a spool at its cap has no room until its entries are done; it never holds more than the cap", () => {
  const dir = tempDir("spool-cap");
  const spool = Spool.open({ dir, maxBytes: 4096, fsyncIntervalMs: 0 });
  const body = JSON.stringify({ pad: "x".repeat(180) });
  let appended = 0;
  while (spool.hasRoomFor(body)) {
    spool.append(body);
    appended++;
    assert.ok(appended < 1000, "the cap is never reached");
  }
  assert.ok(appended >= 15, `about 4096 / 200 entries fit (${appended})`);
  assert.ok(spool.bytes <= 4096, `${spool.bytes} bytes held`);
  assert.equal(spoolSegmentBytes(dir).bytes, spool.bytes, "the books match the files on disk");
  // Delivering some entries makes room again once their segment is done.
  for (let entry = spool.take(); entry !== undefined; entry = spool.take()) spool.ack(entry.seq);
  assert.ok(spool.hasRoomFor(body));
  assert.equal(spoolSegmentBytes(dir).bytes, 0, "done segments are deleted to make the room");
  spool.close();
});

test("one entry larger than the cap still goes into an empty spool (cap + one record), not refused forever", () => {
  const dir = tempDir("spool-cap");
  const spool = Spool.open({ dir, maxBytes: 100 });
  const big = JSON.stringify({ pad: "y".repeat(500) });
  assert.ok(spool.hasRoomFor(big));
  spool.append(big);
  assert.equal(spool.hasRoomFor("{}"), false);
  spool.close();
});

test("DeliveryClient at the spool's cap: send() waits while the receiver is down, then every message arrives exactly once", async () => {
  const dir = tempDir("spool-cap-client");
  const spoolDir = path.join(dir, "spool");
  const down = await downReceiver();
  const cap = 8 * 1024;
  const notices: string[] = [];
  const client = new DeliveryClient({
    url: down.url,
    spool: { dir: spoolDir, maxBytes: cap },
    retry: { baseDelayMs: 20, maxDelayMs: 200 },
    onNotice: (text) => notices.push(text),
  });
  const total = 300;
  let sentOK = 0;
  const sending = (async () => {
    for (let i = 0; i < total; i++) {
      await client.send(sampleMessage(messageId(i)));
      sentOK++;
    }
  })();
  // The receiver stays down for a while: the spool fills to its cap and send() holds the caller.
  let largest = 0;
  let longestEntry = 0;
  const deadline = Date.now() + 1500;
  while (Date.now() < deadline) {
    const seen = spoolSegmentBytes(spoolDir);
    largest = Math.max(largest, seen.bytes);
    longestEntry = Math.max(longestEntry, seen.longestEntry);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  assert.ok(sentOK > 10 && sentOK < total, `send() waits at the cap (${sentOK} of ${total} spooled)`);
  assert.ok(largest <= cap + longestEntry, `the spool held ${largest} bytes, cap ${cap} + one entry of ${longestEntry}`);
  assert.ok(largest > cap / 2, `the spool filled up (${largest} bytes)`);
  assert.ok(
    notices.some((n) => /is full .*--spool-max-bytes/.test(n)),
    notices.join("\n"),
  );
  // The receiver comes up on the same port: the spool drains, the sender resumes and finishes.
  const out = path.join(dir, "received.ndjson");
  await down.release();
  const serve = await startServe(["--listen", `127.0.0.1:${down.port}`, "--out", out]);
  await sending;
  const stats = await client.close();
  serve.child.kill("SIGTERM");
  await serve.exited;
  assert.equal(stats.sent, total);
  assert.equal(stats.pending, 0);
  assert.equal(stats.spoolFull >= 1, true);
  const ids = idsInNdjson(out);
  assert.equal(ids.length, total, "no message twice");
  assert.deepEqual(new Set(ids), new Set(Array.from({ length: total }, (_, i) => messageId(i))), "every message once");
  assert.ok(
    notices.some((n) => /has room again/.test(n)),
    notices.join("\n"),
  );
});

test("a send waiting at the cap fails, and the message stays with the caller, when delivery stops for good (401)", async () => {
  const dir = tempDir("spool-cap-halt");
  const http = await import("node:http");
  const server = http.createServer((request, response) => {
    request.resume();
    // Slow refusals, so that the spool fills before the first one arrives.
    setTimeout(() => response.writeHead(401, { "content-type": "application/json" }).end('{"error":"who are you"}'), 300);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as import("node:net").AddressInfo).port;
  const client = new DeliveryClient({ url: `http://127.0.0.1:${port}/`, spool: { dir: path.join(dir, "spool"), maxBytes: 2048 } });
  let failure: unknown;
  let spooled = 0;
  try {
    for (let i = 0; i < 100; i++) {
      await client.send(sampleMessage(messageId(i)));
      spooled++;
    }
  } catch (error) {
    failure = error;
  }
  const stats = await client.close();
  server.close();
  assert.match(String((failure as Error)?.message), /is full .* and delivery stopped: receiver answered 401/);
  assert.ok(spooled < 100);
  assert.equal(stats.pending, spooled, "what was spooled stays in the spool for the fix");
});

test("a receiver slower than the sender keeps the spool at its cap: one 'full' notice for the stretch, not one per freed segment", async () => {
  const dir = tempDir("spool-cap-slow");
  const http = await import("node:http");
  let stored = 0;
  const server = http.createServer((request, response) => {
    request.resume();
    request.on("end", () =>
      setTimeout(() => {
        stored++;
        response.writeHead(204).end();
      }, 3),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as import("node:net").AddressInfo).port;
  const notices: string[] = [];
  const client = new DeliveryClient({
    url: `http://127.0.0.1:${port}/`,
    spool: { dir: path.join(dir, "spool"), maxBytes: 32 * 1024 },
    maxInFlight: 2,
    onNotice: (text) => notices.push(text),
  });
  const total = 400;
  for (let i = 0; i < total; i++) await client.send(sampleMessage(messageId(i)));
  const stats = await client.close();
  server.close();
  assert.equal(stats.sent, total);
  assert.equal(stored, total);
  const full = notices.filter((n) => /is full/.test(n)).length;
  assert.ok(stats.spoolFull >= 1 && stats.spoolFull <= 2, `${stats.spoolFull} episodes:\n${notices.join("\n")}`);
  assert.equal(full, stats.spoolFull);
});
