// bench/idmefv1: MB/s of IDMEF v1 XML converted to validated NDJSON (the real pipeline: framer,
// converter, finisher, schema validation, NDJSON writer) beside fast-xml-parser alone parsing the
// same IDMEF-Message elements with the converter's options, in the same run; then peak RSS of a
// small and a large many-message file, each converted in a child process (bounded memory).
// Inputs are generated from the corpus fixtures into a temp folder and deleted afterwards.
// Sizes: IDMEFV1_BENCH_MB (default 32) for the speed run, IDMEFV1_BENCH_BIG_MB (default 500) for
// the memory run.
import { spawnSync } from "node:child_process";
import { createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { XMLParser } from "fast-xml-parser";
import { convertIdmefv1, idmefv1Converter } from "../src/converters/idmefv1/index.js";
import type { Idmefv1Options } from "../src/converters/idmefv1/options.js";
import { createTestContext } from "../src/testing/index.js";
import { parseWithFastXmlParser } from "../src/converters/idmefv1/secure-xml.js";
import { newId } from "../src/core/ids.js";
import { DEFAULT_VERSION } from "../src/core/versions.js";
import { runPipeline } from "../src/framework/pipeline.js";
import { NdjsonMessageSink } from "../src/framework/sinks.js";
import { fileInput } from "../src/framework/sources.js";
import { reportRatio } from "./report-ratio.js";

const FIXTURES = fileURLToPath(new URL("../fixtures/idmefv1/", import.meta.url));
const ELEMENT = /<(?:[A-Za-z_][\w.-]*:)?IDMEF-Message[\s>][\s\S]*?<\/(?:[A-Za-z_][\w.-]*:)?IDMEF-Message>/g;

/** The corpus' IDMEF-Message elements that hold Alerts (Heartbeats are skipped: no work to time). */
function sampleMessages(): string[] {
  const out: string[] = [];
  for (const file of readdirSync(FIXTURES)
    .filter((f) => f.endsWith(".xml"))
    .sort()) {
    for (const m of readFileSync(join(FIXTURES, file), "utf8").matchAll(ELEMENT)) {
      if (/<(?:\w+:)?Alert[\s>]/.test(m[0]) && convertsCleanly(m[0])) out.push(m[0]);
    }
  }
  return out;
}

const DEFAULT_OPTIONS: Idmefv1Options = { timezone: undefined, heartbeats: "skip" };

/** Whether the element converts with default options (the zone-less fixture needs `timezone`). */
function convertsCleanly(element: string): boolean {
  const ctx = createTestContext({ version: DEFAULT_VERSION, source: { file: "", line: 1 } });
  try {
    convertIdmefv1(element, ctx, DEFAULT_OPTIONS);
    return true;
  } catch {
    return false;
  }
}

/** Writes about `mb` MB of IDMEF-Messages, each with its own messageid, one after the other. */
async function generate(path: string, mb: number, samples: readonly string[]): Promise<number> {
  const stream = createWriteStream(path);
  let bytes = 0;
  let n = 0;
  let batch = "";
  while (bytes < mb * 1e6) {
    const text = samples[n % samples.length]!.replace(
      /<((?:\w+:)?)Alert(?=[\s>])(?: messageid="[^"]*")?/,
      `<$1Alert messageid="bench-${n}"`,
    );
    batch += `${text}\n`;
    n++;
    if (batch.length > 1 << 20) {
      bytes += Buffer.byteLength(batch);
      if (!stream.write(batch)) await once(stream, "drain");
      batch = "";
    }
  }
  bytes += Buffer.byteLength(batch);
  stream.end(batch);
  await once(stream, "finish");
  return n;
}

function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

function devNull(): Writable {
  return new Writable({
    write(_chunk, _encoding, callback) {
      callback();
    },
  });
}

async function convertFile(path: string): Promise<{ seconds: number; converted: number; rejected: number; skipped: number }> {
  const started = process.hrtime.bigint();
  const report = await runPipeline({
    converter: idmefv1Converter,
    inputs: [fileInput(path)],
    sinks: { messages: new NdjsonMessageSink(devNull()) },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const { stats } = report;
  const sum = (counts: Readonly<Record<string, number>>): number => Object.values(counts).reduce((a, b) => a + b, 0);
  return { seconds, converted: stats.messages, rejected: sum(stats.rejected), skipped: sum(stats.skipped) };
}

async function child(path: string): Promise<void> {
  const result = await convertFile(path);
  const rssMb = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ ...result, rssMb }));
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "idmefv1-bench-"));
  try {
    const samples = sampleMessages();
    const speedMb = Number(process.env["IDMEFV1_BENCH_MB"] ?? 32);
    const speedFile = join(dir, "speed.xml");
    const count = await generate(speedFile, speedMb, samples);
    const size = statSync(speedFile).size;
    const text = readFileSync(speedFile, "utf8");
    const records = [...text.matchAll(ELEMENT)].map((m) => m[0]);
    const mb = size / 1e6;
    console.log(`input: ${mb.toFixed(1)} MB, ${count} IDMEF-Messages (${samples.length} corpus alerts, cycled)`);

    // CPU time, not wall time: the machine is shared, and both sides are measured the same way.
    // Rounds alternate parser and pipeline so load changes hit both; the best round of each counts.
    const defaults = new XMLParser();
    let parserBest = Infinity;
    let conversionBest = Infinity;
    let converterBest = Infinity;
    const ctx = { ...createTestContext({ version: DEFAULT_VERSION, source: { file: speedFile, line: 1 } }), newId };
    let conversion: Awaited<ReturnType<typeof convertFile>> | undefined;
    const rounds = Number(process.env["IDMEFV1_BENCH_ROUNDS"] ?? 3);
    for (let round = 0; round < rounds; round++) {
      let started = cpuSeconds();
      for (const r of records) parseWithFastXmlParser(r);
      parserBest = Math.min(parserBest, cpuSeconds() - started);
      started = cpuSeconds();
      for (const r of records) convertIdmefv1(r, ctx, DEFAULT_OPTIONS);
      converterBest = Math.min(converterBest, cpuSeconds() - started);
      started = cpuSeconds();
      conversion = await convertFile(speedFile);
      conversionBest = Math.min(conversionBest, cpuSeconds() - started);
    }
    const started = cpuSeconds();
    for (const r of records) defaults.parse(r);
    const defaultsSeconds = cpuSeconds() - started;
    console.log(
      `fast-xml-parser alone, the converter's options (attributes, local names): ${(mb / parserBest).toFixed(1)} MB/s (${parserBest.toFixed(2)} s CPU)`,
    );
    console.log(
      `fast-xml-parser alone, default options (for reference): ${(mb / defaultsSeconds).toFixed(1)} MB/s (${defaultsSeconds.toFixed(2)} s CPU)`,
    );
    console.log(
      `idmefv1 -> validated NDJSON (framer, converter, finisher, schema validation, NDJSON): ${(mb / conversionBest).toFixed(1)} MB/s ` +
        `(${conversionBest.toFixed(2)} s CPU; ${conversion!.converted} messages, ${conversion!.skipped} skipped, ${conversion!.rejected} rejected)`,
    );
    console.log(
      `of which the idmefv1 converter alone (well-formedness check, parse, mapping; no framing, validation or output): ` +
        `${(mb / converterBest).toFixed(1)} MB/s (${converterBest.toFixed(2)} s CPU, ${(converterBest / parserBest).toFixed(2)}x the parser)`,
    );
    const ratio = conversionBest / parserBest;
    const met = reportRatio({
      name: "idmefv1: conversion to validated NDJSON / fast-xml-parser alone",
      value: ratio,
      target: 1.5,
      better: "lower",
      how: `CPU time, best of ${rounds} alternating`,
    });
    process.exitCode = met ? 0 : 1;

    // Bounded memory: the same conversion in a fresh process over a small and a large file; peak
    // RSS should not grow with the input size.
    rmSync(speedFile);
    const bigMb = Number(process.env["IDMEFV1_BENCH_BIG_MB"] ?? 500);
    for (const [label, sizeMb] of [
      ["small", 5],
      ["large", bigMb],
    ] as const) {
      const file = join(dir, `${label}.xml`);
      await generate(file, sizeMb, samples);
      const run = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--child", file], { encoding: "utf8" });
      if (run.status !== 0) throw new Error(`child run failed: ${run.stderr}`);
      const result = JSON.parse(run.stdout.trim().split("\n").pop()!) as {
        seconds: number;
        converted: number;
        rejected: number;
        rssMb: number;
      };
      const fileMb = statSync(file).size / 1e6;
      rmSync(file);
      console.log(
        `${label} input, own process: ${fileMb.toFixed(0)} MB converted in ${result.seconds.toFixed(1)} s wall ` +
          `(${(fileMb / result.seconds).toFixed(1)} MB/s, ${result.converted} messages, ${result.rejected} rejected); peak RSS ${result.rssMb.toFixed(0)} MB`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--child") await child(process.argv[3]!);
else await main();
