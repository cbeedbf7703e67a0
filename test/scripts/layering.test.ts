// The layering lint rules (eslint.config.js) reject imports that go up a layer: run on sample
// sources placed (virtually) in each layer, as `npm run lint` runs on the real ones.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const eslint = new ESLint({ cwd: ROOT });

async function layeringErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

test("core imports nothing above it; converters only core; the framework no CLI or converter; nothing the CLI", async () => {
  const cases: [string, string, RegExp | undefined][] = [
    ["src/core/sample.ts", 'import { runPipeline } from "../framework/pipeline.js";', /core imports nothing above it/],
    ["src/core/translate/sample.ts", 'import type { Converter } from "../../converters/index.js";', /core imports nothing above it/],
    ["src/core/sample.ts", 'import { IdmefError } from "./errors.js";', undefined],
    ["src/converters/kv/index.ts", 'import { runPipeline } from "../../framework/pipeline.js";', /a converter imports only the contract/],
    ["src/converters/kv/index.ts", 'import { defineConverter } from "../../core/converter.js";', undefined],
    ["src/framework/sample.ts", 'import { syslog } from "../converters/syslog/index.js";', /the framework knows no converter/],
    ["src/transport/sample.ts", 'import { main } from "../cli/main.js";', /nothing imports the CLI/],
    ["src/cli/sample.ts", 'import { runPipeline } from "../framework/pipeline.js";', undefined],
  ];
  for (const [file, code, expected] of cases) {
    const errors = await layeringErrors(file, `${code}\nexport const used = 1;\n`);
    if (expected === undefined) assert.deepEqual(errors, [], `${file}: ${code}`);
    else
      assert.ok(
        errors.some((e) => expected.test(e)),
        `${file}: ${code} should be refused, got ${JSON.stringify(errors)}`,
      );
  }
});
