// Config trust (issue 11 item 13): the search stops at the project root, the home folder and any
// folder others may write; JS configs and plugins are never loaded from such places; --no-config.
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, chownSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { findConfigFile, loadConfig, loadRegistry } from "../../src/framework/config.js";
import { untrustedReason } from "../../src/framework/config-trust.js";
import { runNode } from "../helpers/run-node.js";
import { withTempDir } from "./helpers.js";

const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));

/** A plugin that leaves a marker file when imported: proof that code ran. */
function evilPlugin(marker: string): string {
  return `import { writeFileSync } from "node:fs";\nwriteFileSync(${JSON.stringify(marker)}, "ran");\nexport default { name: "evil", converters: [{ format: "evil", description: "x", input: "lines", setup: () => () => null }] };\n`;
}

test("a config in a world-writable parent folder (/tmp-like) is never found, and its plugin never runs", async () => {
  await withTempDir(async (dir) => {
    const shared = join(dir, "shared");
    mkdirSync(join(shared, "work"), { recursive: true });
    chmodSync(shared, 0o1777);
    const marker = join(dir, "marker");
    writeFileSync(join(shared, "evil.mjs"), evilPlugin(marker));
    writeFileSync(join(shared, ".idmefv2rc.yaml"), "plugins: [./evil.mjs]\n");
    const cwd = join(shared, "work");
    assert.equal(findConfigFile({ cwd, home: dir, userConfigDir: join(dir, "none") }), undefined);
    const { loaded, registry } = await loadRegistry({ cwd, home: dir, userConfigDir: join(dir, "none") }, []);
    assert.equal(loaded.filepath, undefined);
    assert.deepEqual(registry.names(), []);
    // The CLI as a user runs it there: no plugin loaded, nothing ran.
    const formats = await runNode([CLI, "formats"], { cwd });
    assert.equal(formats.code, 0, formats.stderr);
    assert.doesNotMatch(formats.stdout, /evil/);
    assert.equal(existsSync(marker), false, "the plugin of an untrusted folder ran");
  });
});

test("named explicitly, a JS config or a plugin in a folder others can write is refused with the reason", async () => {
  await withTempDir(async (dir) => {
    const shared = join(dir, "shared");
    mkdirSync(shared);
    chmodSync(shared, 0o777);
    const marker = join(dir, "marker");
    writeFileSync(
      join(shared, "idmefv2.config.mjs"),
      `import { writeFileSync } from "node:fs"; writeFileSync(${JSON.stringify(marker)}, "ran"); export default {};\n`,
    );
    await assert.rejects(
      loadConfig({ configFile: join(shared, "idmefv2.config.mjs") }),
      /not loaded: the folder .*shared is writable by every user, and a JS config runs as you/,
    );
    // A data config is read, but a plugin it names from that folder is not loaded.
    writeFileSync(join(shared, "evil.mjs"), evilPlugin(marker));
    writeFileSync(join(shared, "data.json"), JSON.stringify({ plugins: ["./evil.mjs"] }));
    await assert.rejects(
      loadRegistry({ configFile: join(shared, "data.json") }, []),
      /plugin "\.\/evil\.mjs" \(.*evil\.mjs\): not loaded: the folder .*shared is writable by every user/,
    );
    // So is a world-writable plugin file in a trusted folder.
    const mine = join(dir, "mine");
    mkdirSync(mine);
    writeFileSync(join(mine, "loose.mjs"), evilPlugin(marker));
    chmodSync(join(mine, "loose.mjs"), 0o666);
    writeFileSync(join(mine, "c.json"), JSON.stringify({ plugins: ["./loose.mjs"] }));
    await assert.rejects(loadRegistry({ configFile: join(mine, "c.json") }, []), /loose\.mjs is writable by every user/);
    assert.equal(existsSync(marker), false);
    const cli = await runNode([CLI, "formats", "--config", join(shared, "idmefv2.config.mjs")], { cwd: dir });
    assert.equal(cli.code, 2);
    assert.match(cli.stderr, /not loaded: the folder .* is writable by every user/);
    assert.doesNotMatch(cli.stderr, /\n\s+at /);
  });
});

test("the search stops at the nearest project root and at home; then the user's config folder", async () => {
  await withTempDir(async (dir) => {
    const home = join(dir, "home");
    const project = join(home, "proj");
    mkdirSync(join(project, "sub"), { recursive: true });
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "proj" })); // a root, with no idmefv2 key
    writeFileSync(join(home, ".idmefv2rc.json"), "{}"); // above the project root
    writeFileSync(join(dir, ".idmefv2rc.json"), "{}"); // above home
    const userConfigDir = join(home, ".config", "idmefv2");
    assert.equal(findConfigFile({ cwd: join(project, "sub"), home, userConfigDir }), undefined);
    // Outside a project, up to home and no further.
    mkdirSync(join(home, "logs", "today"), { recursive: true });
    assert.equal(findConfigFile({ cwd: join(home, "logs", "today"), home, userConfigDir }), join(home, ".idmefv2rc.json"));
    assert.equal(findConfigFile({ cwd: join(dir, "x"), home: join(dir, "x"), userConfigDir }), undefined);
    // A package.json with an "idmefv2" key is the config; a .git folder is a root too.
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "proj", idmefv2: { plugins: [] } }));
    assert.equal(findConfigFile({ cwd: join(project, "sub"), home, userConfigDir }), join(project, "package.json"));
    mkdirSync(join(home, "repo", ".git"), { recursive: true });
    mkdirSync(join(userConfigDir), { recursive: true });
    writeFileSync(join(userConfigDir, "config.yaml"), "options: { syslog: { timezone: Z } }\n");
    assert.equal(findConfigFile({ cwd: join(home, "repo"), home, userConfigDir }), join(userConfigDir, "config.yaml"));
    const loaded = await loadConfig({ cwd: join(home, "repo"), home, userConfigDir });
    assert.deepEqual(loaded.config.options, { syslog: { timezone: "Z" } });
  });
});

test("trust: mine and root's are trusted; world-writable, others' group-writable and (as root) another user's are not", async () => {
  await withTempDir(async (dir) => {
    assert.equal(untrustedReason(dir), undefined);
    const open = join(dir, "open");
    mkdirSync(open);
    chmodSync(open, 0o777);
    assert.match(untrustedReason(open) ?? "", /writable by every user/);
    if (process.getuid?.() === 0) {
      // Only root can hand a folder to another user; elsewhere the ownership rule is the same code.
      const theirs = join(dir, "theirs");
      mkdirSync(theirs);
      chownSync(theirs, 65534, 65534);
      assert.match(untrustedReason(theirs) ?? "", /belongs to another user \(uid 65534\)/);
      const group = join(dir, "group");
      mkdirSync(group);
      chownSync(group, 0, 65534);
      chmodSync(group, 0o775);
      assert.match(untrustedReason(group) ?? "", /writable by group 65534/);
    }
  });
});

test("--no-config: a config beside the input is not read", async () => {
  await withTempDir(async (dir) => {
    writeFileSync(join(dir, ".idmefv2rc.json"), JSON.stringify({ plugins: ["./missing.mjs"] }));
    const withConfig = await runNode([CLI, "formats"], { cwd: dir });
    assert.equal(withConfig.code, 2);
    assert.match(withConfig.stderr, /missing\.mjs/);
    const without = await runNode([CLI, "formats", "--no-config"], { cwd: dir });
    assert.equal(without.code, 0, without.stderr);
    assert.match(without.stdout, /^suricata/m);
  });
});
