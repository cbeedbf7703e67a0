// Snort: lines/s of the snort converter (alert_fast and alert_json) beside a bare split + one regex
// (bench/line-converter.ts).
import { snortConverter } from "../dist/converters/snort/index.js";
import { runLineBench } from "./line-converter.js";

runLineBench({
  converter: snortConverter,
  options: { timezone: "Z" },
  sources: [
    "fixtures/snort/snort3-alert-fast.log",
    "fixtures/snort/snort2-alert-fast.log",
    "fixtures/snort/alert-json-default-fields.json",
  ],
  lines: Number(process.env["SNORT_BENCH_LINES"] ?? 200_000),
  // The rule id, what any reader of any Snort output matches at least.
  bareRegex: /\[(\d+):(\d+):(\d+)\]|"rule" : "(\d+):(\d+):(\d+)"/,
  // CEF extension pairs and Snort fields are space-separated; LEEF 1.0 attributes tab-separated.
  separator: " ",
});
