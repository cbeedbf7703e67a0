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
    const messages = run.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
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
  assert.equal(
    codeBlock("ts", "defineConverter, definePlugin"),
    readFileSync(join(ROOT, "fixtures/typescript/contract2-plugin.ts"), "utf8"),
  );
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
    const before = await checkGoldenFolder(converter, fixtures);
    assert.deepEqual(before.changed, ["kv/one.log", "kv/two.log"]);
    assert.deepEqual(
      before.failures.map((f) => [f.name, f.expected, f.reason]),
      [
        ["kv/one.log", join(fixtures, "one.expected.json"), "no expected file"],
        ["kv/two.log", join(fixtures, "two.expected.json"), "no expected file"],
      ],
    );
    const updated = await checkGoldenFolder(converter, fixtures, { update: true });
    assert.equal(updated.updated, true);
    assert.deepEqual(await checkGoldenFolder(converter, fixtures), { cases: 2, changed: [], failures: [], updated: false });
    const two = JSON.parse(readFileSync(join(fixtures, "two.expected.json"), "utf8")) as { rejected: unknown[] };
    assert.deepEqual(two.rejected, [{ line: 1, reason: "no ts= field" }]);
    writeFileSync(join(fixtures, "one.log"), "ts=2026-01-15T10:00:00Z sev=high msg=a\n");
    const after = await checkGoldenFolder(converter, fixtures);
    assert.deepEqual(after.changed, ["kv/one.log"]);
    assert.match(after.failures[0]!.reason, /^\/messages\/0\/Priority: expected "Low", got "High"$/);
  });
});

test(
  "idmefv2 golden, as docs/plugins.md shows it: a plugin's cases in a folder with no repository files",
  { timeout: 120_000 },
  async () => {
    await withTempDir(async (dir) => {
      // The docs' one-file plugin, nothing else: no package.json, no node_modules, no config.
      writeFileSync(join(dir, "kv-plugin.mjs"), codeBlock("js", "kv-plugin.mjs"));
      mkdirSync(join(dir, "fixtures", "invalid"), { recursive: true });
      writeFileSync(join(dir, "fixtures", "events.log"), "ts=2026-01-15T10:00:00Z sev=high src=192.0.2.7 msg=port-scan\n");
      writeFileSync(join(dir, "fixtures", "invalid", "no-time.log"), "sev=low msg=no-time\n");
      const golden = (...args: string[]) => runNode([CLI, "golden", "--no-config", "--plugin", "kv-plugin.mjs", ...args], { cwd: dir });

      const missing = await golden("fixtures");
      assert.equal(missing.code, 1, missing.stderr);
      assert.match(missing.stderr, /^FAIL kv\/events\.log: no expected file \(fixtures\/events\.expected\.json\)$/m);
      assert.match(missing.stderr, /^FAIL kv\/invalid\/no-time\.log: no expected file/m);
      assert.match(missing.stderr, /0 of 2 case\(s\) match \(kv\); 2 differ: run with --update/);

      const created = await golden("fixtures", "--update");
      assert.equal(created.code, 0, created.stderr);
      assert.match(created.stderr, /^created fixtures\/events\.expected\.json$/m);
      assert.match(created.stderr, /2 expected file\(s\) written, 0 unchanged \(kv\); review them with git diff/);
      const events = JSON.parse(readFileSync(join(dir, "fixtures", "events.expected.json"), "utf8")) as {
        messages: { Priority: string; ID: string }[];
      };
      assert.equal(events.messages[0]!.Priority, "High");
      assert.equal(events.messages[0]!.ID, "00000000-0000-4000-8000-000000000001");
      const noTime = JSON.parse(readFileSync(join(dir, "fixtures", "invalid", "no-time.expected.json"), "utf8")) as { rejected: unknown[] };
      assert.deepEqual(noTime.rejected, [{ line: 1, reason: "no ts= field" }]);

      const same = await golden("fixtures");
      assert.equal(same.code, 0, same.stderr);
      assert.match(same.stderr, /idmefv2 golden: 2 of 2 case\(s\) match \(kv\)\n$/);

      // The converter's output changes: the case fails with its first difference, exit 1.
      writeFileSync(join(dir, "fixtures", "events.log"), "ts=2026-01-15T10:00:00Z sev=low src=192.0.2.7 msg=port-scan\n");
      const differs = await golden("fixtures");
      assert.equal(differs.code, 1, differs.stderr);
      assert.match(
        differs.stderr,
        /^FAIL kv\/events\.log: \/messages\/0\/Priority: expected "High", got "Low" \(fixtures\/events\.expected\.json\)$/m,
      );
      assert.match(differs.stderr, /1 of 2 case\(s\) match/);
      const updated = await golden("fixtures", "--update");
      assert.equal(updated.code, 0, updated.stderr);
      assert.match(updated.stderr, /^updated fixtures\/events\.expected\.json$/m);
      assert.equal((await golden("fixtures")).code, 0);

      // One subfolder per format, the plugin named by a config file; a misspelt folder is said.
      mkdirSync(join(dir, "cases", "kv"), { recursive: true });
      mkdirSync(join(dir, "cases", "kvv"));
      writeFileSync(join(dir, "cases", "kv", "one.log"), "ts=2026-01-15T10:00:00Z sev=medium msg=a\n");
      writeFileSync(join(dir, "c.yaml"), "plugins: [./kv-plugin.mjs]\n");
      const byFormat = await runNode([CLI, "golden", "--config", "c.yaml", "cases", "--update"], { cwd: dir });
      assert.equal(byFormat.code, 0, byFormat.stderr);
      assert.match(byFormat.stderr, /no format of that name, not walked: cases\/kvv/);
      assert.match(byFormat.stderr, /^created cases\/kv\/one\.expected\.json$/m);
      const fromFlag = await runNode([CLI, "golden", "--config", "c.yaml", "--from", "kv", "cases/kv"], { cwd: dir });
      assert.equal(fromFlag.code, 0, fromFlag.stderr);

      // Usage errors: exit 2, no stack.
      const noFolder = await golden("nowhere");
      assert.equal(noFolder.code, 2);
      assert.match(noFolder.stderr, /nowhere: no such folder/);
      const noFormat = await runNode([CLI, "golden", "--no-config", "cases"], { cwd: dir });
      assert.equal(noFormat.code, 2);
      assert.match(noFormat.stderr, /cases: no subfolder is named after a registered format \(.*\): give --from FORMAT/);
      assert.doesNotMatch(noFormat.stderr + noFolder.stderr, /\n\s+at /);
    });
  },
);
