// Every shared-corpus EVE file through the real pipeline: the books balance and every message is valid 2.D.V08.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { suricataConverter } from "../../../src/converters/suricata/index.js";
import { schemaProblems } from "../../../src/core/validator.js";
import { runPipeline } from "../../../src/framework/pipeline.js";
import { MemorySinks } from "../../../src/framework/sinks.js";
import { fileInput } from "../../../src/framework/sources.js";

const CORPUS = "fixtures/suricata/corpus";
const files = readdirSync(CORPUS)
  .filter((f) => f.endsWith(".ndjson"))
  .sort();

function countLines(path: string): number {
  const text = readFileSync(path, "utf8");
  const lines = text.split("\n");
  return text.endsWith("\n") ? lines.length - 1 : lines.length;
}

function countAlerts(path: string): number {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.includes('"event_type":"alert"')).length;
}

test("the corpus copy is all there", () => {
  assert.equal(files.length, 13);
  assert.equal(
    files.map((f) => countLines(join(CORPUS, f))).reduce((a, b) => a + b, 0),
    7084,
  );
});

for (const file of files) {
  test(`corpus ${file}: lines = converted + skipped + rejected, every message valid`, async () => {
    const path = join(CORPUS, file);
    const sinks = new MemorySinks();
    const report = await runPipeline({
      converter: suricataConverter,
      inputs: [fileInput(path)],
      sinks: { messages: sinks.messageSink, rejects: sinks.rejectSink, warnings: sinks.warningSink },
    });
    const { stats } = report;
    const skipped = Object.values(stats.skipped).reduce((a, b) => a + b, 0);
    const rejected = Object.values(stats.rejected).reduce((a, b) => a + b, 0);
    assert.ok(report.balanced);
    assert.equal(stats.read, countLines(path), "every line is a record");
    assert.equal(stats.converted + skipped + rejected, stats.read);
    assert.deepEqual(sinks.rejects, [], "no corpus line is rejected");
    // Every alert line gives one message (plus one alert without event_type in the snippets file).
    const extra = file === "github-issue-snippets.ndjson" ? 1 : 0;
    assert.equal(stats.converted, countAlerts(path) + extra);
    assert.equal(sinks.messages.length, stats.converted);
    for (const message of sinks.messages) {
      assert.deepEqual(schemaProblems(message, { version: "2.D.V08" }), [], JSON.stringify(message).slice(0, 300));
    }
    for (const reason of Object.keys(stats.skipped)) {
      assert.match(reason, /^(event_type [a-z0-9_]+|no event_type)$/);
    }
  });
}
