// Follow mode: a writer appends, rotates and truncates while the follower runs; restarts resume
// from the state file. The output must hold every alert exactly once.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  appendFileSync,
  closeSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  truncateSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { suricataConverter } from "../../src/converters/suricata/index.js";
import { FileFollower, followInput, readFollowState } from "../../src/io/follow/index.js";
import { runPipeline, type PipelineReport } from "../../src/framework/pipeline.js";
import { MemorySinks } from "../../src/framework/sinks.js";

// Real alert and flow records from the corpus; each written copy gets its own flow_id so that the
// output can be checked one by one.
const CORPUS = "fixtures/suricata/corpus/";
const ALERT = JSON.parse(readFileSync(`${CORPUS}oisf-suricata-docs-eve-examples.ndjson`, "utf8").split("\n")[0]!) as Record<
  string,
  unknown
>;
const FLOW = readFileSync(`${CORPUS}magnc-data-training-eve.ndjson`, "utf8").split("\n")[0]!;

function alertLine(id: number): string {
  return JSON.stringify({ ...ALERT, flow_id: id }) + "\n";
}

function alertLines(from: number, to: number, withFlows = true): string {
  let text = "";
  for (let id = from; id <= to; id++) text += alertLine(id) + (withFlows && id % 3 === 0 ? FLOW + "\n" : "");
  return text;
}

const WAIT_MS = 60_000;

async function waitFor(what: string, condition: () => boolean): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

interface Follower {
  readonly sinks: MemorySinks;
  readonly notices: string[];
  readonly done: Promise<PipelineReport>;
  stop(): Promise<PipelineReport>;
}

function startFollower(path: string, stateFile: string | undefined, rotationQuietMs = 300): Follower {
  const controller = new AbortController();
  const sinks = new MemorySinks();
  const notices: string[] = [];
  const followed = followInput(path, {
    ...(stateFile === undefined ? {} : { stateFile }),
    pollMs: 20,
    rotationQuietMs,
    signal: controller.signal,
    onNotice: (m) => notices.push(m),
  });
  const done = runPipeline({
    converter: suricataConverter,
    inputs: [followed.input],
    sinks: { messages: sinks.messageSink, rejects: sinks.rejectSink, warnings: sinks.warningSink },
    onCommit: followed.onCommit,
    signal: controller.signal,
  });
  return {
    sinks,
    notices,
    done,
    stop: () => {
      controller.abort();
      return done;
    },
  };
}

