// Message IDs of `convert --follow` do not depend on how the run went: the same growing and rotating
// input gives the same IDs uninterrupted, killed with SIGKILL and resumed, and on worker threads;
// two identical lines, and the same line at the same offset of the file that replaced a rotated
// one, get IDs of their own.
import { waitFor } from "../helpers/listen-cli.js";
import { withoutIds } from "../helpers/without-ids.js";
import { hardKill, killIfRunning, startCliRun, type CliRun } from "../helpers/cli-run.js";
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const CLI = resolve("dist/cli/main.js");
const WAIT_MS = 90_000;
const EVE = lines("fixtures/suricata/corpus/rhaist-surevego-testdata-eve.ndjson");
const SYSLOG = lines("fixtures/syslog/auth-log.log");
/** The line written twice at the start of eve.json, and again first in the file that replaces it. */
const REPEATED = EVE.find((l) => l.includes('"event_type":"alert"'))!;

function lines(path: string): string[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => l + "\n");
}

interface Message {
  readonly ID: string;
  readonly [key: string]: unknown;
}

function messagesIn(path: string): Message[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Message);
}

function lineCount(path: string): number {
  return existsSync(path) ? readFileSync(path, "utf8").split("\n").length - 1 : 0;
}

/** Every ID a message holds (its own and its items'), in document order. */
function allIds(value: unknown, into: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) allIds(item, into);
  else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (key === "ID" && typeof item === "string") into.push(item);
      else allIds(item, into);
    }
  }
  return into;
}

function startCli(dir: string, name: string, args: readonly string[]): CliRun {
  return startCliRun(dir, ["convert", "--no-config", "--follow", "--state", `${name}.state`, "--out", `${name}.ndjson`, ...args]);
}

/** One `convert --follow` of the input, with its own state and output. */
interface Follower {
  readonly name: string;
  /** The followed files or pattern, and flags. */
  readonly args: readonly string[];
  /** SIGKILL mid-burst and again before the rotation (which then happens while it is stopped). */
  readonly kills: boolean;
}

/**
 * Followers run side by side over the same files (IDs name a file by device and inode: the same
 * records are in the same files for all). The input: an EVE file that starts with two identical
 * alert lines and grows in a burst, then is rotated (renamed to eve.json.1) and replaced by a
 * file whose first line is that same line again, which grows too; beside it a syslog file. Returns
 * each follower's messages once it has caught up and stopped on SIGTERM, and a one-shot
 * `convert`'s of the files at the end (`oneShot`: its arguments).
 */
async function followSideBySide(
  followers: readonly Follower[],
  oneShotArgs: readonly string[],
): Promise<{ readonly messages: ReadonlyMap<string, Message[]>; readonly oneShot: Message[] }> {
  const dir = mkdtempSync(join(tmpdir(), "idmefv2-follow-ids-"));
  const logs = join(dir, "logs");
  mkdirSync(logs);
  const eve = join(logs, "eve.json");
  const out = (f: Follower): string => join(dir, `${f.name}.ndjson`);
  const runs = new Map<string, CliRun>();
  try {
    writeFileSync(eve, [REPEATED, REPEATED, ...EVE.slice(0, 60)].join(""));
    writeFileSync(join(logs, "auth.log"), SYSLOG.slice(0, 10).join(""));
    for (const f of followers) runs.set(f.name, startCli(dir, f.name, f.args));
    for (const f of followers) {
      await waitFor(() => existsSync(join(dir, `${f.name}.state`)) && lineCount(out(f)) > 0, `${f.name}: a first commit`, WAIT_MS);
    }
    for (const line of EVE.slice(60, 160)) appendFileSync(eve, line);
    appendFileSync(join(logs, "auth.log"), SYSLOG.slice(10).join(""));
    for (const f of followers.filter((f) => f.kills)) {
      // Killed while the burst is read: what it wrote after its last commit is cut back on restart.
      await waitFor(() => lineCount(out(f)) > 20, `${f.name}: some of the burst`, WAIT_MS);
      await hardKill(runs.get(f.name)!);
      runs.set(f.name, startCli(dir, f.name, f.args));
      await waitFor(() => lineCount(out(f)) > 30, `${f.name}: a commit after the restart`, WAIT_MS);
      await hardKill(runs.get(f.name)!);
    }
    renameSync(eve, join(logs, "eve.json.1"));
    writeFileSync(eve, [REPEATED, ...EVE.slice(160, 220)].join(""));
    for (const f of followers.filter((f) => f.kills)) runs.set(f.name, startCli(dir, f.name, f.args));
    for (const line of EVE.slice(220)) appendFileSync(eve, line);

    const oneShot = spawnSync(process.execPath, [CLI, "convert", "--no-config", "--out", "one.ndjson", ...oneShotArgs], {
      cwd: dir,
      encoding: "utf8",
    });
    assert.equal(oneShot.status, 0, oneShot.stderr);
    const expected = messagesIn(join(dir, "one.ndjson"));
    const messages = new Map<string, Message[]>();
    for (const f of followers) {
      await waitFor(() => lineCount(out(f)) >= expected.length, `${f.name}: all ${expected.length} messages`, WAIT_MS);
    }
    // Time to write a repeat, if one were to.
    await new Promise((r) => setTimeout(r, 1500));
    for (const f of followers) {
      const run = runs.get(f.name)!;
      run.child.kill("SIGTERM");
      assert.equal(await run.exit, 0, run.stderr());
      messages.set(f.name, messagesIn(out(f)));
    }
    return { messages, oneShot: expected };
  } finally {
    // A failed assertion leaves them running: they would keep the test process alive.
    for (const run of runs.values()) killIfRunning(run);
    rmSync(dir, { recursive: true, force: true });
  }
}

