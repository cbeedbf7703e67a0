// Issue 11, the outputs: follow mode is exactly-once into --out across kill -9 (item 3); a full
// disk names the file, prints the books, exits 74 and leaves no torn line (item 4); rejects and
// state files are created 0600 (item 16); SIGHUP reopens the outputs and keeps running (item 17).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { createSocket } from "node:dgram";
import { appendFileSync, existsSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { withTempDir } from "../framework/helpers.js";
import { fullDisk } from "../helpers/full-disk.js";
import { runNode } from "../helpers/run-node.js";

const CLI = resolve("dist/cli/main.js");
const ALERT = JSON.parse(readFileSync("fixtures/suricata/corpus/oisf-suricata-docs-eve-examples.ndjson", "utf8").split("\n")[0]!) as Record<
  string,
  unknown
>;
const ATTACK = "<38>Feb 20 08:35:22 slave22 sshd[5774]: Failed password for root from 216.160.83.57 port 29160 ssh2";

function alerts(from: number, to: number): string {
  let text = "";
  for (let id = from; id <= to; id++) text += JSON.stringify({ ...ALERT, flow_id: id }) + "\n";
  return text;
}

// While a run writes (or right after a kill -9) the file may end in a torn line that the next run
// truncates: polls read whole lines only; the final check (after a clean stop) reads everything.
function flowIds(path: string, wholeLinesOnly = true): number[] {
  if (!existsSync(path)) return [];
  let text = readFileSync(path, "utf8");
  if (wholeLinesOnly) text = text.slice(0, text.lastIndexOf("\n") + 1);
  return text
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => Number((JSON.parse(l) as { AltNames: string[] }).AltNames.find((n) => n.startsWith("flow_id:"))!.slice(8)));
}

async function waitFor(what: string, condition: () => boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

interface Running {
  readonly child: ChildProcess;
  readonly stderr: () => string;
  readonly exit: Promise<number | null>;
}

function start(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Running {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, ...env } });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<number | null>((res) => child.on("exit", (code) => res(code)));
  return { child, stderr: () => stderr, exit };
}

test("follow: 10 kill -9s while the input grows, then a clean stop: every alert in --out exactly once", { timeout: 300_000 }, async () => {
  await withTempDir(async (dir) => {
    const eve = join(dir, "eve.json");
    const out = join(dir, "out.ndjson");
    writeFileSync(eve, alerts(1, 200));
    const args = ["convert", "--from", "suricata", "--follow", "--state", "state.json", "--out", "out.ndjson", "eve.json"];
    let next = 201;
    for (let kill = 0; kill < 10; kill++) {
      const run = start(args, dir);
      const before = flowIds(out).length;
      // Append while it runs, and kill it as soon as it has written more: mid-batch, mid-line.
      const writer = setInterval(() => {
        appendFileSync(eve, alerts(next, next + 9));
        next += 10;
      }, 10);
      await waitFor(
        `run ${kill} to write`,
        () => statSync(out, { throwIfNoEntry: false }) !== undefined && statSync(out).size > 0 && flowIds(out).length > before,
      ).catch(() => undefined);
      run.child.kill("SIGKILL");
      clearInterval(writer);
      await run.exit;
    }
    const last = next - 1;
    const final = start(args, dir);
    try {
      await waitFor("every alert", () => flowIds(out).length >= last, 120_000);
      await new Promise((r) => setTimeout(r, 500));
    } finally {
      final.child.kill("SIGTERM");
    }
    assert.equal(await final.exit, 0, final.stderr());
    assert.ok(readFileSync(out, "utf8").endsWith("\n"), "a clean stop leaves no torn line");
    const ids = flowIds(out, false);
    const seen = new Set(ids);
    const duplicates = ids.length - seen.size;
    let missing = 0;
    for (let id = 1; id <= last; id++) if (!seen.has(id)) missing++;
    assert.deepEqual({ duplicates, missing, total: ids.length }, { duplicates: 0, missing: 0, total: last });
    // Raw input lives in the state and rejects files: owner only.
    assert.equal(statSync(join(dir, "state.json")).mode & 0o777, 0o600);
    assert.equal(statSync(join(dir, "out.ndjson.rejects.ndjson")).mode & 0o777, 0o600);
  });
});

test("full disk on --out and on --rejects: the file named, the books printed, exit 74, no torn line", { timeout: 120_000 }, async () => {
  const disk = fullDisk(256 * 1024);
  try {
    await withTempDir(async (dir) => {
      writeFileSync(join(dir, "eve.json"), alerts(1, 3000));
      const out = join(disk.dir, "out.ndjson");
      const run = await runNode([CLI, "convert", "--from", "suricata", "eve.json", "--out", out, "--rejects", join(dir, "r.ndjson")], {
        cwd: dir,
        env: disk.env,
      });
      assert.equal(run.code, 74, run.stderr);
      assert.match(run.stderr, new RegExp(`cannot write to ${out.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: the disk is full`));
      assert.match(run.stderr, /read \d+ record\(s\) from 1 input\(s\)/);
      assert.match(run.stderr, /\d+ message\(s\) and \d+ rejected record\(s\) counted above were not written/);
      assert.doesNotMatch(run.stderr, /internal error|\n\s+at /);
      const text = readFileSync(out, "utf8");
      assert.ok(text.length > 0 && text.endsWith("\n"), "whole lines only");
      for (const line of text.split("\n").filter(Boolean)) JSON.parse(line);

      const bad = Array.from({ length: 3000 }, (_, i) => `{"not":"eve","n":${i}}`).join("\n");
      writeFileSync(join(dir, "bad.json"), bad + "\n");
      const rejects = join(disk.dir, "rejects.ndjson");
      const r = await runNode(
        [CLI, "convert", "--from", "suricata", "-O", 'events=["alert"]', "bad.json", "--out", join(dir, "o.ndjson"), "--rejects", rejects],
        { cwd: dir, env: disk.env },
      );
      // Lines without event_type are rejected or skipped; either way a full rejects disk must not tear a line.
      if (r.code === 74) {
        assert.match(r.stderr, /rejects\.ndjson: the disk is full/);
        const kept = readFileSync(rejects, "utf8");
        assert.ok(kept === "" || kept.endsWith("\n"));
      }
    });
  } finally {
    disk.release();
  }
});

