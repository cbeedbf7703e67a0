// Mutual TLS (the transport draft's MUST, 4.5.3) with certificates generated for the test.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { DeliveryClient, type ClientTlsOptions } from "../../src/transport/client.js";
import { idsInNdjson, sampleMessage, startServe, tempDir, waitFor, type ServeProcess } from "./helpers.js";
import { generateTestPki, type TestPki } from "./test-pki.js";

let pki: TestPki;
let serve: ServeProcess;
let out: string;

before(async () => {
  const dir = tempDir("mtls");
  pki = generateTestPki(dir);
  out = path.join(dir, "received.ndjson");
  serve = await startServe([
    "--listen",
    "127.0.0.1:0",
    "--out",
    out,
    "--tls-cert",
    pki.serverCert,
    "--tls-key",
    pki.serverKey,
    "--client-ca",
    pki.caCert,
  ]);
});

after(async () => {
  serve.child.kill("SIGTERM");
  await serve.exited;
});

function curl(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile("/usr/bin/curl", ["-sS", "--max-time", "30", ...args], (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : Number((error as { code?: unknown }).code ?? 1), stdout, stderr });
    });
  });
}

/**
 * Sends one message. When it should be refused, waits for the client to report the failure (no
 * fixed delay: the machine may be slow) and then closes without draining.
 */
async function deliverOne(
  tls: ClientTlsOptions,
  expect: "delivered" | "refused",
): Promise<{ id: string; sent: number; pending: number; notices: string[] }> {
  const notices: string[] = [];
  const client = new DeliveryClient({
    url: serve.url,
    spool: tempDir("mtls-spool"),
    tls,
    drainTimeoutMs: expect === "delivered" ? 120_000 : 0,
    retry: { baseDelayMs: 50, maxDelayMs: 200 },
    onNotice: (text) => notices.push(text),
  });
  const id = randomUUID();
  await client.send(sampleMessage(id));
  if (expect === "refused") await waitFor(() => notices.length > 0, "the client to report the refused connection");
  const stats = await client.close();
  return { id, sent: stats.sent, pending: stats.pending, notices };
}

test("the receiver listens on https:// and says it requires client certificates", () => {
  assert.match(serve.url, /^https:\/\/127\.0\.0\.1:\d+\/$/);
  assert.match(serve.stderr(), /client certificates required/);
});

test("a client with a certificate from the trusted CA delivers", async () => {
  const result = await deliverOne(
    { ca: fs.readFileSync(pki.caCert), cert: fs.readFileSync(pki.clientCert), key: fs.readFileSync(pki.clientKey) },
    "delivered",
  );
  assert.equal(result.sent, 1, result.notices.join("\n"));
  await waitFor(() => idsInNdjson(out).includes(result.id), "the message in --out");
});

test("curl with the client certificate is accepted over TLS 1.3", async () => {
  const id = randomUUID();
  const result = await curl([
    "--cacert",
    pki.caCert,
    "--cert",
    pki.clientCert,
    "--key",
    pki.clientKey,
    "--tlsv1.3",
    "-o",
    "/dev/null",
    "-w",
    "%{http_code} %{ssl_verify_result}",
    "-H",
    "Content-Type: application/json",
    "--data-binary",
    JSON.stringify(sampleMessage(id)),
    serve.url,
  ]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, "204 0");
  await waitFor(() => idsInNdjson(out).includes(id), "curl's message in --out");
});

test("curl without a client certificate is refused, and nothing is stored", async () => {
  const id = randomUUID();
  const result = await curl([
    "--cacert",
    pki.caCert,
    "-o",
    "/dev/null",
    "-w",
    "%{http_code}",
    "-H",
    "Content-Type: application/json",
    "--data-binary",
    JSON.stringify(sampleMessage(id)),
    serve.url,
  ]);
  assert.notEqual(result.code, 0, "curl fails: the TLS handshake is refused");
  assert.notEqual(result.stdout, "204");
  assert.ok(!idsInNdjson(out).includes(id));
});

test("our client without a certificate is refused: the message stays pending, not lost", async () => {
  const result = await deliverOne({ ca: fs.readFileSync(pki.caCert) }, "refused");
  assert.equal(result.sent, 0);
  assert.equal(result.pending, 1);
  assert.ok(!idsInNdjson(out).includes(result.id));
});

test("a client certificate from another CA is refused", async () => {
  const result = await deliverOne(
    { ca: fs.readFileSync(pki.caCert), cert: fs.readFileSync(pki.rogueCert), key: fs.readFileSync(pki.rogueKey) },
    "refused",
  );
  assert.equal(result.sent, 0);
  assert.equal(result.pending, 1);
  assert.ok(!idsInNdjson(out).includes(result.id));
});

test("the client checks the receiver's certificate: without the CA it does not deliver", async () => {
  const result = await deliverOne({ cert: fs.readFileSync(pki.clientCert), key: fs.readFileSync(pki.clientKey) }, "refused");
  assert.equal(result.sent, 0);
  assert.ok(
    result.notices.some((n) => /certificate|CERT/i.test(n)),
    result.notices.join("\n"),
  );
});

test("a receiver whose certificate carries a wildcard DNS name is refused (draft 4.5.4)", async () => {
  const wildcard = await startServe([
    "--listen",
    "127.0.0.1:0",
    "--out",
    path.join(pki.dir, "wildcard.ndjson"),
    "--tls-cert",
    pki.wildcardServerCert,
    "--tls-key",
    pki.wildcardServerKey,
    "--client-ca",
    pki.caCert,
  ]);
  const notices: string[] = [];
  const client = new DeliveryClient({
    url: wildcard.url,
    spool: tempDir("mtls-spool"),
    tls: { ca: fs.readFileSync(pki.caCert), cert: fs.readFileSync(pki.clientCert), key: fs.readFileSync(pki.clientKey) },
    drainTimeoutMs: 0,
    onNotice: (text) => notices.push(text),
  });
  await client.send(sampleMessage(randomUUID()));
  await waitFor(() => notices.length > 0, "the client to report the refused certificate");
  const stats = await client.close();
  wildcard.child.kill("SIGTERM");
  await wildcard.exited;
  assert.equal(stats.sent, 0);
  assert.equal(stats.pending, 1);
  assert.match(notices[0]!, /wildcard certificates are refused/);
});
