// --metrics on serve, listen and convert --follow: a scrape shows the counters of the running command.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createSocket } from "node:dgram";
import fs from "node:fs";
import http from "node:http";
import { renderPrometheus } from "../../src/io/metrics/prometheus.js";
import path from "node:path";
import { CLI, messageId, sampleMessage, startServe, tempDir } from "../transport/helpers.js";

function value(text: string, series: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? Number.NaN : Number(line.slice(series.length + 1));
}

function post(port: number, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: "127.0.0.1", port, method: "POST", path: "/", headers: { "content-type": "application/json" } },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

test("renderPrometheus: labels escaped and bounded, so hostile skip reasons cannot grow a scrape", () => {
  const skipped: Record<string, number> = { 'event_type "x"\n\\': 1 };
  for (let i = 0; i < 500; i++) skipped[`event_type t${i}`] = 1;
  const text = renderPrometheus({
    books: { files: 1, bytes: 0, read: 501, converted: 0, messages: 0, skipped, rejected: {}, warnings: 0 },
  });
  assert.match(text, /idmefv2_records_skipped_total\{reason="event_type \\"x\\"\\n\\\\"\} 1/);
  assert.equal(text.split("\n").filter((l) => l.startsWith("idmefv2_records_skipped_total{")).length, 101);
  assert.match(text, /idmefv2_records_skipped_total\{reason="\(other\)"\} 401/);
});

test("serve --metrics: accepted and refused messages show up in a scrape while it runs", async () => {
  const serve = await startServe([
    "--listen",
    "127.0.0.1:0",
    "--metrics",
    "127.0.0.1:0",
    "--out",
    path.join(tempDir("serve-metrics"), "received.ndjson"),
  ]);
  try {
    const url = /metrics on (\S+)/.exec(serve.stderr())![1]!;
    assert.equal(value(await (await fetch(url)).text(), "idmefv2_messages_delivered_total"), 0);
    assert.equal(await post(serve.port, JSON.stringify(sampleMessage(messageId(1)))), 204);
    assert.equal(await post(serve.port, "{}"), 400);
    const text = await (await fetch(url)).text();
    assert.equal(value(text, "idmefv2_messages_delivered_total"), 1);
    assert.equal(value(text, "idmefv2_receiver_invalid_total"), 1);
  } finally {
    serve.child.kill("SIGTERM");
  }
  assert.equal((await serve.exited).code, 0);
});

test("listen --metrics: records read and converted move as datagrams arrive", async () => {
  const child = spawn(
    process.execPath,
    [CLI, "listen", "--no-config", "-O", "timezone=Z", "--udp", "127.0.0.1:0", "--metrics", "127.0.0.1:0", "--out", "/dev/null"],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (text: string) => (stderr += text));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const deadline = Date.now() + 30_000;
  while (!/listening on udp:\/\/127\.0\.0\.1:(\d+)/.test(stderr)) {
    if (Date.now() > deadline) throw new Error(`listen did not start:\n${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const port = Number(/listening on udp:\/\/127\.0\.0\.1:(\d+)/.exec(stderr)![1]);
  const url = /metrics on (\S+)/.exec(stderr)![1]!;
  assert.equal(value(await (await fetch(url)).text(), "idmefv2_records_read_total"), 0);
  const socket = createSocket("udp4");
  const attack = "<38>Feb 20 08:35:22 slave22 sshd[5774]: Failed password for root from 216.160.83.57 port 29160 ssh2";
  for (let i = 0; i < 3; i++)
    await new Promise<void>((resolve, reject) => socket.send(attack, port, "127.0.0.1", (error) => (error ? reject(error) : resolve())));
  socket.close();
  let text = "";
  while (value(text, "idmefv2_records_read_total") !== 3) {
    if (Date.now() > deadline) throw new Error(`metrics did not move:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    text = await (await fetch(url)).text();
  }
  assert.equal(value(text, "idmefv2_records_converted_total"), 3);
  child.kill("SIGTERM");
  assert.equal(await exited, 0, stderr);
});

test("convert --follow --metrics: a scrape during the run shows records read and converted moving as the file grows", async () => {
  const dir = tempDir("follow-metrics");
  const log = path.join(dir, "auth.log");
  const attack = (i: number): string =>
    `Feb 20 08:35:${String(10 + i)} slave22 sshd[57${i}]: Failed password for root from 216.160.83.57 port 29160 ssh2\n`;
  fs.writeFileSync(log, attack(0) + attack(1));
  const child = spawn(
    process.execPath,
    [
      CLI,
      "convert",
      "--no-config",
      "-O",
      "timezone=Z",
      "--from",
      "syslog",
      "--follow",
      "--metrics",
      "127.0.0.1:0",
      "--out",
      path.join(dir, "out.ndjson"),
      log,
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (text: string) => (stderr += text));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const deadline = Date.now() + 30_000;
  while (!/metrics on (\S+)/.test(stderr)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`convert --follow did not start its metrics:\n${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const url = /metrics on (\S+)/.exec(stderr)![1]!;
  const scrapeUntil = async (read: number): Promise<string> => {
    for (;;) {
      const text = await (await fetch(url)).text();
      if (value(text, "idmefv2_records_read_total") === read) return text;
      if (Date.now() > deadline) throw new Error(`idmefv2_records_read_total did not reach ${read}:\n${text}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  let text = await scrapeUntil(2);
  assert.equal(value(text, "idmefv2_records_converted_total"), 2);
  // The same run, later: the counters move with what is appended.
  fs.appendFileSync(log, attack(2) + attack(3) + "not a syslog line\n");
  text = await scrapeUntil(5);
  assert.equal(value(text, "idmefv2_records_converted_total"), 4);
  assert.equal(value(text, 'idmefv2_records_rejected_total{code="CONVERSION_FAILED"}'), 1);
  child.kill("SIGTERM");
  assert.equal(await exited, 1, "a record was rejected: exit 1, as for any convert");
  assert.match(stderr, /read 5 record\(s\) from 1 input\(s\): 4 converted/);
});
