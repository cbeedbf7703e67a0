// Hostile long messages aimed at every built-in rule: matching must cost CPU in proportion to the
// line, not to its square (the audit's ReDoS finding: 77 s of CPU for one 1 MB sudo line).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { engineFor, loadBuiltinRules, parseSyslog, TOO_LONG_REASON, type CompiledRule } from "../../../src/converters/syslog/index.js";
import { MAX_RULE_INPUT, ruleInput } from "../../../src/converters/syslog/rule-engine.js";
import { convertOne, REFERENCE_NOW } from "./helpers.js";

const SIZE = 64 * 1024;
// CPU time (user + system of this process, so waiting for a busy machine does not count) for ALL
// rules together. Linear rules need ~0.5-0.7 s on the loaded 2-core machine (8x headroom); the old
// quadratic ones needed 22.6 s.
const BUDGET_MS = 5000;
// And for one rule alone: linear rules need < 70 ms; each quadratic rule of the audit took 0.7-10 s.
const RULE_BUDGET_MS = 600;

// What makes `.` stop (line terminators), what ends a quoted field, what `\s*` loops on.
const SEPARATORS = ["\r", "\u2028", "\u2029", " ", "'", '"'] as const;
const TERMINATORS = ["\rX", "\u2028X"] as const;
const CUTS_PER_SAMPLE = 4;

/** The MSG part of a rule's positive samples, as the rules see it, that the rule does match. */
function sampleBodies(rule: CompiledRule): string[] {
  const bodies: string[] = [];
  for (const sample of rule.spec.samples) {
    if (sample.expect === null) continue;
    const options = { referenceMs: Date.parse(REFERENCE_NOW), timezone: "Z" };
    // A sample may be a program's own log line (applog-*.yaml), or carry the program's own prefix
    // in its syslog MSG: the first reading the rule matches is the one to aim at.
    const formats = engineFor({}).formats;
    const readings = [...formats.readings(sample.line, options)];
    try {
      const record = parseSyslog(sample.line, options);
      readings.unshift(record, formats.unwrapSyslog(record));
    } catch {
      // not syslog: the declared formats read it
    }
    const body = readings.map((r) => ruleInput(r.message.replace(/^\[ID \d+ [a-z0-9]+\.[a-z]+\] /, ""))).find((b) => rule.regex.test(b));
    if (body !== undefined) bodies.push(body);
  }
  return bodies.slice(0, 2);
}