test("listen --to with a full spool disk stops accepting, counts what it could not store, exits 74", { timeout: 120_000 }, async () => {
  const disk = fullDisk(64 * 1024);
  try {
    await withTempDir(async (dir) => {
      // Nothing listens on port 9: every message stays in the spool, which fills the small disk.
      const run = start(
        [
          "listen",
          "--udp",
          "127.0.0.1:0",
          "--to",
          "http://127.0.0.1:9/",
          "--spool",
          join(disk.dir, "spool"),
          "--drain-timeout",
          "0",
          "--stats",
          "-O",
          "timezone=Z",
        ],
        dir,
        disk.env,
      );
      await waitFor("the listening line", () => /listening on udp:\/\/127\.0\.0\.1:\d+/.test(run.stderr()));
      const port = Number(/udp:\/\/127\.0\.0\.1:(\d+)/.exec(run.stderr())![1]);
      const client = createSocket("udp4");
      let sent = 0;
      let exited = false;
      void run.exit.then(() => (exited = true));
      const exitCode = await Promise.race([
        run.exit,
        (async () => {
          // Until the listener gives up: on a loaded machine the kernel drops datagrams (counted
          // by the listener), so no fixed number is sure to fill the disk.
          for (; sent < 100_000 && !exited; sent++) {
            await new Promise<void>((r) => client.send(Buffer.from(`${ATTACK} n=${sent}`), port, "127.0.0.1", () => r()));
            if (sent % 50 === 0) await new Promise((r) => setTimeout(r, 5));
          }
          return "sent everything";
        })(),
      ]);
      client.close();
      if (exitCode === "sent everything") run.child.kill("SIGTERM");
      const code = await run.exit;
      assert.equal(code, 74, run.stderr());
      assert.match(run.stderr(), /an output cannot be written: no longer accepting/);
      assert.match(run.stderr(), /the disk is full/);
      const books = JSON.parse(
        run
          .stderr()
          .split("\n")
          .find((l) => l.startsWith("{"))!,
      ) as { read: number; converted: number; balanced: boolean; listener: { udpDatagrams: number } };
      assert.equal(books.balanced, true);
      assert.equal(books.read, books.listener.udpDatagrams, "every datagram taken is counted");
      assert.match(run.stderr(), /\d+ message\(s\) and 0 rejected record\(s\) counted above were not written/);
    });
  } finally {
    disk.release();
  }
});

test(
  "SIGHUP reopens --out after logrotate moved it, for listen and for convert --follow; both keep running",
  { timeout: 120_000 },
  async () => {
    await withTempDir(async (dir) => {
      const out = join(dir, "alerts.ndjson");
      const listen = start(["listen", "--udp", "127.0.0.1:0", "--out", out, "-O", "timezone=Z"], dir);
      await waitFor("the listening line", () => /listening on udp:\/\/127\.0\.0\.1:\d+/.test(listen.stderr()));
      const port = Number(/udp:\/\/127\.0\.0\.1:(\d+)/.exec(listen.stderr())![1]);
      const client = createSocket("udp4");
      const send = (text: string): Promise<void> => new Promise((r) => client.send(Buffer.from(text), port, "127.0.0.1", () => r()));
      const lines = (path: string): number => (existsSync(path) ? readFileSync(path, "utf8").split("\n").filter(Boolean).length : 0);
      await send(ATTACK);
      await waitFor("the first alert", () => lines(out) === 1);
      renameSync(out, `${out}.1`);
      listen.child.kill("SIGHUP");
      await waitFor("the reopen notice", () => /SIGHUP: reopening the output files/.test(listen.stderr()));
      await send(ATTACK.replace("216.160.83.57", "198.51.100.9"));
      await waitFor("the second alert in the new file", () => lines(out) === 1);
      assert.equal(lines(`${out}.1`), 1);
      client.close();
      listen.child.kill("SIGTERM");
      assert.equal(await listen.exit, 0, listen.stderr());

      const eve = join(dir, "eve.json");
      writeFileSync(eve, alerts(1, 5));
      const follow = start(["convert", "--from", "suricata", "--follow", "--state", "s.json", "--out", "f.ndjson", "eve.json"], dir);
      await waitFor("5 alerts", () => flowIds(join(dir, "f.ndjson")).length === 5);
      renameSync(join(dir, "f.ndjson"), join(dir, "f.ndjson.1"));
      follow.child.kill("SIGHUP");
      await waitFor("the reopen notice", () => /SIGHUP: reopening the output files/.test(follow.stderr()));
      appendFileSync(eve, alerts(6, 8));
      await waitFor("3 alerts in the new file", () => flowIds(join(dir, "f.ndjson")).length === 3);
      follow.child.kill("SIGTERM");
      assert.equal(await follow.exit, 0, follow.stderr());
      assert.deepEqual(flowIds(join(dir, "f.ndjson.1")), [1, 2, 3, 4, 5]);
      assert.deepEqual(flowIds(join(dir, "f.ndjson")), [6, 7, 8]);
    });
  },
);
