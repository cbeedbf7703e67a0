// `idmefv2 worker` against a real nats-server: two workers on one durable, one killed with SIGKILL
// mid-stream and started again; every alert comes out exactly once, every corrupt line is a reject.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { headers, type NatsConnection } from "@nats-io/transport-node";
import { jetstream } from "@nats-io/jetstream";
import { suricataConverter as suricata } from "../../../src/converters/suricata/index.js";
import { runPipeline } from "../../../src/framework/pipeline.js";
import { MemorySinks } from "../../../src/framework/sinks.js";
import { textInput } from "../../../src/framework/sources.js";
import { startNatsServer, type NatsServer } from "../../helpers/nats-server.js";
import { consumerState, makeStream, natsConnection, streamContents } from "../../helpers/jetstream.js";
import { CLI } from "../helpers.js";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const CORPUS = [
  "kvnlxu-cs4990-samples-eve",
  "nicoaller-log-analyzer-eve",
  "pablo-hub741-proyecto-ids-eve",
  "rhaist-surevego-testdata-eve",
].map((name) => path.join(ROOT, "fixtures/suricata/corpus", `${name}.ndjson`));

let nats: NatsServer;
let nc: NatsConnection;
before(async () => {
  nats = await startNatsServer();
  nc = await natsConnection(nats.server);
});
after(async () => {
  await nc.close();
  await nats.dispose();
});

/** Real EVE lines of the corpus sorted by what the converter makes of each: one alert, or skipped. */
async function corpusLines(): Promise<{ alerts: string[]; skipped: string[] }> {
  const alerts: string[] = [];
  const skipped: string[] = [];
  for (const file of CORPUS) {
    for (const line of fs.readFileSync(file, "utf8").split("\n")) {
      if (line.trim() === "") continue;
      const sinks = new MemorySinks();
      const report = await runPipeline({
        converter: suricata,
        inputs: [textInput("line", line)],
        sinks: { messages: sinks.messageSink, rejects: sinks.rejectSink },
      });
      if (sinks.messages.length === 1 && report.stats.converted === 1) alerts.push(line);
      else if (report.stats.read === 1 && Object.keys(report.stats.skipped).length === 1 && skipped.length < 50) skipped.push(line);
    }
  }
  return { alerts, skipped };
}

interface Worker {
  readonly child: ChildProcess;
  stderr(): string;
  readonly exited: Promise<number | null>;
}

