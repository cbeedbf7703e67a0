// Runs a converter over text inputs through the real pipeline (counter IDs), checks the books
// balance and every message is valid 2.D.V08 (the library's validator and the official schema's),
// and returns what the sinks got.
import assert from "node:assert/strict";
import type { Converter } from "../../../src/core/converter.js";
import { schemaProblems } from "../../../src/core/validator.js";
import { runPipeline } from "../../../src/framework/pipeline.js";
import { MemorySinks } from "../../../src/framework/sinks.js";
import { textInput } from "../../../src/framework/sources.js";
import { officialErrors } from "../../helpers/official-validator.js";

type Fields = Record<string, unknown>;

export async function runConverter(converter: Converter, inputs: readonly { name: string; text: string }[], options: Fields = {}) {
  const sinks = new MemorySinks();
  let n = 0;
  const report = await runPipeline({
    converter,
    inputs: inputs.map((input) => textInput(input.name, input.text)),
    options,
    newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`,
    sinks: { messages: sinks.messageSink, rejects: sinks.rejectSink, warnings: sinks.warningSink },
  });
  assert.ok(report.balanced, "every record converted, skipped or rejected");
  for (const message of sinks.messages) {
    assert.deepEqual(schemaProblems(message, { version: "2.D.V08" }), []);
    // And by an independent validator compiled from the official schema.
    assert.deepEqual(officialErrors(message, "2.D.V08"), []);
  }
  return { messages: sinks.messages as unknown as Fields[], rejects: sinks.rejects, warnings: sinks.warnings, stats: report.stats };
}
