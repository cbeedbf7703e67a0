// `idmefv2 convert --follow --state FILE 'logs/*'`: three files of three formats (syslog, Suricata
// EVE, IDMEF v1), each detected, one rotated and one new file appearing, the process killed with
// SIGKILL twice: the messages out are those of a one-shot `convert` of the same inputs, each once.
import { waitFor } from "../helpers/listen-cli.js";
import { withoutIds } from "../helpers/without-ids.js";
import { hardKill, startCliRun, type CliRun } from "../helpers/cli-run.js";
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const CLI = resolve("dist/cli/main.js");
const WAIT_MS = 60_000;
const SYSLOG = lines("fixtures/syslog/auth-log.log");
const EVE = lines("fixtures/suricata/corpus/rhaist-surevego-testdata-eve.ndjson");
// The fixture ends without a newline: a followed file's last line waits for its end.
const IDMEF_V1 = readFileSync("fixtures/idmefv1/alperenp-kitchen-sink-alert.xml", "utf8").trimEnd() + "\n";

function lines(path: string): string[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => l + "\n");
}

function messages(path: string): string[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.stringify(withoutIds(JSON.parse(l))))
    .sort();
}

function lineCount(path: string): number {
  return existsSync(path) ? readFileSync(path, "utf8").split("\n").length - 1 : 0;
}

function startCli(dir: string): CliRun {
  return startCliRun(dir, ["convert", "--no-config", "--follow", "--state", "state.json", "--out", "out.ndjson", "logs/*"]);
}

test(
  "CLI follow over a pattern: three formats, a rotation and a new file, two SIGKILLs: every message once",
  { timeout: 180_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), "idmefv2-follow-multi-"));
    const logs = join(dir, "logs");
    mkdirSync(logs);
    const out = join(dir, "out.ndjson");
    try {
      writeFileSync(join(logs, "auth.log"), SYSLOG.slice(0, 8).join(""));
      writeFileSync(join(logs, "eve.json"), EVE.slice(0, 60).join(""));
      writeFileSync(join(logs, "idmef.xml"), IDMEF_V1);

      let run = startCli(dir);
      await waitFor(() => existsSync(join(dir, "state.json")) && lineCount(out) > 0, "a first commit", WAIT_MS);
      // Killed while a burst is being read: what it wrote after its last commit must not repeat.
      for (const line of EVE.slice(60, 160)) appendFileSync(join(logs, "eve.json"), line);
      await waitFor(() => lineCount(out) > 12, "some of the burst", WAIT_MS);
      await hardKill(run);

      // Rotated while stopped; the rotated name matches the pattern too, and is not a new file.
      renameSync(join(logs, "auth.log"), join(logs, "auth.log.1"));
      writeFileSync(join(logs, "auth.log"), SYSLOG.slice(8).join(""));
      run = startCli(dir);
      await waitFor(() => lineCount(out) > 14, "a commit after restart", WAIT_MS);
      // A new file while running, then the EVE file rotated while running.
      writeFileSync(join(logs, "late.json"), EVE.slice(200).join(""));
      for (const line of EVE.slice(160, 180)) appendFileSync(join(logs, "eve.json"), line);
      renameSync(join(logs, "eve.json"), join(logs, "eve.json.1"));
      writeFileSync(join(logs, "eve.json"), EVE.slice(180, 200).join(""));
      await hardKill(run);

      run = startCli(dir);
      const inputs = ["auth.log.1", "auth.log", "eve.json.1", "eve.json", "late.json", "idmef.xml"].map((name) => join("logs", name));
      const oneShot = spawnSync(process.execPath, [CLI, "convert", "--no-config", "--out", "one.ndjson", ...inputs], {
        cwd: dir,
        encoding: "utf8",
      });
      assert.equal(oneShot.status, 0, oneShot.stderr);
      const expected = messages(join(dir, "one.ndjson"));
      assert.ok(expected.length > 60, `the inputs convert to ${expected.length} messages`);
      await waitFor(() => lineCount(out) >= expected.length, "every message", WAIT_MS);
      // Give it time to write a repeat, if it were to.
      await new Promise((r) => setTimeout(r, 1500));
      run.child.kill("SIGTERM");
      assert.equal(await run.exit, 0, run.stderr());
      assert.deepEqual(messages(out), expected);
      const state = JSON.parse(readFileSync(join(dir, "state.json"), "utf8")) as { files: { path: string }[] };
      assert.deepEqual(
        state.files.map((f) => f.path).sort(),
        ["auth.log", "eve.json", "idmef.xml", "late.json"].map((n) => join(logs, n)).sort(),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
