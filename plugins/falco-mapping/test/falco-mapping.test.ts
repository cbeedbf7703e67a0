// The Falco mapping file's tests: loaded as a config's `mappings` entry is, run over real events.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { FormatRegistry, detectFormat, loadMappingFile, schemaProblems } from "idmefv2";
import { goldenCases, runGoldenCase, type GoldenResult } from "idmefv2/testing";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const converter = loadMappingFile(join(root, "falco.idmefv2.yaml"));

for (const goldenCase of goldenCases(join(root, "fixtures"), "falco")) {
  test(`golden ${goldenCase.name}`, async () => {
    assert.ok(existsSync(goldenCase.expected), "run npm run golden:update -- --plugin plugins/falco-mapping");
    const expected = JSON.parse(readFileSync(goldenCase.expected, "utf8")) as GoldenResult;
    for (const message of expected.messages) assert.deepEqual(schemaProblems(message, { version: "2.D.V08" }), []);
    assert.deepEqual(await runGoldenCase(converter, goldenCase), expected);
  });
}

test("real events: nanosecond times kept, priority looked up, dotted keys read", async () => {
  const result = await runGoldenCase(converter, { input: join(root, "fixtures", "falco.json") });
  assert.equal(result.messages.length, 3);
  const [first, , third] = result.messages as Record<string, unknown>[];
  assert.equal(first?.["CreateTime"], "2019-01-09T08:58:36.335246440Z");
  assert.equal(third?.["Priority"], "Medium");
  assert.deepEqual((third?.["Target"] as unknown[])[0], {
    ID: "00000000-0000-4000-8000-000000000006",
    Hostname: "ssssssh-6948f886dc-b9p44",
    User: "root",
    Note: "sshd -D -e",
  });
});

test("detection: the mapping's detect paths recognize Falco output", () => {
  const registry = new FormatRegistry();
  registry.register(converter, { kind: "mapping", path: "falco.idmefv2.yaml" });
  const detection = detectFormat(readFileSync(join(root, "fixtures", "falco.json"), "utf8"), registry, "falco.json");
  assert.equal(detection.entry.converter.format, "falco");
  assert.equal(detection.score, 1);
});
