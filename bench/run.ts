// `npm run bench`: runs every bench/<name>.bench.ts in its own process, one after the other, so that
// no benchmark shares a core with another. Each prints its figure and its ratio to a bare baseline
// measured in the same run. Name benches to run only some: `npm run bench -- suricata syslog`.
import { readdirSync } from "node:fs";
import { spawnSync } from "node:child_process";

const wanted = process.argv.slice(2);
const benches = readdirSync(new URL(".", import.meta.url))
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();
let failed = 0;
for (const file of benches) {
  process.stdout.write(`\n== bench/${file}\n`);
  const result = spawnSync(process.execPath, ["--import", "tsx", new URL(file, import.meta.url).pathname], {
    stdio: "inherit",
  });
  if (result.status !== 0) failed++;
}
if (benches.length === 0) console.log("no benchmark matched");
process.exitCode = failed > 0 ? 1 : 0;
