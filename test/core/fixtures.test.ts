// Golden fixtures: every fixtures/core/<folder>/<case>.json beside <case>.expected.json must report
// exactly the expected problems (pointer, keyword, and where given severity, suggestion, line, column).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createReadStream, readdirSync, readFileSync } from "node:fs";
import { validateStream } from "../../src/core/validate-stream.js";
import type { IdmefVersion, VersionPolicy } from "../../src/index.js";

const ROOT = new URL("../../fixtures/core/", import.meta.url);

interface ExpectedProblem {
  pointer: string;
  keyword: string;
  severity?: string;
  suggestion?: string;
  line?: number;
  column?: number;
}
interface Expected {
  validateAs?: IdmefVersion;
  versionPolicy?: VersionPolicy;
  problems: ExpectedProblem[];
}

const byPlace = (a: ExpectedProblem, b: ExpectedProblem): number => `${a.pointer} ${a.keyword}`.localeCompare(`${b.pointer} ${b.keyword}`);

for (const folder of ["drafts", "python-idmefv2", "invalid"]) {
  const cases = readdirSync(new URL(`${folder}/`, ROOT)).filter((f) => f.endsWith(".json") && !f.endsWith(".expected.json"));
  test(`fixtures/core/${folder} has cases`, () => assert.ok(cases.length >= 3));
  for (const file of cases) {
    test(`fixtures/core/${folder}/${file} reports exactly the expected problems`, async () => {
      const expected = JSON.parse(
        readFileSync(new URL(`${folder}/${file.replace(/\.json$/, ".expected.json")}`, ROOT), "utf8"),
      ) as Expected;
      const verdicts = [];
      for await (const verdict of validateStream(createReadStream(new URL(`${folder}/${file}`, ROOT)), {
        ...(expected.validateAs === undefined ? {} : { version: expected.validateAs }),
        ...(expected.versionPolicy === undefined ? {} : { versionPolicy: expected.versionPolicy }),
      })) {
        verdicts.push(verdict);
      }
      assert.equal(verdicts.length, 1, "one message per fixture file");
      const verdict = verdicts[0]!;
      // Compare only the fields the expectation names, so messages can be reworded freely.
      const actual = verdict.problems.map((p) => {
        const want = expected.problems.find((e) => e.pointer === p.pointer && e.keyword === p.keyword);
        const shown: ExpectedProblem = { pointer: p.pointer, keyword: p.keyword };
        if (want?.severity !== undefined) shown.severity = p.severity;
        if (want?.suggestion !== undefined && p.suggestion !== undefined) shown.suggestion = p.suggestion;
        if (want?.line !== undefined) shown.line = verdict.line;
        if (want?.column !== undefined && verdict.column !== undefined) shown.column = verdict.column;
        return shown;
      });
      assert.deepEqual([...actual].sort(byPlace), [...expected.problems].sort(byPlace));
      assert.equal(verdict.valid, !expected.problems.some((p) => (p.severity ?? "error") === "error"));
    });
  }
}

test("fixtures/core/valid holds only valid 2.D.V08 messages, without warnings", async () => {
  const files = readdirSync(new URL("valid/", ROOT));
  assert.ok(files.length >= 3);
  let messages = 0;
  for (const file of files) {
    for await (const verdict of validateStream(createReadStream(new URL(`valid/${file}`, ROOT)), { semantic: "error" })) {
      messages++;
      assert.deepEqual(verdict.problems, [], `${file}:${verdict.line}`);
    }
  }
  assert.ok(messages >= 4);
});
