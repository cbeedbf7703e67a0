import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ConversionError } from "../../src/core/errors.js";
import type { Converter } from "../../src/core/converter.js";
import { formatGolden, goldenCases, runGoldenCase } from "../../src/framework/golden.js";
import { minimalMessage, withTempDir } from "./helpers.js";

const echo: Converter = {
  format: "echo",
  description: "one message per line; 'bad' lines are rejected, '#' lines skipped",
  input: "lines",
  convert(record, ctx) {
    const text = String(record);
    if (text.startsWith("#")) {
      ctx.skip("comment");
      return null;
    }
    if (text === "bad") throw new ConversionError("bad line");
    if (ctx.options["warn"] === true) ctx.warn("asked to warn");
    return { ...minimalMessage(text), Source: [{ IP: "192.0.2.9" }] };
  },
};

test("the golden walker finds cases and invalid cases, skipping expected, options and SOURCES files", async () => {
  await withTempDir(async (dir) => {
    mkdirSync(join(dir, "invalid"));
    writeFileSync(join(dir, "a.log"), "one\n# note\nbad\n");
    writeFileSync(join(dir, "a.options.json"), '{"warn":true}');
    writeFileSync(join(dir, "a.expected.json"), "{}");
    writeFileSync(join(dir, "SOURCES.md"), "provenance");
    writeFileSync(join(dir, "invalid", "b.log"), "bad\n");
    const cases = goldenCases(dir, "echo");
    assert.deepEqual(
      cases.map((c) => c.name),
      ["echo/a.log", "echo/invalid/b.log"],
    );
    assert.equal(cases[0]?.expected, join(dir, "a.expected.json"));
    const result = await runGoldenCase(echo, cases[0]!);
    assert.deepEqual(result, {
      messages: [
        {
          Version: "2.D.V08",
          ID: "00000000-0000-4000-8000-000000000001",
          ...minimalMessage("one"),
          Source: [{ ID: "00000000-0000-4000-8000-000000000002", IP: "192.0.2.9" }],
        },
      ],
      skipped: { comment: 1 },
      rejected: [{ line: 3, reason: "bad line" }],
      warnings: [{ line: 1, message: "asked to warn" }],
    });
    // IDs restart per case, and the text form is stable.
    const again = await runGoldenCase(echo, cases[0]!);
    assert.equal(formatGolden(again), formatGolden(result));
    const invalid = await runGoldenCase(echo, cases[1]!);
    assert.deepEqual(invalid.rejected, [{ line: 1, reason: "bad line" }]);
  });
});
