// Receiver faults from the audit (issue 11 items 9, 10, 11, 15; issue 14's text/json and
// --accept-versions), through the library with raw HTTP where the client would not misbehave.
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import http from "node:http";
import net from "node:net";
import fs from "node:fs";
import { startReceiver, type MessageStore } from "../../src/index.js";
import { DeliveryClient } from "../../src/transport/client.js";
import { sampleMessage, tempDir } from "./helpers.js";
import { generateTestPki } from "./test-pki.js";

function memoryStore(): MessageStore & { lines: string[] } {
  const lines: string[] = [];
  return { lines, write: (line) => void lines.push(line), close: async () => undefined };
}

function post(port: number, body: string, contentType = "application/json"): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: "127.0.0.1",
        port,
        method: "POST",
        path: "/",
        headers: { "content-type": contentType, "content-length": Buffer.byteLength(body) },
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (text += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, text }));
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

test("a duplicate key is refused with 400 naming it, and nothing is stored", async () => {
  const store = memoryStore();
  const receiver = await startReceiver({ port: 0, store });
  const valid = JSON.stringify(sampleMessage());
  const forged = `${valid.slice(0, -1)},"Priority":"<script>","Priority":"Medium"}`.replace('"Priority":"Medium",', "");
  const answer = await post(receiver.port, forged);
  assert.equal(answer.status, 400);
  assert.match(answer.text, /duplicate key \\"Priority\\" at \/Priority/);
  // Nested duplicates too, and ones spelled with escapes.
  const nested = valid.replace('"Analyzer":{', '"Analyzer":{"Name":"a","\\u004eame":"b",');
  assert.equal((await post(receiver.port, nested)).status, 400);
  assert.equal((await post(receiver.port, valid)).status, 204);
  await receiver.close();
  assert.equal(store.lines.length, 1);
  assert.ok(!store.lines.some((line) => line.includes("<script>")));
});

test("a huge invalid message gets a small answer: problems capped, with how many more", async () => {
  const receiver = await startReceiver({ port: 0, store: memoryStore(), maxBodyBytes: 2 * 1024 * 1024 });
  const message = { ...sampleMessage(), Category: Array.from({ length: 60_000 }, () => "Zz") };
  const before = process.memoryUsage().rss;
  const answer = await post(receiver.port, JSON.stringify(message));
  assert.equal(answer.status, 400);
  assert.ok(answer.text.length < 64 * 1024, `answer of ${answer.text.length} bytes`);
  const parsed = JSON.parse(answer.text) as { problems: { allowed?: unknown[] }[]; more: string };
  assert.ok(parsed.problems.length > 0 && parsed.problems.length <= 50);
  assert.match(parsed.more, /and \d+ more problem\(s\)/);
  for (const problem of parsed.problems) assert.ok((problem.allowed?.length ?? 0) <= 17);
  // On main this answer was ~160 MB for a 300 KB body.
  assert.ok(process.memoryUsage().rss - before < 200 * 1024 * 1024);
  await receiver.close();
});

test("text/json is accepted like application/json; other types still get 415", async () => {
  const store = memoryStore();
  const receiver = await startReceiver({ port: 0, store });
  assert.equal((await post(receiver.port, JSON.stringify(sampleMessage()), "text/json; charset=utf-8")).status, 204);
  assert.equal((await post(receiver.port, JSON.stringify(sampleMessage()), "text/plain")).status, 415);
  await receiver.close();
  assert.equal(store.lines.length, 1);
});

test("acceptVersions: a message of another Version gets 415 naming the accepted ones", async () => {
  const store = memoryStore();
  const receiver = await startReceiver({ port: 0, store, acceptVersions: ["2.D.V07"] });
  const answer = await post(receiver.port, JSON.stringify(sampleMessage()));
  assert.equal(answer.status, 415);
  assert.match(answer.text, /Version \\"2\.D\.V08\\" is not accepted here: this receiver accepts 2\.D\.V07/);
  const stats = await receiver.close();
  assert.equal(stats.unacceptedVersion, 1);
  assert.deepEqual(store.lines, []);
});

test("1,100 idle connections do not lock a real sender out: it delivers within seconds", async () => {
  const store = memoryStore();
  const receiver = await startReceiver({ port: 0, store });
  const idle: net.Socket[] = [];
  try {
    for (let i = 0; i < 1100; i++) {
      const socket = net.connect(receiver.port, "127.0.0.1");
      socket.on("error", () => undefined);
      idle.push(socket);
    }
    await Promise.all(
      idle.map(
        (s) =>
          new Promise<void>((resolve) => (s.connecting ? s.once("connect", () => resolve()).once("close", () => resolve()) : resolve())),
      ),
    );
    const started = Date.now();
    const client = new DeliveryClient({
      url: receiver.url,
      spool: tempDir("flood"),
      drainTimeoutMs: 4000,
      retry: { baseDelayMs: 50, maxDelayMs: 200 },
    });
    await client.send(sampleMessage(randomUUID()));
    const stats = await client.close();
    assert.equal(stats.sent, 1, `not delivered within ${Date.now() - started} ms`);
    assert.ok(Date.now() - started < 4000);
  } finally {
    for (const socket of idle) socket.destroy();
  }
  const stats = await receiver.close();
  assert.ok(stats.evictedConnections > 0);
  assert.equal(store.lines.length, 1);
});

test("a connection that sends nothing is closed after the header timeout", async () => {
  const receiver = await startReceiver({ port: 0, store: memoryStore(), headersTimeoutMs: 500 });
  const socket = net.connect(receiver.port, "127.0.0.1");
  socket.resume();
  socket.write("POST / HTTP/1.1\r\nHost: x\r\n");
  const started = Date.now();
  await new Promise((resolve) => socket.on("close", resolve).on("error", () => undefined));
  assert.ok(Date.now() - started < 3000, `closed after ${Date.now() - started} ms`);
  await receiver.close();
});

test("a certificate and key that do not match are a configuration error naming --tls-key", async () => {
  const pki = generateTestPki(tempDir("mismatch"));
  await assert.rejects(
    startReceiver({
      port: 0,
      store: memoryStore(),
      tls: { cert: fs.readFileSync(pki.serverCert), key: fs.readFileSync(pki.clientKey) },
    }),
    (error: Error & { code?: string }) => error.code === "CONFIG_ERROR" && /--tls-key does not belong to --tls-cert/.test(error.message),
  );
});
