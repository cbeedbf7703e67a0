// Suricata EVE through the CLI (`convert --from suricata`, validated NDJSON out) against a bare
// JSON.parse + JSON.stringify loop over the same lines, both measured in this run; prints the ratio.
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { reportRatio } from "./report-ratio.js";

/** Issue 17: the CLI's CPU time over the bare loop's, on the same lines. */
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

const dir = mkdtempSync(join(tmpdir(), "idmefv2-bench-suricata-"));
try {
  const input = join(dir, "eve.json");
  const output = join(dir, "out.ndjson");
  writeFileSync(input, text);
  console.log(`input: ${lines.length} lines (${(statSync(input).size / 1e6).toFixed(0)} MB), ${alerts} alerts`);

  // Baseline: the least any converter must do per line. Measured before and after the CLI run
  // and averaged, so that a change in machine load during the run affects both sides alike.
  let sink = 0;
  const baseline = (): { seconds: number; cpuSeconds: number } => {
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    for (const line of lines) sink += JSON.stringify(JSON.parse(line) as unknown).length;
    const used = process.cpuUsage(cpu);
    return { seconds: Number(process.hrtime.bigint() - start) / 1e9, cpuSeconds: (used.user + used.system) / 1e6 };
  };
  const before = baseline();

  // The CLI's own CPU time comes from the shell's `times` (children's user and system time).
  const outFd = openSync(output, "w");
  const cliStart = process.hrtime.bigint();
  const run = spawnSync(
    "/bin/sh",
    ["-c", 'node dist/cli/main.js convert --from suricata "$1"; status=$?; times >&2; exit $status', "sh", input],
    { stdio: ["ignore", outFd, "pipe"], encoding: "utf8" },
  );
  const cliSeconds = Number(process.hrtime.bigint() - cliStart) / 1e9;
  closeSync(outFd);
  const after = baseline();
  if (run.status !== 0) {
    console.error(`the CLI failed (exit ${run.status}):\n${run.stderr}`);
    process.exit(1);
  }
  const timesLine = run.stderr.trim().split("\n").at(-1) ?? "";
  const cliCpuSeconds = [...timesLine.matchAll(/(\d+)m([\d.]+)s/g)].reduce((total, m) => total + Number(m[1]) * 60 + Number(m[2]), 0);
  const baseSeconds = (before.seconds + after.seconds) / 2;
  const baseCpuSeconds = (before.cpuSeconds + after.cpuSeconds) / 2;
  const baseRate = lines.length / baseSeconds;
  const written = readFileSync(output, "utf8").split("\n").length - 1;
  if (written !== alerts) {
    console.error(`expected ${alerts} messages, the CLI wrote ${written}`);
    process.exit(1);
  }
  const cliRate = lines.length / cliSeconds;
  const ratio = cliRate / baseRate;
  const cpuRatio = cliCpuSeconds > 0 ? cliCpuSeconds / baseCpuSeconds : Number.NaN;
  console.log(
    `bare JSON.parse + JSON.stringify: ${Math.round(baseRate).toLocaleString("en")} lines/s (mean of ${before.seconds.toFixed(2)} s and ${after.seconds.toFixed(2)} s; CPU ${baseCpuSeconds.toFixed(2)} s; checksum ${sink})`,
  );
  console.log(
    `idmefv2 convert --from suricata: ${Math.round(cliRate).toLocaleString("en")} lines/s (${cliSeconds.toFixed(2)} s, process start included; CPU ${cliCpuSeconds.toFixed(2)} s; ${written} valid messages)`,
  );
  console.log(`rate ratio CLI / bare: ${ratio.toFixed(2)} by wall time; time ratio ${(cliSeconds / baseSeconds).toFixed(2)} by wall time`);
  const met = reportRatio({
    name: "suricata: convert CPU time / bare JSON.parse + JSON.stringify CPU time",
    value: cpuRatio,
    target: TARGET_TIME_RATIO,
    better: "lower",
    how: "CPU time, process start included, bare around it",
  });
  process.exitCode = met ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
