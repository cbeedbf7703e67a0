// Every application-log sample line of the built-in rules, converted ALONE (a file of one line)
// through the public API the three ways a user or an acceptance check may hand it over:
//   - no format at all: detectFormat picks the converter from that one line, then runPipeline;
//   - `applog` without `program`: the program is detected from that one line;
//   - `applog` with `program` set to the program whose rule file declares the line format.
//   - `syslog`: a user who gives `--from syslog` for every log file (the lines fall back to the program formats).
// Each must give the sample's rule with the fields the sample expects (its CreateTime aside: a
// zone-less stamp is read in the machine's zone here, as a user's run would). rule-samples.test.ts
// checks the same samples through the syslog converter of a long-running test run; this one checks
// that detection from a single line does not lose them.
// "Application-log sample" means a positive sample of a rule in an applog-*.yaml file, or of any
// rule whose sample line is not syslog (an application's own log line in another rule file).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { builtinConverters, detectFormat, FormatRegistry, runPipeline, textInput, type Message } from "../../../src/index.js";
import { BUILTIN_RULE_FILES } from "../../../src/converters/syslog/builtin-rules.generated.js";
import { builtinRuleEngine, parseSyslog } from "../../../src/converters/syslog/index.js";
import { REFERENCE_NOW, ruleIdOf, subsetMismatch } from "../syslog/helpers.js";

interface Sample {
  readonly line: string;
  readonly expect: Record<string, unknown> | null;
  readonly after?: readonly string[];
}
interface RuleData {
  readonly id: string;
  readonly alert?: boolean;
  readonly samples?: readonly Sample[];
}
interface RuleFileData {
  readonly file: string;
  readonly rules: readonly RuleData[];
  readonly logformat?: { readonly program: string };
}

const registry = new FormatRegistry();
registry.registerAll(builtinConverters);

const engine = builtinRuleEngine();
/**
 * Whether a line is syslog for the rules: it parses, and names a program that has rules. BIND's
 * category log (`10-Jan-2024 12:00:00.123 security: info: client ...`) parses as a line of program
 * "security", which has none: it is an application-log line.
 */
const isSyslog = (line: string): boolean => {
  try {
    return engine.knows(parseSyslog(line, { referenceMs: Date.parse(REFERENCE_NOW), timezone: "Z" }));
  } catch {
    return false;
  }
};

type Mode = "detected" | "applog" | "applog+program" | "syslog";

/** The messages one line alone gives, converted as `mode` says. */
async function convertAlone(line: string, mode: Mode, program: string | undefined): Promise<{ format: string; messages: Message[] }> {
  const text = `${line}\n`;
  const converter =
    mode === "detected"
      ? detectFormat(text, registry, "one line").entry.converter
      : registry.lookup(mode === "syslog" ? "syslog" : "applog")!.converter;
  const messages: Message[] = [];
  await runPipeline({
    converter,
    inputs: [textInput("one-line.log", text)],
    options: mode === "applog+program" ? { program } : {},
    now: () => REFERENCE_NOW,
    sinks: {
      messages: { write: (message) => void messages.push(message) },
      rejects: { write: () => undefined },
    },
  });
  return { format: converter.format, messages };
}

/** The positive samples to check, with the rule they belong to and the program that declares their format. */
function applogSamples(): { rule: string; program: string | undefined; sample: Sample }[] {
  const out: { rule: string; program: string | undefined; sample: Sample }[] = [];
  for (const file of BUILTIN_RULE_FILES as readonly RuleFileData[]) {
    const declared = file.file.includes("/applog-");
    for (const rule of file.rules) {
      // A memory-only rule gives no message of its own (rule-samples.test.ts checks it remembers).
      if (rule.alert === false) continue;
      for (const sample of rule.samples ?? []) {
        // `after` samples need earlier lines of the same file: not a one-line file.
        if (sample.expect === null || sample.after !== undefined) continue;
        if (!declared && isSyslog(sample.line)) continue;
        out.push({ rule: rule.id, program: declared ? file.logformat?.program : undefined, sample });
      }
    }
  }
  return out;
}

describe("every application-log sample line, alone in a file", () => {
  const samples = applogSamples();

  it("are a few hundred (the selection did not come out empty)", () => {
    assert.ok(samples.length > 250, `only ${samples.length} samples selected`);
  });

  const modeText: Record<Mode, string> = {
    detected: "with no format given",
    applog: "with --from applog and no program",
    "applog+program": "with --from applog -O program=<its program>",
    // `--from syslog` handed an application's own log file: each line that is not syslog falls
    // back to the declared program formats (issue 10).
    syslog: "with --from syslog",
  };
  for (const mode of ["detected", "applog", "applog+program", "syslog"] as const) {
    it(`gives its rule and fields, ${modeText[mode]}`, async () => {
      const failures: string[] = [];
      for (const { rule, program, sample } of samples) {
        if (mode === "applog+program" && program === undefined) continue;
        let result: { format: string; messages: Message[] };
        try {
          result = await convertAlone(sample.line, mode, program);
        } catch (error) {
          failures.push(`${rule}: ${(error as Error).message} for: ${sample.line}`);
          continue;
        }
        const hit = result.messages.find((m) => ruleIdOf(m as unknown as Record<string, unknown>) === rule);
        if (hit === undefined) {
          const got = result.messages.map((m) => ruleIdOf(m as unknown as Record<string, unknown>)).join(", ") || "no message";
          failures.push(`${rule}: read as ${result.format}, got ${got} for: ${sample.line}`);
          continue;
        }
        const { CreateTime: _zoneDependent, ...expected } = sample.expect!;
        const mismatch = subsetMismatch(hit, expected);
        if (mismatch !== undefined) failures.push(`${rule}: ${mismatch} for: ${sample.line}`);
      }
      assert.deepEqual(failures, [], `${failures.length} of ${samples.length} samples fail`);
    });
  }
});
