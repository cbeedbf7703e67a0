import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Converter } from "../../src/core/converter.js";
import { IdmefError } from "../../src/core/errors.js";
import { loadRegistry } from "../../src/framework/config.js";
import { describeOrigin } from "../../src/framework/registry.js";
import { convertText, withTempDir } from "./helpers.js";

/** A plain-object plugin (no imports) converting "key=value" lines. */
const PLUGIN_SOURCE = `
const analyzer = { Name: "kv", IP: "192.0.2.1" };
export default {
  name: "kv-plugin",
  converters: [{
    format: "kv",
    aliases: ["keyvalue"],
    description: "key=value lines",
    input: "lines",
    detect: (sample) => (sample.startsWith("time=") ? 0.9 : 0),
    convert(line, ctx) {
      const fields = Object.fromEntries(line.split(" ").map((pair) => pair.split("=")));
      if (!fields.time) { ctx.skip("no time"); return null; }
      return { CreateTime: fields.time, Description: (ctx.options.prefix ?? "") + fields.msg, Analyzer: analyzer };
    },
  }],
};
`;

const BUILTIN: Converter = { format: "builtin-one", description: "a built-in", input: "lines", convert: () => null };

/** Each config form cosmiconfig should find, as [file name, content]. */
const FORMS: readonly [string, string][] = [
  ["package.json", JSON.stringify({ name: "app", idmefv2: { plugins: ["./plugins/kv.mjs"], options: { kv: { prefix: "pkg: " } } } })],
  [".idmefv2rc", "plugins:\n  - ./plugins/kv.mjs\noptions:\n  kv:\n    prefix: 'rc: '\n"],
  [".idmefv2rc.json", JSON.stringify({ plugins: ["./plugins/kv.mjs"], options: { kv: { prefix: "json: " } } })],
  [".idmefv2rc.yaml", "plugins: [./plugins/kv.mjs]\noptions: { kv: { prefix: 'yaml: ' } }\nversion: 2.D.V08\n"],
  ["idmefv2.config.js", 'module.exports = { plugins: ["./plugins/kv.mjs"], options: { kv: { prefix: "js: " } } };\n'],
  ["idmefv2.config.mjs", 'export default { plugins: ["./plugins/kv.mjs"], options: { kv: { prefix: "mjs: " } } };\n'],
];

for (const [file, content] of FORMS) {
  test(`a plugin is found through ${file}, from a subfolder, with paths relative to the config`, async () => {
    await withTempDir(async (dir) => {
      mkdirSync(join(dir, "plugins"));
      mkdirSync(join(dir, "work", "deeper"), { recursive: true });
      writeFileSync(join(dir, "plugins", "kv.mjs"), PLUGIN_SOURCE);
      writeFileSync(join(dir, file), content);
      const { loaded, registry } = await loadRegistry({ cwd: join(dir, "work", "deeper") }, [BUILTIN]);
      assert.equal(loaded.filepath, join(dir, file));
      assert.deepEqual(registry.names(), ["builtin-one", "kv"]);
      const entry = registry.lookup("keyvalue");
      assert.equal(entry?.converter.format, "kv");
      assert.equal(describeOrigin(entry!.origin), `plugin kv-plugin (${join(dir, "plugins", "kv.mjs")})`);
      const prefix = String(loaded.config.options["kv"]?.["prefix"]);
      const { sinks, stats } = await convertText(entry!.converter, "time=2026-01-15T10:00:00Z msg=hello\nmsg=no-time\n", {
        options: loaded.config.options["kv"] ?? {},
      });
      assert.deepEqual(
        sinks.messages.map((m) => m.Description),
        [`${prefix}hello`],
      );
      assert.deepEqual({ ...stats.skipped }, { "no time": 1 });
    });
  });
}

test("--config FILE overrides the search, and its relative paths resolve from its own folder", async () => {
  await withTempDir(async (dir) => {
    mkdirSync(join(dir, "conf"));
    mkdirSync(join(dir, "elsewhere"));
    writeFileSync(join(dir, "kv.mjs"), PLUGIN_SOURCE);
    writeFileSync(join(dir, "conf", "my-config.json"), JSON.stringify({ plugins: ["../kv.mjs"], version: "2.D.V07" }));
    // A config the search would find: --config must win over it.
    writeFileSync(join(dir, "elsewhere", ".idmefv2rc.json"), JSON.stringify({ plugins: ["./missing.mjs"] }));
    const { loaded, registry } = await loadRegistry({ cwd: join(dir, "elsewhere"), configFile: "../conf/my-config.json" }, []);
    assert.equal(loaded.config.version, "2.D.V07");
    assert.deepEqual(registry.names(), ["kv"]);
  });
});

test("no config anywhere: only the built-ins", async () => {
  await withTempDir(async (dir) => {
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "plain" }));
    const { loaded, registry } = await loadRegistry({ cwd: dir }, [BUILTIN]);
    assert.equal(loaded.filepath, undefined);
    assert.deepEqual(registry.names(), ["builtin-one"]);
  });
});

