// Plugins that have no idmefv2 of their own, or a copy of their own (issue 12): a standalone
// plugin file with no node_modules beside it loads through config and converts with what ctx
// gives; errors from a plugin's own copy of idmefv2 are still CONVERSION_FAILED / INVALID_TIMESTAMP.
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runNode } from "../helpers/run-node.js";
import { withTempDir } from "./helpers.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CLI = join(ROOT, "dist/cli/main.js");

/** The docs' pattern: one .mjs file, types from idmefv2 only in a JSDoc comment, no import at run time. */
const STANDALONE = `// kv-plugin.mjs: needs no idmefv2 at run time; ctx gives reject, timestamp, skip and warn.
/** @type {import("idmefv2").Plugin} */
export default {
  name: "kv-plugin",
  converters: [{
    format: "kv",
    description: "key=value lines",
    input: "lines",
    options: { source: { type: "string", default: "kv box", description: "Analyzer Name" } },
    setup: (options) => (line, ctx) => {
      const fields = Object.fromEntries(line.split(" ").map((pair) => pair.split("=", 2)));
      if (fields.ts === undefined) return ctx.reject("no ts= field");
      if (fields.type === "heartbeat") { ctx.skip("heartbeat"); return null; }
      return { CreateTime: ctx.timestamp(fields.ts), Description: fields.msg,
        Analyzer: { Name: options.source, IP: "192.0.2.1", Category: ["NET.NIDS"], Data: ["Network"], Method: ["Signature"] } };
    },
  }],
};
`;

const INPUT = "ts=2026-01-15T10:00:00Z msg=scan\nmsg=no-time\nts=yesterday msg=bad-time\nts=2026-01-15T10:00:01Z type=heartbeat\n";

interface Reject {
  line: number;
  code: string;
  reason: string;
}

function rejectsOf(path: string): Reject[] {
  return readFileSync(path, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Reject);
}

test("a standalone plugin file (no node_modules anywhere near it) loads through config and converts", async () => {
  await withTempDir(async (dir) => {
    mkdirSync(join(dir, "etc", "idmefv2"), { recursive: true });
    mkdirSync(join(dir, "work"));
    const plugin = join(dir, "etc", "idmefv2", "kv-plugin.mjs");
    writeFileSync(plugin, STANDALONE);
    writeFileSync(join(dir, "work", ".idmefv2rc.yaml"), `plugins:\n  - ${plugin}\noptions:\n  kv:\n    source: edge-1\n`);
    writeFileSync(join(dir, "work", "events.log"), INPUT);
    assert.equal(existsSync(join(dir, "etc", "idmefv2", "node_modules")), false);
    const run = await runNode([CLI, "convert", "--from", "kv", "events.log", "--rejects", "rejects.ndjson"], { cwd: join(dir, "work") });
    assert.equal(run.code, 1, run.stderr); // some records rejected
    const messages = run.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { Description: string; Analyzer: { Name: string } });
    assert.deepEqual(
      messages.map((m) => [m.Description, m.Analyzer.Name]),
      [["scan", "edge-1"]],
    );
    assert.deepEqual(
      rejectsOf(join(dir, "work", "rejects.ndjson")).map((r) => [r.line, r.code]),
      [
        [2, "CONVERSION_FAILED"],
        [3, "INVALID_TIMESTAMP"],
      ],
    );
    assert.doesNotMatch(run.stderr, /Cannot find package|CONVERTER_ERROR/);
  });
});

/** A folder plugin with its own node_modules/idmefv2: the library's real error module, another instance. */
function pluginWithOwnCopy(dir: string): string {
  const copy = join(dir, "plugin", "node_modules", "idmefv2");
  mkdirSync(join(copy, "dist", "core"), { recursive: true });
  copyFileSync(join(ROOT, "dist", "core", "errors.js"), join(copy, "dist", "core", "errors.js"));
  writeFileSync(join(copy, "package.json"), JSON.stringify({ name: "idmefv2", type: "module", exports: { ".": "./dist/core/errors.js" } }));
  writeFileSync(
    join(dir, "plugin", "index.mjs"),
    `import { ConversionError, TimestampError } from "idmefv2";
export default { name: "own-copy", converters: [{ format: "own", description: "throws its copy's errors", input: "lines",
  convert(line) {
    if (line.startsWith("t")) throw new TimestampError("INVALID_TIMESTAMP", "not an RFC 3339 timestamp: " + JSON.stringify(line));
    throw new ConversionError("cannot convert " + line);
  } }] };
`,
  );
  return join(dir, "plugin", "index.mjs");
}

test("a plugin with its own copy of idmefv2: its ConversionError and TimestampError are classified by code", async () => {
  await withTempDir(async (dir) => {
    const path = pluginWithOwnCopy(dir);
    // The premise, checked in plain Node as the CLI runs (tsx here would map "idmefv2" to src/):
    // the plugin's class is its copy's, so instanceof could not recognise it.
    const premise = await runNode(
      [
        "--input-type=module",
        "-e",
        `const { default: p } = await import(${JSON.stringify(path)});
const { ConversionError } = await import(${JSON.stringify(join(ROOT, "dist/core/errors.js"))});
try { p.converters[0].convert("x"); } catch (e) { console.log(e.code, e instanceof ConversionError); }`,
      ],
      { cwd: dir },
    );
    assert.equal(premise.stdout.trim(), "CONVERSION_FAILED false", premise.stderr);
    writeFileSync(join(dir, "c.json"), JSON.stringify({ plugins: ["./plugin/index.mjs"] }));
    writeFileSync(join(dir, "in.log"), "abc\ntime?\n");
    const run = await runNode([CLI, "convert", "--config", "c.json", "--from", "own", "in.log", "--rejects", "r.ndjson"], { cwd: dir });
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(
      rejectsOf(join(dir, "r.ndjson")).map((r) => [r.code, r.reason]),
      [
        ["CONVERSION_FAILED", "cannot convert abc"],
        ["INVALID_TIMESTAMP", 'not an RFC 3339 timestamp: "time?"'],
      ],
    );
  });
});