async function startWorker(durable: string, extra: readonly string[] = []): Promise<Worker> {
  const child = spawn(
    process.execPath,
    [
      CLI,
      "worker",
      "--no-config",
      "--nats",
      nats.url,
      "--stream",
      "EVE",
      "--subject",
      "eve.>",
      "--durable",
      durable,
      "--out-subject",
      "idmef.alerts",
      "--rejects-subject",
      "idmef.rejects",
      "--ack-wait",
      "3",
      "--stats",
      ...extra,
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (text: string) => (stderr += text));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const deadline = Date.now() + 30_000;
  while (!/consuming EVE/.test(stderr)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`worker did not start:\n${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { child, stderr: () => stderr, exited };
}

interface Books {
  read: number;
  converted: number;
  skipped: Record<string, number>;
  rejected: Record<string, number>;
  acked: number;
  balanced: boolean;
}

async function stopWorker(worker: Worker): Promise<Books> {
  worker.child.kill("SIGTERM");
  assert.equal(await worker.exited, 0, worker.stderr());
  return JSON.parse(worker.stderr().trim().split("\n").pop()!) as Books;
}

/** Publishes the records, every other one with an Idmefv2-Format header (the rest are detected). */
async function publishRecords(records: readonly string[]): Promise<void> {
  const js = jetstream(nc);
  for (let at = 0; at < records.length; at += 500) {
    await Promise.all(
      records.slice(at, at + 500).map((record, i) => {
        const h = headers();
        if ((at + i) % 2 === 0 || record.startsWith('{"corrupt"')) h.set("Idmefv2-Format", "suricata");
        return js.publish("eve.sensor1", record, { headers: h });
      }),
    );
  }
}

async function waitUntilAllAcked(durable: string, total: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await consumerState(nc, "EVE", durable);
    if (state.pending === 0 && state.ackPending === 0 && state.ackFloor >= total) return;
    if (Date.now() > deadline) throw new Error(`inputs not all acked: ${JSON.stringify(state)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const sum = (counts: Readonly<Record<string, number>>): number => Object.values(counts).reduce((a, b) => a + b, 0);

test("20,000 EVE lines, two workers on one durable, one SIGKILLed mid-stream and restarted: each alert once, each corrupt line a reject", async () => {
  await makeStream(nc, "EVE", ["eve.>"]);
  await makeStream(nc, "IDMEF", ["idmef.>"]);
  const { alerts, skipped } = await corpusLines();
  assert.ok(alerts.length > 300, `only ${alerts.length} alert lines in the corpus`);
  const records: string[] = [];
  const corrupt = new Set<string>();
  let alertCount = 0;
  for (let i = 0; records.length < 20_000; i++) {
    if (i % 97 === 0) {
      // A line cut short, each different: the rejects must hold exactly these.
      const line = `{"corrupt":${i},${alerts[i % alerts.length]!.slice(1, 120)}`;
      corrupt.add(line);
      records.push(line);
    } else if (i % 41 === 0) {
      records.push(skipped[i % skipped.length]!);
    } else {
      // The same alert line many times over: each copy is its own input, so its own message.
      records.push(alerts[i % alerts.length]!);
      alertCount++;
    }
  }
  await publishRecords(records);

  const first = await startWorker("convert");
  const second = await startWorker("convert");
  // Kill the first worker once the work is well under way (with inputs in hand, not yet acked).
  const deadline = Date.now() + 60_000;
  while ((await consumerState(nc, "EVE", "convert")).ackFloor < 4000) {
    if (Date.now() > deadline) throw new Error(`no progress:\n${first.stderr()}\n${second.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  first.child.kill("SIGKILL");
  await first.exited;
  const restarted = await startWorker("convert");
  await waitUntilAllAcked("convert", records.length, 90_000);
  const books = [await stopWorker(second), await stopWorker(restarted)];

  const out = await streamContents(nc, "IDMEF");
  const messages = out.filter((m) => m.subject === "idmef.alerts");
  const rejects = out.filter((m) => m.subject === "idmef.rejects");
  // Exactly one message per alert input: none lost with the killed worker, none repeated by the
  // redelivery of what it had in hand (same IDs, so JetStream's duplicate window dropped them).
  assert.equal(messages.length, alertCount);
  const ids = messages.map((m) => (JSON.parse(m.data) as { ID: string }).ID);
  assert.equal(new Set(ids).size, alertCount);
  for (const m of messages) assert.equal(m.msgId, (JSON.parse(m.data) as { ID: string }).ID);
  // The rejects subject holds exactly the corrupt lines, each once, with the reject's reason.
  const rejected = rejects.map((m) => JSON.parse(m.data) as { record: string; code: string; reason: string; file: string });
  assert.deepEqual(rejected.map((r) => r.record).sort(), [...corrupt].sort());
  for (const r of rejected) {
    assert.match(r.file, /^EVE#\d+$/);
    assert.ok(r.reason.length > 0);
  }
  // Each worker's books balance; the workers that stopped cleanly did the rest of the work.
  for (const b of books) {
    assert.equal(b.balanced, true);
    assert.equal(b.read, b.converted + sum(b.skipped) + sum(b.rejected));
    assert.ok(b.acked > 0, "both workers took part");
  }
  const state = await consumerState(nc, "EVE", "convert");
  assert.deepEqual(
    { pending: state.pending, ackPending: state.ackPending, ackFloor: state.ackFloor },
    { pending: 0, ackPending: 0, ackFloor: records.length },
  );
});

test("two workers stopped cleanly: their books add up to the input exactly", async () => {
  await makeStream(nc, "EVE", ["eve.>"]);
  await makeStream(nc, "IDMEF", ["idmef.>"]);
  const { alerts, skipped } = await corpusLines();
  const records = [...alerts.slice(0, 400), ...skipped.slice(0, 20), '{"corrupt":1,"timestamp"', "not json at all"];
  // Nobody dies here: an ack wait longer than any load makes, so no input is redelivered and the
  // books count each input once (a redelivery is a second read, rightly).
  const workers = [await startWorker("books", ["--ack-wait", "60"]), await startWorker("books", ["--ack-wait", "60"])];
  await publishRecords(records);
  await waitUntilAllAcked("books", records.length, 60_000);
  const books = await Promise.all(workers.map(stopWorker));
  assert.equal(
    books.reduce((n, b) => n + b.read, 0),
    records.length,
  );
  assert.equal(
    books.reduce((n, b) => n + b.acked, 0),
    records.length,
  );
  assert.equal(
    books.reduce((n, b) => n + b.converted, 0),
    400,
  );
  assert.equal(
    books.reduce((n, b) => n + sum(b.rejected), 0),
    2,
  );
  const out = await streamContents(nc, "IDMEF");
  assert.equal(out.filter((m) => m.subject === "idmef.alerts").length, 400);
  assert.equal(out.filter((m) => m.subject === "idmef.rejects").length, 2);
});

test("worker setup errors name the flag and exit 2 (no such stream) or 3 (no server), without a stack", async () => {
  const { runNode } = await import("../../helpers/run-node.js");
  const base = ["worker", "--no-config", "--subject", "eve.>", "--durable", "d", "--out-subject", "idmef.alerts"];
  const noStream = await runNode([CLI, ...base, "--nats", nats.url, "--stream", "NO_SUCH_STREAM"], { cwd: ROOT });
  assert.equal(noStream.code, 2, noStream.stderr);
  assert.match(noStream.stderr, /--stream NO_SUCH_STREAM: no such JetStream stream/);
  const noServer = await runNode([CLI, ...base, "--nats", "nats://127.0.0.1:1", "--stream", "EVE"], { cwd: ROOT });
  assert.equal(noServer.code, 3, noServer.stderr);
  assert.match(noServer.stderr, /cannot connect to NATS at 127\.0\.0\.1:1/);
  const wildcardOut = await runNode([CLI, ...base.slice(0, -1), "idmef.*", "--nats", nats.url, "--stream", "EVE"], { cwd: ROOT });
  assert.equal(wildcardOut.code, 2);
  assert.match(wildcardOut.stderr, /--out-subject "idmef\.\*": a wildcard/);
  for (const run of [noStream, noServer, wildcardOut]) assert.doesNotMatch(run.stderr, /\n\s+at /);
});

test("worker --metrics: the Prometheus counters move while it runs", async () => {
  await makeStream(nc, "EVE", ["eve.>"]);
  await makeStream(nc, "IDMEF", ["idmef.>"]);
  const { alerts } = await corpusLines();
  const worker = await startWorker("metrics", ["--metrics", "127.0.0.1:0"]);
  const url = /metrics on (\S+)/.exec(worker.stderr())![1]!;
  const scrape = async (): Promise<string> => {
    const response = await fetch(url);
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
    return response.text();
  };
  const value = (text: string, series: string): number => {
    const line = text.split("\n").find((l) => l.startsWith(`${series} `));
    return line === undefined ? Number.NaN : Number(line.slice(series.length + 1));
  };
  assert.equal(value(await scrape(), "idmefv2_records_read_total"), 0);
  await publishRecords(alerts.slice(0, 100));
  await waitUntilAllAcked("metrics", 100, 30_000);
  const first = await scrape();
  assert.equal(value(first, "idmefv2_records_read_total"), 100);
  assert.equal(value(first, "idmefv2_messages_delivered_total"), 100);
  assert.equal(value(first, "idmefv2_inputs_acked_total"), 100);
  await publishRecords([...alerts.slice(100, 150), '{"corrupt":2,"ts"']);
  await waitUntilAllAcked("metrics", 151, 30_000);
  const second = await scrape();
  assert.equal(value(second, "idmefv2_records_read_total"), 151);
  assert.equal(value(second, "idmefv2_records_converted_total"), 150);
  assert.match(second, /^idmefv2_records_rejected_total\{code="[A-Z_]+"\} 1$/m);
  assert.equal(value(second, "idmefv2_last_error_timestamp_seconds"), 0);
  assert.equal((await fetch(url.replace("/metrics", "/other"))).status, 404);
  await stopWorker(worker);
});
