// Issue 11 items 7 and 8 in follow mode: a CR-only log is followed line by line, and after a
// copytruncate whose writer keeps its old offset (a NUL hole, then the next record), the record
// is converted with a warning.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { closeSync, existsSync, fstatSync, openSync, readFileSync, truncateSync, writeFileSync, writeSync } from "node:fs";
import { join, resolve } from "node:path";
import { withTempDir } from "../framework/helpers.js";

const CLI = resolve("dist/cli/main.js");

function attack(n: number): string {
  return `Jan 15 10:00:${String(n % 60).padStart(2, "0")} host sshd[123]: Failed password for root from 203.0.113.${n} port ${4000 + n} ssh2`;
}

async function waitFor(what: string, condition: () => boolean, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function alerts(path: string): string[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { Source: { IP: string }[] }).Source[0]!.IP);
}

test("follow: CR-only lines are followed, and a record after a copytruncate NUL hole is converted with a warning", async () => {
  await withTempDir(async (dir) => {
    const log = join(dir, "auth.log");
    writeFileSync(log, `${attack(1)}\r${attack(2)}\r${attack(3)}\r`);
    const child = spawn(
      process.execPath,
      [CLI, "convert", "--from", "syslog", "--follow", "--state", "state.json", "--out", "out.ndjson", "auth.log"],
      {
        cwd: dir,
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const exit = new Promise<number | null>((res) => child.on("exit", (code) => res(code)));
    const out = join(dir, "out.ndjson");
    try {
      await waitFor("3 alerts from CR-only lines", () => alerts(out).length === 3);

      // The writer keeps its descriptor (no O_APPEND) while logrotate's copytruncate empties the file.
      const writer = openSync(log, "r+");
      const oldSize = fstatSync(writer).size;
      truncateSync(log, 0);
      await waitFor("the truncation notice", () => /was truncated/.test(stderr));
      writeSync(writer, `${attack(4)}\n`, oldSize);
      closeSync(writer);
      await waitFor("the alert after the NUL hole", () => alerts(out).length === 4);
      assert.deepEqual(alerts(out), ["203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4"]);
      assert.match(stderr, new RegExp(`auth\\.log:4: warning: skipped ${oldSize} NUL byte\\(s\\) before this line`));
    } finally {
      child.kill("SIGTERM");
    }
    assert.equal(await exit, 0, stderr);
    assert.match(stderr, /read 4 record\(s\) from 1 input\(s\): 4 converted/);
  });
});
