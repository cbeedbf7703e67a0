// `npm run bench`: runs every bench/<name>.bench.ts in its own process, one after the other, so that
// no benchmark shares a core with another. Each prints its figure and its ratio to a bare baseline
// measured in the same run; the `RATIO {json}` lines they print (bench/report-ratio.ts) are collected
// and the run ends with a table of every ratio and its target. Name benches to run only some:
// `npm run bench -- suricata syslog`.
import { readdirSync } from "node:fs";
import { spawn } from "node:child_process";
import { loadavg } from "node:os";
import { createInterface } from "node:readline";
import { parseRatioLine, type ReportedRatio } from "./report-ratio.js";

interface BenchResult {
  readonly file: string;
  readonly status: number | null;
  readonly ratios: readonly ReportedRatio[];
}

/** Runs one bench with its stdout echoed line by line, collecting its ratios. */
async function runBench(file: string): Promise<BenchResult> {
  const child = spawn(process.execPath, ["--import", "tsx", new URL(file, import.meta.url).pathname], {
    stdio: ["inherit", "pipe", "inherit"],
  });
  const ratios: ReportedRatio[] = [];
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  for await (const line of createInterface({ input: child.stdout })) {
    process.stdout.write(`${line}\n`);
    const ratio = parseRatioLine(line);
    if (ratio !== undefined) ratios.push(ratio);
  }
  return { file, status: await exited, ratios };
}

function table(results: readonly BenchResult[]): string {
  const rows: string[][] = [["bench", "ratio", "value", "target", "met", "measured by"]];
  for (const r of results) {
    const bench = r.file.replace(/\.bench\.ts$/, "");
    for (const ratio of r.ratios) {
      rows.push([
        bench,
        ratio.name,
        Number.isNaN(ratio.value) ? "n/a" : ratio.value.toFixed(3),
        `${ratio.better === "higher" ? ">=" : "<="} ${ratio.target}`,
        ratio.met ? "yes" : "NO",
        ratio.how ?? "",
      ]);
    }
    // A bench that failed before reporting is a row too: a missing figure is not a met target.
    if (r.ratios.length === 0) rows.push([bench, `no ratio reported (exit ${r.status})`, "n/a", "", "NO", ""]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const render = (row: readonly string[]): string =>
    row
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  return [render(rows[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(render)].join("\n");
}

const wanted = process.argv.slice(2);
const benches = readdirSync(new URL(".", import.meta.url))
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();
const results: BenchResult[] = [];
for (const file of benches) {
  process.stdout.write(`\n== bench/${file}\n`);
  results.push(await runBench(file));
}
if (benches.length === 0) console.log("no benchmark matched");
else {
  const all = results.flatMap((r) => r.ratios);
  console.log(`\n== ratios (load average ${loadavg()[0]!.toFixed(1)} at the end of the run)\n${table(results)}`);
  console.log(`${all.filter((r) => r.met).length} of ${all.length} ratios meet their target`);
}
process.exitCode = results.some((r) => r.status !== 0) ? 1 : 0;