function flowIds(sinks: MemorySinks): number[] {
  return sinks.messages.map((m) => {
    const name = (m["AltNames"] as string[]).find((n) => n.startsWith("flow_id:"))!;
    return Number(name.slice("flow_id:".length));
  });
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "idmefv2-follow-"));
  return fn(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

test("follows appends, a partial last line, rename rotation and copytruncate, reading each alert once", () =>
  withDir(async (dir) => {
    const eve = join(dir, "eve.json");
    appendFileSync(eve, alertLines(1, 10));
    const follower = startFollower(eve, join(dir, "state.json"));
    try {
      await waitFor("the first 10 alerts", () => follower.sinks.messages.length === 10);

      // A line written in two parts is converted once, when its newline arrives.
      const half = alertLine(11);
      appendFileSync(eve, half.slice(0, 100));
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(follower.sinks.messages.length, 10, "no message before the line is complete");
      appendFileSync(eve, half.slice(100));
      await waitFor("alert 11", () => follower.sinks.messages.length === 11);

      // Rotation as Suricata does it with logrotate: rename, the old descriptor keeps writing
      // until the reopen, then a new file.
      const oldFd = openSync(eve, "a");
      renameSync(eve, join(dir, "eve.json.1"));
      writeSync(oldFd, alertLines(12, 20));
      closeSync(oldFd);
      appendFileSync(eve, alertLines(21, 30));
      await waitFor("alerts up to 30", () => follower.sinks.messages.length === 30);

      // copytruncate: copy, then truncate in place; the writer goes on at the start.
      copyFileSync(eve, join(dir, "eve.json.2"));
      truncateSync(eve, 0);
      await waitFor("the truncation notice", () => follower.notices.some((n) => n.includes("truncated")));
      appendFileSync(eve, alertLines(31, 40));
      await waitFor("alerts up to 40", () => follower.sinks.messages.length === 40);
    } finally {
      const report = await follower.stop();
      assert.ok(report.balanced);
    }
    assert.deepEqual(flowIds(follower.sinks), range(1, 40));
    assert.deepEqual(follower.sinks.rejects, []);
  }));

test("logrotate `create`: lines the writer still puts in the old file after the new one exists are read", () =>
  withDir(async (dir) => {
    const eve = join(dir, "eve.json");
    appendFileSync(eve, alertLines(1, 5));
    // A quiet period far longer than the pause below, so that the late write lands within it
    // even on a loaded machine.
    const follower = startFollower(eve, join(dir, "state.json"), 3000);
    try {
      await waitFor("5 alerts", () => follower.sinks.messages.length === 5);
      const oldFd = openSync(eve, "a");
      renameSync(eve, join(dir, "eve.json.1"));
      appendFileSync(eve, ""); // logrotate creates the new, empty file
      await new Promise((resolve) => setTimeout(resolve, 200)); // polls see the new file meanwhile
      writeSync(oldFd, alertLines(6, 10)); // the writer has not reopened yet
      closeSync(oldFd);
      appendFileSync(eve, alertLines(11, 15)); // after its reopen (SIGHUP)
      await waitFor("15 alerts", () => follower.sinks.messages.length === 15);
    } finally {
      await follower.stop();
    }
    assert.deepEqual(flowIds(follower.sinks), range(1, 15));
    assert.ok(follower.notices.some((n) => n.includes("was rotated")));
  }));

test("a rotated file's last line without newline is still converted", () =>
  withDir(async (dir) => {
    const eve = join(dir, "eve.json");
    appendFileSync(eve, alertLines(1, 3) + alertLine(4).trimEnd());
    const follower = startFollower(eve, undefined);
    try {
      await waitFor("3 alerts", () => follower.sinks.messages.length === 3);
      renameSync(eve, join(dir, "eve.json.1"));
      appendFileSync(eve, alertLines(5, 6));
      await waitFor("6 alerts", () => follower.sinks.messages.length === 6);
    } finally {
      await follower.stop();
    }
    assert.deepEqual(flowIds(follower.sinks), range(1, 6));
  }));

test("restarts from the state file: none lost, none repeated, also across a rotation while stopped", () =>
  withDir(async (dir) => {
    const eve = join(dir, "eve.json");
    const state = join(dir, "state.json");
    const seen: number[] = [];

    appendFileSync(eve, alertLines(1, 20) + alertLine(21).slice(0, 50));
    let follower = startFollower(eve, state);
    await waitFor("20 alerts", () => follower.sinks.messages.length === 20);
    let report = await follower.stop();
    assert.ok(report.balanced);
    seen.push(...flowIds(follower.sinks));
    const saved = await readFollowState(state);
    assert.ok(saved !== undefined);
    // The state stops before the partial line, which is not consumed.
    assert.equal(saved.offset, readFileSync(eve).length - 50);

    // While stopped: the partial line is finished, more lines come, then the file is rotated.
    appendFileSync(eve, alertLine(21).slice(50) + alertLines(22, 30));
    renameSync(eve, join(dir, "eve.json.1"));
    appendFileSync(eve, alertLines(31, 35));

    follower = startFollower(eve, state);
    await waitFor("alerts up to 35", () => follower.sinks.messages.length === 15);
    // And once more, stopped and restarted while a writer keeps appending.
    appendFileSync(eve, alertLines(36, 40));
    await waitFor("alerts up to 40", () => follower.sinks.messages.length === 20);
    report = await follower.stop();
    assert.ok(report.balanced);
    assert.ok(
      follower.notices.some((n) => n.includes("rotated while stopped")),
      follower.notices.join("; "),
    );
    seen.push(...flowIds(follower.sinks));

    appendFileSync(eve, alertLines(41, 45));
    follower = startFollower(eve, state);
    await waitFor("alerts up to 45", () => follower.sinks.messages.length === 5);
    await follower.stop();
    seen.push(...flowIds(follower.sinks));

    assert.deepEqual(seen, range(1, 45));
  }));

test("the state file is replaced atomically and a damaged one is a clear error", () =>
  withDir(async (dir) => {
    const eve = join(dir, "eve.json");
    const state = join(dir, "state.json");
    appendFileSync(eve, alertLines(1, 2));
    const follower = startFollower(eve, state);
    await waitFor("2 alerts", () => follower.sinks.messages.length === 2);
    await follower.stop();
    const saved = JSON.parse(readFileSync(state, "utf8")) as Record<string, unknown>;
    assert.deepEqual(Object.keys(saved).sort(), ["dev", "ino", "offset", "path", "version"]);
    assert.equal(saved["offset"], readFileSync(eve).length);
    // No temporary file is left beside it.
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.endsWith(".tmp")),
      [],
    );
    appendFileSync(state, "garbage");
    await assert.rejects(readFollowState(state), /state file .* is damaged: .*Delete it/);
    assert.ok(existsSync(state));
  }));

