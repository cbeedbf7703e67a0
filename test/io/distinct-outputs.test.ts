// Issue 11 item 2: every pair of outputs (messages, rejects, follow state, spool) must be distinct
// files, for convert, follow mode and listen; a clash is a usage error (exit 2) that truncates nothing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { linkSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { withTempDir } from "../framework/helpers.js";
import { runNode, type NodeRun } from "../helpers/run-node.js";

const CLI = resolve("dist/cli/main.js");
const EVE = resolve("fixtures/suricata/corpus/elastic-beats-eve-small.ndjson");
const KEPT = '{"kept":true}\n';

function run(args: readonly string[], cwd: string): Promise<NodeRun> {
  return runNode([CLI, ...args], { cwd });
}

function assertRefused(result: NodeRun, what: string, pattern: RegExp): void {
  assert.equal(result.code, 2, `${what}: exit ${result.code}: ${result.stderr}`);
  assert.match(result.stderr, pattern, what);
  assert.doesNotMatch(result.stderr, /internal error|\n\s+at /, `${what}: no stack trace`);
}

test("convert: --out and --rejects naming one file, however spelled, is refused before anything is written", async () => {
  await withTempDir(async (dir) => {
    const out = join(dir, "out.ndjson");
    writeFileSync(out, KEPT);
    mkdirSync(join(dir, "sub"));
    linkSync(out, join(dir, "hard.ndjson"));
    symlinkSync(out, join(dir, "soft.ndjson"));
    // A dangling link: the file it names does not exist yet, the clash is still seen.
    symlinkSync(join(dir, "later.ndjson"), join(dir, "dangling.ndjson"));
    const cases: [string, string[]][] = [
      ["same path", ["--out", out, "--rejects", out]],
      ["relative and absolute", ["--out", "out.ndjson", "--rejects", out]],
      ["through ..", ["--out", out, "--rejects", "sub/../out.ndjson"]],
      ["hard link", ["--out", out, "--rejects", "hard.ndjson"]],
      ["symbolic link", ["--out", "soft.ndjson", "--rejects", out]],
      ["dangling link to a missing file", ["--out", "later.ndjson", "--rejects", "dangling.ndjson"]],
    ];
    for (const [what, flags] of cases) {
      const result = await run(["convert", "--from", "suricata", EVE, ...flags], dir);
      assertRefused(result, what, /are the same file .*give --(rejects|out) its own file/);
      assert.equal(readFileSync(out, "utf8"), KEPT, `${what}: nothing was truncated`);
    }
  });
});

test('convert: standard output named twice ("-", /dev/stdout) is refused; /dev/null may be shared', async () => {
  await withTempDir(async (dir) => {
    const both = await run(["convert", "--from", "suricata", EVE, "--out", "-", "--rejects", "-"], dir);
    assertRefused(both, "--out - --rejects -", /same stream \(standard output\)/);
    const implicit = await run(["convert", "--from", "suricata", EVE, "--rejects", "-"], dir);
    assertRefused(implicit, "stdout messages and --rejects -", /same stream \(standard output\)/);
    const devStdout = await run(["convert", "--from", "suricata", EVE, "--rejects", "/dev/stdout"], dir);
    assertRefused(devStdout, "stdout messages and --rejects /dev/stdout", /--out - and --rejects \/dev\/stdout are the same/);
    assert.equal(both.stdout + implicit.stdout + devStdout.stdout, "", "nothing converted");

    const dashOut = await run(["convert", "--from", "suricata", EVE, "--out", "-", "--rejects", join(dir, "r.ndjson")], dir);
    assert.equal(dashOut.code, 0, dashOut.stderr);
    assert.ok(dashOut.stdout.split("\n").filter(Boolean).length > 0, "--out - writes messages to stdout");
    assert.match(dashOut.stderr, /message\(s\) to stdout\)/);
    const discard = await run(["convert", "--from", "suricata", EVE, "--out", "/dev/null", "--rejects", "/dev/null"], dir);
    assert.equal(discard.code, 0, discard.stderr);
  });
});

test("follow mode: --state may be neither --out, nor the rejects file, nor the input", async () => {
  await withTempDir(async (dir) => {
    const eve = join(dir, "eve.json");
    writeFileSync(eve, readFileSync(EVE));
    const input = readFileSync(eve, "utf8");
    writeFileSync(join(dir, "out.ndjson"), KEPT);
    const follow = ["convert", "--from", "suricata", "--follow", eve];
    assertRefused(
      await run([...follow, "--out", "out.ndjson", "--state", "out.ndjson"], dir),
      "state = out",
      /--out out\.ndjson and --state out\.ndjson are the same file/,
    );
    assertRefused(
      await run([...follow, "--out", "out.ndjson", "--state", "out.ndjson.rejects.ndjson"], dir),
      "state = default rejects",
      /--rejects \(default <out>\.rejects\.ndjson\) out\.ndjson\.rejects\.ndjson and --state .* are the same file/,
    );
    assertRefused(await run([...follow, "--out", "o2.ndjson", "--state", "eve.json"], dir), "state = input", /eve\.json is also an input/);
    assertRefused(await run([...follow, "--out", "o2.ndjson", "--state", "-"], dir), "state = stdout", /--state needs a file/);
    assert.equal(readFileSync(join(dir, "out.ndjson"), "utf8"), KEPT);
    assert.equal(readFileSync(eve, "utf8"), input, "the input is untouched");
  });
});

test("listen and convert --to: outputs distinct from each other and from the spool folder", async () => {
  await withTempDir(async (dir) => {
    writeFileSync(join(dir, "out.ndjson"), KEPT);
    assertRefused(
      await run(["listen", "--udp", "127.0.0.1:0", "--out", "out.ndjson", "--rejects", "./out.ndjson"], dir),
      "listen out = rejects",
      /are the same file/,
    );
    mkdirSync(join(dir, "spool"));
    const to = ["--to", "http://127.0.0.1:9/", "--spool", "spool"];
    assertRefused(
      await run(["listen", "--udp", "127.0.0.1:0", ...to, "--out", "spool/out.ndjson"], dir),
      "listen out in spool",
      /--out spool\/out\.ndjson lies inside --spool spool/,
    );
    assertRefused(
      await run(["convert", "--from", "suricata", EVE, ...to, "--rejects", "spool/rejects.ndjson"], dir),
      "convert rejects in spool",
      /--rejects spool\/rejects\.ndjson lies inside --spool spool/,
    );
    assertRefused(
      await run(["convert", "--from", "suricata", EVE, ...to, "--out", "spool"], dir),
      "convert out = spool",
      /--out spool and --spool spool are the same file/,
    );
    assert.equal(readFileSync(join(dir, "out.ndjson"), "utf8"), KEPT);
  });
});
