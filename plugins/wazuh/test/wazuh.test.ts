// The Wazuh plugin's tests, through the public API only: loaded as idmefv2 loads any plugin,
// then run over real alerts with the golden-file helpers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { FormatRegistry, loadPlugin, schemaProblems, detectFormat } from "idmefv2";
import { goldenCases, runGoldenCase, type GoldenResult } from "idmefv2/testing";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { plugin } = await loadPlugin("./src/index.ts", root);
const converter = plugin.converters[0]!;

test("the plugin has the contract's shape and registers under its name and alias", () => {
  assert.equal(plugin.name, "idmefv2-plugin-wazuh");
  const registry = new FormatRegistry();
  registry.registerAll(plugin.converters, { kind: "plugin", plugin: plugin.name, path: root });
  assert.equal(registry.get("wazuh-alerts"), converter);
  assert.equal(converter.input, "json-lines");
});

for (const goldenCase of goldenCases(join(root, "fixtures"), "wazuh")) {
  test(`golden ${goldenCase.name}`, async () => {
    assert.ok(existsSync(goldenCase.expected), `run npm run golden:update -- --plugin plugins/wazuh`);
    const expected = JSON.parse(readFileSync(goldenCase.expected, "utf8")) as GoldenResult;
    for (const message of expected.messages) assert.deepEqual(schemaProblems(message, { version: "2.D.V08" }), []);
    assert.deepEqual(await runGoldenCase(converter, goldenCase), expected);
  });
}

test("real alerts: every line converted, brute force is Medium / Access.Forced, IDs stable", async () => {
  const result = await runGoldenCase(converter, { input: join(root, "fixtures", "alerts.json") });
  assert.equal(result.messages.length, 5);
  assert.deepEqual(result.rejected, []);
  const bruteForce = result.messages[2] as Record<string, unknown>;
  assert.equal(bruteForce["Priority"], "Medium");
  assert.deepEqual(bruteForce["Category"], ["Access.Forced"]);
  assert.deepEqual((bruteForce["Source"] as Record<string, unknown>[])[0]?.["Port"], [10848]);
  const again = await runGoldenCase(converter, { input: join(root, "fixtures", "alerts.json") });
  assert.equal((again.messages[0] as { ID: string }).ID, (result.messages[0] as { ID: string }).ID);
});

test("options: minLevel skips low alerts with a counted reason", async () => {
  const options = join(root, "test", "min-level-7.options.json");
  const result = await runGoldenCase(converter, { input: join(root, "fixtures", "alerts.json"), options });
  assert.equal(result.messages.length, 1);
  assert.deepEqual(result.skipped, { "rule level below 7": 4 });
});

test("detection: recognizes alerts.json and not other JSON lines", () => {
  const registry = new FormatRegistry();
  registry.registerAll(plugin.converters);
  const sample = readFileSync(join(root, "fixtures", "alerts.json"), "utf8");
  const detection = detectFormat(sample, registry, "alerts.json");
  assert.equal(detection.entry.converter.format, "wazuh");
  assert.ok(detection.score > 0.9);
  assert.throws(() => detectFormat('{"event_type":"alert"}\n', registry, "eve.json"), /cannot tell the format of eve\.json/);
});