test("a writer appending in random pieces, rotating, while the follower is stopped and restarted: each alert once, in order", () =>
  withDir(async (dir) => {
    const eve = join(dir, "eve.json");
    const state = join(dir, "state.json");
    // A fixed-seed generator: the same run every time.
    let seed = 42;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const seen: number[] = [];
    let follower: Follower | undefined = startFollower(eve, state);
    const stopAt = new Map([
      [50, "stop"],
      [70, "start"],
      [95, "stop"],
      [115, "start"],
      [160, "stop"],
      [161, "start"],
    ]);
    for (let id = 1; id <= 240; id++) {
      const action = stopAt.get(id);
      if (action === "stop" && follower !== undefined) {
        await follower.stop();
        seen.push(...flowIds(follower.sinks));
        follower = undefined;
      } else if (action === "start") {
        follower = startFollower(eve, state);
      }
      if (id % 100 === 1 && id > 1) renameSync(eve, join(dir, `eve.json.${id}`));
      const line = alertLine(id) + (id % 7 === 0 ? FLOW + "\n" : "");
      // Each line in writes of random sizes, with short pauses between some of them.
      let at = 0;
      while (at < line.length) {
        const piece = 1 + random(line.length - at);
        appendFileSync(eve, line.slice(at, at + piece));
        at += piece;
        if (random(4) === 0) await new Promise((resolve) => setTimeout(resolve, random(5)));
      }
    }
    const running = follower!;
    await waitFor("every alert", () => seen.length + running.sinks.messages.length >= 240);
    await running.stop();
    seen.push(...flowIds(running.sinks));
    assert.deepEqual(seen, range(1, 240));
  }));

test("a line longer than the record limit is rejected without being held, and following lines go on", () =>
  withDir(async (dir) => {
    const eve = join(dir, "eve.json");
    appendFileSync(eve, alertLines(1, 2, false));
    const controller = new AbortController();
    const sinks = new MemorySinks();
    const followed = followInput(eve, { pollMs: 20, signal: controller.signal, maxLineBytes: 4096 });
    const done = runPipeline({
      converter: suricataConverter,
      inputs: [followed.input],
      limits: { maxRecordBytes: 4096 },
      sinks: { messages: sinks.messageSink, rejects: sinks.rejectSink, warnings: sinks.warningSink },
      onCommit: followed.onCommit,
      signal: controller.signal,
    });
    try {
      await waitFor("2 alerts", () => sinks.messages.length === 2);
      // 200 KB without a newline, written in pieces, then its newline and more alerts.
      for (let i = 0; i < 20; i++) appendFileSync(eve, "x".repeat(10_000));
      appendFileSync(eve, "\n" + alertLines(3, 4, false));
      await waitFor("alerts 3 and 4", () => sinks.messages.length === 4);
    } finally {
      controller.abort();
      await done;
    }
    assert.deepEqual(flowIds(sinks), [1, 2, 3, 4]);
    assert.equal(sinks.rejects.length, 1);
    assert.equal(sinks.rejects[0]!.code, "RECORD_TOO_LARGE");
    assert.equal(sinks.rejects[0]!.line, 3);
  }));

/** The open file descriptors of this process that point at `path` (Linux /proc). */
function openDescriptorsOf(path: string): string[] {
  return readdirSync("/proc/self/fd").filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === path;
    } catch {
      return false; // closed while listing (the fd of readdirSync itself)
    }
  });
}

test("an abort closes the file even when the consumer never resumes nor returns the chunk stream", () =>
  withDir(async (dir) => {
    const eve = join(dir, "eve.json");
    appendFileSync(eve, alertLines(1, 3));
    const controller = new AbortController();
    const follower = new FileFollower(eve, { pollMs: 20, signal: controller.signal });
    const chunks = follower.chunks();
    const first = await chunks.next();
    assert.equal(first.done, false);
    assert.equal(openDescriptorsOf(eve).length, 1);
    // Like a pipeline that stops on the abort: no next(), no return() on the stream afterwards.
    controller.abort();
    await waitFor("the followed file to be closed", () => openDescriptorsOf(eve).length === 0);
    // Resumed after all, it ends without reading the closed file.
    assert.deepEqual(await chunks.next(), { done: true, value: undefined });
  }));
