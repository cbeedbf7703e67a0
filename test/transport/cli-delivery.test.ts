// `idmefv2 convert ... --to URL`: the converted messages reach `idmefv2 serve`, with the books printed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import net from "node:net";
import fs from "node:fs";
import path from "node:path";
import { CLI, downReceiver, idsInNdjson, startServe, tempDir, waitFor } from "./helpers.js";

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function idmefv2(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...process.env, IDMEFV2_BASIC_AUTH: "", ...env } }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : Number((error as { code?: unknown }).code ?? 1), stdout, stderr });
    });
  });
}

/** `count` Suricata EVE alerts, one per line, each with its own flow id and second. */
function eveAlerts(count: number, signature = "ET POLICY Observed IP Lookup Domain"): string {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    lines.push(
      JSON.stringify({
        timestamp: `2018-07-05T15:${String(10 + Math.floor(i / 60)).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}.910626-0400`,
        flow_id: 904992230150281 + i,
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
          signature,
          category: "Potential Corporate Privacy Violation",
          severity: 1,
        },
      }),
    );
  }
  return `${lines.join("\n")}\n`;
}

test("convert --to delivers every converted message, credentials from IDMEFV2_BASIC_AUTH; --out keeps a copy", async () => {
  const dir = tempDir("cli-to");
  const input = path.join(dir, "eve.ndjson");
  fs.writeFileSync(input, eveAlerts(40));
  const out = path.join(dir, "received.ndjson");
  const serve = await startServe(["--listen", "127.0.0.1:0", "--out", out], { IDMEFV2_BASIC_AUTH: "soc:pa55" });
  const copy = path.join(dir, "copy.ndjson");
  const run = await idmefv2(
    ["convert", "--from", "suricata", input, "--to", serve.url, "--spool", path.join(dir, "spool"), "--out", copy],
    {
      IDMEFV2_BASIC_AUTH: "soc:pa55",
    },
  );
  serve.child.kill("SIGTERM");
  await serve.exited;
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, "", "messages go to the receiver (and the --out copy), not stdout");
  assert.match(run.stderr, /40 converted/);
  assert.match(run.stderr, /delivery: spooled 40, sent 40, retried 0, rejected 0, pending 0/);
  const received = idsInNdjson(out);
  assert.equal(received.length, 40);
  assert.equal(new Set(received).size, 40);
  assert.deepEqual(idsInNdjson(copy).sort(), [...received].sort(), "the --out copy holds the same messages");
});

test("receiver down: convert keeps the messages in the spool (exit 1); the next run delivers them", async () => {
  const dir = tempDir("cli-down");
  const input = path.join(dir, "eve.ndjson");
  fs.writeFileSync(input, eveAlerts(12));
  const spool = path.join(dir, "spool");
  const down = await downReceiver();
  const { port, url } = down;
  const first = await idmefv2(["convert", "--from", "suricata", input, "--to", url, "--spool", spool, "--drain-timeout", "0.5"]);
  assert.equal(first.code, 1, first.stderr);
  assert.match(first.stderr, /delivery: spooled 12, sent 0, retried \d+, rejected 0, pending 12 \(left in /);

  const out = path.join(dir, "received.ndjson");
  await down.release();
  const serve = await startServe(["--listen", `127.0.0.1:${port}`, "--out", out]);
  const empty = path.join(dir, "empty.ndjson");
  fs.writeFileSync(empty, "");
  const second = await idmefv2(["convert", "--from", "suricata", empty, "--to", url, "--spool", spool]);
  serve.child.kill("SIGTERM");
  await serve.exited;
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stderr, /delivery: recovered 12 from the spool, spooled 0, sent 12, retried \d+, rejected 0, pending 0/);
  assert.equal(new Set(idsInNdjson(out)).size, 12);
});

