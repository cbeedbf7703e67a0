// The README's "Library API" example is run as written, against the built package (`npm run build`
// first), importing "idmefv2" by name as a user would.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ROOT = new URL("../../", import.meta.url);

test("the README Library API example runs and prints what its comments say", () => {
  const readme = readFileSync(new URL("README.md", ROOT), "utf8");
  const block = /<!-- library-api-example:start -->\n```ts\n([\s\S]*?)```\n<!-- library-api-example:end -->/.exec(readme);
  assert.ok(block, "README.md has the marked example block");
  // Inside the package folder so that `import ... from "idmefv2"` resolves to this package itself.
  const dir = new URL(`tmp/readme-${process.pid}/`, ROOT);
  mkdirSync(dir, { recursive: true });
  const file = new URL("example.ts", dir);
  writeFileSync(file, block[1]!);
  try {
    const result = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(file)], { encoding: "utf8", cwd: fileURLToPath(ROOT) });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, "The message is valid\nMedium\nprelude-lml\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
