// `--spool-max-bytes` from the command line, with the receiver down: `convert --to` pauses its
// reading at the cap and delivers everything once the receiver is up; `listen --to` over UDP drops
// what it cannot hold and counts exactly what is missing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import dgram from "node:dgram";
import fs from "node:fs";
import path from "node:path";
import { CLI, downReceiver, idsInNdjson, spoolSegmentBytes, startServe, tempDir, waitFor } from "./helpers.js";

function syslogLine(i: number): string {
  return `<38>Feb 21 21:${String(10 + (Math.floor(i / 60) % 50)).padStart(2, "0")}:${String(i % 60).padStart(2, "0")} gw sshd[${4000 + i}]: Failed password for user${i} from 10.0.${Math.floor(i / 250)}.${i % 250} port ${40000 + i} ssh2`;
}

function startCli(args: readonly string[]) {
  const child = spawn(process.execPath, [CLI, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, IDMEFV2_BASIC_AUTH: "" },
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.resume();
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, stderr: () => stderr };
}

/** Watches the spool while `ms` pass: the most it held and its longest entry. */
async function watchSpool(dir: string, ms: number): Promise<{ largest: number; longestEntry: number }> {
  let largest = 0;
  let longestEntry = 0;
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const seen = spoolSegmentBytes(dir);
    largest = Math.max(largest, seen.bytes);
    longestEntry = Math.max(longestEntry, seen.longestEntry);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return { largest, longestEntry };
}

test("convert --to at --spool-max-bytes: reading pauses with the receiver down, then every message arrives exactly once", async () => {
  const dir = tempDir("cli-spool-cap");
  const input = path.join(dir, "auth.log");
  const total = 600;
  fs.writeFileSync(input, `${Array.from({ length: total }, (_, i) => syslogLine(i)).join("\n")}\n`);
  const spool = path.join(dir, "spool");
  const cap = 32 * 1024;
  const down = await downReceiver();
  const run = startCli(["convert", "--from", "syslog", input, "--to", down.url, "--spool", spool, "--spool-max-bytes", "32k"]);
  await waitFor(() => /is full/.test(run.stderr()), "the spool to reach its cap");
  const watched = await watchSpool(spool, 2000);
  let exited = false;
  void run.exited.then(() => (exited = true));
  assert.equal(exited, false, `convert waits at the cap instead of exiting:\n${run.stderr()}`);
  assert.ok(
    watched.largest <= cap + watched.longestEntry,
    `the spool held ${watched.largest} bytes, cap ${cap} + one entry of ${watched.longestEntry}`,
  );
  const out = path.join(dir, "received.ndjson");
  await down.release();
  const serve = await startServe(["--listen", `127.0.0.1:${down.port}`, "--out", out]);
  const code = await run.exited;
  serve.child.kill("SIGTERM");
  await serve.exited;
  assert.equal(code, 0, run.stderr());
  assert.match(run.stderr(), new RegExp(`${total} converted`));
  assert.match(run.stderr(), new RegExp(`delivery: spooled ${total}, sent ${total}, retried \\d+, rejected 0, pending 0`));
  assert.match(run.stderr(), /the spool reached its cap \(--spool-max-bytes 32768\) \d+ time\(s\)/);
  const ids = idsInNdjson(out);
  assert.equal(ids.length, total, "no message twice");
  assert.equal(new Set(ids).size, total, "every message once");
});

