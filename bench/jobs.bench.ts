// `convert --jobs 2` against `--jobs 1` on a big EVE file and a big auth log (issue 17): the output
// must be byte-identical (cmp), the speed-up is wall time of --jobs 1 over --jobs 2, and since a
// shared 2-core machine's wall time is noisy, the CPU time of each (user + sys, /usr/bin/time) is
// printed beside it with the peak RSS. Runs alternate 1, 2, 1, 2 (JOBS_BENCH_ROUNDS pairs) and
// the best of each is taken. Size: JOBS_BENCH_MB (default 200; the figure is 1000).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { authLog, eveFile } from "./jobs-data.js";
import { reportRatio } from "./report-ratio.js";

const MB = Number(process.env["JOBS_BENCH_MB"] ?? 200);
const ROUNDS = Number(process.env["JOBS_BENCH_ROUNDS"] ?? 2);
const CLI = resolve("dist/cli/main.js");
const DATA = resolve("bench/data");
const RSS_LIMIT_MB = 300;

interface Run {
  readonly wall: number;
  readonly cpu: number;
  readonly rssMb: number;
}

/** One convert under /usr/bin/time -v: wall, CPU seconds and peak RSS of the whole process. */
function convert(input: string, format: string, jobs: number, out: string, extra: readonly string[]): Run {
  const args = ["-v", process.execPath, CLI, "convert", "--no-config", "--no-progress", "--from", format, "--jobs", String(jobs), ...extra];
  const start = process.hrtime.bigint();
  const run = spawnSync("/usr/bin/time", [...args, "--out", out, input], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  if (run.status !== 0 && run.status !== 1) throw new Error(`convert --jobs ${jobs} failed (exit ${run.status}): ${run.stderr}`);
  const field = (name: string): number => Number(new RegExp(`${name}: ([0-9.]+)`).exec(run.stderr)?.[1] ?? Number.NaN);
  return {
    wall,
    cpu: field("User time \\(seconds\\)") + field("System time \\(seconds\\)"),
    rssMb: field("Maximum resident set size \\(kbytes\\)") / 1024,
  };
}

function same(a: string, b: string): boolean {
  return spawnSync("cmp", ["-s", a, b]).status === 0;
}

function benchOne(label: string, input: string, format: string, extra: readonly string[]): boolean {
  const dir = mkdtempSync(join(tmpdir(), "idmefv2-jobs-bench-"));
  try {
    const one: Run[] = [];
    const two: Run[] = [];
    let identical = true;
    for (let round = 0; round < ROUNDS; round++) {
      one.push(convert(input, format, 1, join(dir, "one.ndjson"), extra));
      two.push(convert(input, format, 2, join(dir, "two.ndjson"), extra));
      identical &&= same(join(dir, "one.ndjson"), join(dir, "two.ndjson"));
      identical &&= same(join(dir, "one.ndjson.rejects.ndjson"), join(dir, "two.ndjson.rejects.ndjson"));
    }
    const best = (runs: Run[], key: keyof Run): number => Math.min(...runs.map((r) => r[key]));
    const worst = (runs: Run[], key: keyof Run): number => Math.max(...runs.map((r) => r[key]));
    const speedUp = best(one, "wall") / best(two, "wall");
    const rss = Math.max(worst(one, "rssMb"), worst(two, "rssMb"));
    console.log(
      `${label}: --jobs 1 ${best(one, "wall").toFixed(2)} s (CPU ${best(one, "cpu").toFixed(2)} s), ` +
        `--jobs 2 ${best(two, "wall").toFixed(2)} s (CPU ${best(two, "cpu").toFixed(2)} s): ${speedUp.toFixed(2)}x wall; ` +
        `CPU of --jobs 2 / --jobs 1 ${(best(two, "cpu") / best(one, "cpu")).toFixed(2)} ` +
        // What two free cores would allow: the work of --jobs 2 spread evenly, against one thread's.
        `(bound on two idle cores: ${((2 * best(one, "cpu")) / best(two, "cpu")).toFixed(2)}x); peak RSS ${rss.toFixed(0)} MB; ` +
        `output ${identical ? "byte-identical (cmp)" : "DIFFERS"}; load ${loadavg()[0]!.toFixed(1)}`,
    );
    const met = reportRatio({
      name: `${label}: --jobs 2 speed-up over --jobs 1 (output identical)`,
      value: identical ? speedUp : Number.NaN,
      target: 1.7,
      better: "higher",
      how: `wall, best of ${ROUNDS} alternating, ${MB} MB`,
    });
    const rssMet = reportRatio({
      name: `${label}: peak RSS MB, either run`,
      value: rss,
      target: RSS_LIMIT_MB,
      better: "lower",
      how: "/usr/bin/time -v",
    });
    return met && rssMet && identical;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

mkdirSync(DATA, { recursive: true });
const eve = await eveFile(DATA, MB);
const auth = await authLog(DATA, MB);
benchOne("suricata EVE", eve, "suricata", []);
benchOne("syslog auth log", auth, "syslog", ["-O", "timezone=Z", "-O", "referenceTime=2026-06-01T00:00:00Z"]);
