// `npm run golden:update [format...]`: rewrites fixtures/<format>/**/<case>.expected.json from the
// current converters. `npm run golden:update -- --plugin plugins/<name>` does the same for an
// example plugin's (or mapping's) own fixtures/ folder. Review every change by eye (git diff) before committing:
// a golden file is only as good as that review.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { builtinConverters } from "../src/converters/index.js";
import { loadPlugin } from "../src/framework/config.js";
import { loadMappingFile } from "../src/framework/mappings/load.js";
import { formatGolden, goldenCases, runGoldenCase } from "../src/framework/golden.js";
import { FormatRegistry } from "../src/framework/registry.js";

const args = process.argv.slice(2);
const registry = new FormatRegistry();
registry.registerAll(builtinConverters);
let fixtures = "fixtures";
const pluginAt = args.indexOf("--plugin");
if (pluginAt !== -1) {
  const dir = args[pluginAt + 1];
  if (dir === undefined) {
    console.error("golden:update: --plugin needs the plugin's folder, e.g. plugins/wazuh");
    process.exit(2);
  }
  args.splice(pluginAt, 2);
  // A code plugin (src/index.ts) and/or declarative mappings (*.idmefv2.yaml|yml|json).
  if (existsSync(join(dir, "src", "index.ts"))) {
    const { plugin } = await loadPlugin(resolve(dir, "src", "index.ts"), process.cwd());
    registry.registerAll(plugin.converters, { kind: "plugin", plugin: plugin.name, path: dir });
  }
  for (const file of readdirSync(dir).filter((f) => /\.idmefv2\.(ya?ml|json)$/.test(f))) {
    registry.register(loadMappingFile(join(dir, file)), { kind: "mapping", path: join(dir, file) });
  }
  fixtures = join(dir, "fixtures");
}

// Aliases (`eve`, `rfc4765`) resolve to their format's name, as `--from` does.
const wanted: string[] = [];
for (const name of args) {
  const entry = registry.lookup(name);
  if (entry === undefined) {
    console.error(`golden:update: unknown format "${name}"; registered: ${registry.names().join(", ") || "(none)"}`);
    process.exit(2);
  }
  wanted.push(entry.converter.format);
}
// A plugin's fixtures/ folder holds its cases directly (one format per plugin folder).
const folders: [string, string][] =
  pluginAt !== -1
    ? registry
        .entries()
        .filter((e) => e.origin.kind !== "builtin")
        .map((e) => [fixtures, e.converter.format])
    : readdirSync(fixtures)
        .filter((name) => statSync(join(fixtures, name)).isDirectory() && registry.lookup(name) !== undefined)
        .map((name) => [join(fixtures, name), name]);

const selected = folders.filter(([, format]) => wanted.length === 0 || wanted.includes(format)).sort();
let changed = 0;
let same = 0;
for (const [dir, format] of selected) {
  const converter = registry.get(format);
  for (const goldenCase of goldenCases(dir, format)) {
    const text = formatGolden(await runGoldenCase(converter, goldenCase));
    const before = existsSync(goldenCase.expected) ? readFileSync(goldenCase.expected, "utf8") : undefined;
    if (before === text) {
      same++;
      continue;
    }
    writeFileSync(goldenCase.expected, text);
    changed++;
    console.log(`${before === undefined ? "created" : "updated"} ${goldenCase.expected}`);
  }
}
console.log(
  `golden:update: ${changed} file(s) written, ${same} unchanged (${selected.map(([, f]) => f).join(", ") || "no formats"}). Review with git diff.`,
);
