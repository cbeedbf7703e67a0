// `idmefv2 convert --from suricata --follow --state FILE`, the compiled CLI, stopped by SIGTERM and
// SIGINT and restarted while a writer appends, rotates and truncates: every alert out exactly once.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { appendFileSync, copyFileSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, truncateSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const CLI = resolve("dist/cli/main.js");
const ALERT = JSON.parse(readFileSync("fixtures/suricata/corpus/oisf-suricata-docs-eve-examples.ndjson", "utf8").split("\n")[0]!) as Record<
  string,
  unknown
>;
const FLOW = readFileSync("fixtures/suricata/corpus/magnc-data-training-eve.ndjson", "utf8").split("\n")[0]!;
const WAIT_MS = 60_000;

function alertLines(from: number, to: number): string {
  let text = "";
  for (let id = from; id <= to; id++) text += JSON.stringify({ ...ALERT, flow_id: id }) + "\n" + (id % 4 === 0 ? FLOW + "\n" : "");
  return text;
}

async function waitFor(what: string, condition: () => boolean): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function outputIds(path: string): number[] {
  if (!existsSync(path)) return [];
  // The last piece is a line still being written (the file is read while the run writes it), or "".
  return readFileSync(path, "utf8")
    .split("\n")
    .slice(0, -1)
    .map((l) => {
      const names = (JSON.parse(l) as { AltNames: string[] }).AltNames;
      return Number(names.find((n) => n.startsWith("flow_id:"))!.slice(8));
    });
}

interface Running {
  readonly child: ChildProcess;
  readonly stderr: () => string;
  readonly exit: Promise<number | null>;
}

function startCli(dir: string, out: string): Running {
  const child = spawn(
    process.execPath,
    [CLI, "convert", "--from", "suricata", "--follow", "--state", "state.json", "--out", out, "eve.json"],
    {
      cwd: dir,
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<number | null>((res) => child.on("exit", (code) => res(code)));
  return { child, stderr: () => stderr, exit };
}

test("CLI follow: SIGTERM and SIGINT stop cleanly; restarts resume; rotation and truncation followed", async () => {
  const dir = mkdtempSync(join(tmpdir(), "idmefv2-follow-cli-"));
  try {
    const eve = join(dir, "eve.json");
    appendFileSync(eve, alertLines(1, 10));

    let run = startCli(dir, "out1.ndjson");
    await waitFor("10 alerts", () => outputIds(join(dir, "out1.ndjson")).length === 10);
    appendFileSync(eve, alertLines(11, 15));
    renameSync(eve, join(dir, "eve.json.1"));
    appendFileSync(eve, alertLines(16, 20));
    await waitFor("20 alerts", () => outputIds(join(dir, "out1.ndjson")).length === 20);
    run.child.kill("SIGTERM");
    assert.equal(await run.exit, 0, run.stderr());
    assert.match(run.stderr(), /SIGTERM: finishing what was read/);
    assert.match(run.stderr(), /read 25 record\(s\) from 1 input\(s\): 20 converted .* 5 skipped, 0 rejected/);

    // Stopped: the writer goes on, and half a line is left at the end.
    appendFileSync(eve, alertLines(21, 25) + alertLines(26, 26).slice(0, 80));
    run = startCli(dir, "out2.ndjson");
    await waitFor("alerts 21-25", () => outputIds(join(dir, "out2.ndjson")).length === 5);
    appendFileSync(eve, alertLines(26, 26).slice(80) + alertLines(27, 30));
    await waitFor("alerts 21-30", () => outputIds(join(dir, "out2.ndjson")).length === 10);
    // copytruncate, once everything written was read (lines written between copy and truncate
    // are lost by copytruncate itself).
    copyFileSync(eve, join(dir, "eve.json.2"));
    truncateSync(eve, 0);
    await waitFor("the truncation notice", () => run.stderr().includes("truncated"));
    appendFileSync(eve, alertLines(31, 35));
    await waitFor("alerts 21-35", () => outputIds(join(dir, "out2.ndjson")).length === 15);
    run.child.kill("SIGINT");
    assert.equal(await run.exit, 0, run.stderr());

    appendFileSync(eve, alertLines(36, 40));
    run = startCli(dir, "out3.ndjson");
    await waitFor("alerts 36-40", () => outputIds(join(dir, "out3.ndjson")).length === 5);
    run.child.kill("SIGTERM");
    assert.equal(await run.exit, 0, run.stderr());

    const all = [...outputIds(join(dir, "out1.ndjson")), ...outputIds(join(dir, "out2.ndjson")), ...outputIds(join(dir, "out3.ndjson"))];
    assert.deepEqual(
      all,
      Array.from({ length: 40 }, (_, i) => i + 1),
    );

    // A restart onto an existing --out appends: what earlier runs wrote stays.
    appendFileSync(eve, alertLines(41, 42));
    run = startCli(dir, "out1.ndjson");
    await waitFor("alerts 41-42 after the first run's", () => outputIds(join(dir, "out1.ndjson")).length === 22);
    run.child.kill("SIGTERM");
    assert.equal(await run.exit, 0, run.stderr());
    assert.deepEqual(outputIds(join(dir, "out1.ndjson")), [...Array.from({ length: 20 }, (_, i) => i + 1), 41, 42]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("CLI follow: usage errors exit 2 with a clear message", async () => {
  const runOnce = (args: string[]): Promise<{ code: number | null; stderr: string }> =>
    new Promise((res) => {
      const child = spawn(process.execPath, [CLI, "convert", ...args], { stdio: ["ignore", "ignore", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      child.on("exit", (code) => res({ code, stderr }));
    });
  const input = "fixtures/suricata/offsets-without-colon.ndjson";
  let r = await runOnce(["--from", "suricata", "--state", "s.json", input]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /--state is for --follow/);
  r = await runOnce(["--follow", input]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /--follow needs --from/);
  r = await runOnce(["--from", "suricata", "--follow", "-"]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /--follow reads files \(not stdin\)/);
  r = await runOnce(["--from", "suricata", "--follow", "fixtures/*/offsets-without-colon.ndjson"]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /only the file name may hold \* or \?/);
  r = await runOnce(["--from", "suricata", "--follow", "--state", "/nonexistent-folder/state.json", input]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /the folder \/nonexistent-folder does not exist/);
});

test("CLI follow: after a hard kill (SIGKILL) a restart loses nothing (lines after the last saved state may repeat)", async () => {
  const dir = mkdtempSync(join(tmpdir(), "idmefv2-follow-kill-"));
  try {
    const eve = join(dir, "eve.json");
    appendFileSync(eve, alertLines(1, 30));
    let run = startCli(dir, "out1.ndjson");
    await waitFor("30 alerts", () => outputIds(join(dir, "out1.ndjson")).length === 30);
    await waitFor("the state file", () => existsSync(join(dir, "state.json")));
    run.child.kill("SIGKILL");
    await run.exit;
    appendFileSync(eve, alertLines(31, 40));
    run = startCli(dir, "out2.ndjson");
    await waitFor("alert 40", () => outputIds(join(dir, "out2.ndjson")).includes(40));
    run.child.kill("SIGTERM");
    assert.equal(await run.exit, 0, run.stderr());
    const all = new Set([...outputIds(join(dir, "out1.ndjson")), ...outputIds(join(dir, "out2.ndjson"))]);
    assert.deepEqual(
      [...all].sort((a, b) => a - b),
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
