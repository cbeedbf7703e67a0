// Suricata EVE through the CLI (`convert --from suricata`, validated NDJSON out) against a bare
// JSON.parse + JSON.stringify loop over the same lines, both measured in this run; prints the ratio.
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const TARGET_RATIO = 0.5;
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

  // Baseline: the least any converter must do per line.
  let sink = 0;
  const baseStart = process.hrtime.bigint();
  for (const line of lines) sink += JSON.stringify(JSON.parse(line) as unknown).length;
  const baseSeconds = Number(process.hrtime.bigint() - baseStart) / 1e9;
  const baseRate = lines.length / baseSeconds;

  const outFd = openSync(output, "w");
  const cliStart = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ["dist/cli/main.js", "convert", "--from", "suricata", input], {
    stdio: ["ignore", outFd, "pipe"],
    encoding: "utf8",
  });
  const cliSeconds = Number(process.hrtime.bigint() - cliStart) / 1e9;
  closeSync(outFd);
  if (run.status !== 0) {
    console.error(`the CLI failed (exit ${run.status}):\n${run.stderr}`);
    process.exit(1);
  }
  const written = readFileSync(output, "utf8").split("\n").length - 1;
  if (written !== alerts) {
    console.error(`expected ${alerts} messages, the CLI wrote ${written}`);
    process.exit(1);
  }
  const cliRate = lines.length / cliSeconds;
  const ratio = cliRate / baseRate;
  console.log(`bare JSON.parse + JSON.stringify: ${Math.round(baseRate).toLocaleString("en")} lines/s (${baseSeconds.toFixed(2)} s; checksum ${sink})`);
  console.log(`idmefv2 convert --from suricata: ${Math.round(cliRate).toLocaleString("en")} lines/s (${cliSeconds.toFixed(2)} s, process start included; ${written} valid messages)`);
  console.log(`ratio: ${ratio.toFixed(2)} (target >= ${TARGET_RATIO}) ${ratio >= TARGET_RATIO ? "OK" : "BELOW TARGET"}`);
  process.exitCode = ratio >= TARGET_RATIO ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
