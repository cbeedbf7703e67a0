// Runs the compiled CLI (`npm run build` first) as a user would: files, folders, stdin, exit codes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runNode, type NodeRun } from "../helpers/run-node.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CLI = join(ROOT, "dist/cli/main.js");

function run(args: string[], stdin?: string): Promise<NodeRun> {
  return runNode([CLI, "validate", ...args], stdin === undefined ? { cwd: ROOT } : { cwd: ROOT, stdin });
}

const good =
  '{"Version":"2.D.V08","ID":"2f1d5c3e-7a4b-4c8d-9e0f-a1b2c3d4e5f6","CreateTime":"2026-04-01T12:00:00Z","Analyzer":{"Name":"a"}}';
const bad = good.replace('"Analyzer"', '"Priority":"medium","Analyzer"');
const dir = mkdtempSync(join(tmpdir(), "idmefv2-validate-"));

test("the README command: the bundled valid samples pass with exit 0", async () => {
  const result = await run(["fixtures/core/valid"]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /checked 4 messages in 3 inputs: 4 valid, 0 invalid/);
});

test("an invalid file: file:line, each problem with its pointer, a summary, exit 1", async () => {
  const file = join(dir, "mixed.ndjson");
  writeFileSync(file, `${good}\n${bad}\n`);
  const result = await run([file]);
  assert.equal(result.code, 1);
  assert.match(result.stdout, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:2: invalid message \\(1 problem\\)`));
  assert.match(result.stdout, /\/Priority: "medium" is not an allowed value: did you mean "Medium"\? \[enum\]/);
  assert.match(result.stdout, /checked 2 messages in 1 input: 1 valid, 1 invalid/);
});

test("stdin, with - or with no file, NDJSON and pretty-printed", async () => {
  const pretty = JSON.stringify(JSON.parse(good), null, 2);
  for (const args of [[], ["-"]]) {
    const result = await run(args, `${pretty}\n${good}\n`);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /checked 2 messages in 1 input: 2 valid/);
  }
  const invalid = await run([], `${good}\n{oops\n`);
  assert.equal(invalid.code, 1);
  assert.match(invalid.stdout, /<stdin>:2:2: invalid message/);
  assert.match(invalid.stdout, /malformed JSON: unexpected "o": expected a property name in double quotes \[syntax\]/);
});

test("--json prints each problem as one JSON line; the summary goes to stderr", async () => {
  const result = await run(["--json", "-"], `${bad}\n${good.replace('"a"', "1")}\n`);
  assert.equal(result.code, 1);
  const lines = result.stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(
    lines.map((l) => [l["file"], l["line"], l["pointer"], l["keyword"]]),
    [
      ["<stdin>", 1, "/Priority", "enum"],
      ["<stdin>", 2, "/Analyzer/Name", "type"],
    ],
  );
  assert.equal(lines[0]!["suggestion"], "Medium");
  assert.match(result.stderr, /checked 2 messages/);
});

test("--version-policy latest validates an unknown version against 2.D.V08 with a warning", async () => {
  const odd = good.replace("2.D.V08", "2.D.V08-Dev");
  const strict = await run([], `${odd}\n`);
  assert.equal(strict.code, 1);
  assert.match(strict.stdout, /Unknown IDMEFv2 version "2\.D\.V08-Dev": known versions are/);
  const latest = await run(["--version-policy", "latest"], `${odd}\n`);
  assert.equal(latest.code, 0, latest.stdout);
  assert.match(latest.stdout, /valid, with 1 warning/);
});

test("--semantic-errors turns semantic warnings into errors", async () => {
  const twice = good.replace('"Analyzer"', '"Source":[{"ID":"2f1d5c3e-7a4b-4c8d-9e0f-a1b2c3d4e5f6"}],"Analyzer"');
  assert.equal((await run([], `${twice}\n`)).code, 0);
  const strict = await run(["--semantic-errors"], `${twice}\n`);
  assert.equal(strict.code, 1, strict.stderr);
  assert.match(strict.stdout, /\/Source\/0\/ID: ID .* is already used at \/ID \[unique-id\]/);
});

test("usage errors exit 2: unknown option, unreadable file (named), bad option value", async () => {
  const unknown = await run(["--frobnicate"]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown option '--frobnicate'/);
  const missing = await run(["fixtures/core/valid", "no/such/file.json"]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read no\/such\/file\.json: no such file or directory/);
  assert.doesNotMatch(missing.stderr, /\n\s+at /, "no stack trace");
  const policy = await run(["--version-policy", "loose"]);
  assert.equal(policy.code, 2);
});

test("a huge line is reported as too long, and the lines after it are still checked", async () => {
  const file = join(dir, "huge.ndjson");
  writeFileSync(file, `${good}\n{"Description":"${"x".repeat(300_000)}"}\n${good}\n`);
  const result = await run(["--max-record-bytes", "64k", file]);
  assert.equal(result.code, 1);
  assert.match(result.stdout, /huge\.ndjson:2: invalid message[\s\S]*longer than the limit of 65536 bytes/);
  assert.match(result.stdout, /checked 3 messages in 1 input: 2 valid, 1 invalid/);
});

test("a folder is walked for .json/.ndjson/.jsonl files, skipping golden-test side files", async () => {
  const result = await run(["fixtures/core/invalid"]);
  assert.equal(result.code, 1);
  assert.match(result.stdout, /checked 9 messages in 9 inputs: 1 valid, 8 invalid, 3 warnings/);
  assert.doesNotMatch(result.stdout, /expected\.json/);
  const empty = mkdtempSync(join(tmpdir(), "idmefv2-empty-"));
  const none = await run([empty]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /no \.json, \.ndjson or \.jsonl file in folder/);
});

test("--schema-version validates against a chosen draft (the draft-08 examples against 2.D.V08)", async () => {
  const result = await run(["--json", "--schema-version", "2.D.V08", "fixtures/core/drafts/draft-08-B.3-server-outage.json"]);
  assert.equal(result.code, 1);
  const pointers = result.stdout
    .trim()
    .split("\n")
    .map((l) => (JSON.parse(l) as { pointer: string }).pointer);
  assert.deepEqual(pointers.sort(), ["/Status", "/Target/0/ID", "/Type", "/Version"]);
});

test("a reader that goes away early (| head) ends the run quietly with the exit code so far", async () => {
  const file = join(dir, "many-bad.ndjson");
  writeFileSync(file, `${bad}\n`.repeat(50_000));
  const result = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, "validate", file], { cwd: ROOT });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.stdout.once("data", () => child.stdout.destroy());
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
  assert.equal(result.code, 1);
  assert.doesNotMatch(result.stderr, /internal error|EPIPE|\n\s+at /);
});

test('"-" given twice is a usage error (stdin can be read only once), before any output', async () => {
  const result = await run(["-", "-"], `${good}\n`);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /stdin \("-"\) can be read only once/);
  assert.equal(result.stdout, "");
});
