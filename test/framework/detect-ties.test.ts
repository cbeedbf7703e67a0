// Detection ties: a later registration (a plugin) that scores exactly as high as a built-in wins,
// as it wins name lookups; close but unequal scores stay ambiguous. Also through the CLI.
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Converter } from "../../src/core/converter.js";
import { detectFormat } from "../../src/framework/detect.js";
import { FormatRegistry } from "../../src/framework/registry.js";
import { runNode } from "../helpers/run-node.js";
import { withTempDir } from "./helpers.js";

const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));

function scoring(format: string, score: number): Converter {
  return { format, description: format, input: "lines", detect: () => score, setup: () => () => null };
}

test("an exact tie goes to the later registration, and the detection names who it beat", () => {
  const registry = new FormatRegistry();
  registry.register(scoring("builtin", 0.9));
  registry.register(scoring("plugin", 0.9), { kind: "plugin", plugin: "p", path: "/p.mjs" });
  const detection = detectFormat("x", registry, "x.log");
  assert.equal(detection.entry.converter.format, "plugin");
  assert.deepEqual(detection.tiedWith, ["builtin"]);
  // The order of registration decides, not the names.
  const reversed = new FormatRegistry();
  reversed.register(scoring("plugin", 0.9));
  reversed.register(scoring("builtin", 0.9));
  assert.equal(detectFormat("x", reversed, "x.log").entry.converter.format, "builtin");
});

test("close but unequal scores are still ambiguous; a clear winner has no ties", () => {
  const registry = new FormatRegistry();
  registry.register(scoring("a", 0.9));
  registry.register(scoring("b", 0.85));
  assert.throws(() => detectFormat("x", registry, "x.log"), /ambiguous: candidates a 0\.90, b 0\.85/);
  const clear = new FormatRegistry();
  clear.register(scoring("a", 0.9));
  clear.register(scoring("b", 0.3));
  assert.deepEqual(detectFormat("x", clear, "x.log").tiedWith, []);
});

test("CLI: a plugin detecting fail2ban lines exactly as surely as syslog is chosen without --from", async () => {
  await withTempDir(async (dir) => {
    writeFileSync(join(dir, "ban.log"), "Jan 15 12:00:00 host fail2ban.actions[123]: NOTICE [sshd] Ban 192.0.2.7\n");
    // The built-in syslog score of this line, so that the plugin ties it exactly whatever it is.
    const builtin = await runNode([CLI, "detect", "ban.log", "--json"], { cwd: dir });
    const json = builtin.stdout.slice(0, builtin.stdout.lastIndexOf("}") + 1);
    const score = (JSON.parse(json) as { scores: { format: string; score: number }[] }).scores.find((s) => s.format === "syslog")?.score;
    assert.ok(score !== undefined && score >= 0.5, `syslog should recognize the line, scored ${String(score)}`);
    writeFileSync(
      join(dir, "ban.mjs"),
      `export default { name: "ban", converters: [{ format: "ban", description: "fail2ban lines", input: "lines",
        detect: (sample) => (sample.includes("fail2ban") ? ${score} : 0),
        setup: () => (line, ctx) => ({ CreateTime: ctx.now(), Description: "ban",
          Analyzer: { Name: "fail2ban", IP: "192.0.2.1", Category: ["NET.NIDS"], Data: ["Network"], Method: ["Signature"] } }) }] };\n`,
    );
    writeFileSync(join(dir, ".idmefv2rc.json"), JSON.stringify({ plugins: ["./ban.mjs"] }));
    const text = await runNode([CLI, "detect", "ban.log"], { cwd: dir });
    assert.equal(text.code, 0, text.stderr);
    assert.equal(text.stdout, `ban.log: ban (confidence ${score.toFixed(2)}; tied with syslog: the later registration wins)\n`);
    const convert = await runNode([CLI, "convert", "ban.log"], { cwd: dir });
    assert.equal(convert.code, 0, convert.stderr);
    assert.match(convert.stdout, /"Description":"ban"/);
  });
});
