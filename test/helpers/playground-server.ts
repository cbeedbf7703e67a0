// Starts `idmefv2 playground` (the compiled CLI) on a free loopback port, as a user would.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CLI = join(ROOT, "dist/cli/main.js");
const SITE = join(ROOT, "dist/playground");

/** Starts `idmefv2 playground` on a free port; resolves with the URL it prints. */
export function startPlayground(): Promise<{ child: ChildProcess; url: string }> {
  assert.ok(existsSync(join(SITE, "page.js")), "dist/playground/ is not built: run `npm run playground` (npm test does)");
  const child = spawn(process.execPath, [CLI, "playground", "--listen", "127.0.0.1:0"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stderr!.setEncoding("utf8").on("data", (d: string) => (err += d));
    child.stdout!.setEncoding("utf8").on("data", (d: string) => {
      out += d;
      const url = /serving on (http:\/\/\S+\/)/.exec(out)?.[1];
      if (url !== undefined) resolve({ child, url });
    });
    child.on("exit", (code) => reject(new Error(`idmefv2 playground exited ${code}: ${err}`)));
  });
}
