// CEF: lines/s of the cef converter beside a bare split + one header regex (bench/line-converter.ts).
import { cefConverter } from "../dist/converters/cef/index.js";
import { runLineBench } from "./line-converter.js";

runLineBench({
  converter: cefConverter,
  options: { timezone: "Z" },
  sources: [
    "fixtures/cef/barracuda-waf.log",
    "fixtures/cef/fortiweb-cloud.log",
    "fixtures/cef/radiflow-isid.log",
    "fixtures/cef/spec-escapes.log",
  ],
  lines: Number(process.env["CEF_BENCH_LINES"] ?? 200_000),
  // The seven header fields after "CEF:": what any CEF reader matches at least.
  bareRegex: /CEF: ?(\d+)\|([^|]*)\|([^|]*)\|([^|]*)\|([^|]*)\|([^|]*)\|([^|]*)\|/,
  // CEF extension pairs and Snort fields are space-separated; LEEF 1.0 attributes tab-separated.
  separator: " ",
});
