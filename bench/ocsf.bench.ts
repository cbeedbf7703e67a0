// OCSF findings through the CLI against JSON.parse + JSON.stringify over the same lines, in the
// same run (bench/cli-vs-bare.ts): real Prowler findings repeated.
import { readFileSync } from "node:fs";
import { ocsfConverter } from "../dist/converters/ocsf/index.js";
import { checkConverterOptions } from "../dist/framework/check-options.js";
import { bareJson, converterLoop, repeatTo, runCliBench } from "./cli-vs-bare.js";

const WANTED = Number(process.env["OCSF_BENCH_LINES"] ?? 100_000);
const block = readFileSync("fixtures/ocsf/prowler-security-finding.ndjson", "utf8");
const input = repeatTo(block, WANTED);
// ocsf's setup is synchronous (the contract allows a promise); its records are parsed JSON.
const setup = () =>
  ocsfConverter.setup(checkConverterOptions(ocsfConverter, { timezone: "Z" }) as never) as unknown as (
    record: unknown,
    ctx: never,
  ) => unknown;
const ok = runCliBench({
  format: "ocsf",
  label: "ocsf",
  text: input.text,
  bareName: "JSON.parse + JSON.stringify",
  bare: bareJson,
  converterAlone: converterLoop(setup, true),
  expectedMessages: 2 * input.repeats,
  args: ["-O", "timezone=Z"],
  target: 2.5, // converter time / bare time: within 2.5x (issue 15)
});
process.exitCode = ok ? 0 : 1;
