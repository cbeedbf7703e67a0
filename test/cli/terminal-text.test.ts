import { test } from "node:test";
import assert from "node:assert/strict";
import { terminalSafe } from "../../src/cli/terminal-text.js";

test("terminalSafe escapes what could drive a terminal or forge an output line", () => {
  assert.equal(terminalSafe("plain text, ünïcödé"), "plain text, ünïcödé");
  assert.equal(terminalSafe("a\u001b]0;owned\u0007b"), "a\\u001b]0;owned\\u0007b");
  assert.equal(terminalSafe("x\nidmefv2: read 0 record(s)"), "x\\nidmefv2: read 0 record(s)");
  assert.equal(terminalSafe("\r\t\u0000\u009b\u2028"), "\\r\\t\\u0000\\u009b\\u2028");
});
