// TLS setup failures stop delivery at once with a clear error (issue 11 item 11); one notice per
// outage, and delivery resumes within ~2 s once the receiver is back.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { startReceiver, type MessageStore } from "../../src/index.js";
import { DeliveryClient, type ClientTlsOptions } from "../../src/transport/client.js";
import { CLI, downReceiver, sampleMessage, startServe, tempDir, waitFor, type ServeProcess } from "./helpers.js";
import { generateTestPki, type TestPki } from "./test-pki.js";

let pki: TestPki;
let serve: ServeProcess;

before(async () => {
  const dir = tempDir("tls-faults");
  pki = generateTestPki(dir);
  serve = await startServe([
    "--listen",
    "127.0.0.1:0",
    "--out",
    path.join(dir, "received.ndjson"),
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

async function refusedDelivery(
  tls: ClientTlsOptions,
): Promise<{ notices: string[]; halted: string | undefined; pending: number; ms: number }> {
  const notices: string[] = [];
  const started = Date.now();
  // The drain timeout is long: only the halt can make close() return quickly.
  const client = new DeliveryClient({
    url: serve.url,
    spool: tempDir("tls-faults-spool"),
    tls,
    drainTimeoutMs: 60_000,
    onNotice: (t) => notices.push(t),
  });
  for (let i = 0; i < 20; i++) await client.send(sampleMessage(randomUUID()));
  const stats = await client.close();
  return { notices, halted: stats.halted, pending: stats.pending, ms: Date.now() - started };
}

test("an untrusted receiver certificate stops delivery at once, naming --ca; the messages stay spooled", async () => {
  const result = await refusedDelivery({ cert: fs.readFileSync(pki.clientCert), key: fs.readFileSync(pki.clientKey) });
  assert.match(result.halted ?? "", /not trusted .*--ca/);
  assert.equal(result.pending, 20);
  assert.ok(result.ms < 5000, `took ${result.ms} ms`);
  assert.ok(!result.notices.some((n) => /retrying/.test(n)), result.notices.join("\n"));
});

test("a missing client certificate stops delivery at once, naming --tls-cert", async () => {
  const result = await refusedDelivery({ ca: fs.readFileSync(pki.caCert) });
  assert.match(result.halted ?? "", /refused our client certificate .*--tls-cert/);
  assert.equal(result.pending, 20);
  assert.ok(result.ms < 5000, `took ${result.ms} ms`);
});

test("a client key that does not match its certificate is a configuration error before anything is sent", () => {
  assert.throws(
    () =>
      new DeliveryClient({
        url: serve.url,
        spool: tempDir("tls-faults-spool"),
        tls: { ca: fs.readFileSync(pki.caCert), cert: fs.readFileSync(pki.clientCert), key: fs.readFileSync(pki.serverKey) },
      }),
    (error: Error & { code?: string }) => error.code === "CONFIG_ERROR" && /--tls-key does not belong to --tls-cert/.test(error.message),
  );
});

function idmefv2(args: readonly string[]): Promise<{ code: number; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...process.env, IDMEFV2_BASIC_AUTH: "" } }, (error, _stdout, stderr) => {
      resolve({ code: error === null ? 0 : Number((error as { code?: unknown }).code ?? 1), stderr, ms: Date.now() - started });
    });
  });
}

test("convert --to with an untrusted receiver exits 3 quickly, with no stack trace; a key mismatch exits 2", async () => {
  const dir = tempDir("tls-faults-cli");
  const input = path.join(dir, "eve.json");
  const alert = {
    timestamp: "2018-07-05T15:10:00.910626-0400",
    flow_id: 904992230150281,
    event_type: "alert",
    src_ip: "192.168.86.85",
    src_port: 55641,
    dest_ip: "192.168.156.70",
    dest_port: 443,
    proto: "TCP",
    alert: {
      action: "allowed",
      gid: 1,
      signature_id: 2024833,
      rev: 3,
      signature: "ET POLICY test",
      category: "Potential Corporate Privacy Violation",
      severity: 1,
    },
  };
  fs.writeFileSync(input, `${JSON.stringify(alert)}\n`);
  const untrusted = await idmefv2([
    "convert",
    "--from",
    "suricata",
    input,
    "--to",
    serve.url,
    "--spool",
    path.join(dir, "spool"),
    "--tls-cert",
    pki.clientCert,
    "--tls-key",
    pki.clientKey,
  ]);
  assert.equal(untrusted.code, 3, untrusted.stderr);
  assert.match(untrusted.stderr, /--ca/);
  assert.doesNotMatch(untrusted.stderr, /\n\s+at /);
  assert.ok(untrusted.ms < 15_000, `took ${untrusted.ms} ms`);
  const mismatch = await idmefv2([
    "convert",
    "--from",
    "suricata",
    input,
    "--to",
    serve.url,
    "--spool",
    path.join(dir, "spool2"),
    "--ca",
    pki.caCert,
    "--tls-cert",
    pki.clientCert,
    "--tls-key",
    pki.serverKey,
  ]);
  assert.equal(mismatch.code, 2, mismatch.stderr);
  assert.match(mismatch.stderr, /--tls-key does not belong to --tls-cert/);
  assert.doesNotMatch(mismatch.stderr, /\n\s+at /);
});

test("an outage gives one notice, not one per message; delivery resumes within ~2 s of the receiver coming back", async () => {
  const down = await downReceiver();
  const notices: string[] = [];
  const client = new DeliveryClient({ url: down.url, spool: tempDir("outage-spool"), maxInFlight: 16, onNotice: (t) => notices.push(t) });
  for (let i = 0; i < 50; i++) await client.send(sampleMessage(randomUUID()));
  // Long enough for the backoff to reach its ceiling.
  await new Promise((resolve) => setTimeout(resolve, 6000));
  await down.release();
  const lines: string[] = [];
  const store: MessageStore = { write: (line) => void lines.push(line), close: async () => undefined };
  const receiver = await startReceiver({ port: down.port, store });
  const back = Date.now();
  await waitFor(() => lines.length === 50, "every message after the receiver came back", 10_000);
  const resumedAfter = Date.now() - back;
  await client.close();
  await receiver.close();
  assert.ok(resumedAfter < 3000, `resumed after ${resumedAfter} ms`);
  assert.equal(notices.filter((n) => /failed/.test(n)).length, 1, notices.join("\n"));
  assert.equal(notices.filter((n) => /resumed/.test(n)).length, 1, notices.join("\n"));
});
