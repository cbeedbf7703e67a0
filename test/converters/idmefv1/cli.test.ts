// End to end: `idmefv2 convert --from idmefv1` (the compiled CLI) over every corpus fixture.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { schemaProblems } from "../../../src/core/validator.js";

const CLI = "dist/cli/main.js";
const FIXTURES = "fixtures/idmefv1";

interface Run {
  readonly status: number | null;
  readonly messages: Record<string, unknown>[];
  readonly stats: { read: number; messages: number; skipped: Record<string, number>; rejected: Record<string, number>; balanced: boolean };
  readonly stderr: string;
}

function convert(args: readonly string[]): Run {
  assert.ok(existsSync(CLI), `${CLI} is missing: run \`npm run build\` first`);
  const result = spawnSync(process.execPath, [CLI, "convert", "--stats", "--no-progress", ...args], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const lines = result.stderr.trim().split("\n");
  const stats = JSON.parse(lines[lines.length - 1] ?? "{}") as Run["stats"];
  const messages = result.stdout
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { status: result.status, messages, stats, stderr: result.stderr };
}

// The top-level .xml fixtures are the shared corpus (plus two copies and two crafted inputs).
const cases = readdirSync(FIXTURES).filter((f) => f.endsWith(".xml") && !existsSync(join(FIXTURES, f.replace(/\.xml$/, ".options.json"))));

test("the corpus fixtures are all here", () => {
  assert.ok(cases.length >= 31, `only ${cases.length} fixtures`);
});

for (const file of cases) {
  test(`convert --from idmefv1 ${file}: only valid 2.D.V08 messages or counted skips`, () => {
    const run = convert(["--from", "idmefv1", join(FIXTURES, file)]);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(run.stats.rejected, {}, run.stderr);
    assert.equal(run.stats.balanced, true);
    assert.equal(run.messages.length, run.stats.messages);
    const skipped = Object.values(run.stats.skipped).reduce((a, b) => a + b, 0);
    assert.ok(run.messages.length + skipped > 0, "neither a message nor a skip");
    for (const message of run.messages) assert.deepEqual(schemaProblems(message, { version: "2.D.V08" }), []);
  });
}

test("a Heartbeat is skipped with reason heartbeat, or emitted as Availability.HeartBeat with -O heartbeats=emit", () => {
  const file = join(FIXTURES, "rfc4765-7.7-heartbeat.xml");
  const skipped = convert(["--from", "idmef", file]);
  assert.equal(skipped.status, 0);
  assert.deepEqual(skipped.stats.skipped, { heartbeat: 1 });
  const emitted = convert(["--from", "rfc4765", file, "-O", "heartbeats=emit"]);
  assert.equal(emitted.status, 0, emitted.stderr);
  assert.deepEqual(
    emitted.messages.map((m) => m["Category"]),
    [["Availability.HeartBeat"]],
  );
});

test("bad messages are rejected with file, line and reason; the run goes on and exits 1", () => {
  const dir = mkdtempSync(join(tmpdir(), "idmefv1-cli-"));
  try {
    const rejects = join(dir, "rejects.ndjson");
    const run = convert(["--from", "idmefv1", "--rejects", rejects, join(FIXTURES, "invalid", "bad-message-then-good.xml")]);
    assert.equal(run.status, 1);
    assert.deepEqual(
      run.messages.map((m) => m["AltNames"]),
      [["good-1"], ["good-2"]],
    );
    assert.deepEqual(run.stats.skipped, { heartbeat: 1 });
    assert.deepEqual(run.stats.rejected, { CONVERSION_FAILED: 2 });
    const written = readFileSync(rejects, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { line: number; reason: string; record: string });
    assert.deepEqual(
      written.map((r) => r.line),
      [2, 16],
    );
    assert.match(written[0]!.reason, /Alert at line 3: CreateTime: .* has no time zone/);
    assert.match(written[1]!.reason, /undefined entity &unknown; at line 20/);
    assert.match(written[1]!.record, /messageid="bad-2"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("format detection picks idmefv1 for IDMEF v1 XML without --from", () => {
  const run = convert([join(FIXTURES, "php-idmef-teardrop-default-ns.xml")]);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.messages.length, 1);
  assert.equal(run.messages[0]?.["Description"], "Teardrop detected");
});