test("a plugin registered later replaces a built-in of the same format name", async () => {
  await withTempDir(async (dir) => {
    writeFileSync(join(dir, "kv.mjs"), PLUGIN_SOURCE.replace('format: "kv"', 'format: "builtin-one"'));
    writeFileSync(join(dir, ".idmefv2rc.json"), JSON.stringify({ plugins: ["./kv.mjs"] }));
    const { registry } = await loadRegistry({ cwd: dir }, [BUILTIN]);
    const entry = registry.lookup("builtin-one");
    assert.equal(entry?.origin.kind, "plugin");
    assert.deepEqual(entry?.replaces, [{ kind: "builtin" }]);
    assert.deepEqual(registry.names(), ["builtin-one"]);
  });
});

/** [what is broken, plugin file content or undefined for a missing file, expected message pattern]. */
const BROKEN: readonly [string, string | undefined, RegExp][] = [
  ["a missing file", undefined, /^plugin "\.\/bad\.mjs" \(.*bad\.mjs\): file not found/],
  ["a syntax error", "export default {", /^plugin "\.\/bad\.mjs" \(.*bad\.mjs\): cannot be loaded: /],
  ["no converters", 'export default { name: "x", converters: [] };', /converters is empty/],
  [
    "a converter of the wrong shape",
    'export default { name: "x", converters: [{ format: "y", description: "d", input: "xml" }] };',
    /is not a valid idmefv2 plugin: converters\[0\]\.input must be "lines", "json-lines" or "document", got "xml"; converters\[0\] needs setup\(options\)/,
  ],
  ["an export that is not an object", "export default 42;", /must export \(default\) an object \{ name, converters \}, got number/],
];

for (const [what, source, pattern] of BROKEN) {
  test(`a broken plugin (${what}) stops with an error naming the plugin, its path and the problem`, async () => {
    await withTempDir(async (dir) => {
      if (source !== undefined) writeFileSync(join(dir, "bad.mjs"), source);
      writeFileSync(join(dir, ".idmefv2rc.json"), JSON.stringify({ plugins: ["./bad.mjs"] }));
      await assert.rejects(loadRegistry({ cwd: dir }, []), (error: unknown) => {
        assert.ok(error instanceof IdmefError);
        assert.equal(error.code, "PLUGIN_ERROR");
        assert.match(error.message, pattern);
        assert.ok(error.message.includes(join(dir, "bad.mjs")));
        return true;
      });
    });
  });
}

test("an npm package plugin that is not installed says how to fix it", async () => {
  await withTempDir(async (dir) => {
    writeFileSync(join(dir, ".idmefv2rc.json"), JSON.stringify({ plugins: ["idmefv2-plugin-nowhere"] }));
    await assert.rejects(loadRegistry({ cwd: dir }, []), /plugin "idmefv2-plugin-nowhere" .*package not found; install it/);
  });
});

test("an npm package plugin is loaded from node_modules, import-only exports included", async () => {
  await withTempDir(async (dir) => {
    const pkg = join(dir, "node_modules", "idmefv2-plugin-kv");
    mkdirSync(join(pkg, "lib"), { recursive: true });
    writeFileSync(
      join(pkg, "package.json"),
      JSON.stringify({ name: "idmefv2-plugin-kv", type: "module", exports: { ".": { import: "./lib/index.js" } } }),
    );
    writeFileSync(join(pkg, "lib", "index.js"), PLUGIN_SOURCE);
    writeFileSync(join(dir, ".idmefv2rc.json"), JSON.stringify({ plugins: ["idmefv2-plugin-kv"] }));
    const { registry } = await loadRegistry({ cwd: dir }, []);
    assert.deepEqual(registry.names(), ["kv"]);
  });
});

const BAD_CONFIGS: readonly [string, string, RegExp][] = [
  [".idmefv2rc.json", '{"plugin": []}', /unknown key "plugin": the keys are plugins, mappings, options, version, defaults and follow/],
  [".idmefv2rc.json", '{"plugins": "./x.mjs"}', /"plugins" must be an array of non-empty strings/],
  [".idmefv2rc.yaml", "version: 3.0\n", /"version" 3 is not a known IDMEFv2 version/],
  [".idmefv2rc.json", '{"options": {"kv": 1}}', /"options\.kv" must be an object/],
  [".idmefv2rc.json", "{not json", /cannot|JSON/],
];

for (const [file, content, pattern] of BAD_CONFIGS) {
  test(`a bad config (${content}) is a CONFIG_ERROR naming the file`, async () => {
    await withTempDir(async (dir) => {
      writeFileSync(join(dir, file), content);
      await assert.rejects(loadRegistry({ cwd: dir }, []), (error: unknown) => {
        assert.ok(error instanceof IdmefError && error.code === "CONFIG_ERROR", String(error));
        assert.match(error.message, pattern);
        assert.ok(error.message.includes(join(dir, file)), error.message);
        return true;
      });
    });
  });
}
