// `convert --follow 'logs/auth.log*'` over a live log and its logrotate-compressed predecessor: the
// `.gz` file is read once, through gunzip, and not followed (what is added to it while the run goes
// is not read); a restart does not read again what was read, and reads what was not.
import { waitFor } from "../helpers/listen-cli.js";
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";

const CLI = resolve("dist/cli/main.js");
const WAIT_MS = 60_000;
// Lines that each make one message on their own: the syslog converter keeps some state between
// lines ("last message repeated", repeats of lines no rule matched), and a file read in two runs
// must give what one run gives.
const SYSLOG = readFileSync("fixtures/syslog/auth-log.log", "utf8")
  .split("\n")
  .filter((l) => l !== "" && !/ -- MARK --$|last message repeated|session opened|sudo: vagrant/.test(l))
  .map((l) => l + "\n");

function outputLines(path: string): string[] {
  return existsSync(path)
    ? readFileSync(path, "utf8")
        .split("\n")
        .filter((l) => l !== "")
    : [];
}

/** A message with every ID left out (IDs derive from the input's name, and the plain copies have other names). */
function idless(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(idless);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).flatMap(([key, inner]) => (key === "ID" ? [] : [[key, idless(inner)]])));
}

function withoutIds(lines: readonly string[]): string[] {
  return lines.map((line) => JSON.stringify(idless(JSON.parse(line)))).sort();
}

/** Converted in one shot from plain copies: what the followed files must give, each line once. */
function expectedFrom(dir: string, parts: Record<string, string>): string[] {
  const names = Object.keys(parts);
  for (const name of names) writeFileSync(join(dir, name), parts[name]!);
  const run = spawnSync(process.execPath, [CLI, "convert", "--no-config", "--from", "syslog", ...names], { cwd: dir, encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  return withoutIds(run.stdout.split("\n").filter((l) => l !== ""));
}

function follow(dir: string): { child: ChildProcess; stderr: () => string; exit: Promise<number | null> } {
  const child = spawn(
    process.execPath,
    [CLI, "convert", "--no-config", "--from", "syslog", "--follow", "--state", "state.json", "--out", "out.ndjson", "logs/auth.log*"],
    { cwd: dir, stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<number | null>((res) => child.on("exit", (code) => res(code)));
  return { child, stderr: () => stderr, exit };
}

test(
  "follow: a rotated .gz file is read once through gunzip, not followed, and not read again after a restart",
  { timeout: 120_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), "idmefv2-follow-gzip-"));
    mkdirSync(join(dir, "logs"));
    const out = join(dir, "out.ndjson");
    try {
      const compressed = SYSLOG.slice(0, 5).join("");
      const live = SYSLOG.slice(5, 8).join("");
      const gzAdded = SYSLOG.slice(8, 10).join("");
      const liveAdded = SYSLOG.slice(10).join("");
      writeFileSync(join(dir, "logs", "auth.log.2.gz"), gzipSync(compressed));
      writeFileSync(join(dir, "logs", "auth.log"), live);
      const firstPart = expectedFrom(dir, { "gz-part.log": compressed, "live-part.log": live });
      const whileRunning = expectedFrom(dir, { "gz-part.log": compressed, "live-part.log": live + liveAdded });
      const afterRestart = expectedFrom(dir, { "gz-part.log": compressed + gzAdded, "live-part.log": live + liveAdded });
      assert.equal(afterRestart.length, SYSLOG.length, "each line makes one message");

      let run = follow(dir);
      await waitFor(() => outputLines(out).length >= firstPart.length, "the .gz file's and the live file's messages", WAIT_MS);
      // Lines added to the .gz file (a second gzip member: gunzip reads it) are not followed; lines
      // added to the live file are.
      appendFileSync(join(dir, "logs", "auth.log.2.gz"), gzipSync(gzAdded));
      appendFileSync(join(dir, "logs", "auth.log"), liveAdded);
      await waitFor(() => outputLines(out).length >= whileRunning.length, "the live file's new messages", WAIT_MS);
      // Time for the .gz additions to show up, were the file followed (polls are 200 ms apart).
      await new Promise((r) => setTimeout(r, 2000));
      run.child.kill("SIGTERM");
      assert.equal(await run.exit, 0, run.stderr());
      assert.deepEqual(withoutIds(outputLines(out)), whileRunning);

      const state = JSON.parse(readFileSync(join(dir, "state.json"), "utf8")) as {
        files: { path: string; offset: number; gzip?: boolean }[];
      };
      const gz = state.files.find((f) => f.path.endsWith("auth.log.2.gz"));
      assert.deepEqual(
        { gzip: gz?.gzip, offset: gz?.offset },
        { gzip: true, offset: Buffer.byteLength(compressed) },
        "the .gz entry counts decompressed bytes",
      );

      // A restart starts the .gz file at its saved offset: what was read is not read again, and what
      // was added is read now (nothing lost, nothing repeated).
      run = follow(dir);
      await waitFor(() => outputLines(out).length >= afterRestart.length, "the .gz file's added messages", WAIT_MS);
      await new Promise((r) => setTimeout(r, 1500));
      run.child.kill("SIGTERM");
      assert.equal(await run.exit, 0, run.stderr());
      assert.deepEqual(withoutIds(outputLines(out)), afterRestart);
      assert.match(run.stderr(), /read 2 record\(s\)/, "the restart read only the added lines");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
