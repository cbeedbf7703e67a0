// Messages/s delivered client -> receiver on loopback, validation on both sides, beside a bare
// baseline measured in the same run: the same number of POSTs of the same bodies, sent by a plain
// undici Pool at the same concurrency (the client's default, DEFAULT_MAX_IN_FLIGHT) to a node:http
// server that only reads the body and says 204. The machine is shared and its load moves: the two
// are measured in alternating rounds (bare, ours, ours, bare, ...), and each side's rate is its
// messages over its own time summed over the rounds, so a drift of the load hits both alike.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Pool } from "undici";
import { DeliveryClient } from "../src/transport/client.js";
import { DEFAULT_MAX_IN_FLIGHT } from "../src/transport/client-config.js";
import { cpuSeconds } from "./process-cpu.js";
import { reportRatio } from "./report-ratio.js";

const COUNT = Number(process.env["BENCH_TRANSPORT_COUNT"] ?? 20_000);
const WARMUP = 2_000;
const IN_FLIGHT = Number(process.env["BENCH_TRANSPORT_IN_FLIGHT"] ?? DEFAULT_MAX_IN_FLIGHT);
const ROUNDS = Number(process.env["BENCH_TRANSPORT_ROUNDS"] ?? 4);
/** Issue 17: client -> serve with validation both sides, as a share of bare undici -> node:http. */
const TARGET_RATIO = 0.7;
const CLI = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));

const BARE_SERVER = `
const http = require("node:http");
const server = http.createServer((req, res) => {
  req.on("data", () => {});
  req.on("end", () => { res.writeHead(204); res.end(); });
});
server.keepAliveTimeout = 30000;
server.listen(0, "127.0.0.1", () => process.stderr.write("listening on http://127.0.0.1:" + server.address().port + "/\\n"));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
`;

function message(index: number): Record<string, unknown> {
  return {
    Version: "2.D.V08",
    ID: `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`,
    CreateTime: "2026-01-15T12:00:00.123456Z",
    Category: ["Recon.Network"],
    Priority: "Medium",
    Description: `ET SCAN Suspicious inbound to mySQL port 3306 (bench message ${index})`,
    Analyzer: { IP: "192.0.2.10", Name: "suricata", Model: "Suricata 7", Category: ["NET.NIDS"], Data: ["Network"], Method: ["Signature"] },
    Source: [{ ID: `10000000-0000-4000-8000-${String(index).padStart(12, "0")}`, IP: "198.51.100.7", Port: [51234] }],
    Target: [{ ID: `20000000-0000-4000-8000-${String(index).padStart(12, "0")}`, IP: "192.0.2.20", Port: [3306] }],
  };
}

async function startChild(args: readonly string[]): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  const child = spawn(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.setEncoding("utf8");
  return new Promise((resolve, reject) => {
    child.stderr!.on("data", (text: string) => {
      stderr += text;
      const match = /listening on (\S+)/.exec(stderr);
      if (match !== null) resolve({ child, url: match[1]!, stderr: () => stderr });
    });
    child.on("exit", (code) => reject(new Error(`server exited (${code}) before listening:\n${stderr}`)));
  });
}

function ownCpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

/** One side's books over the rounds: messages, seconds, and CPU seconds of the sender and the server. */
class Measured {
  messages = 0;
  seconds = 0;
  senderCpu = 0;
  serverCpu = 0;
  readonly rounds: number[] = [];

  get rate(): number {
    return this.messages / this.seconds;
  }

  /** CPU microseconds per message in this process (the sender) and in the server process. */
  cpu(): string {
    const us = (seconds: number): string => ((seconds * 1e6) / this.messages).toFixed(0);
    return `CPU per message: sender ${us(this.senderCpu)} us, server ${us(this.serverCpu)} us`;
  }
}

/** Runs one round of `count` messages and adds its time and CPU to `into`. */
async function measure(into: Measured, server: ChildProcess, count: number, run: () => Promise<number>): Promise<void> {
  const serverBefore = cpuSeconds(server.pid);
  const ownBefore = ownCpuSeconds();
  const started = performance.now();
  await run();
  const seconds = (performance.now() - started) / 1000;
  into.messages += count;
  into.seconds += seconds;
  into.senderCpu += ownCpuSeconds() - ownBefore;
  into.serverCpu += cpuSeconds(server.pid) - serverBefore;
  into.rounds.push(count / seconds);
}

