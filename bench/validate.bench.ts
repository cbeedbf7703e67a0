// Validations per second of a typical ~1 KB 2.D.V08 message on one core, beside a bare JSON.parse
// of the same message measured in the same run (the target is >= 200,000 validations/s).
import { readFileSync } from "node:fs";
import { messageProblems, schemaProblems } from "../src/index.js";

const pretty = readFileSync(new URL("../fixtures/core/valid/ssh-bruteforce.json", import.meta.url), "utf8");
const text = JSON.stringify(JSON.parse(pretty));
const message = JSON.parse(text) as unknown;
if (messageProblems(message).length !== 0) throw new Error("bench message must be valid");

/** Runs `fn` repeatedly for about `ms` milliseconds (after a warm-up) and returns calls per second. */
function rate(fn: () => unknown, ms = 1500): number {
  for (let i = 0; i < 20_000; i++) fn();
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < 1000; i++) fn();
    calls += 1000;
    elapsed = performance.now() - start;
  }
  return (calls * 1000) / elapsed;
}

let sink = 0;
const parse = rate(() => (sink += (JSON.parse(text) as { ID: string }).ID.length));
const schema = rate(() => (sink += schemaProblems(message).length));
const full = rate(() => (sink += messageProblems(message).length));
const parseAndValidate = rate(() => (sink += messageProblems(JSON.parse(text)).length));

const fmt = (n: number): string => Math.round(n).toLocaleString("en-US");
console.log(`message: ${text.length} bytes (fixtures/core/valid/ssh-bruteforce.json, compact)`);
console.log(`JSON.parse (baseline):               ${fmt(parse)} /s`);
console.log(`schema validation (schemaProblems):  ${fmt(schema)} /s  = ${(schema / parse).toFixed(2)} x JSON.parse`);
console.log(`schema + semantic (messageProblems): ${fmt(full)} /s  = ${(full / parse).toFixed(2)} x JSON.parse`);
console.log(`JSON.parse + messageProblems:        ${fmt(parseAndValidate)} /s  = ${(parseAndValidate / parse).toFixed(2)} x JSON.parse`);
console.log(`target >= 200,000 validations/s: ${full >= 200_000 ? "met" : "NOT met"} (schema + semantic)`);
if (sink === -1) console.log(sink);
