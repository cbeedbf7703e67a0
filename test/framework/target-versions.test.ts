// Every Suricata, IDMEF v1 and syslog fixture (golden cases and corpus files) converted with each
// older draft as the target: as many messages as for 2.D.V08, each valid against that draft's
// official schema (checked by ajv compiled here, not by the library's own validators). The config
// defaults give what 2.D.V04/V05 require and no converter knows: the analyzer's address.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { builtinConverters } from "../../src/converters/index.js";
import { goldenIds, GOLDEN_NOW } from "../../src/framework/golden.js";
import { runPipeline } from "../../src/framework/pipeline.js";
import { FormatRegistry } from "../../src/framework/registry.js";
import { MemorySinks } from "../../src/framework/sinks.js";
import { fileInput } from "../../src/framework/sources.js";
import type { IdmefVersion } from "../../src/core/versions.js";
import { officialErrors } from "../helpers/official-validator.js";

const DEFAULTS = { Analyzer: { IP: "192.0.2.10" }, Sensor: { IP: "192.0.2.11" } };
const OLDER: readonly IdmefVersion[] = ["2.D.V02", "2.D.V03", "2.D.V04", "2.D.V05", "2.D.V06", "2.D.V07"];
const NOT_INPUT = [".expected.json", ".options.json", ".md", ".txt.license"];

const registry = new FormatRegistry();
registry.registerAll(builtinConverters);

function inputs(dir: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...inputs(path));
    else if (!name.startsWith(".") && !NOT_INPUT.some((s) => name.endsWith(s)) && name !== "SOURCES.md") files.push(path);
  }
  return files;
}

async function convert(format: string, file: string, version: IdmefVersion): Promise<{ messages: unknown[]; warnings: number }> {
  const optionsFile = file.replace(/\.[^./]+$/, ".options.json");
  const options = existsSync(optionsFile) ? (JSON.parse(readFileSync(optionsFile, "utf8")) as Record<string, unknown>) : {};
  const sinks = new MemorySinks();
  const report = await runPipeline({
    converter: registry.get(format),
    inputs: [fileInput(file)],
    options,
    version,
    defaults: DEFAULTS,
    newId: goldenIds(),
    now: () => GOLDEN_NOW,
    sinks: { messages: sinks.messageSink, rejects: sinks.rejectSink, warnings: sinks.warningSink },
  });
  return { messages: sinks.messages.map((m) => JSON.parse(JSON.stringify(m)) as unknown), warnings: report.stats.warnings };
}

for (const format of ["suricata", "idmefv1", "syslog"]) {
  test(`${format}: every fixture converts to each of 2.D.V02 ... 2.D.V07, valid, as many messages as for 2.D.V08`, async () => {
    let total = 0;
    for (const file of inputs(join("fixtures", format))) {
      const baseline = await convert(format, file, "2.D.V08");
      for (const message of baseline.messages) assert.deepEqual(officialErrors(message, "2.D.V08"), [], file);
      for (const version of OLDER) {
        const { messages } = await convert(format, file, version);
        assert.equal(messages.length, baseline.messages.length, `${file} -> ${version}: message count`);
        messages.forEach((message, i) => assert.deepEqual(officialErrors(message, version), [], `${file} -> ${version}: message ${i}`));
      }
      total += baseline.messages.length;
    }
    assert.ok(total > 0, `${format}: some fixture gives messages`);
  });
}
