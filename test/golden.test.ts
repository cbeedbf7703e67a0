// Golden files: every case in fixtures/<format>/ (and its invalid/ folder) for each registered
// format runs through the real pipeline and must give its <case>.expected.json exactly.
// Every expected message is checked by the library's validator and by ajv compiled from the official
// 2.D.V08 schema. Regenerate with `npm run golden:update [format]` and review the diff by eye.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { builtinConverters } from "../src/converters/index.js";
import { schemaProblems } from "../src/core/validator.js";
import { goldenCases, runGoldenCase, type GoldenResult } from "../src/framework/golden.js";
import { FormatRegistry } from "../src/framework/registry.js";
import { officialErrors } from "./helpers/official-validator.js";

const FIXTURES = "fixtures";
const registry = new FormatRegistry();
registry.registerAll(builtinConverters);

const formats = readdirSync(FIXTURES)
  .filter((name) => statSync(join(FIXTURES, name)).isDirectory())
  .filter((name) => registry.lookup(name) !== undefined)
  .sort();

for (const format of formats) {
  const converter = registry.get(format);
  for (const goldenCase of goldenCases(join(FIXTURES, format), format)) {
    test(`golden ${goldenCase.name}`, async () => {
      assert.ok(
        existsSync(goldenCase.expected),
        `${goldenCase.expected} is missing: run \`npm run golden:update ${format}\` and review it`,
      );
      const expected = JSON.parse(readFileSync(goldenCase.expected, "utf8")) as GoldenResult;
      for (const [index, message] of expected.messages.entries()) {
        const problems = schemaProblems(message, { version: "2.D.V08" });
        assert.deepEqual(problems, [], `${goldenCase.expected}: messages[${index}] is not valid 2.D.V08`);
        // And by a validator of its own, compiled here from the official schema (not the library's).
        assert.deepEqual(officialErrors(message, "2.D.V08"), [], `${goldenCase.expected}: messages[${index}] fails the official schema`);
      }
      const actual = await runGoldenCase(converter, goldenCase);
      assert.deepEqual(actual, expected);
    });
  }
}
