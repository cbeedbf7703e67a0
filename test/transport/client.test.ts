import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { DeliveryClient } from "../../src/transport/client.js";
import { REJECTS_FILE } from "../../src/transport/delivery-rejects.js";
import { IdmefError, ValidationError } from "../../src/index.js";
import { downReceiver, sampleMessage, tempDir, waitFor } from "./helpers.js";

interface Seen {
  readonly at: number;
  readonly id: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly method: string;
  readonly path: string;
}

/** A loopback server whose answer to each request is decided by the test. */
async function scriptedServer(answer: (seen: Seen, index: number, response: http.ServerResponse) => void) {
  const seen: Seen[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { ID: string };
      const entry = { at: Date.now(), id: body.ID, headers: request.headers, method: request.method ?? "", path: request.url ?? "" };
      seen.push(entry);
      answer(entry, seen.length - 1, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/idmef/ingest?tenant=a`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const fastRetry = { baseDelayMs: 20, maxDelayMs: 200 };

test("one message per POST, JSON content type, basic auth, the URL's path and query kept", async () => {
  const server = await scriptedServer((_seen, _i, response) => response.writeHead(204).end());
  const client = new DeliveryClient({
    url: server.url,
    spool: tempDir("client"),
    basicAuth: { user: "sensor", password: "s3cr:et" },
  });
  const ids = ["a", "b", "c"].map(() => randomUUID());
  for (const id of ids) await client.send(sampleMessage(id));
  const stats = await client.close();
  await server.close();
  assert.deepEqual(server.seen.map((s) => s.id).sort(), [...ids].sort());
  for (const seen of server.seen) {
    assert.equal(seen.method, "POST");
    assert.equal(seen.path, "/idmef/ingest?tenant=a");
    assert.equal(seen.headers["content-type"], "application/json");
    assert.equal(seen.headers.authorization, `Basic ${Buffer.from("sensor:s3cr:et").toString("base64")}`);
  }
  assert.equal(stats.sent, 3);
  assert.equal(stats.pending, 0);
  assert.equal(stats.spooled, stats.sent + stats.rejected + stats.pending);
});

test("5xx answers are retried until the message is delivered", async () => {
  const server = await scriptedServer((_seen, index, response) => response.writeHead(index < 3 ? 503 : 200).end());
  const client = new DeliveryClient({ url: server.url, spool: tempDir("client"), retry: fastRetry });
  const id = randomUUID();
  await client.send(sampleMessage(id));
  const stats = await client.close();
  await server.close();
  assert.deepEqual(
    server.seen.map((s) => s.id),
    [id, id, id, id],
  );
  assert.equal(stats.sent, 1);
  assert.equal(stats.retried, 3);
  assert.equal(stats.pending, 0);
});

test("429 with Retry-After in seconds: the client waits at least that long", async () => {
  let answeredAt = 0;
  const server = await scriptedServer((_seen, index, response) => {
    if (index === 0) {
      answeredAt = Date.now();
      response.writeHead(429, { "retry-after": "1" }).end();
    } else response.writeHead(204).end();
  });
  const client = new DeliveryClient({ url: server.url, spool: tempDir("client"), retry: fastRetry });
  await client.send(sampleMessage());
  const stats = await client.close();
  await server.close();
  assert.equal(server.seen.length, 2);
  assert.ok(server.seen[1]!.at - answeredAt >= 950, `retried after ${server.seen[1]!.at - answeredAt} ms, Retry-After was 1 s`);
  assert.equal(stats.sent, 1);
  assert.equal(stats.retried, 1);
});

test("503 with Retry-After as an HTTP-date: the client waits until that date", async () => {
  let until = 0;
  const server = await scriptedServer((_seen, index, response) => {
    if (index === 0) {
      // HTTP-dates have whole seconds: aim two seconds ahead, at the start of a second.
      until = (Math.floor(Date.now() / 1000) + 2) * 1000;
      response.writeHead(503, { "retry-after": new Date(until).toUTCString() }).end();
    } else response.writeHead(204).end();
  });
  const client = new DeliveryClient({ url: server.url, spool: tempDir("client"), retry: fastRetry });
  await client.send(sampleMessage());
  const stats = await client.close();
  await server.close();
  assert.equal(server.seen.length, 2);
  assert.ok(server.seen[1]!.at >= until - 50, `retried ${until - server.seen[1]!.at} ms before the Retry-After date`);
  assert.equal(stats.sent, 1);
});

test("a 4xx answer sends the message to the rejects with the server's answer, and delivery goes on", async () => {
  const badId = randomUUID();
  const server = await scriptedServer((seen, _index, response) => {
    if (seen.id === badId) {
      response.writeHead(422, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: "Priority not accepted here", problems: [{ pointer: "/Priority", message: "no" }] }));
    } else response.writeHead(204).end();
  });
  const dir = tempDir("client");
  const client = new DeliveryClient({ url: server.url, spool: dir, retry: fastRetry });
  const goodIds = [randomUUID(), randomUUID()];
  await client.send(sampleMessage(goodIds[0]));
  await client.send(sampleMessage(badId));
  await client.send(sampleMessage(goodIds[1]));
  const stats = await client.close();
  await server.close();
  assert.equal(stats.sent, 2);
  assert.equal(stats.rejected, 1);
  assert.equal(stats.retried, 0, "a 4xx is not retried");
  assert.equal(server.seen.filter((s) => s.id === badId).length, 1);
  const rejects = fs
    .readFileSync(path.join(dir, REJECTS_FILE), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.equal(rejects.length, 1);
  assert.equal(rejects[0]!["status"], 422);
  assert.match(String(rejects[0]!["reason"]), /422/);
  assert.deepEqual(rejects[0]!["answer"], { error: "Priority not accepted here", problems: [{ pointer: "/Priority", message: "no" }] });
  assert.equal((rejects[0]!["message"] as { ID: string }).ID, badId);
});

test("401 (wrong credentials) stops delivery without rejecting: messages wait in the spool for the fix", async () => {
  const good = `Basic ${Buffer.from("sensor:right").toString("base64")}`;
  const server = await scriptedServer((seen, _index, response) => {
    if (seen.headers.authorization === good) response.writeHead(204).end();
    else
      response
        .writeHead(401, { "www-authenticate": 'Basic realm="x"', "content-type": "application/json" })
        .end('{"error":"credentials required"}');
  });
  const dir = tempDir("client");
  const notices: string[] = [];
  const wrong = new DeliveryClient({
    url: server.url,
    spool: dir,
    basicAuth: { user: "sensor", password: "wrong" },
    onNotice: (t) => notices.push(t),
  });
  const ids = [randomUUID(), randomUUID(), randomUUID()];
  for (const id of ids) await wrong.send(sampleMessage(id));
  const stopped = await wrong.close();
  assert.equal(stopped.sent, 0);
  assert.equal(stopped.rejected, 0, "not the messages' fault: nothing goes to the rejects");
  assert.equal(stopped.pending, 3);
  assert.ok(
    notices.some((n) => /401 \(credentials required\): check the credentials/.test(n)),
    notices.join("\n"),
  );
  assert.ok(!fs.existsSync(path.join(dir, REJECTS_FILE)));
  const fixed = new DeliveryClient({ url: server.url, spool: dir, basicAuth: { user: "sensor", password: "right" } });
  const delivered = await fixed.close();
  await server.close();
  assert.equal(delivered.recovered, 3);
  assert.equal(delivered.sent, 3);
  const accepted = server.seen.filter((s) => s.headers.authorization === good).map((s) => s.id);
  assert.deepEqual(accepted.sort(), [...ids].sort());
});

test("with the receiver down, messages stay in the spool; the next client delivers them", async () => {
  const down = await downReceiver();
  const { port, url } = down;
  const dir = tempDir("client");
  const notices: string[] = [];
  const first = new DeliveryClient({ url, spool: dir, retry: fastRetry, drainTimeoutMs: 0, onNotice: (t) => notices.push(t) });
  const ids = Array.from({ length: 25 }, () => randomUUID());
  for (const id of ids) await first.send(sampleMessage(id));
  await waitFor(() => notices.length > 0, "the client to report the failed delivery");
  const firstStats = await first.close();
  assert.equal(firstStats.sent, 0);
  assert.equal(firstStats.pending, 25);
  assert.ok(firstStats.retried >= 1);
  assert.ok(
    notices.some((n) => /failed: .*retrying/.test(n)),
    notices.join("\n"),
  );
  await down.release();

  const received: string[] = [];
  const server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      received.push((JSON.parse(body) as { ID: string }).ID);
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const second = new DeliveryClient({ url, spool: dir, retry: fastRetry });
  await waitFor(() => received.length >= 25, "the recovered messages to arrive");
  const secondStats = await second.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  assert.equal(secondStats.recovered, 25);
  assert.equal(secondStats.sent, 25);
  assert.equal(secondStats.pending, 0);
  assert.deepEqual([...received].sort(), [...ids].sort());
});

test("an invalid message is refused before it is spooled, with every problem", async () => {
  const client = new DeliveryClient({ url: "http://127.0.0.1:9/", spool: tempDir("client"), drainTimeoutMs: 0 });
  await assert.rejects(
    client.send({ ...sampleMessage(), Priority: "urgent", CreateTime: "yesterday" }),
    (error: unknown) => error instanceof ValidationError && error.problems.length === 2,
  );
  const stats = await client.close();
  assert.equal(stats.spooled, 0);
});

test("cleartext http:// is refused except to loopback; credentials in the URL are refused", () => {
  const spool = tempDir("client");
  assert.throws(
    () => new DeliveryClient({ url: "http://siem.example.com/", spool }),
    (e: unknown) => e instanceof IdmefError && /https/.test(e.message),
  );
  assert.throws(() => new DeliveryClient({ url: "https://user:pw@siem.example.com/", spool }), /credentials in the delivery URL/);
  assert.throws(() => new DeliveryClient({ url: "ftp://siem.example.com/", spool }), /scheme/);
});
