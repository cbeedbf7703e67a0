// `idmefv2 send`: messages already made, of mixed drafts, delivered to `idmefv2 serve` while the
// receiver is killed and restarted: nothing lost. And `migrate`'s books and exit codes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { translateMessage } from "../../src/core/translate/index.js";
import { KNOWN_VERSIONS } from "../../src/core/versions.js";
import { CLI, idsInNdjson, messageId, startServe, tempDir, waitFor } from "./helpers.js";

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function idmefv2(args: readonly string[], cwd?: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, IDMEFV2_BASIC_AUTH: "" } }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : Number((error as { code?: unknown }).code ?? 1), stdout, stderr });
    });
  });
}

const EXAMPLES = fs
  .readdirSync(new URL("../../fixtures/core/drafts-fixed/", import.meta.url))
  .sort()
  .map(
    (f) =>
      JSON.parse(fs.readFileSync(new URL(`../../fixtures/core/drafts-fixed/${f}`, import.meta.url), "utf8")) as Record<string, unknown>,
  );
const DEFAULTS = { Analyzer: { IP: "192.0.2.10" }, Sensor: { IP: "192.0.2.11" } };

/** `count` valid messages cycling through every draft, each with its own ID. */
function mixedDrafts(count: number): string {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const example = { ...EXAMPLES[i % EXAMPLES.length]!, ID: messageId(i) };
    lines.push(JSON.stringify(translateMessage(example, KNOWN_VERSIONS[i % KNOWN_VERSIONS.length]!, { defaults: DEFAULTS }).message));
  }
  return `${lines.join("\n")}\n`;
}

test("send: mixed-draft NDJSON reaches serve, the receiver killed and restarted mid-way, nothing lost", async () => {
  const dir = tempDir("send-restart");
  const input = path.join(dir, "mixed.ndjson");
  const count = 1000;
  fs.writeFileSync(input, mixedDrafts(count));
  const first = path.join(dir, "received-1.ndjson");
  const serve = await startServe(["--listen", "127.0.0.1:0", "--out", first]);
  const send = spawn(
    process.execPath,
    [
      CLI,
      "send",
      "--no-config",
      "--to",
      serve.url,
      "--spool",
      path.join(dir, "spool"),
      "--fsync-interval",
      "0",
      "--max-in-flight",
      "4",
      input,
    ],
    {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, IDMEFV2_BASIC_AUTH: "" },
    },
  );
  let stderr = "";
  send.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  send.stdout!.resume();
  const exited = new Promise<number | null>((resolve) => send.on("exit", (code) => resolve(code)));
  const lines = (file: string): number => (fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n").length - 1 : 0);
  await waitFor(() => lines(first) >= 50, "the first receiver to store some messages");
  serve.child.kill("SIGKILL");
  await serve.exited;
  assert.ok(lines(first) < count, "the receiver died before the end (else the test proves nothing)");
  const second = path.join(dir, "received-2.ndjson");
  const again = await startServe(["--listen", `127.0.0.1:${serve.port}`, "--out", second]);
  const code = await exited;
  again.child.kill("SIGTERM");
  await again.exited;
  assert.equal(code, 0, stderr);
  assert.match(stderr, new RegExp(`read ${count} record\\(s\\) from 1 input\\(s\\): ${count} accepted`));
  assert.match(stderr, /rejected 0, pending 0/);
  const received = new Set([...idsInNdjson(first), ...idsInNdjson(second)]);
  const missing = Array.from({ length: count }, (_, i) => messageId(i)).filter((id) => !received.has(id));
  assert.deepEqual(missing, []);
});

test("send --spool DIR with no input drains what an earlier run left; send without --to is a usage error", async () => {
  const dir = tempDir("send-drain");
  const input = path.join(dir, "mixed.ndjson");
  fs.writeFileSync(input, mixedDrafts(10));
  const spool = path.join(dir, "spool");
  // Nothing listens on this port yet: everything stays in the spool.
  const probe = await startServe(["--listen", "127.0.0.1:0"]);
  probe.child.kill("SIGTERM");
  await probe.exited;
  const left = await idmefv2(["send", "--no-config", "--to", probe.url, "--spool", spool, "--drain-timeout", "0.5", input]);
  assert.equal(left.code, 1, left.stderr);
  assert.match(left.stderr, /pending 10 \(left in /);
  const out = path.join(dir, "received.ndjson");
  const serve = await startServe(["--listen", `127.0.0.1:${probe.port}`, "--out", out]);
  const drained = await idmefv2(["send", "--no-config", "--to", serve.url, "--spool", spool]);
  serve.child.kill("SIGTERM");
  await serve.exited;
  assert.equal(drained.code, 0, drained.stderr);
  assert.match(drained.stderr, /recovered 10 from the spool, spooled 0, sent 10/);
  assert.equal(new Set(idsInNdjson(out)).size, 10);
  const noTo = await idmefv2(["send", input]);
  assert.equal(noTo.code, 2);
  assert.match(noTo.stderr, /send needs --to <url>/);
});

test("migrate: every draft in, one draft out, invalid messages rejected with the reason (exit 1), a missing file exit 2", async () => {
  const dir = tempDir("migrate");
  const input = path.join(dir, "mixed.ndjson");
  fs.writeFileSync(input, `${mixedDrafts(16)}{"Version":"2.D.V06","ID":"x"}\nnot json\n`);
  const out = path.join(dir, "v04.ndjson");
  fs.writeFileSync(path.join(dir, "idmefv2.config.json"), JSON.stringify({ defaults: DEFAULTS }));
  const run = await idmefv2(["migrate", "--to", "2.D.V04", "--out", out, input], dir);
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stderr, /read 18 record\(s\) from 1 input\(s\): 16 migrated to 2\.D\.V04 \(16 message\(s\) to /);
  assert.match(run.stderr, /rejected: 1 INVALID_MESSAGE, 1 MALFORMED_JSON/);
  const messages = fs
    .readFileSync(out, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.equal(messages.length, 16);
  assert.ok(messages.every((m) => m["Version"] === "2.D.V04"));
  const rejects = fs
    .readFileSync(`${out}.rejects.ndjson`, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.match(String(rejects[0]!["reason"]), /^invalid 2\.D\.V06 message: /);
  assert.equal(rejects[0]!["line"], 17);
  const valid = await idmefv2(["validate", out]);
  assert.equal(valid.code, 0, valid.stdout);
  const missing = await idmefv2(["migrate", path.join(dir, "nope.json")], dir);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read .*nope\.json: no such file/);
});
