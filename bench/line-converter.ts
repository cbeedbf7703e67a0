// Shared by the text-format benches (cef, leef, snort): one converter's per-run convert function over
// real lines, beside a bare loop over the same lines (each line split into its fields + one regex,
// the "split + one regex") in the same run, both on one core in this process. The code
// measured is the built dist/ (what users run; `npm run bench` builds first), not the TypeScript
// sources through tsx. Prints lines/s for each and converter time / bare time; fails above 2.5.
import { readFileSync } from "node:fs";
import type { Converter, ConvertFunction } from "../dist/core/converter.js";
import { checkConverterOptions } from "../dist/framework/check-options.js";
import { createTestContext } from "../dist/testing/index.js";
import { reportRatio } from "./report-ratio.js";

/** The target: each converter within 2.5x of its bare loop. */
const MAX_SLOWDOWN = 2.5;

export interface LineBench {
  readonly converter: Converter;
  readonly options: Record<string, unknown>;
  /** Real input files, repeated up to `lines` lines. */
  readonly sources: readonly string[];
  readonly lines: number;
  /** The one regex of the bare loop: what any reader of the format must at least match. */
  readonly bareRegex: RegExp;
  /** What the bare loop splits each line at (the format's field separator). */
  readonly separator: string;
}

function secondsOf(run: () => void): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

export function runLineBench(bench: LineBench): void {
  const block = bench.sources.map((path) => readFileSync(path, "utf8")).join("");
  const blockLines = block.split("\n").filter((l) => l !== "").length;
  const text = block.repeat(Math.max(1, Math.round(bench.lines / blockLines)));
  const values = checkConverterOptions(bench.converter, bench.options);
  const convert = (bench.converter.setup as (v: unknown) => ConvertFunction<string>)(values);
  const ctx = createTestContext({ options: values });
  let checksum = 0;
  const bare = (): number => {
    const lines = text.split("\n");
    let n = 0;
    for (const line of lines) {
      if (line === "") continue;
      const m = bench.bareRegex.exec(line);
      if (m !== null) checksum += m[0].length;
      checksum += line.split(bench.separator).length;
      n++;
    }
    return n;
  };
  const converted = (): number => {
    const lines = text.split("\n");
    let n = 0;
    for (const line of lines) {
      if (line === "") continue;
      const out = convert(line, ctx) as Record<string, unknown> | null;
      if (out !== null) checksum += Object.keys(out).length;
      n++;
    }
    return n;
  };
  // Warm both up, then time the bare loop before and after the converter (load changes hit both).
  bare();
  converted();
  let count = 0;
  const before = secondsOf(() => (count = bare()));
  const conv = secondsOf(() => converted());
  const after = secondsOf(() => bare());
  const bareRate = count / ((before + after) / 2);
  const convRate = count / conv;
  const slowdown = bareRate / convRate;
  console.log(`input: ${count} lines from ${bench.sources.join(", ")}`);
  console.log(
    `bare split at ${JSON.stringify(bench.separator)} + one regex: ${Math.round(bareRate).toLocaleString("en")} lines/s (checksum ${checksum})`,
  );
  console.log(`${bench.converter.format} converter (parse + message): ${Math.round(convRate).toLocaleString("en")} lines/s`);
  const met = reportRatio({
    name: `${bench.converter.format}: converter time / bare split + one regex`,
    value: slowdown,
    target: MAX_SLOWDOWN,
    better: "lower",
    how: "wall time, bare around it",
  });
  process.exitCode = met ? 0 : 1;
}