async function stopChild(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.on("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

async function deliverWithClient(url: string, messages: readonly Record<string, unknown>[], spool: string): Promise<number> {
  const started = performance.now();
  const client = new DeliveryClient({ url, spool, maxInFlight: IN_FLIGHT, validate: true });
  for (const m of messages) await client.send(m);
  const stats = await client.close();
  const seconds = (performance.now() - started) / 1000;
  if (stats.sent !== messages.length || stats.pending !== 0) {
    throw new Error(`books do not balance: sent ${stats.sent}, pending ${stats.pending}, of ${messages.length}`);
  }
  return messages.length / seconds;
}

async function deliverBare(url: string, bodies: readonly string[]): Promise<number> {
  const target = new URL(url);
  const pool = new Pool(target.origin, { connections: IN_FLIGHT, pipelining: 1 });
  const started = performance.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      const response = await pool.request({ path: target.pathname, method: "POST", headers: { "content-type": "application/json" }, body });
      await response.body.dump();
      if (response.statusCode !== 204) throw new Error(`bare server answered ${response.statusCode}`);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  return bodies.length / seconds;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "idmefv2-bench-transport-"));
const out = path.join(dir, "received.ndjson");
const messages = Array.from({ length: COUNT + WARMUP }, (_, i) => message(i + 1));
const bodies = messages.map((m) => JSON.stringify(m));

const receiver = await startChild([CLI, "serve", "--listen", "127.0.0.1:0", "--out", out]);
const bare = await startChild(["-e", BARE_SERVER]);
try {
  // Warm both paths up (JIT, connections, the validators' compilation) before measuring.
  await deliverWithClient(receiver.url, messages.slice(0, WARMUP), path.join(dir, "spool-warmup"));
  await deliverBare(bare.url, bodies.slice(0, WARMUP));
  const baseline = new Measured();
  const ours = new Measured();
  const perRound = Math.floor(COUNT / ROUNDS);
  for (let round = 0; round < ROUNDS; round++) {
    const from = WARMUP + round * perRound;
    const bareRound = (): Promise<void> =>
      measure(baseline, bare.child, perRound, () => deliverBare(bare.url, bodies.slice(from, from + perRound)));
    const ourRound = (): Promise<void> =>
      measure(ours, receiver.child, perRound, () =>
        deliverWithClient(receiver.url, messages.slice(from, from + perRound), path.join(dir, `spool-${round}`)),
      );
    // ABBA order: neither side is always the one measured later.
    if (round % 2 === 0) {
      await bareRound();
      await ourRound();
    } else {
      await ourRound();
      await bareRound();
    }
  }
  const measured = WARMUP + ROUNDS * perRound;
  await stopChild(receiver.child);
  const stored = fs.readFileSync(out, "utf8").split("\n").filter(Boolean).length;
  if (stored !== measured) throw new Error(`receiver stored ${stored} messages, expected ${measured}`);
  console.log(`transport: ${ROUNDS * perRound} messages in ${ROUNDS} alternating rounds, ${IN_FLIGHT} in flight, loopback http`);
  const cpu = (m: Measured): string => m.cpu();
  console.log(
    `  idmefv2 client -> idmefv2 serve (validate + spool + POST; validate + NDJSON): ${Math.round(ours.rate)} msg/s (${cpu(ours)})`,
  );
  console.log(
    `  bare baseline (undici POST -> node:http that only answers 204):             ${Math.round(baseline.rate)} POST/s (${cpu(baseline)})`,
  );
  const roundRatios = ours.rounds.map((rate, i) => (rate / baseline.rounds[i]!).toFixed(2));
  console.log(`  ratio per round: ${roundRatios.join(", ")}`);
  // A 2xx means fsync'd: group commit lets concurrent requests share one fsync.
  const fsyncs = Number(/(\d+) fsync\(s\)/.exec(receiver.stderr())?.[1] ?? Number.NaN);
  console.log(
    `  durable 2xx: ${fsyncs} fsyncs for ${measured} stored messages (${(measured / fsyncs).toFixed(1)} messages per fsync; 1 without group commit)`,
  );
  const met = reportRatio({
    name: "transport: client -> serve msg/s / bare undici -> node:http POST/s",
    value: ours.rate / baseline.rate,
    target: TARGET_RATIO,
    better: "higher",
    how: `wall time, ${ROUNDS} alternating rounds, ${IN_FLIGHT} in flight, load ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`,
  });
  process.exitCode = met ? 0 : 1;
} finally {
  if (receiver.child.exitCode === null) await stopChild(receiver.child);
  await stopChild(bare.child);
  fs.rmSync(dir, { recursive: true, force: true });
}