function idsOf(messages: readonly Message[]): string[] {
  return messages.flatMap((m) => allIds(m)).sort();
}

/** How two lists of strings differ, briefly: a diff of hundreds of messages says nothing. */
function difference(actual: readonly string[], expected: readonly string[]): string {
  const left = new Map<string, number>();
  for (const item of expected) left.set(item, (left.get(item) ?? 0) + 1);
  let extra = 0;
  for (const item of actual) {
    const n = left.get(item) ?? 0;
    if (n === 0) extra++;
    else left.set(item, n - 1);
  }
  const missing = [...left.values()].reduce((a, b) => a + b, 0);
  return `${actual.length} vs ${expected.length} expected: ${missing} missing, ${extra} extra`;
}

function assertSame(actual: readonly string[], expected: readonly string[], what: string): void {
  const a = [...actual].sort();
  const e = [...expected].sort();
  assert.ok(a.length === e.length && a.every((item, i) => item === e[i]), `${what}: ${difference(a, e)}`);
}

/** Every record converted exactly once, every message with an ID of its own (an Analyzer's ID names the analyzer: shared). */
function assertWhole(messages: readonly Message[], oneShot: readonly Message[], what: string): void {
  const content = (m: Message): string => JSON.stringify(withoutIds(m));
  assertSame(messages.map(content), oneShot.map(content), `${what}: the messages of a one-shot convert, each once`);
  const ids = messages.map((m) => m.ID);
  assert.equal(new Set(ids).size, ids.length, `${what}: no two messages share an ID`);
}

const ROTATED_EVE = ["logs/eve.json.1", "logs/eve.json"];
for (const [name, args, oneShot] of [
  ["one file", ["--from", "suricata", "logs/eve.json"], ["--from", "suricata", ...ROTATED_EVE]],
  // The rotated name matches the pattern too: it is the same file, not a new one.
  ["a pattern", ["logs/*"], [...ROTATED_EVE, "logs/auth.log"]],
] as const) {
  test(
    `follow ${name}: uninterrupted, killed twice and resumed across a rotation, on 2 threads: the same IDs`,
    { timeout: 300_000 },
    async () => {
      const { messages, oneShot: expected } = await followSideBySide(
        [
          { name: "uninterrupted", args, kills: false },
          { name: "resumed", args, kills: true },
          { name: "threads", args: ["--jobs", "2", ...args], kills: true },
        ],
        oneShot,
      );
      const uninterrupted = messages.get("uninterrupted")!;
      // The two identical first lines, and the first line of the new eve.json, are three records:
      // assertWhole finds three messages of that alert, with three IDs.
      assertWhole(uninterrupted, expected, "uninterrupted");
      for (const what of ["resumed", "threads"]) {
        assertWhole(messages.get(what)!, expected, what);
        assertSame(idsOf(messages.get(what)!), idsOf(uninterrupted), `${what}: the IDs of the uninterrupted run`);
      }
    },
  );
}
