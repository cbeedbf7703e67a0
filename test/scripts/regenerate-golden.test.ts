// `npm run golden:update [format...]`: a format given by alias is found, and only what ran is reported.
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runNode, type NodeRun } from "../helpers/run-node.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SCRIPT = join(ROOT, "scripts/regenerate-golden.ts");
const CASE = "no-final-newline";

function run(args: string[], cwd: string): Promise<NodeRun> {
  return runNode(["--import", "tsx", SCRIPT, ...args], { cwd });
}

/** A fixtures/ tree in the project's ignored tmp/ (so tsx finds the project's config) with one suricata case. */
function withFixtures(fn: (dir: string) => Promise<void>): Promise<void> {
  mkdirSync(join(ROOT, "tmp"), { recursive: true });
  const dir = mkdtempSync(join(ROOT, "tmp", "golden-update-"));
  for (const format of ["suricata", "syslog", "idmefv1"]) mkdirSync(join(dir, "fixtures", format), { recursive: true });
  copyFileSync(join(ROOT, "fixtures/suricata", `${CASE}.ndjson`), join(dir, "fixtures/suricata", `${CASE}.ndjson`));
  return fn(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

test("an alias (eve) regenerates its format's cases, and the summary names only that format", () =>
  withFixtures(async (dir) => {
    const result = await run(["eve"], dir);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`created fixtures/suricata/${CASE}\\.expected\\.json`));
    assert.match(result.stdout, /golden:update: 1 file\(s\) written, 0 unchanged \(suricata\)\./);
    assert.ok(existsSync(join(dir, "fixtures/suricata", `${CASE}.expected.json`)));
  }));

test("an unknown format exits 2 naming the registered ones", () =>
  withFixtures(async (dir) => {
    const result = await run(["nope"], dir);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /unknown format "nope"; registered: idmefv1, suricata, syslog/);
  }));
