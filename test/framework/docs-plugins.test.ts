// docs/plugins.md as written: the one-file plugin runs standalone through a config, the TypeScript
// plugin is the compiled fixture, and the golden-folder helper finds and rewrites outdated cases.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { checkGoldenFolder } from "../../src/testing/index.js";
import { loadPlugin } from "../../src/framework/config.js";
import { runNode } from "../helpers/run-node.js";
import { withTempDir } from "./helpers.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CLI = join(ROOT, "dist/cli/main.js");
const DOC = readFileSync(join(ROOT, "docs/plugins.md"), "utf8");

function codeBlock(language: string, containing: string): string {
  const block = [...DOC.matchAll(/```(\w+)\n([\s\S]*?)```/g)].find((m) => m[1] === language && m[2]!.includes(containing));
  assert.ok(block !== undefined, `docs/plugins.md has no \`\`\`${language} block with ${containing}`);
  return block[2]!;
}

test("the docs' one-file plugin converts, skips, rejects and warns as its comments say, with no idmefv2 beside it", async () => {
  await withTempDir(async (dir) => {
    mkdirSync(join(dir, "etc"));
    writeFileSync(join(dir, "etc", "kv-plugin.mjs"), codeBlock("js", "kv-plugin.mjs"));
    writeFileSync(join(dir, "c.yaml"), "plugins: [./etc/kv-plugin.mjs]\noptions:\n  kv:\n    timezone: Europe/Paris\n");
    writeFileSync(
      join(dir, "events.log"),
      "ts=2026-01-15T10:00:00 sev=high src=192.0.2.7 msg=port-scan\ntype=heartbeat\nsev=low msg=no-time\nts=2026-01-15T10:00:00Z extra=1 msg=x\n",
    );
    const run = await runNode([CLI, "convert", "--config", "c.yaml", "events.log", "--rejects", "r.ndjson"], { cwd: dir });
    assert.equal(run.code, 1, run.stderr);
    const messages = run.stdout.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(messages.length, 2);
    assert.equal(messages[0]!["CreateTime"], "2026-01-15T10:00:00+01:00");
    assert.equal(messages[0]!["Priority"], "High");
    assert.match(run.stderr, /1 skipped/);
    assert.match(run.stderr, /extra= has no IDMEFv2 field/);
    assert.match(readFileSync(join(dir, "r.ndjson"), "utf8"), /"code":"CONVERSION_FAILED","reason":"no ts= field"/);
    const options = await runNode([CLI, "formats", "--config", "c.yaml", "--options", "kv"], { cwd: dir });
    assert.match(options.stdout, /analyzer: string; default "kv appliance"/);
  });
});

test("the docs' TypeScript plugin is the fixture the type tests compile", () => {
  assert.equal(codeBlock("ts", "defineConverter, definePlugin"), readFileSync(join(ROOT, "fixtures/typescript/contract2-plugin.ts"), "utf8"));
});

test("checkGoldenFolder: reports cases whose expected file differs or is missing, and rewrites them on update", async () => {
  await withTempDir(async (dir) => {
    writeFileSync(join(dir, "kv-plugin.mjs"), codeBlock("js", "kv-plugin.mjs"));
    const { plugin } = await loadPlugin("./kv-plugin.mjs", dir);
    const fixtures = join(dir, "fixtures");
    mkdirSync(fixtures);
    writeFileSync(join(fixtures, "one.log"), "ts=2026-01-15T10:00:00Z sev=low msg=a\n");
    writeFileSync(join(fixtures, "two.log"), "msg=no-time\n");
    const converter = plugin.converters[0]!;
    assert.deepEqual((await checkGoldenFolder(converter, fixtures)).changed, ["kv/one.log", "kv/two.log"]);
    const updated = await checkGoldenFolder(converter, fixtures, { update: true });
    assert.equal(updated.updated, true);
    assert.deepEqual(await checkGoldenFolder(converter, fixtures), { cases: 2, changed: [], updated: false });
    const two = JSON.parse(readFileSync(join(fixtures, "two.expected.json"), "utf8")) as { rejected: unknown[] };
    assert.deepEqual(two.rejected, [{ line: 1, reason: "no ts= field" }]);
    writeFileSync(join(fixtures, "one.log"), "ts=2026-01-15T10:00:00Z sev=high msg=a\n");
    assert.deepEqual((await checkGoldenFolder(converter, fixtures)).changed, ["kv/one.log"]);
  });
});
