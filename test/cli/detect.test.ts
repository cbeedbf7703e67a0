// `idmefv2 detect`, run as a user runs it (the compiled CLI; `npm run build` first): files, stdin, usage errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runNode, type NodeRun } from "../helpers/run-node.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CLI = join(ROOT, "dist/cli/main.js");
const EVE = "fixtures/suricata/anomaly-events.ndjson";

function run(args: string[], stdin = ""): Promise<NodeRun> {
  return runNode([CLI, "detect", ...args], { cwd: ROOT, stdin });
}

test("a file: its format and confidence, exit 0", async () => {
  const result = await run([EVE]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^fixtures\/suricata\/anomaly-events\.ndjson: suricata \(confidence \d\.\d\d\)\n$/);
});

test('"-" reads the sample from stdin and names it <stdin>', async () => {
  const result = await run(["-"], readFileSync(join(ROOT, EVE), "utf8"));
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^<stdin>: suricata \(confidence \d\.\d\d\)\n$/);
});

test("a folder is a usage error that says so (exit 2), not 'no such file'", async () => {
  const result = await run(["fixtures/suricata"]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /fixtures\/suricata is a folder: detect takes one file/);
  assert.doesNotMatch(result.stderr, /no such file|\n\s+at /);
  assert.equal(result.stdout, "");
});

test("a missing file is a usage error naming it (exit 2)", async () => {
  const result = await run(["fixtures/does-not-exist.json"]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /cannot read fixtures\/does-not-exist\.json: no such file/);
});
