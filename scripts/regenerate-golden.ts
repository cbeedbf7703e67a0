// `npm run golden:update [format...]`: rewrites fixtures/<format>/**/<case>.expected.json from the
// current converters. Review every change by eye (git diff) before committing: a golden file is
// only as good as that review.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { builtinConverters } from "../src/converters/index.js";
import { formatGolden, goldenCases, runGoldenCase } from "../src/framework/golden.js";
import { FormatRegistry } from "../src/framework/registry.js";

const FIXTURES = "fixtures";
const registry = new FormatRegistry();
registry.registerAll(builtinConverters);

const wanted = process.argv.slice(2);
for (const name of wanted) {
  if (registry.lookup(name) === undefined) {
    console.error(`golden:update: unknown format "${name}"; registered: ${registry.names().join(", ") || "(none)"}`);
    process.exit(2);
  }
}
const formats = readdirSync(FIXTURES)
  .filter((name) => statSync(join(FIXTURES, name)).isDirectory())
  .filter((name) => registry.lookup(name) !== undefined)
  .filter((name) => wanted.length === 0 || wanted.includes(name))
  .sort();

let changed = 0;
let same = 0;
for (const format of formats) {
  const converter = registry.get(format);
  for (const goldenCase of goldenCases(join(FIXTURES, format), format)) {
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
console.log(`golden:update: ${changed} file(s) written, ${same} unchanged (formats: ${formats.join(", ") || "none"}). Review with git diff.`);
