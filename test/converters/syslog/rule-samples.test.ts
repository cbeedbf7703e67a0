// Every built-in rule's embedded samples: the line must hit that rule and give the expected fields
// (or, for `expect: null`, must not hit it); every message must validate against 2.D.V08.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { loadBuiltinRules, SKIP_REMEMBERED } from "../../../src/converters/syslog/index.js";
import { generatedRulesModule } from "../../../scripts/generate-syslog-rules.js";
import { schemaProblems } from "../../../src/core/validator.js";
import { convertOne, ruleIdOf, subsetMismatch } from "./helpers.js";

const rules = loadBuiltinRules();

describe("built-in syslog rules", () => {
  it("are compiled into builtin-rules.generated.ts exactly as the YAML files say (run npm run generate:syslog-rules)", () => {
    assert.equal(readFileSync("src/converters/syslog/builtin-rules.generated.ts", "utf8"), generatedRulesModule());
  });

  it("have unique ids, and every rule has at least one matching sample", () => {
    const ids = rules.map((r) => r.spec.id);
    assert.equal(new Set(ids).size, ids.length, `duplicate rule ids: ${ids.filter((id, i) => ids.indexOf(id) !== i).join(", ")}`);
    for (const rule of rules) {
      assert.ok(
        rule.spec.samples.some((s) => s.expect !== null),
        `rule ${rule.spec.id} has no positive sample`,
      );
    }
  });

  for (const rule of rules) {
    it(`${rule.spec.id}: samples give the expected result`, () => {
      for (const sample of rule.spec.samples) {
        // `after`: earlier lines of the same input (what a session rule recalls), from line 1.
        const before = sample.after ?? [];
        before.forEach((line, i) => convertOne(line, {}, "samples.log", i + 1));
        const { messages, skipped } = convertOne(sample.line, {}, "samples.log", before.length + 1);
        if (sample.expect === null) {
          assert.notEqual(ruleIdOf(messages[0]), rule.spec.id, `must not match: ${sample.line}`);
          continue;
        }
        if (!rule.alert) {
          // A memory-only rule: its lines are skipped as remembered, never alerts.
          assert.equal(skipped, SKIP_REMEMBERED, `not remembered by ${rule.spec.id}: ${sample.line}`);
          continue;
        }
        assert.equal(messages.length, 1, `no message (skipped: ${skipped}) for: ${sample.line}`);
        const message = messages[0]!;
        assert.equal(ruleIdOf(message), rule.spec.id, `another rule matched: ${sample.line}`);
        const mismatch = subsetMismatch(message, sample.expect);
        assert.equal(mismatch, undefined, `${mismatch} for: ${sample.line}`);
        assert.deepEqual(schemaProblems(message, { version: "2.D.V08" }), [], `invalid message for: ${sample.line}`);
      }
    });
  }
});

describe("requiredLiteral (the pre-filter of rules without a literal start)", () => {
  it("takes the longest literal run outside groups, classes and optional parts", async () => {
    const { requiredLiteral } = await import("../../../src/converters/syslog/rule-set.js");
    assert.equal(requiredLiteral("^(?<u>\\S+) .* authentication failure; x"), " authentication failure; x");
    assert.equal(requiredLiteral("^x(?:foo)? bar baz"), " bar baz");
    assert.equal(requiredLiteral("^a(?:b){0,10} cdef"), " cdef", "a quantifier after a group is not literal text");
    assert.equal(requiredLiteral("^ab{0,10}cdef"), "cdef");
    assert.equal(requiredLiteral("abc?def"), "", "too short on both sides of the optional c");
    assert.equal(requiredLiteral("^foo bar|baz qux"), "", "top-level alternation");
  });

  it("is contained in every positive sample of every rule that has one", async () => {
    // In the line, or in the message a declared line form rewrites it to (Traefik's JSON access
    // log is read as the Combined form).
    const { builtinRuleEngine } = await import("../../../src/converters/syslog/options.js");
    const formats = builtinRuleEngine().formats;
    const texts = (line: string): string[] => [
      line,
      ...[...formats.readings(line, { referenceMs: Date.now(), timezone: "Z" })].map((r) => r.message),
    ];
    for (const rule of rules) {
      if (rule.literal === "") continue;
      for (const s of rule.spec.samples)
        if (s.expect !== null)
          assert.ok(
            texts(s.line).some((t) => t.includes(rule.literal)),
            `${rule.spec.id}: ${JSON.stringify(rule.literal)} not in ${s.line}`,
          );
    }
  });
});

describe("literalPrefix (the pre-filter before a rule's regex)", () => {
  it("takes the literal start of an anchored pattern, and nothing when a branch could start otherwise", async () => {
    const { literalPrefix } = await import("../../../src/converters/syslog/rule-set.js");
    assert.equal(literalPrefix("^Failed (?<m>\\S+) for"), "Failed ");
    assert.equal(literalPrefix("^\\[pid \\d+\\]"), "[pid ");
    assert.equal(literalPrefix("^abc?d"), "ab");
    assert.equal(literalPrefix("^\\s*(?<user>\\S+)"), "");
    assert.equal(literalPrefix("^abc|def"), "");
    assert.equal(literalPrefix("^a(?:b|c)"), "a");
    assert.equal(literalPrefix("Failed"), "");
  });
});
