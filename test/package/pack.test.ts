// The package as a stranger gets it (issue 12): `npm pack` of this checkout installed into a new
// project with no other files; the CLI, a bundled sample, require and import, the schema export,
// and a `tsc --strict` consumer on contract 2. Needs `npm run build` first (npm test does it) and
// the npm cache of `npm ci` (the install prefers it; nothing else is fetched when it is warm).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(command: string, args: readonly string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      command,
      [...args],
      { cwd, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, npm_config_update_notifier: "false" } },
      (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : 1, stdout, stderr });
      },
    );
  });
}

test("npm pack gives a package a stranger can install and use", { timeout: 240_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "idmefv2-pack-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // Scripts off: the build is npm test's first step, and `prepare` would rebuild everything.
  const packed = await run(NPM, ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], ROOT);
  assert.equal(packed.code, 0, packed.stderr);
  const [manifest] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
  const files = manifest!.files.map((f) => f.path);

  await t.test("the tarball holds what the package needs, and no source map without its source", () => {
    for (const needed of [
      "LICENSE",
      "README.md",
      "package.json",
      "dist/index.js",
      "dist/index.d.ts",
      "dist/cli/main.js",
      "dist/types.d.ts",
      "dist/testing/index.js",
      "dist/schema/2.D.V08.json",
      "schema/2.D.V08/IDMEFv2.schema",
      "samples/suricata-eve.json",
    ]) {
      assert.ok(files.includes(needed), `${needed} is missing from the package`);
    }
    assert.deepEqual(
      files.filter((f) => f.endsWith(".map")),
      [],
    );
    assert.deepEqual(
      files.filter((f) => /^(src|test|fixtures|plugins)\//.test(f)),
      [],
    );
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as Record<string, unknown>;
    for (const field of ["repository", "homepage", "bugs", "license"]) assert.ok(pkg[field] !== undefined, `package.json has no ${field}`);
  });

  const project = join(dir, "consumer");
  mkdirSync(project);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }));
  const installed = await run(NPM, ["install", join(dir, manifest!.filename), "--no-audit", "--no-fund", "--prefer-offline"], project);
  assert.equal(installed.code, 0, installed.stderr);
  assert.deepEqual(readdirSync(project).sort(), ["node_modules", "package-lock.json", "package.json"]);

  await t.test("npx idmefv2 --version and a bundled sample converts", async () => {
    const version = await run(NPM, ["exec", "--", "idmefv2", "--version"], project);
    assert.equal(version.code, 0, version.stderr);
    assert.equal(version.stdout.trim(), (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version);
    const converted = await run(
      NPM,
      ["exec", "--", "idmefv2", "convert", "--no-config", "node_modules/idmefv2/samples/suricata-eve.json"],
      project,
    );
    assert.equal(converted.code, 0, converted.stderr);
    const messages = converted.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { Version: string });
    assert.ok(messages.length >= 3 && messages.every((m) => m.Version === "2.D.V08"));
  });

  await t.test("npx idmefv2 golden writes and then checks golden files in the new project", async () => {
    mkdirSync(join(project, "golden", "suricata"), { recursive: true });
    copyFileSync(join(project, "node_modules/idmefv2/samples/suricata-eve.json"), join(project, "golden", "suricata", "eve.json"));
    const update = await run(NPM, ["exec", "--", "idmefv2", "golden", "--no-config", "--update", "golden"], project);
    assert.equal(update.code, 0, update.stderr);
    assert.ok(existsSync(join(project, "golden", "suricata", "eve.expected.json")));
    const check = await run(NPM, ["exec", "--", "idmefv2", "golden", "--no-config", "golden"], project);
    assert.equal(check.code, 0, check.stderr);
    assert.match(check.stderr, /1 of 1 case\(s\) match \(suricata\)/);
  });

  await t.test("require() from CommonJS and import from ESM, subpaths included", async () => {
    writeFileSync(
      join(project, "use.cjs"),
      `const idmefv2 = require("idmefv2");
const { createTestContext } = require("idmefv2/testing");
const { PRIORITY_VALUES } = require("idmefv2/types");
const schema = require("idmefv2/schema/2.D.V08");
const ok = idmefv2.isValid(idmefv2.schemaProblems({ Version: "2.D.V08", ID: idmefv2.newId(), CreateTime: "2026-01-15T12:00:00Z", Analyzer: { Name: "a", IP: "192.0.2.1" } }));
console.log(typeof idmefv2.runPipeline, typeof createTestContext, PRIORITY_VALUES.includes("High"), schema.title, ok);
`,
    );
    const cjs = await run(process.execPath, ["use.cjs"], project);
    assert.equal(cjs.code, 0, cjs.stderr);
    assert.equal(cjs.stdout.trim(), "function function true IDMEF 2.D.V08 true");
    writeFileSync(
      join(project, "use.mjs"),
      `import { runPipeline, suricataConverter } from "idmefv2";
import { converterForTest } from "idmefv2/testing";
import schema from "idmefv2/schema/2.D.V08" with { type: "json" };
const convert = await converterForTest(suricataConverter);
const { output } = await convert({ event_type: "flow" });
console.log(typeof runPipeline, output, schema.title);
`,
    );
    const esm = await run(process.execPath, ["use.mjs"], project);
    assert.equal(esm.code, 0, esm.stderr);
    assert.equal(esm.stdout.trim(), "function null IDMEF 2.D.V08");
    // Internals are not reachable.
    const internal = await run(process.execPath, ["-e", 'require("idmefv2/dist/framework/pipeline.js")'], project);
    assert.notEqual(internal.code, 0);
    assert.match(internal.stderr, /ERR_PACKAGE_PATH_NOT_EXPORTED/);
  });

  await t.test("a tsc --strict consumer of contract 2 compiles against the installed types", async () => {
    copyFileSync(join(ROOT, "fixtures/typescript/contract2-plugin.ts"), join(project, "plugin.ts"));
    writeFileSync(
      join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          exactOptionalPropertyTypes: true,
          module: "NodeNext",
          moduleResolution: "NodeNext",
          target: "ES2022",
          noEmit: true,
          skipLibCheck: true,
          // The stranger would `npm install -D @types/node`; this repository's copy stands in.
          typeRoots: [join(ROOT, "node_modules/@types")],
          types: ["node"],
        },
        files: ["plugin.ts"],
      }),
    );
    const tsc = await run(
      process.execPath,
      [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json", "--pretty", "false"],
      project,
    );
    assert.equal(tsc.code, 0, tsc.stdout + tsc.stderr);
    assert.ok(existsSync(join(project, "node_modules/idmefv2/dist/index.d.ts")));
  });
});
