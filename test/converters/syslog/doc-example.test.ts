// The rule file example of docs/mapping-syslog.md, saved as a file, loads and does what it says.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadRuleFile } from "../../../src/converters/syslog/rule-set.js";
import { syslog } from "../../../src/converters/syslog/index.js";
import { checkConverterOptions } from "../../../src/framework/check-options.js";
import { convertOne, ruleIdOf, subsetMismatch } from "./helpers.js";

/** The YAML block between the doc's rule-file-example markers. */
function docExample(): string {
  const doc = readFileSync("docs/mapping-syslog.md", "utf8");
  const block = /<!-- rule-file-example:start -->\n```yaml\n([\s\S]*?)```\n<!-- rule-file-example:end -->/.exec(doc);
  assert.ok(block !== null, "docs/mapping-syslog.md has no rule-file-example block");
  return block[1]!;
}

test("the documented rule file loads, passes the converter's option check, and its samples hold", () => {
  const dir = mkdtempSync(join(tmpdir(), "idmefv2-syslog-doc-"));
  try {
    const file = join(dir, "my-rules.yaml");
    writeFileSync(file, docExample());
    const rules = loadRuleFile(file);
    assert.deepEqual(
      rules.map((r) => r.spec.id),
      ["local.invalid-user"],
    );
    checkConverterOptions(syslog, { rules: [file] });
    const samples = rules[0]!.spec.samples;
    assert.ok(samples.some((s) => s.expect === null) && samples.some((s) => s.expect !== null));
    for (const sample of samples) {
      const { messages } = convertOne(sample.line, { rules: [file] });
      if (sample.expect === null) {
        assert.notEqual(ruleIdOf(messages[0]), "local.invalid-user", `must not match: ${sample.line}`);
        continue;
      }
      assert.equal(messages.length, 1, sample.line);
      assert.equal(ruleIdOf(messages[0]), "local.invalid-user", `the user's rule comes before the built-ins: ${sample.line}`);
      assert.equal(subsetMismatch(messages[0], sample.expect), undefined);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a top-level list (no `rules:` key) is refused with a clear reason", () => {
  const dir = mkdtempSync(join(tmpdir(), "idmefv2-syslog-doc-"));
  try {
    const file = join(dir, "list.yaml");
    writeFileSync(file, "- id: x\n  programs: [sshd]\n");
    assert.throws(() => loadRuleFile(file), /must be a mapping with a `rules` list/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
