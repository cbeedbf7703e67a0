// The plugin as users run it: compiled (dist/, built by the root `npm run build`), named in a config
// file by its folder, loaded by the plain-Node `idmefv2` command.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const pluginRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(pluginRoot, "..", "..", "dist", "cli", "main.js");

test("idmefv2 convert loads the compiled plugin from a config and converts real alerts", () => {
  const dir = mkdtempSync(join(tmpdir(), "idmefv2-wazuh-"));
  writeFileSync(join(dir, ".idmefv2rc.json"), JSON.stringify({ plugins: [`./${relative(dir, pluginRoot)}`] }));
  const run = spawnSync(process.execPath, [cli, "convert", "--from", "wazuh", join(pluginRoot, "fixtures", "alerts.json")], {
    cwd: dir,
    encoding: "utf8",
  });
  assert.equal(run.status, 0, run.stderr);
  const messages = run.stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  assert.equal(messages.length, 5);
  assert.ok(messages.every((m) => m["Version"] === "2.D.V08"));
  assert.match(run.stderr, /5 converted/);
});
