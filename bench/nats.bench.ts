// Worker throughput on NATS JetStream: one `idmefv2 worker` against two on the same durable (the
// ratio is what counts: target >= 1.6 on 2 cores), beside a bare baseline measured in the same
// run: a plain client on a durable of the same stream that acks each input and publishes its bytes
// with a Nats-Msg-Id, awaiting each PubAck, with no conversion.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { headers } from "@nats-io/transport-node";
import { AckPolicy, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { startNatsServer } from "../test/helpers/nats-server.js";
import { makeStream, natsConnection } from "../test/helpers/jetstream.js";
import { cpuSeconds } from "./process-cpu.js";
import { reportRatio } from "./report-ratio.js";

const COUNT = Number(process.env["BENCH_NATS_COUNT"] ?? 20_000);
const CLI = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
const CORPUS = fileURLToPath(new URL("../fixtures/suricata/corpus/kvnlxu-cs4990-samples-eve.ndjson", import.meta.url));
/** The share of the run left out at its start (process start-up, consumer creation, JIT warm-up). */
const WARMUP_SHARE = 0.05;

const nats = await startNatsServer();
const nc = await natsConnection(nats.server);
const jsm = await jetstreamManager(nc);
const js = jetstream(nc);

async function ackFloor(durable: string): Promise<number> {
  const info = await jsm.consumers.info("EVE", durable).catch(() => undefined);
  return info?.ack_floor.stream_seq ?? 0;
}

/** Inputs per second over the run after its warm-up share: from WARMUP_SHARE of COUNT acked to all. */
async function measure(durable: string): Promise<number> {
  let started: number | undefined;
  const from = Math.floor(COUNT * WARMUP_SHARE);
  for (;;) {
    const floor = await ackFloor(durable);
    if (started === undefined && floor >= from) started = performance.now();
    if (floor >= COUNT) return ((COUNT - from) / (performance.now() - started!)) * 1000;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function startWorker(durable: string): ChildProcess {
  return spawn(
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
      "--from",
      "suricata",
      "--out-subject",
      `out.${durable}`,
      "--rejects-subject",
      `rejects.${durable}`,
    ],
    // Its stderr (a warning per rule reference without a URI, the books) is not the figure.
    { stdio: ["ignore", "ignore", "ignore"] },
  );
}

/** CPU seconds the workers of the last run used, per 1000 inputs (is a worker CPU-bound?). */
const cpuPerThousand = new Map<number, number>();

async function workers(durable: string, count: number): Promise<number> {
  // Each run publishes the same message IDs (stream + sequence): an output stream that still held
  // the last run's would store them as duplicates, a different (cheaper) path. Start it empty.
  await jsm.streams.purge("OUT");
  const children = Array.from({ length: count }, () => startWorker(durable));
  const rate = await measure(durable);
  cpuPerThousand.set(count, (children.reduce((total, child) => total + cpuSeconds(child.pid), 0) / COUNT) * 1000);
  for (const child of children) {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
  return rate;
}

/** The bare baseline: consume, publish the payload with a Nats-Msg-Id, await the PubAck, ack. */
async function bare(durable: string): Promise<number> {
  await jsm.consumers.add("EVE", { durable_name: durable, ack_policy: AckPolicy.Explicit, filter_subject: "eve.>" });
  const consumer = await js.consumers.get("EVE", durable);
  const messages = await consumer.consume({ max_messages: 256 });
  const rate = measure(durable);
  const pending = new Set<Promise<void>>();
  let handled = 0;
  for await (const m of messages) {
    const h = headers();
    const done: Promise<void> = js.publish(`out.${durable}`, m.data, { msgID: `bare-${m.seq}`, headers: h }).then(() => {
      m.ack();
      pending.delete(done);
    });
    pending.add(done);
    if (pending.size >= 256) await Promise.race(pending);
    if (++handled === COUNT) break;
  }
  await Promise.all(pending);
  const result = await rate;
  await messages.close();
  return result;
}

try {
  await makeStream(nc, "EVE", ["eve.>"]);
  await makeStream(nc, "OUT", ["out.>", "rejects.>"]);
  const alerts = fs
    .readFileSync(CORPUS, "utf8")
    .split("\n")
    .filter((line) => line.includes('"event_type":"alert"'));
  for (let at = 0; at < COUNT; at += 1000) {
    await Promise.all(
      Array.from({ length: Math.min(1000, COUNT - at) }, (_, i) => js.publish("eve.sensor", alerts[(at + i) % alerts.length]!)),
    );
  }
  const baseline = await bare("bare");
  // The bare run publishes other IDs; purged anyway, so that every run starts from the same state.
  const one = await workers("one", 1);
  const two = await workers("two", 2);
  console.log(`nats: ${COUNT} EVE alert inputs, ${alerts.length} distinct real lines (${CORPUS.split("/").pop()})`);
  console.log(`nats: bare consume + publish + ack (no conversion): ${baseline.toFixed(0)} inputs/s`);
  console.log(`nats: one worker:  ${one.toFixed(0)} inputs/s (${(one / baseline).toFixed(2)} x bare)`);
  console.log(`nats: two workers: ${two.toFixed(0)} inputs/s (${(two / baseline).toFixed(2)} x bare)`);
  console.log(
    `nats: worker CPU per 1000 inputs (start-up included): one ${cpuPerThousand.get(1)!.toFixed(2)} s, two ${cpuPerThousand.get(2)!.toFixed(2)} s`,
  );
  const met = reportRatio({
    name: "nats: two workers inputs/s / one worker inputs/s",
    value: two / one,
    target: 1.6,
    better: "higher",
    how: `wall time, ${(await import("node:os")).cpus().length} cores, load ${(await import("node:os")).loadavg()[0]!.toFixed(1)}`,
  });
  process.exitCode = met ? 0 : 1;
} finally {
  await nc.close();
  await nats.dispose();
}
