// `convert --follow` with the files and their formats listed under "follow" in the config: each
// pattern its own format (beating detection), no file on the command line, and clear errors for a
// wrong entry.
import { waitFor } from "../helpers/listen-cli.js";
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const CLI = resolve("dist/cli/main.js");
const WAIT_MS = 60_000;
const SYSLOG = lines("fixtures/syslog/auth-log.log");
const EVE = lines("fixtures/suricata/corpus/rhaist-surevego-testdata-eve.ndjson");

function lines(path: string): string[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => l + "\n");
}

/** The whole lines written so far (the file is read while the run writes it: its last piece may be half a line). */
function outputLines(path: string): string[] {
  return existsSync(path) ? readFileSync(path, "utf8").split("\n").slice(0, -1) : [];
}

/** What a one-shot `convert --from FORMAT FILE` makes of a file: the messages, with IDs that name the file by its path. */
function oneShot(dir: string, format: string, file: string): string[] {
  const run = spawnSync(process.execPath, [CLI, "convert", "--no-config", "--from", format, file], { cwd: dir, encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout.split("\n").filter((l) => l !== "");
}

let followRuns = 0;

/**
 * What `convert --follow --from FORMAT FILE` alone makes of a file, IDs included: a followed file's
 * IDs name it by device and inode (not path), so this, not a one-shot convert, is what a follow of
 * the same file in the same format writes.
 */
async function followedAlone(dir: string, format: string, file: string): Promise<string[]> {
  const count = oneShot(dir, format, file).length;
  const out = join(dir, `alone-${followRuns++}.ndjson`);
  const child = spawn(process.execPath, [CLI, "convert", "--no-config", "--follow", "--from", format, "--out", out, file], {
    cwd: dir,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((res) => child.on("exit", (code) => res(code)));
  try {
    await waitFor(() => outputLines(out).length >= count, `${count} messages of ${file} alone`, WAIT_MS);
  } finally {
    child.kill("SIGTERM");
  }
  assert.equal(await exited, 0, stderr);
  return outputLines(out);
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "idmefv2-follow-config-"));
  mkdirSync(join(dir, "logs"));
  return dir;
}

test("convert --follow without files follows the config's patterns, each file in its entry's format (not the detected one)", async () => {
  const dir = tempDir();
  try {
    // Detection calls auth.log syslog; the config says these logs go through the applog rules.
    // Message IDs derive from the converter too, so the output shows which one read each file.
    writeFileSync(
      join(dir, "idmefv2.json"),
      JSON.stringify({
        follow: [
          { files: "logs/*.log", from: "applog" },
          { files: "logs/eve.json", from: "suricata" },
        ],
      }),
    );
    writeFileSync(join(dir, "logs", "auth.log"), SYSLOG.slice(0, 8).join(""));
    writeFileSync(join(dir, "logs", "eve.json"), EVE.slice(0, 40).join(""));
    const child = spawn(process.execPath, [CLI, "convert", "--config", "idmefv2.json", "--follow", "--out", "out.ndjson"], {
      cwd: dir,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((res) => child.on("exit", (code) => res(code)));
    // A file that appears while running takes its pattern's format too.
    await waitFor(() => outputLines(join(dir, "out.ndjson")).length > 0, "a first message", WAIT_MS);
    writeFileSync(join(dir, "logs", "sshd.log"), SYSLOG.slice(8).join(""));
    for (const line of EVE.slice(40, 60)) appendFileSync(join(dir, "logs", "eve.json"), line);

    const expected = [
      ...(await followedAlone(dir, "applog", "logs/auth.log")),
      ...(await followedAlone(dir, "applog", "logs/sshd.log")),
      ...(await followedAlone(dir, "suricata", "logs/eve.json")),
    ].sort();
    assert.notDeepEqual(oneShot(dir, "syslog", "logs/auth.log"), oneShot(dir, "applog", "logs/auth.log"), "the two formats give other IDs");
    await waitFor(() => outputLines(join(dir, "out.ndjson")).length >= expected.length, "every message", WAIT_MS);
    child.kill("SIGTERM");
    assert.equal(await exited, 0, stderr);
    assert.deepEqual(outputLines(join(dir, "out.ndjson")).sort(), expected);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a config entry names the format of one followed file: no --from needed; --from still beats it", async () => {
  const dir = tempDir();
  try {
    writeFileSync(join(dir, "idmefv2.json"), JSON.stringify({ follow: [{ files: "logs/auth.log", from: "applog" }] }));
    writeFileSync(join(dir, "logs", "auth.log"), SYSLOG.join(""));
    for (const [extra, format] of [
      [[], "applog"],
      [["--from", "syslog"], "syslog"],
    ] as const) {
      rmSync(join(dir, "out.ndjson"), { force: true });
      const child = spawn(process.execPath, [CLI, "convert", "--config", "idmefv2.json", "--follow", "--out", "out.ndjson", ...extra], {
        cwd: dir,
        stdio: ["ignore", "ignore", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((res) => child.on("exit", (code) => res(code)));
      const expected = await followedAlone(dir, format, "logs/auth.log");
      await waitFor(() => outputLines(join(dir, "out.ndjson")).length >= expected.length, `the ${format} messages`, WAIT_MS);
      child.kill("SIGTERM");
      assert.equal(await exited, 0, stderr);
      assert.deepEqual(outputLines(join(dir, "out.ndjson")), expected);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a wrong follow entry in the config is a config error naming the file and the entry", () => {
  const dir = tempDir();
  try {
    const cases: [unknown, RegExp][] = [
      [[{ files: "logs/*.log", from: "nosuch" }], /idmefv2\.json: "follow\[0\]\.from": .*nosuch/],
      [
        [{ files: "logs/*/x.log", from: "syslog" }],
        /idmefv2\.json: "follow\[0\]\.files" "logs\/\*\/x\.log": only the file name may hold \* or \?/,
      ],
      [[{ files: "logs/a.log", from: "syslog", format: "x" }], /"follow\[0\]": unknown key "format"/],
      [{ files: "logs/a.log" }, /"follow" must be an array/],
    ];
    for (const [follow, message] of cases) {
      writeFileSync(join(dir, "idmefv2.json"), JSON.stringify({ follow }));
      const run = spawnSync(process.execPath, [CLI, "convert", "--config", "idmefv2.json", "--follow", "--out", "out.ndjson"], {
        cwd: dir,
        encoding: "utf8",
      });
      assert.equal(run.status, 2, run.stderr);
      assert.match(run.stderr, message);
      assert.doesNotMatch(run.stderr, /\n\s+at /, "no stack trace");
    }
    // Without files and without entries, --follow says where files can come from.
    writeFileSync(join(dir, "idmefv2.json"), JSON.stringify({}));
    const run = spawnSync(process.execPath, [CLI, "convert", "--config", "idmefv2.json", "--follow"], { cwd: dir, encoding: "utf8" });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /give their paths or patterns, or list them under "follow" in the config/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
