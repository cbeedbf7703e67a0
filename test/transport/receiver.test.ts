// The receiver as a library: answers that curl cannot easily provoke, checked with raw sockets.
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import net from "node:net";
import { startReceiver, type MessageStore } from "../../src/index.js";
import { DeliveryClient } from "../../src/transport/client.js";
import { sampleMessage, tempDir } from "./helpers.js";

function memoryStore(): MessageStore & { lines: string[] } {
  const lines: string[] = [];
  return { lines, write: (line) => void lines.push(line), close: async () => undefined };
}

/** Sends raw bytes and resolves with everything the server sent back until it closed or `until` matched. */
function rawExchange(port: number, send: (socket: net.Socket) => void, until: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    let received = "";
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString("latin1");
      if (until.test(received)) {
        socket.destroy();
        resolve(received);
      }
    });
    socket.on("error", reject);
    socket.on("close", () => resolve(received));
    socket.on("connect", () => send(socket));
  });
}

test("an oversize chunked body is answered 413 without waiting for the rest of it", async () => {
  const store = memoryStore();
  const receiver = await startReceiver({ port: 0, store, maxBodyBytes: 1000 });
  const answer = await rawExchange(
    receiver.port,
    (socket) => {
      socket.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
      // 2000 bytes in chunks, and never the terminating zero-size chunk: the body never ends.
      for (let i = 0; i < 4; i++) socket.write(`1f4\r\n${"x".repeat(500)}\r\n`);
    },
    /\r\n\r\n[\s\S]*\}/,
  );
  assert.match(answer, /^HTTP\/1\.1 413 /);
  assert.match(answer, /connection: close/i);
  assert.match(answer, /larger than 1000 bytes/);
  const stats = await receiver.close();
  assert.equal(stats.tooLarge, 1);
  assert.deepEqual(store.lines, []);
});

test("a Content-Length over the limit is answered 413 before any of the body is read", async () => {
  const receiver = await startReceiver({ port: 0, store: memoryStore(), maxBodyBytes: 1000 });
  const answer = await rawExchange(
    receiver.port,
    (socket) => socket.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 50000000\r\n\r\n"),
    /\r\n\r\n[\s\S]*\}/,
  );
  assert.match(answer, /^HTTP\/1\.1 413 /);
  await receiver.close();
});

test("an Accept header that excludes JSON gets 406; no Accept header, or */*, is fine", async () => {
  const store = memoryStore();
  const receiver = await startReceiver({ port: 0, store });
  const post = async (accept: string | undefined): Promise<number> => {
    const response = await fetch(receiver.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...(accept === undefined ? {} : { accept }) },
      body: JSON.stringify(sampleMessage(randomUUID())),
    });
    await response.arrayBuffer();
    return response.status;
  };
  assert.equal(await post("application/xml"), 406);
  assert.equal(await post("application/json;q=0, text/plain"), 406);
  assert.equal(await post(undefined), 204);
  assert.equal(await post("*/*"), 204);
  assert.equal(await post("application/json"), 204);
  const stats = await receiver.close();
  assert.equal(stats.notAcceptable, 2);
  assert.equal(stats.accepted, 3);
  assert.equal(store.lines.length, 3);
});

test("a store that fails gets 503, which the client retries: the message is not lost", async () => {
  const lines: string[] = [];
  let failures = 2;
  const flaky: MessageStore = {
    write(line) {
      if (failures-- > 0) throw new Error("disk full");
      lines.push(line);
    },
    close: async () => undefined,
  };
  const receiver = await startReceiver({ port: 0, store: flaky });
  const client = new DeliveryClient({ url: receiver.url, spool: tempDir("flaky"), retry: { baseDelayMs: 10, maxDelayMs: 50 } });
  const id = randomUUID();
  await client.send(sampleMessage(id));
  const stats = await client.close();
  const received = await receiver.close();
  assert.equal(received.failed, 2);
  assert.equal(received.accepted, 1);
  assert.equal(stats.sent, 1);
  assert.equal(stats.retried, 2);
  assert.equal((JSON.parse(lines[0]!) as { ID: string }).ID, id);
});

test("basic auth: the whole credential must match; the scheme name is case-insensitive", async () => {
  const receiver = await startReceiver({ port: 0, store: memoryStore(), basicAuth: { user: "u", password: "p:w" } });
  const post = async (authorization: string): Promise<number> => {
    const response = await fetch(receiver.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization },
      body: JSON.stringify(sampleMessage(randomUUID())),
    });
    await response.arrayBuffer();
    return response.status;
  };
  const token = Buffer.from("u:p:w").toString("base64");
  assert.equal(await post(`Basic ${token}`), 204);
  assert.equal(await post(`basic ${token}`), 204);
  assert.equal(await post(`Basic ${Buffer.from("u:p").toString("base64")}`), 401);
  assert.equal(await post(`Bearer ${token}`), 401);
  await receiver.close();
});

test("a message with a prototype key or invalid UTF-8 is refused (400), never stored altered", async () => {
  const store = memoryStore();
  const receiver = await startReceiver({ port: 0, store });
  const post = async (body: Buffer): Promise<{ status: number; text: string }> => {
    const response = await fetch(receiver.url, { method: "POST", headers: { "content-type": "application/json" }, body });
    return { status: response.status, text: await response.text() };
  };
  const message = sampleMessage() as Record<string, unknown>;
  const polluted = JSON.stringify(message).replace(/^\{/, '{"__proto__":{"polluted":true},');
  const refused = await post(Buffer.from(polluted));
  assert.equal(refused.status, 400);
  assert.match(refused.text, /forbidden-key/);
  const badUtf8 = Buffer.concat([
    Buffer.from(JSON.stringify({ ...message, Description: "x" }).slice(0, -2)),
    Buffer.from([0xff, 0xfe]),
    Buffer.from('"}'),
  ]);
  const notUtf8 = await post(badUtf8);
  assert.equal(notUtf8.status, 400);
  assert.match(notUtf8.text, /not valid UTF-8/);
  assert.equal((await post(Buffer.from(JSON.stringify(message)))).status, 204);
  await receiver.close();
  assert.equal(store.lines.length, 1);
  assert.equal(({} as Record<string, unknown>)["polluted"], undefined);
});
