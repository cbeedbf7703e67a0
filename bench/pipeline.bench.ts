// Framework overhead per record: cut (json-lines) + a trivial converter + finish + validate +
// serialize + write, beside a bare JSON.parse + JSON.stringify loop over the same lines, in the same
// run. Then memory: a generated 1 GB input through the CLI, with its peak RSS (target < 200 MB).
// `npm run bench -- pipeline`; PIPELINE_BENCH_GB=0 skips the memory part, =0.2 makes it smaller.
import { spawnSync } from "node:child_process";
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Writable } from "node:stream";
// The compiled library (npm run bench builds first): what users run, without tsx's wrappers.
import type { Converter } from "../dist/core/converter.js";
import { runPipeline } from "../dist/framework/pipeline.js";
import { NdjsonMessageSink } from "../dist/framework/sinks.js";
import { reportRatio } from "./report-ratio.js";

const RECORDS = 200_000;
/** Issue 17: what the framework adds beyond parse + stringify, as a multiple of the bare loop. */
const TARGET_OVERHEAD_RATIO = 1.8;

function sampleLine(i: number): string {
  return JSON.stringify({
    timestamp: `2026-01-15T10:${String(Math.floor(i / 60) % 60).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}.123456+0000`,
    event_type: "alert",
    src_ip: `192.0.2.${i % 250}`,
    src_port: 1024 + (i % 60000),
    dest_ip: "198.51.100.7",
    dest_port: 443,
    proto: "TCP",
    alert: { signature: "ET POLICY test signature", signature_id: 2000000 + (i % 1000), severity: 2 },
  });
}

const analyzer = { Name: "bench", Category: ["NET.NIDS"], Data: ["Network"], Method: ["Signature"] } as const;
const trivial: Converter = {
  format: "bench",
  description: "copies a few fields",
  input: "json-lines",
  convert(record) {
    const r = record as { timestamp: string; src_ip: string; dest_ip: string; alert: { signature: string } };
    return {
      CreateTime: r.timestamp.slice(0, 26) + "+00:00",
      Description: r.alert.signature,
      Analyzer: analyzer,
      Source: [{ IP: r.src_ip }],
      Target: [{ IP: r.dest_ip }],
    };
  },
};

class NullWritable extends Writable {
  bytes = 0;
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.bytes += chunk.length;
    callback();
  }
}

const lines = Array.from({ length: RECORDS }, (_, i) => sampleLine(i));
const text = lines.join("\n") + "\n";
const bytes = Buffer.from(text);

function bare(): number {
  const start = process.hrtime.bigint();
  let total = 0;
  for (const line of lines) total += JSON.stringify(JSON.parse(line)).length;
  if (total === 0) throw new Error("unreachable");
  return Number(process.hrtime.bigint() - start) / 1000 / RECORDS;
}

async function pipeline(): Promise<number> {
  const out = new NullWritable();
  const start = process.hrtime.bigint();
  const report = await runPipeline({
    converter: trivial,
    inputs: [
      {
        name: "bench",
        stream: (async function* chunks() {
          for (let at = 0; at < bytes.length; at += 65536) yield bytes.subarray(at, at + 65536);
        })(),
      },
    ],
    sinks: { messages: new NdjsonMessageSink(out) },
  });
  const us = Number(process.hrtime.bigint() - start) / 1000 / RECORDS;
  if (report.stats.messages !== RECORDS) throw new Error(`expected ${RECORDS} messages, got ${JSON.stringify(report.stats)}`);
  return us;
}

// Warm up (JIT, validator compilation), then take the best of a few runs of each.
bare();
await pipeline();
let bestBare = Infinity;
let bestPipeline = Infinity;
for (let i = 0; i < 5; i++) {
  bestBare = Math.min(bestBare, bare());
  bestPipeline = Math.min(bestPipeline, await pipeline());
}
const overhead = bestPipeline - bestBare;
console.log(`records: ${RECORDS} JSON lines of ~${Math.round(bytes.length / RECORDS)} bytes, best of 5`);
console.log(`bare JSON.parse + JSON.stringify:             ${bestBare.toFixed(2)} us/record`);
console.log(
  `pipeline (cut+convert+finish+validate+write): ${bestPipeline.toFixed(2)} us/record (${(bestPipeline / bestBare).toFixed(1)}x bare)`,
);
console.log(`framework overhead beyond parse+stringify:    ${overhead.toFixed(2)} us/record`);
process.exitCode = reportRatio({
  name: "pipeline: framework overhead us/record / bare parse + stringify us/record",
  value: overhead / bestBare,
  target: TARGET_OVERHEAD_RATIO,
  better: "lower",
  how: "wall time, best of 5 alternating",
})
  ? 0
  : 1;

const gigabytes = Number(process.env["PIPELINE_BENCH_GB"] ?? "1");
if (gigabytes > 0) {
  const dir = mkdtempSync(join(tmpdir(), "idmefv2-bench-"));
  try {
    const plugin = join(dir, "bench-plugin.mjs");
    writeFileSync(
      plugin,
      `const analyzer = ${JSON.stringify(analyzer)};\nexport default { name: "bench", converters: [{ format: "bench", description: "bench", input: "json-lines", convert: ${trivial.convert.toString().replace(/^convert/, "function")} }] };\n`,
    );
    writeFileSync(join(dir, ".idmefv2rc.json"), JSON.stringify({ plugins: ["./bench-plugin.mjs"] }));
    writeFileSync(
      join(dir, "max-rss.mjs"),
      'process.on("exit", () => process.stderr.write("maxRSS=" + process.resourceUsage().maxRSS + "\\n"));\n',
    );
    const input = join(dir, "big.ndjson");
    const out = createWriteStream(input);
    const block = Buffer.from(lines.slice(0, 10_000).join("\n") + "\n");
    const target = gigabytes * 1024 * 1024 * 1024;
    for (let written = 0; written < target; written += block.length) {
      if (!out.write(block)) await once(out, "drain");
    }
    out.end();
    await once(out, "finish");
    const started = Date.now();
    const cli = resolve("dist/cli/main.js");
    const result = spawnSync(
      process.execPath,
      ["--import", join(dir, "max-rss.mjs"), cli, "convert", "--from", "bench", "--out", join(dir, "out.ndjson"), input],
      {
        cwd: dir,
        encoding: "utf8",
      },
    );
    const seconds = (Date.now() - started) / 1000;
    const maxRssMb = Number(/maxRSS=(\d+)/.exec(result.stderr)?.[1]) / 1024;
    console.log(`\nmemory: ${gigabytes} GiB input through \`idmefv2 convert\` (exit ${result.status}) in ${seconds.toFixed(1)} s`);
    console.log(
      result.stderr
        .split("\n")
        .filter((l) => l.startsWith("idmefv2:"))
        .join("\n"),
    );
    console.log(`peak RSS: ${maxRssMb.toFixed(0)} MB (target < 200 MB: ${maxRssMb < 200 ? "MET" : "NOT MET"})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
