// Zeek notice.log through the CLI, both writers: TSV against a split + one regex loop, JSON against
// JSON.parse + JSON.stringify, each measured in the same run (bench/cli-vs-bare.ts).
import { readFileSync } from "node:fs";
import { zeekConverter } from "../dist/converters/zeek/index.js";
import { checkConverterOptions } from "../dist/framework/check-options.js";
import { bareJson, bareSplitRegex, converterLoop, repeatTo, runCliBench } from "./cli-vs-bare.js";

// zeek's setup is synchronous (the contract allows a promise).
const setupZeek = () =>
  zeekConverter.setup(checkConverterOptions(zeekConverter, {}) as never) as unknown as (record: unknown, ctx: never) => unknown;

const TARGET = 2.5; // converter time / bare time: within 2.5x of the bare loop (issue 15)
const WANTED = Number(process.env["ZEEK_BENCH_LINES"] ?? 200_000);

// TSV: one header, then the real rows of the fixtures repeated (the header is read once, as in a real log).
const tsvFiles = ["caldera-tsv.log", "netsupport-escapes.log", "agenttesla-nul-escapes.log"].map((f) =>
  readFileSync(`fixtures/zeek/${f}`, "utf8"),
);
const header = tsvFiles[0]!
  .split("\n")
  .filter((l) => l.startsWith("#") && !l.startsWith("#close"))
  .join("\n");
const rows = tsvFiles.flatMap((t) => t.split("\n").filter((l) => l !== "" && !l.startsWith("#")));
const tsvRows = repeatTo(`${rows.join("\n")}\n`, WANTED);
const tsvOk = runCliBench({
  format: "zeek",
  label: "zeek TSV",
  text: `${header}\n${tsvRows.text}`,
  bareName: "split + one regex",
  // A Zeek row: epoch ts, then tab-separated fields.
  bare: bareSplitRegex("\t", /^(\d+)\.(\d+)\t([^\t]*)\t/),
  converterAlone: converterLoop(setupZeek, false),
  expectedMessages: rows.length * tsvRows.repeats,
  target: TARGET,
});

const jsonLines = ["firewalla-bro-json.ndjson", "json-iso-timestamps.ndjson"]
  .map((f) => readFileSync(`fixtures/zeek/${f}`, "utf8"))
  .join("");
const notices = jsonLines.split("\n").filter((l) => l.includes('"note"')).length;
const json = repeatTo(jsonLines, WANTED);
const jsonOk = runCliBench({
  format: "zeek",
  label: "zeek JSON",
  text: json.text,
  bareName: "JSON.parse + JSON.stringify",
  bare: bareJson,
  converterAlone: converterLoop(setupZeek, false),
  expectedMessages: notices * json.repeats,
  target: TARGET,
});
process.exitCode = tsvOk && jsonOk ? 0 : 1;
