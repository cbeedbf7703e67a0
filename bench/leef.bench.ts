// LEEF: lines/s of the leef converter beside a bare split + one header regex (bench/line-converter.ts).
import { leefConverter } from "../dist/converters/leef/index.js";
import { runLineBench } from "./line-converter.js";

runLineBench({
  converter: leefConverter,
  options: { timezone: "Z" },
  sources: [
    "fixtures/leef/carbonblack-defense.log",
    "fixtures/leef/panda-adaptive-defense.log",
    "fixtures/leef/eset-remote-administrator.log",
  ],
  lines: Number(process.env["LEEF_BENCH_LINES"] ?? 200_000),
  // The five header fields after "LEEF:": what any LEEF reader matches at least.
  bareRegex: /LEEF:(\d\.\d)\|([^|]*)\|([^|]*)\|([^|]*)\|([^|]*)\|/,
  // CEF extension pairs and Snort fields are space-separated; LEEF 1.0 attributes tab-separated.
  separator: "\t",
});
