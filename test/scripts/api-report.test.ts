// The checked-in API report (api/idmefv2.api.md) matches the built public surface: a change of
// what the package exports is a reviewed diff (`npm run api:update` after `npm run build`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { REPORT_PATH, renderApiReport } from "../../scripts/api-report.js";

test("api/idmefv2.api.md is the public surface of the built package", () => {
  const expected = readFileSync(REPORT_PATH, "utf8");
  const actual = renderApiReport();
  if (actual !== expected) {
    const a = actual.split("\n");
    const e = expected.split("\n");
    const first = a.findIndex((line, i) => line !== e[i]);
    assert.fail(
      `the public API changed (first difference at line ${first + 1}: ${JSON.stringify(e[first])} -> ${JSON.stringify(a[first])}); ` +
        "run `npm run api:update` and review the diff of api/idmefv2.api.md",
    );
  }
  assert.match(actual, /^## idmefv2\/testing$/m);
  // Internals stay out.
  assert.doesNotMatch(actual, /\bfinishMessage\b|\bNdjsonWriter\b|\bparseJsonSafely\b|\bPipelineRun\b/);
});
