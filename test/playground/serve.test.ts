// `idmefv2 playground`: serves dist/playground/ (built by `npm run playground`, which npm test runs
// first) and nothing else.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startPlayground } from "../helpers/playground-server.js";
import { runNode } from "../helpers/run-node.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CLI = join(ROOT, "dist/cli/main.js");
const SITE = join(ROOT, "dist/playground");

let server: ChildProcess;
let base: string;

before(async () => {
  ({ child: server, url: base } = await startPlayground());
});

after(() => {
  server?.kill("SIGTERM");
});

test("serves the page, its script and its style, byte for byte as built", async () => {
  for (const [path, file, type] of [
    ["", "index.html", "text/html"],
    ["page.js", "page.js", "text/javascript"],
    ["style.css", "style.css", "text/css"],
  ] as const) {
    const response = await fetch(base + path);
    assert.equal(response.status, 200, path);
    assert.match(response.headers.get("content-type") ?? "", new RegExp(`^${type}`));
    assert.deepEqual(Buffer.from(await response.arrayBuffer()), readFileSync(join(SITE, file)), path);
  }
});

test("nothing else: other paths are 404 (no file system walk), other methods 405", async () => {
  for (const path of ["package.json", "../package.json", "%2e%2e/package.json", "dist/playground/page.js", "index.htm"]) {
    assert.equal((await fetch(base + path)).status, 404, path);
  }
  assert.equal((await fetch(base, { method: "POST", body: "x" })).status, 405);
});

test("a bad --listen is a usage error naming the flag (exit 2, no stack)", async () => {
  const result = await runNode([CLI, "playground", "--listen", "8765"], { cwd: ROOT });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /--listen "8765": a port alone does not say where to listen/);
  assert.doesNotMatch(result.stderr, /\n\s+at /);
});