/** The literal words of a pattern ("USER=", " from ", "' (", ...): what its wildcards search for. */
function literalWords(pattern: string): string[] {
  const bare = pattern.replace(/\(\?<[A-Za-z_]+>|\(\?:|\\[dDsSwWb]|\[[^\]]*\]|[?*+]|\{\d+(?:,\d*)?\}|[()|^$]/g, "\u0000");
  return bare
    .replace(/\\(.)/g, "$1")
    .split("\u0000")
    .filter((w) => w.trim().length >= 2);
}

function repeatTo(piece: string, length: number): string {
  return piece.repeat(Math.max(1, Math.ceil(length / Math.max(1, piece.length))));
}

/** Messages of about SIZE characters built from the rule's own sample and pattern words. */
function hostileBodies(rule: CompiledRule): string[] {
  const out: string[] = [];
  const prefix = rule.prefix;
  for (const body of sampleBodies(rule)) {
    // A pattern that is all literal ("^Kerberos authentication failed$") gets its whole text.
    const tail = body.length - prefix.length >= 8 ? body.slice(prefix.length) : body;
    // The whole sample again and again, glued by each separator, so every wildcard has a
    // candidate split at every copy and the end never matches.
    for (const sep of SEPARATORS) out.push(prefix + repeatTo(tail + sep, SIZE) + "X");
    // The sample's tail (or head) from each cut repeated: the literal after a wildcard recurs.
    const step = Math.max(1, Math.floor(tail.length / (CUTS_PER_SAMPLE + 1)));
    for (let cut = step; cut < tail.length; cut += step) {
      for (const end of TERMINATORS) {
        out.push(prefix + tail.slice(0, cut) + repeatTo(tail.slice(cut), SIZE) + end);
        out.push(prefix + repeatTo(tail.slice(0, cut), SIZE) + tail.slice(cut) + end);
      }
    }
    out.push(prefix + tail + " ".repeat(SIZE) + "X");
  }
  const words = literalWords(rule.spec.pattern);
  if (words.length > 0) {
    for (const end of TERMINATORS) out.push(prefix + repeatTo(words.join("'") + "' \" ", SIZE) + end);
  }
  return out;
}

interface Cost {
  readonly id: string;
  readonly ms: number;
}

function cpuMs(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

function slowest(costs: readonly Cost[]): string {
  return [...costs]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 6)
    .map((c) => `${c.id} ${c.ms.toFixed(0)} ms`)
    .join(", ");
}

describe("syslog rules on hostile long lines (ReDoS)", () => {
  const rules = loadBuiltinRules();

  it("builds hostile 64 KiB messages aimed at every built-in rule", () => {
    for (const rule of rules) {
      assert.ok(sampleBodies(rule).length > 0, `rule ${rule.spec.id}: no sample it matches, so nothing to aim at`);
      const bodies = hostileBodies(rule);
      assert.ok(bodies.length >= 10, `rule ${rule.spec.id}: only ${bodies.length} hostile messages`);
      for (const body of bodies) assert.ok(body.length >= SIZE, `rule ${rule.spec.id}: a hostile message of ${body.length} characters`);
    }
  });

  it(`every rule's pattern scans them in linear time (all rules together under ${BUDGET_MS} ms of CPU)`, { timeout: 600_000 }, (t) => {
    const costs: Cost[] = [];
    let total = 0;
    for (const rule of rules) {
      const bodies = hostileBodies(rule).map(ruleInput);
      const start = process.cpuUsage();
      for (const body of bodies) rule.regex.exec(body);
      const ms = cpuMs(start);
      costs.push({ id: rule.spec.id, ms });
      total += ms;
      // Old quadratic rules took minutes here: stop once the verdict is certain.
      if (total > BUDGET_MS) break;
    }
    t.diagnostic(`CPU ${total.toFixed(0)} ms over ${costs.length} rules; slowest: ${slowest(costs)}`);
    assert.ok(
      total <= BUDGET_MS,
      `hostile 64 KiB messages cost ${total.toFixed(0)} ms of CPU (budget ${BUDGET_MS} ms); slowest: ${slowest(costs)}`,
    );
    const over = costs.filter((c) => c.ms > RULE_BUDGET_MS);
    assert.deepEqual(over, [], `rules over ${RULE_BUDGET_MS} ms of CPU on their hostile 64 KiB messages: ${slowest(over)}`);
  });

  it(
    `the converter skips them as too long, and converts hostile lines just under ${MAX_RULE_INPUT} characters quickly`,
    { timeout: 600_000 },
    (t) => {
      const costs: Cost[] = [];
      let total = 0;
      for (const rule of rules) {
        const header = `Jan  1 00:00:00 host ${rule.spec.programs[0]!}[1]: `;
        const bodies = hostileBodies(rule);
        const longLines = bodies.map((body) => header + body);
        // Cut to just under the limit, keeping the hostile end (the `\r` or the unmatched tail).
        const shortLines = bodies.map((body) => header + body.slice(0, MAX_RULE_INPUT - 8) + body.slice(-2));
        const start = process.cpuUsage();
        for (const line of longLines) {
          assert.throws(
            () => convertOne(line),
            { message: TOO_LONG_REASON },
            `rule ${rule.spec.id}: a ${line.length}-character line was not rejected as too long`,
          );
        }
        for (const line of shortLines) convertOne(line);
        const ms = cpuMs(start);
        costs.push({ id: rule.spec.id, ms });
        total += ms;
        if (total > BUDGET_MS) break;
      }
      t.diagnostic(`CPU ${total.toFixed(0)} ms over ${costs.length} rules; slowest: ${slowest(costs)}`);
      assert.ok(
        total <= BUDGET_MS,
        `hostile syslog lines cost ${total.toFixed(0)} ms of CPU in the converter (budget ${BUDGET_MS} ms); slowest: ${slowest(costs)}`,
      );
    },
  );
});
