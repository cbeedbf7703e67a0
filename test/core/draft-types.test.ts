// Typed output (issue 12): converters written with defineConverter are checked by the compiler —
// a wrong enum value, a wrong Analyzer, a record type that does not match the input kind and a
// misread option fail to compile; a correct contract-2 plugin compiles under --strict.
// Compiles fixtures/typescript/*.ts against the built declarations (npm run build first).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TSC = join(ROOT, "node_modules/typescript/bin/tsc");

/** Runs tsc --strict on fixtures with "idmefv2" mapped to dist/; resolves with its output. */
function compile(fixtures: readonly string[]): Promise<{ code: number; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), "idmefv2-tsc-"));
  const config = {
    compilerOptions: {
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      noEmit: true,
      target: "ES2022",
      lib: ["ES2023"],
      module: "NodeNext",
      moduleResolution: "NodeNext",
      types: ["node"],
      typeRoots: [join(ROOT, "node_modules/@types")],
      skipLibCheck: true,
      paths: { idmefv2: [join(ROOT, "dist/index.d.ts")] },
    },
    files: fixtures.map((fixture) => join(ROOT, "fixtures/typescript", fixture)),
  };
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(config));
  return new Promise((resolve) => {
    execFile(process.execPath, [TSC, "-p", join(dir, "tsconfig.json"), "--pretty", "false"], (error, stdout, stderr) => {
      rmSync(dir, { recursive: true, force: true });
      resolve({ code: error === null ? 0 : ((error as { code?: number }).code ?? 1), output: stdout + stderr });
    });
  });
}

// One compiler run for both fixtures (tsc start-up is most of the cost): diagnostics name their file.
const compiled = compile(["contract2-plugin.ts", "wrong-output.ts"]);

test("a correct contract-2 plugin compiles under --strict and exactOptionalPropertyTypes", async () => {
  const { output } = await compiled;
  assert.doesNotMatch(output, /contract2-plugin\.ts\(/, output);
});

test("wrong output, record and option types fail to compile, each with the compiler saying what is wrong", async () => {
  const expected = [...readFileSync(join(ROOT, "fixtures/typescript/wrong-output.ts"), "utf8").matchAll(/\/\/ expect: (.+)$/gm)].map(
    (m) => m[1]!,
  );
  assert.equal(expected.length, 5);
  const result = await compiled;
  assert.notEqual(result.code, 0);
  // One diagnostic per mistake (with overloads, tsc reports at the defineConverter call and
  // explains below it), and each mistake's explanation in its own diagnostic.
  const diagnostics = result.output.split(/\n(?=\S)/).filter((d) => / error TS\d+/.test(d));
  assert.ok(
    diagnostics.every((d) => /wrong-output\.ts\(/.test(d)),
    result.output,
  );
  assert.equal(diagnostics.length, expected.length, result.output);
  for (const [i, text] of expected.entries()) {
    assert.ok(diagnostics[i]!.includes(text), `mistake ${i + 1}: expected the compiler to say ${text}, got:\n${diagnostics[i]}`);
  }
});
