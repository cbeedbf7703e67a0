// The shared harness of the per-format benches: `idmefv2 convert --from <format>` over an input,
// the converter alone in this process, and a bare loop over the same lines, all in one run (each
// measured twice around the others and averaged, so a change of machine load hits all alike).
// The target applies to the converter alone against the bare loop: what the pipeline adds to every
// message (IDs, schema validation, serialisation) is the same for every format and is measured by
// bench/pipeline.bench.ts; the CLI figure is printed beside it (docs/decisions.md, issue 15).
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { reportRatio } from "./report-ratio.js";

/** The converter alone: its convert function over every line, in this process, no pipeline. */
export type ConverterLoop = (lines: readonly string[]) => number;

export interface CliBench {
  /** The format given to --from, and the label of the printed lines. */
  readonly format: string;
  readonly label: string;
  /** The whole input file. */
  readonly text: string;
  /** What the bare loop is ("JSON.parse + JSON.stringify", "split + one regex"). */
  readonly bareName: string;
  /** The bare loop over the lines; returns a checksum so the work cannot be optimised away. */
  readonly bare: (lines: readonly string[]) => number;
  /** Messages the CLI must write (a wrong count fails the bench: a fast wrong converter is no result). */
  readonly expectedMessages: number;
  /** Extra CLI arguments (e.g. `-O logs=notice,weird`). */
  readonly args?: readonly string[];
  /** The converter's own loop (setup, then convert each line): the figure the target applies to. */
  readonly converterAlone: ConverterLoop;
  /** The most converter time per bare time over the same lines (2.5 = within 2.5x of the bare loop). */
  readonly target: number;
}

/** Lines each loop runs once before it is timed. */
const WARMUP_LINES = 20_000;

function seconds(work: () => number): { seconds: number; checksum: number } {
  const start = process.hrtime.bigint();
  const checksum = work();
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, checksum };
}

/** Runs one comparison; returns true when the ratio meets the target. */
export function runCliBench(bench: CliBench): boolean {
  const lines = bench.text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  const dir = mkdtempSync(join(tmpdir(), `idmefv2-bench-${bench.format}-`));
  try {
    const input = join(dir, "input");
    const output = join(dir, "out.ndjson");
    writeFileSync(input, bench.text);
    console.log(`${bench.label} input: ${lines.length} lines (${(statSync(input).size / 1e6).toFixed(1)} MB)`);
    let checksum = 0;
    const bareRun = (): number => {
      const run = seconds(() => bench.bare(lines));
      checksum += run.checksum;
      return run.seconds;
    };
    // Both warmed up first on the first lines (as bench/line-converter.ts does), so that neither
    // figure holds the JIT's compiling of the code it measures.
    const warmup = lines.slice(0, WARMUP_LINES);
    bench.bare(warmup);
    bench.converterAlone(warmup);
    // Bare, converter alone, converter alone, bare: each pair averaged so load changes hit both.
    const before = bareRun();
    const alone1 = seconds(() => bench.converterAlone(lines));
    const alone2 = seconds(() => bench.converterAlone(lines));
    const outFd = openSync(output, "w");
    const cliStart = process.hrtime.bigint();
    const run = spawnSync(process.execPath, ["dist/cli/main.js", "convert", "--from", bench.format, ...(bench.args ?? []), input], {
      stdio: ["ignore", outFd, "pipe"],
      encoding: "utf8",
    });
    const cliSeconds = Number(process.hrtime.bigint() - cliStart) / 1e9;
    closeSync(outFd);
    const after = bareRun();
    if (run.status !== 0) {
      console.error(`the CLI failed (exit ${run.status}):\n${run.stderr}`);
      return false;
    }
    const written = readFileSync(output, "utf8").split("\n").length - 1;
    if (written !== bench.expectedMessages) {
      console.error(`expected ${bench.expectedMessages} messages, the CLI wrote ${written}`);
      return false;
    }
    const bareRate = lines.length / ((before + after) / 2);
    const aloneRate = lines.length / ((alone1.seconds + alone2.seconds) / 2);
    const cliRate = lines.length / cliSeconds;
    // The figure: converter time / bare time (lower is better; within 2.5x means <= 2.5).
    const ratio = bareRate / aloneRate;
    console.log(
      `${bench.label} bare ${bench.bareName}: ${Math.round(bareRate).toLocaleString("en")} lines/s (mean of ${before.toFixed(2)} s and ${after.toFixed(2)} s; checksum ${checksum})`,
    );
    console.log(
      `${bench.label} converter alone (setup + convert per line, in process): ${Math.round(aloneRate).toLocaleString("en")} lines/s (mean of ${alone1.seconds.toFixed(2)} s and ${alone2.seconds.toFixed(2)} s; ${alone1.checksum} messages)`,
    );
    console.log(
      `${bench.label} idmefv2 convert --from ${bench.format} (IDs, validation, NDJSON out): ${Math.round(cliRate).toLocaleString("en")} lines/s (${cliSeconds.toFixed(2)} s, process start included; ${written} valid messages; ${(cliRate / bareRate).toFixed(2)} of bare)`,
    );
    return reportRatio({
      name: `${bench.label}: converter time / bare ${bench.bareName}`,
      value: ratio,
      target: bench.target,
      better: "lower",
      how: "wall time, bare around it",
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The bare loop of JSON formats: parse and serialise each line. */
export function bareJson(lines: readonly string[]): number {
  let n = 0;
  for (const line of lines) n += JSON.stringify(JSON.parse(line) as unknown).length;
  return n;
}

/** The bare loop of text formats: split each line into its fields and match one regex on it. */
export function bareSplitRegex(separator: string, pattern: RegExp): (lines: readonly string[]) => number {
  return (lines) => {
    let n = 0;
    for (const line of lines) {
      const m = pattern.exec(line);
      n += line.split(separator).length + (m === null ? 0 : m.length);
    }
    return n;
  };
}

/** Repeats `block` until it has about `wanted` lines. */
/** A converter loop for a contract-2 converter of "lines" or "json-lines" input, with a light context. */
export function converterLoop(convertOf: () => (record: unknown, ctx: never) => unknown, parse: boolean): ConverterLoop {
  return (lines) => {
    const convert = convertOf();
    let messages = 0;
    let line = 0;
    const ctx = {
      options: {},
      version: "2.D.V08",
      newId: () => "00000000-0000-4000-8000-000000000000",
      uuidV5: () => "00000000-0000-5000-8000-000000000000",
      now: () => "2026-01-15T12:00:00Z",
      timestamp: (text: string) => text,
      source: {
        file: "bench",
        get line() {
          return line;
        },
      },
      skip: () => undefined,
      reject: (reason: string): never => {
        throw new Error(reason);
      },
      warn: () => undefined,
    };
    for (const text of lines) {
      line++;
      try {
        if (convert(parse ? (JSON.parse(text) as unknown) : text, ctx as never) != null) messages++;
      } catch {
        // a rejected record: counted by the CLI run, not here
      }
    }
    return messages;
  };
}

export function repeatTo(block: string, wanted: number): { text: string; repeats: number } {
  const blockLines = block.split("\n").length - (block.endsWith("\n") ? 1 : 0);
  const repeats = Math.max(1, Math.round(wanted / blockLines));
  return { text: block.repeat(repeats), repeats };
}
