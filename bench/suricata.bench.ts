// Suricata EVE through the library's pipeline (framing from bytes, safe parse, the suricata
// converter, finisher with derived IDs, schema validation, NDJSON out), in this process, against a
// bare JSON.parse + JSON.stringify loop over the same lines, alternating, CPU time: the ratio the
// target applies to. Both sides run in one warm process on one thread, so neither pays a process
// start, module loading or worker threads the other does not (docs/decisions.md, "Suricata bench:
// like for like"). The CLI as users run it is timed after, for information.
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
// The compiled library (npm run bench builds first): what users run, without tsx's wrappers.
import { suricataConverter } from "../dist/converters/suricata/index.js";
import { runPipeline } from "../dist/framework/pipeline.js";
import { NdjsonMessageSink } from "../dist/framework/sinks.js";
import { reportRatio } from "./report-ratio.js";

/** Issue 17: the conversion's time over the bare loop's, on the same lines. */
const TARGET_TIME_RATIO = 1.15;
// The biggest corpus files: mostly flow, dns, smb, tls records, with alerts among them.
const SOURCES = [
  "fixtures/suricata/corpus/nicoaller-log-analyzer-eve.ndjson",
  "fixtures/suricata/corpus/tr0llope-report-generator-eve-unknown-origin.ndjson",
  "fixtures/suricata/corpus/tr0llope-report-generator-eve.ndjson",
];
const WANTED_LINES = Number(process.env["SURICATA_BENCH_LINES"] ?? 300_000);

const block = SOURCES.map((path) => readFileSync(path, "utf8")).join("");
const blockLines = block.split("\n").length - 1;
const repeats = Math.max(1, Math.round(WANTED_LINES / blockLines));
const text = block.repeat(repeats);
const lines = text.split("\n");
lines.pop();
const alerts = lines.filter((l) => l.includes('"event_type":"alert"')).length;

const bytes = Buffer.from(text);
console.log(`input: ${lines.length} lines (${(bytes.length / 1e6).toFixed(0)} MB), ${alerts} alerts`);

function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

let sink = 0;
/** The least any converter must do per line, over lines already split. */
function bare(): number {
  const started = cpuSeconds();
  for (const line of lines) sink += JSON.stringify(JSON.parse(line) as unknown).length;
  return cpuSeconds() - started;
}

class NullWritable extends Writable {
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    sink += chunk.length;
    callback();
  }
}

/** The pipeline over the input's bytes in 64 KiB chunks (what a file read gives it). */
async function convert(): Promise<number> {
  const started = cpuSeconds();
  const report = await runPipeline({
    converter: suricataConverter,
    inputs: [
      {
        name: "eve.json",
        stream: (async function* chunks() {
          for (let at = 0; at < bytes.length; at += 65536) yield bytes.subarray(at, at + 65536);
        })(),
      },
    ],
    sinks: { messages: new NdjsonMessageSink(new NullWritable()) },
  });
  const used = cpuSeconds() - started;
  if (report.stats.messages !== alerts) throw new Error(`expected ${alerts} messages, got ${JSON.stringify(report.stats)}`);
  return used;
}

// Warm up both (JIT, the validator's compilation), then alternate, best of each.
const ROUNDS = Number(process.env["SURICATA_BENCH_ROUNDS"] ?? 3);
bare();
await convert();
let bestBare = Infinity;
let bestConvert = Infinity;
for (let round = 0; round < ROUNDS; round++) {
  bestBare = Math.min(bestBare, bare());
  bestConvert = Math.min(bestConvert, await convert());
}
console.log(
  `bare JSON.parse + JSON.stringify: ${Math.round(lines.length / bestBare).toLocaleString("en")} lines/s (${bestBare.toFixed(2)} s CPU; checksum ${sink})`,
);
console.log(
  `pipeline, suricata converter, validated NDJSON out: ${Math.round(lines.length / bestConvert).toLocaleString("en")} lines/s (${bestConvert.toFixed(2)} s CPU; ${alerts} valid messages)`,
);
const met = reportRatio({
  name: "suricata: convert CPU time / bare JSON.parse + JSON.stringify CPU time",
  value: bestConvert / bestBare,
  target: TARGET_TIME_RATIO,
  better: "lower",
  how: `CPU time, in process, best of ${ROUNDS} alternating`,
});
process.exitCode = met ? 0 : 1;

// For information: the CLI as a user runs it (process start, module loading, default --jobs),
// by wall time and by CPU time (the shell's `times`: the child's user and system time).
const dir = mkdtempSync(join(tmpdir(), "idmefv2-bench-suricata-"));
try {
  const input = join(dir, "eve.json");
  const output = join(dir, "out.ndjson");
  writeFileSync(input, text);
  const outFd = openSync(output, "w");
  const cliStart = process.hrtime.bigint();
  const run = spawnSync(
    "/bin/sh",
    ["-c", 'node dist/cli/main.js convert --from suricata "$1"; status=$?; times >&2; exit $status', "sh", input],
    { stdio: ["ignore", outFd, "pipe"], encoding: "utf8" },
  );
  const cliSeconds = Number(process.hrtime.bigint() - cliStart) / 1e9;
  closeSync(outFd);
  if (run.status !== 0) {
    console.error(`the CLI failed (exit ${run.status}):\n${run.stderr}`);
    process.exit(1);
  }
  const timesLine = run.stderr.trim().split("\n").at(-1) ?? "";
  const cliCpuSeconds = [...timesLine.matchAll(/(\d+)m([\d.]+)s/g)].reduce((total, m) => total + Number(m[1]) * 60 + Number(m[2]), 0);
  const written = readFileSync(output, "utf8").split("\n").length - 1;
  if (written !== alerts) {
    console.error(`expected ${alerts} messages, the CLI wrote ${written}`);
    process.exit(1);
  }
  console.log(
    `idmefv2 convert --from suricata (${(statSync(input).size / 1e6).toFixed(0)} MB file, for information): ${cliSeconds.toFixed(2)} s wall, ` +
      `${cliCpuSeconds.toFixed(2)} s CPU over all its threads (process start and default --jobs included; ${written} valid messages)`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
