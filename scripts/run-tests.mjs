// Runs every *.test.ts under test/ and plugins/*/test/ with node:test, TypeScript loaded by tsx.
// A script rather than a shell glob: npm runs scripts with sh, which has no recursive `**`.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";

const pluginDirs = existsSync("plugins") ? readdirSync("plugins").map((p) => join("plugins", p, "test")) : [];
const roots = ["test", ...pluginDirs];
const files = [];
function walk(dir) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of entries.sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) walk(full);
    else if (name.endsWith(".test.ts")) files.push(full);
  }
}
roots.forEach(walk);
// CLI, plugin and README tests run the compiled dist/ (as users do): say so when it is stale.
function newestMtime(dir) {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    const st = statSync(full);
    newest = Math.max(newest, st.isDirectory() ? newestMtime(full) : st.mtimeMs);
  }
  return newest;
}
if (!existsSync("dist/index.js") || statSync("dist/index.js").mtimeMs < newestMtime("src")) {
  console.error("run-tests: warning: dist/ is older than src/ (or missing): run `npm run build` first; CLI and plugin tests run dist/");
}

const filter = process.argv.slice(2);
const selected = filter.length ? files.filter((f) => filter.some((x) => f.includes(x))) : files;
if (selected.length === 0) {
  console.error("run-tests: no test file matched");
  process.exit(1);
}
const result = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-reporter=spec", ...selected], {
  stdio: "inherit",
});
process.exit(result.status ?? 1);
