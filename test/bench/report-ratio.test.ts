// The bench verdict line: what a bench prints through reportRatio is what bench/run.ts reads back
// into its table, with "met" decided by the direction the target runs in.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseRatioLine, reportRatio, type Ratio } from "../../bench/report-ratio.js";

function printed(ratio: Ratio): { met: boolean; line: string } {
  const lines: string[] = [];
  const log = console.log;
  console.log = (text: string) => lines.push(text);
  try {
    return { met: reportRatio(ratio), line: lines.join("\n") };
  } finally {
    console.log = log;
  }
}

test("a ratio printed by a bench is read back by the runner with its verdict", () => {
  const { met, line } = printed({ name: "validate", value: 2.61234, target: 2.5, better: "higher", how: "CPU time" });
  assert.equal(met, true);
  assert.deepEqual(parseRatioLine(line), { name: "validate", value: 2.612, target: 2.5, better: "higher", how: "CPU time", met: true });
});

test("'lower' targets are met at or below the target, 'higher' at or above", () => {
  assert.equal(printed({ name: "a", value: 1.8, target: 1.8, better: "lower" }).met, true);
  assert.equal(printed({ name: "a", value: 1.81, target: 1.8, better: "lower" }).met, false);
  assert.equal(printed({ name: "b", value: 0.69, target: 0.7, better: "higher" }).met, false);
});

test("a ratio that could not be measured (NaN) is never met and reads back as NaN", () => {
  const { met, line } = printed({ name: "suricata", value: Number.NaN, target: 1.15, better: "lower" });
  assert.equal(met, false);
  const read = parseRatioLine(line);
  assert.ok(read !== undefined && Number.isNaN(read.value) && !read.met);
});

test("other lines of a bench's output, and malformed ratio lines, are not ratios", () => {
  assert.equal(parseRatioLine("ratio: 1.22 (target >= 0.5) OK"), undefined);
  assert.equal(parseRatioLine("RATIO {not json"), undefined);
  assert.equal(parseRatioLine('RATIO {"name":"x","value":1}'), undefined);
});