test("listen --to over UDP at --spool-max-bytes: what is dropped is counted, and equals what is missing at the receiver", async () => {
  const dir = tempDir("cli-spool-cap-listen");
  const spool = path.join(dir, "spool");
  const cap = 16 * 1024;
  const down = await downReceiver();
  const listen = startCli([
    "listen",
    "--udp",
    "127.0.0.1:0",
    "--to",
    down.url,
    "--spool",
    spool,
    "--spool-max-bytes",
    "16k",
    "--queue-bytes",
    "16k",
    "--stats",
  ]);
  await waitFor(() => /listening on udp:\/\/127\.0\.0\.1:\d+/.test(listen.stderr()), "`idmefv2 listen` to print its address");
  const port = Number(/listening on udp:\/\/127\.0\.0\.1:(\d+)/.exec(listen.stderr())![1]);
  const socket = dgram.createSocket("udp4");
  const total = 2000;
  for (let i = 0; i < total; i++) {
    await new Promise<void>((resolve, reject) =>
      socket.send(syslogLine(i), port, "127.0.0.1", (error) => (error ? reject(error) : resolve())),
    );
    // A pause now and then, so that the kernel's buffer is not what drops them (that is counted too).
    if (i % 50 === 49) await new Promise((resolve) => setTimeout(resolve, 2));
  }
  socket.close();
  const watched = await watchSpool(spool, 500);
  assert.ok(
    watched.largest <= cap + watched.longestEntry,
    `the spool held ${watched.largest} bytes, cap ${cap} + one entry of ${watched.longestEntry}`,
  );
  const out = path.join(dir, "received.ndjson");
  await down.release();
  const serve = await startServe(["--listen", `127.0.0.1:${down.port}`, "--out", out]);
  await waitFor(() => /has room again/.test(listen.stderr()), "the spool to drain");
  listen.child.kill("SIGTERM");
  const code = await listen.exited;
  serve.child.kill("SIGTERM");
  await serve.exited;
  assert.equal(code, 0, listen.stderr());
  const books = JSON.parse(
    listen
      .stderr()
      .split("\n")
      .find((line) => line.startsWith("{"))!,
  ) as {
    converted: number;
    listener: { udpDatagrams: number; udpDropped: number; udpKernelDropped: number };
    delivery: { sent: number; pending: number; spoolFull: number };
  };
  const received = idsInNdjson(out).length;
  const dropped = books.listener.udpDropped + books.listener.udpKernelDropped;
  assert.ok(books.listener.udpDropped > 0, "at the cap, datagrams beyond the listener's queue are dropped");
  assert.ok(books.delivery.spoolFull >= 1);
  assert.equal(books.delivery.pending, 0);
  assert.equal(
    books.listener.udpDatagrams + books.listener.udpKernelDropped,
    total,
    "every datagram sent is read or counted by the kernel",
  );
  assert.equal(received, books.converted, "every message converted reached the receiver");
  assert.equal(received + dropped, total, `received ${received} + dropped ${dropped} = sent`);
  assert.equal(new Set(idsInNdjson(out)).size, received, "none twice");
});

test("convert --follow --to at --spool-max-bytes: the committed position stops short of what could not be spooled", async () => {
  const dir = tempDir("cli-spool-cap-follow");
  const input = path.join(dir, "auth.log");
  const total = 400;
  fs.writeFileSync(input, `${Array.from({ length: total }, (_, i) => syslogLine(i)).join("\n")}\n`);
  const size = fs.statSync(input).size;
  const state = path.join(dir, "state.json");
  const spool = path.join(dir, "spool");
  const down = await downReceiver();
  const run = startCli([
    "convert",
    "--follow",
    "--state",
    state,
    "--from",
    "syslog",
    input,
    "--to",
    down.url,
    "--spool",
    spool,
    "--spool-max-bytes",
    "16k",
  ]);
  const committed = (): number => (fs.existsSync(state) ? (JSON.parse(fs.readFileSync(state, "utf8")) as { offset: number }).offset : 0);
  await waitFor(() => /is full/.test(run.stderr()), "the spool to reach its cap");
  await new Promise((resolve) => setTimeout(resolve, 1000));
  assert.ok(committed() < size, `nothing past the spool is committed (${committed()} of ${size} bytes)`);
  const out = path.join(dir, "received.ndjson");
  await down.release();
  const serve = await startServe(["--listen", `127.0.0.1:${down.port}`, "--out", out]);
  await waitFor(() => committed() === size && idsInNdjson(out).length === total, "the whole file committed and delivered");
  run.child.kill("SIGTERM");
  const code = await run.exited;
  serve.child.kill("SIGTERM");
  await serve.exited;
  assert.equal(code, 0, run.stderr());
  assert.equal(new Set(idsInNdjson(out)).size, total, "every message once");
});

test("convert --to at the cap with delivery stopped on its setup (401): exit 3, the spooled messages kept, the rest counted", async () => {
  const dir = tempDir("cli-spool-cap-401");
  const input = path.join(dir, "auth.log");
  fs.writeFileSync(input, `${Array.from({ length: 300 }, (_, i) => syslogLine(i)).join("\n")}\n`);
  const serve = await startServe(["--listen", "127.0.0.1:0", "--out", path.join(dir, "received.ndjson")], {
    IDMEFV2_BASIC_AUTH: "soc:pa55",
  });
  const run = startCli([
    "convert",
    "--from",
    "syslog",
    input,
    "--to",
    serve.url,
    "--spool",
    path.join(dir, "spool"),
    "--spool-max-bytes",
    "8k",
  ]);
  const code = await run.exited;
  serve.child.kill("SIGTERM");
  await serve.exited;
  assert.equal(code, 3, run.stderr());
  assert.match(run.stderr(), /is full \(cap 8192 bytes\) and delivery stopped: receiver answered 401/);
  const spooled = Number(/delivery: spooled (\d+), sent 0, retried \d+, rejected 0, pending (\d+)/.exec(run.stderr())?.[1]);
  assert.ok(spooled > 0 && spooled < 300, run.stderr());
  assert.match(run.stderr(), new RegExp(`pending ${spooled} `));
  assert.match(run.stderr(), new RegExp(`${300 - spooled} message\\(s\\) and 0 rejected record\\(s\\) counted above were not written`));
});
