// Stable IDs (issue 11 item 19): by default an ID is derived from the record's identity, so the
// same input converted twice gives the same IDs, while distinct records never share one.
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { suricataConverter } from "../../src/converters/suricata/index.js";
import type { Converter } from "../../src/core/converter.js";
import { isUuid, recordIds } from "../../src/core/ids.js";
import { runPipeline } from "../../src/framework/pipeline.js";
import { MemorySinks } from "../../src/framework/sinks.js";
import { fileInput, textInput } from "../../src/framework/sources.js";
import { runNode } from "../helpers/run-node.js";
import { minimalMessage, withTempDir } from "./helpers.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CLI = join(ROOT, "dist/cli/main.js");
const EVE = join(ROOT, "fixtures/suricata/direction-and-roles.ndjson");

/** Every ID of every message: the message's and its Source/Target/Sensor items'. */
async function idsOf(converter: Converter, inputs: Parameters<typeof runPipeline>[0]["inputs"]): Promise<string[]> {
  const sinks = new MemorySinks();
  await runPipeline({ converter, inputs, sinks: { messages: sinks.messageSink, rejects: sinks.rejectSink } });
  return sinks.messages.flatMap((message) => {
    const fields = message as unknown as Record<string, unknown>;
    const items = ["Source", "Target", "Sensor"].flatMap((key) => (Array.isArray(fields[key]) ? (fields[key] as { ID: string }[]) : []));
    return [fields["ID"] as string, ...items.map((item) => item.ID)];
  });
}

const lines: Converter = {
  format: "lines-probe",
  description: "one message per line, with a Source",
  input: "lines",
  setup: () => (line: string) => ({ ...minimalMessage(line), Source: [{ IP: "192.0.2.1" }] }) as never,
};

test("the same file converted twice gives the same IDs, by relative or absolute path; all are UUIDs", async () => {
  const first = await idsOf(suricataConverter, [fileInput(EVE)]);
  const second = await idsOf(suricataConverter, [fileInput(relative(process.cwd(), EVE))]);
  assert.ok(first.length >= 3);
  assert.deepEqual(second, first);
  assert.ok(
    first.every((id) => isUuid(id) && id[14] === "8" && "89ab".includes(id[19]!)),
    "UUID version 8 (RFC 9562), variant 10",
  );
  assert.equal(new Set(first).size, first.length);
});

test("identical lines in one input, or the same line in two inputs, get different IDs", async () => {
  const one = await idsOf(lines, [textInput("a.log", "same\nsame\n")]);
  assert.equal(new Set(one).size, 4);
  const a = await idsOf(lines, [textInput("a.log", "same\n")]);
  const b = await idsOf(lines, [textInput("b.log", "same\n")]);
  assert.notDeepEqual(a, b);
  // Another converter over the same bytes: other IDs too.
  assert.notDeepEqual(await idsOf({ ...lines, format: "other" } as Converter, [textInput("a.log", "same\n")]), a);
  // And the record's bytes count: one changed byte at the same offset changes the IDs.
  assert.notDeepEqual(await idsOf(lines, [textInput("a.log", "samE\n")]), a);
});

test("recordIds: deterministic per (format, input, offset, bytes), a counter within the record", () => {
  const next = recordIds("f", "/in", 10, "x");
  const again = recordIds("f", "/in", 10, "x");
  const ids = [next(), next()];
  assert.deepEqual([again(), again()], ids);
  assert.notEqual(ids[0], ids[1]);
  assert.notEqual(recordIds("f", "/in", 11, "x")(), ids[0]);
});

test("CLI: converting the same file twice writes identical output", async () => {
  await withTempDir(async (dir) => {
    copyFileSync(EVE, join(dir, "eve.json"));
    const a = await runNode([CLI, "convert", "--no-config", "--from", "suricata", "eve.json"], { cwd: dir });
    const b = await runNode([CLI, "convert", "--no-config", "--from", "suricata", join(dir, "eve.json")], { cwd: dir });
    assert.equal(a.code, 0, a.stderr);
    assert.ok(a.stdout.length > 0);
    assert.equal(b.stdout, a.stdout);
  });
});
