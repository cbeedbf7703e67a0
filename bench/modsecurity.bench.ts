// ModSecurity JSON audit log through the CLI against JSON.parse + JSON.stringify over the same
// lines, in the same run (bench/cli-vs-bare.ts): both versions' real entries, repeated.
import { readFileSync } from "node:fs";
import { modSecurityConverter } from "../dist/converters/modsecurity/index.js";
import { checkConverterOptions } from "../dist/framework/check-options.js";
import { bareJson, converterLoop, repeatTo, runCliBench } from "./cli-vs-bare.js";

const WANTED = Number(process.env["MODSECURITY_BENCH_LINES"] ?? 100_000);
const block = ["gloo-envoy-v3.ndjson", "civiparoisse-apache-v2.ndjson"]
  .map((f) => readFileSync(`fixtures/modsecurity/${f}`, "utf8"))
  .join("");
const input = repeatTo(block, WANTED);
// modsecurity's setup is synchronous (the contract allows a promise); its records are parsed JSON.
const setup = () =>
  modSecurityConverter.setup(checkConverterOptions(modSecurityConverter, {}) as never) as unknown as (
    record: unknown,
    ctx: never,
  ) => unknown;
const ok = runCliBench({
  format: "modsecurity",
  label: "modsecurity",
  text: input.text,
  bareName: "JSON.parse + JSON.stringify",
  bare: bareJson,
  // The converter parses its own lines (input "lines": header maps may repeat keys), so it gets text.
  converterAlone: converterLoop(setup, false),
  expectedMessages: 2 * input.repeats,
  target: 2.5, // converter time / bare time: within 2.5x (issue 15)
});
process.exitCode = ok ? 0 : 1;
