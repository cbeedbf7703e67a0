// The first-character dispatch (first-chars.ts, KeyRules in rule-engine.ts) is a shortcut: a rule
// left out for a message must be one whose pattern cannot match it. Checked over every message of
// the fixtures and corpora, every rule sample, and messages generated from each rule's own
// samples (each sample's message with its first character replaced by every printable ASCII
// character, a space and a few non-ASCII ones), against every rule's regex; and on patterns
// built to sit on the reader's edges.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { firstChars } from "../../../src/converters/syslog/first-chars.js";
import { KeyRules, ruleInput } from "../../../src/converters/syslog/rule-engine.js";
import { LogFormatSet } from "../../../src/converters/syslog/applog-parse.js";
import { loadBuiltinLogFormats, loadBuiltinRules, parseSyslog } from "../../../src/converters/syslog/index.js";

function logFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? logFiles(join(dir, e.name)) : /\.(log|txt)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** The message of a syslog line as the rules see it, or the whole line when it is not syslog. */
function messageOf(line: string): string {
  try {
    return ruleInput(parseSyslog(line, { referenceMs: Date.parse("2026-01-15T12:00:00Z"), timezone: "Z" }).message);
  } catch {
    return ruleInput(line);
  }
}

describe("first-character dispatch of rules", () => {
  it("never leaves out a rule whose regex matches the message (corpora, samples, generated messages)", () => {
    const rules = loadBuiltinRules();
    const messages = new Set<string>();
    for (const file of [...logFiles("fixtures/syslog"), ...logFiles("fixtures/applog")])
      for (const line of readFileSync(file, "utf8").split("\n")) if (line.trim() !== "") messages.add(messageOf(line.replace(/\r$/, "")));
    const variants = [...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)), "\t", "\u00a0", "\u2028", "é", "\u{1F600}"];
    for (const rule of rules)
      for (const sample of rule.spec.samples) {
        const message = messageOf(sample.line);
        messages.add(message);
        messages.add(message.trimStart());
        for (const v of variants) messages.add(v + message.slice(1));
        messages.add(message.slice(1));
        messages.add("");
      }
    // One dispatch list over every rule: the check is per rule, whatever its programs.
    const all = new KeyRules();
    for (const rule of rules) all.add(rule);
    let matches = 0;
    for (const text of messages) {
      const candidates = new Set(all.candidates(text));
      for (const rule of rules) {
        if (!rule.regex.test(text)) continue;
        matches++;
        assert.ok(candidates.has(rule), `rule ${rule.spec.id} matches but is not a candidate for ${JSON.stringify(text)}`);
      }
    }
    assert.ok(messages.size > 20_000 && matches > 2_000, `only ${messages.size} messages, ${matches} matches checked`);
  });

  it("never skips a log format line form whose prefix matches the line or message (fixtures, corpora, generated lines)", () => {
    const texts = new Set<string>();
    for (const file of [...logFiles("fixtures/syslog"), ...logFiles("fixtures/applog")])
      for (const raw of readFileSync(file, "utf8").split("\n")) {
        const line = raw.replace(/\r$/, "");
        if (line.trim() === "") continue;
        texts.add(line);
        texts.add(messageOf(line));
        for (const v of [" ", "[", "2", "x", "\t", "é"]) texts.add(v + line.slice(1));
      }
    const forms = loadBuiltinLogFormats().flatMap((f) => [...f.lines, ...f.syslogForms]);
    assert.ok(forms.length > 20 && forms.some((f) => f.firstChars !== undefined), "too few line forms with a first-character set");
    let matches = 0;
    for (const text of texts)
      for (const form of forms) {
        if (!form.regex.test(text)) continue;
        matches++;
        assert.ok(
          form.firstChars === undefined || form.firstChars.has(text.charCodeAt(0)),
          `prefix ${form.regex.source} matches but its first characters leave out ${JSON.stringify(text)}`,
        );
      }
    assert.ok(matches > 500, `only ${matches} matches checked`);
  });

  it("reads a line with the same formats, in the same order, through the per-character index (LogFormatSet.readings)", () => {
    const formats = new LogFormatSet(loadBuiltinLogFormats());
    const options = { referenceMs: Date.parse("2026-01-15T12:00:00Z"), timezone: "Z" };
    const lines = new Set<string>(["", "é x", "\u{1F600} x"]);
    for (const file of [...logFiles("fixtures/syslog"), ...logFiles("fixtures/applog")])
      for (const raw of readFileSync(file, "utf8").split("\n")) {
        const line = raw.replace(/\r$/, "");
        lines.add(line);
        for (const v of [" ", "{", "<", "2", "x"]) lines.add(v + line.slice(1));
      }
    let read = 0;
    for (const line of lines) {
      // Every format in priority order, each through its own checks: what readings gave before the index.
      const everyFormat = formats.formats.flatMap((f) => {
        const record = formats.parseWith(f, line, options);
        return record === undefined ? [] : [record];
      });
      assert.deepEqual([...formats.readings(line, options)], everyFormat, JSON.stringify(line));
      read += everyFormat.length;
    }
    assert.ok(read > 100, `only ${read} readings compared`);
  });

  it("keeps the rules' order within each first character", () => {
    const rules = loadBuiltinRules().filter((r) => r.spec.programs.includes("sshd"));
    const list = new KeyRules();
    for (const rule of rules) list.add(rule);
    for (const text of ["Failed password for root from 192.0.2.1 port 22 ssh2", "error: x", "", "é"]) {
      const candidates = list.candidates(text);
      const order = candidates.map((r) => rules.indexOf(r));
      assert.deepEqual(
        order,
        [...order].sort((a, b) => a - b),
        `out of order for ${JSON.stringify(text)}`,
      );
    }
  });

  it("reads the first characters of alternations, optional parts, classes and escapes", () => {
    const set = (p: string): string | undefined => {
      const chars = firstChars(p);
      return chars === undefined ? undefined : String.fromCharCode(...[...chars].sort((a, b) => a - b));
    };
    assert.equal(set("^(?:error: )?Received disconnect"), "Re");
    assert.equal(set("^(?:Invalid|Illegal) user"), "I");
    assert.equal(set("^(?:a|b)?(?:c)*[d-f]x"), "abcdef");
    assert.equal(set("^(?<name>x|y)z"), "xy");
    assert.equal(set("^\\[ID"), "[");
    assert.equal(set("^\\d{1,3}"), "0123456789");
    assert.equal(set("^(?:\\d{0,3}|q)r"), "0123456789qr");
    assert.equal(set("^[\\]\\-a]"), "-]a");
    assert.equal(set("^(?=ab)a"), "a");
    // A positive lookahead constrains the character where it stands; a negative one says nothing.
    assert.equal(set("^(?=ab)"), "a");
    assert.equal(set("^(?:q )?(?=F|A)"), "AFq");
    assert.equal(set("^(?=a)?b"), "ab");
    assert.equal(set("^(?!a)b"), "b");
    assert.equal(set("^(?=a|)x"), "x");
    assert.equal(set("^(?=.)x"), "x");
    assert.equal(set("^(?=(?:[^ ]+ )?x)y"), "y");
    assert.equal(set("^\\x41\\u0042"), "A");
    assert.equal(set("^\\s*x")?.includes("x"), true);
    assert.equal(set("^\\s*x")?.includes(" "), true);
    // "Any": not anchored, a top-level alternation, a pattern that can match nothing at the start,
    // a negated class, `.`, \S, a back-reference, inline flags, a literal '{'.
    for (const p of ["Failed", "^a|b", "^(?:x)?", "^x?", "^[^a]", "^.x", "^\\Sx", "^\\1(a)", "^(?i:a)", "^{x", "^(?:a|)"])
      assert.equal(firstChars(p), undefined, p);
  });
});