test("messages the receiver refuses go to --rejects with its answer, and the exit code says so", async () => {
  const dir = tempDir("cli-rejects");
  const input = path.join(dir, "eve.ndjson");
  // Two ordinary alerts and one whose signature makes the message larger than the receiver allows.
  fs.writeFileSync(input, eveAlerts(2) + eveAlerts(1, `ET HUGE ${"x".repeat(3000)}`));
  const out = path.join(dir, "received.ndjson");
  const serve = await startServe(["--listen", "127.0.0.1:0", "--out", out, "--max-body", "2048"]);
  const rejects = path.join(dir, "rejects.ndjson");
  const run = await idmefv2([
    "convert",
    "--from",
    "suricata",
    input,
    "--to",
    serve.url,
    "--spool",
    path.join(dir, "spool"),
    "--rejects",
    rejects,
  ]);
  serve.child.kill("SIGTERM");
  await serve.exited;
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stderr, /delivery: spooled 3, sent 2, retried 0, rejected 1, pending 0/);
  const lines = fs
    .readFileSync(rejects, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.equal(lines.length, 1);
  assert.equal(lines[0]!["code"], "DELIVERY_REJECTED");
  assert.equal(lines[0]!["file"], input);
  assert.equal(lines[0]!["line"], 3);
  assert.match(String(lines[0]!["reason"]), /413.*larger than 2048 bytes/);
  assert.match(String(lines[0]!["record"]), /ET HUGE/);
  assert.equal(idsInNdjson(out).length, 2);
});

test("cleartext http:// to another host is a usage error (exit 2), before anything is read", async () => {
  const dir = tempDir("cli-plain");
  const input = path.join(dir, "eve.ndjson");
  fs.writeFileSync(input, eveAlerts(1));
  const run = await idmefv2([
    "convert",
    "--from",
    "suricata",
    input,
    "--to",
    "http://siem.example.com/",
    "--spool",
    path.join(dir, "spool"),
  ]);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /refusing cleartext http:\/\/ to siem\.example\.com: use https:\/\//);
  assert.doesNotMatch(run.stderr, /\n\s+at /, "no stack trace for a user error");
});

test("serve: a bad --listen, or a missing certificate file, is a usage error naming it", async () => {
  const badListen = await idmefv2(["serve", "--listen", "nowhere"]);
  assert.equal(badListen.code, 2);
  assert.match(badListen.stderr, /--listen "nowhere": no port: write HOST:PORT, e\.g\. 127\.0\.0\.1:8443/);
  const barePort = await idmefv2(["serve", "--listen", "8443"]);
  assert.equal(barePort.code, 2);
  assert.match(barePort.stderr, /--listen "8443": a port alone does not say where to listen: write 127\.0\.0\.1:8443/);
  const missing = await idmefv2([
    "serve",
    "--listen",
    "127.0.0.1:0",
    "--tls-cert",
    "/nonexistent/cert.pem",
    "--tls-key",
    "/nonexistent/key.pem",
  ]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /--tls-cert: cannot read \/nonexistent\/cert\.pem \(ENOENT\)/);
  const cleartext = await idmefv2(["serve", "--listen", "0.0.0.0:0"]);
  assert.equal(cleartext.code, 2);
  assert.match(cleartext.stderr, /refusing to serve cleartext HTTP on 0\.0\.0\.0/);
});

test("listen --to delivers syslog messages live, while it runs, and balances its books on SIGTERM", async () => {
  const dir = tempDir("cli-listen");
  const out = path.join(dir, "received.ndjson");
  const serve = await startServe(["--listen", "127.0.0.1:0", "--out", out]);
  const listen = spawn(
    process.execPath,
    [CLI, "listen", "--tcp", "127.0.0.1:0", "--to", serve.url, "--spool", path.join(dir, "spool"), "--fsync-interval", "0"],
    { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, IDMEFV2_BASIC_AUTH: "" } },
  );
  let stderr = "";
  listen.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  let stdout = "";
  listen.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => listen.on("exit", (code) => resolve(code)));
  await waitFor(() => /listening on tcp:\/\/127\.0\.0\.1:\d+/.test(stderr), "`idmefv2 listen` to print its address");
  const port = Number(/listening on tcp:\/\/127\.0\.0\.1:(\d+)/.exec(stderr)![1]);
  const socket = net.connect(port, "127.0.0.1");
  await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  for (let i = 1; i <= 5; i++) {
    socket.write(`<38>Feb 21 21:54:4${i} localhost sshd[340${i}]: Accepted password for user${i} from 10.0.2.${i} port 5000${i} ssh2\n`);
  }
  socket.end();
  await waitFor(() => idsInNdjson(out).length >= 5, "the five messages at the receiver while listen still runs");
  listen.kill("SIGTERM");
  const code = await exited;
  serve.child.kill("SIGTERM");
  await serve.exited;
  assert.equal(code, 0, stderr);
  assert.equal(stdout, "");
  assert.match(stderr, /delivery: spooled 5, sent 5, retried \d+, rejected 0, pending 0/);
  assert.equal(new Set(idsInNdjson(out)).size, 5);
});
