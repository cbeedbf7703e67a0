// Issue 12: what `convert` does to open its inputs is the library's `openInputs`: files, folders,
// patterns and stdin, each with its format detected, so nothing the CLI does is impossible from the API.
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Readable } from "node:stream";
import { IdmefError } from "../../src/core/errors.js";
import { builtinConverters } from "../../src/converters/index.js";
import { FormatRegistry } from "../../src/framework/registry.js";
import { runPipeline } from "../../src/framework/pipeline.js";
import { MemorySinks, type RejectedRecord } from "../../src/framework/sinks.js";
import type { Message } from "../../src/core/message.js";
import { NdjsonFileSink } from "../../src/io/ndjson-file-sink.js";
import { OutputFailure } from "../../src/io/output-failure.js";
import type { PipelineInput } from "../../src/framework/sources.js";
import { openInputs } from "../../src/io/open-inputs.js";
import { withTempDir } from "../framework/helpers.js";
import { runNode } from "../helpers/run-node.js";

const CLI = resolve("dist/cli/main.js");
const EVE = resolve("fixtures/suricata/corpus/elastic-beats-eve-small.ndjson");
const AUTH = resolve("fixtures/syslog/auth-sshd.log");
const IDMEFV1 = resolve("fixtures/idmefv1/alperenp-file-inode.xml");

function registry(): FormatRegistry {
  const formats = new FormatRegistry();
  for (const converter of builtinConverters) formats.register(converter, { kind: "builtin" });
  return formats;
}

/** logs/ with a sub-folder, an empty file, a dot file and a link back to itself. */
function makeLogFolder(dir: string): string {
  const logs = join(dir, "logs");
  mkdirSync(join(logs, "ids"), { recursive: true });
  copyFileSync(AUTH, join(logs, "auth.log"));
  copyFileSync(EVE, join(logs, "ids", "eve.json"));
  copyFileSync(IDMEFV1, join(logs, "prelude.xml"));
  writeFileSync(join(logs, "empty.log"), "");
  writeFileSync(join(logs, ".hidden.log"), "not a log\n");
  symlinkSync(logs, join(logs, "loop"));
  return logs;
}

/** Reads every input to its end, so no file is still being opened when the test's folder goes. */
async function drain(inputs: readonly PipelineInput[]): Promise<void> {
  for (const input of inputs) for await (const chunk of input.stream) void chunk;
}

async function assertInputError(run: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(run, (error: unknown) => {
    assert.ok(error instanceof IdmefError, String(error));
    assert.equal(error.code, "INPUT_ERROR");
    assert.match(error.message, pattern);
    return true;
  });
}

test("a folder opens as its files, in name order, each with its own detected format; empty and dot files left out", async () => {
  await withTempDir(async (dir) => {
    const logs = makeLogFolder(dir);
    const notices: string[] = [];
    const inputs = await openInputs([logs], { registry: registry(), onNotice: (n) => notices.push(n) });
    assert.deepEqual(
      inputs.map((i) => [i.name.slice(logs.length + 1), i.converter?.format]),
      [
        ["auth.log", "syslog"],
        ["ids/eve.json", "suricata"],
        ["prelude.xml", "idmefv1"],
      ],
    );
    assert.deepEqual(notices, [`${join(logs, "empty.log")}: empty, nothing to convert`]);
    await drain(inputs);
  });
});

test("the opened inputs run through runPipeline to the books `idmefv2 convert` prints for the same folder", async () => {
  await withTempDir(async (dir) => {
    const logs = makeLogFolder(dir);
    const formats = registry();
    const inputs = await openInputs([logs], { registry: formats });
    const sinks = new MemorySinks();
    const report = await runPipeline({
      converter: inputs[0]!.converter!,
      inputs,
      sinks: { messages: sinks.messageSink, rejects: sinks.rejectSink, warnings: sinks.warningSink },
    });
    const cli = await runNode([CLI, "convert", "--no-config", "--stats", logs, "--out", join(dir, "out.ndjson")], { cwd: dir });
    assert.equal(cli.code, 0, cli.stderr);
    const books = JSON.parse(cli.stderr.trim().split("\n").at(-1)!) as Record<string, unknown>;
    assert.ok(report.stats.messages > 0);
    for (const key of ["files", "read", "converted", "messages", "skipped", "rejected"] as const)
      assert.deepEqual(JSON.parse(JSON.stringify(report.stats[key])), books[key], key);
    assert.equal(readFileSync(join(dir, "out.ndjson"), "utf8").trim().split("\n").length, report.stats.messages);
  });
});

test("a pattern opens the files it matches now; a given format applies to every input, empty files included", async () => {
  await withTempDir(async (dir) => {
    const logs = makeLogFolder(dir);
    copyFileSync(AUTH, join(logs, "auth.log.1"));
    const formats = registry();
    const syslog = formats.get("syslog");
    const inputs = await openInputs([join(logs, "*.log*")], { registry: formats, converter: syslog, optionsFor: () => ({ year: 2024 }) });
    assert.deepEqual(
      inputs.map((i) => i.name.slice(logs.length + 1)),
      ["auth.log", "auth.log.1", "empty.log"],
    );
    assert.ok(inputs.every((i) => i.converter === syslog && (i.options as { year: number }).year === 2024));
    await drain(inputs);
  });
});

test("stdin is read once, detected from its first bytes, and replayed whole", async () => {
  const inputs = await openInputs(["-"], { registry: registry(), stdin: Readable.from([readFileSync(EVE)]) });
  assert.equal(inputs.length, 1);
  assert.equal(inputs[0]!.converter?.format, "suricata");
  const chunks: Buffer[] = [];
  for await (const chunk of inputs[0]!.stream) chunks.push(Buffer.from(chunk));
  assert.deepEqual(Buffer.concat(chunks), readFileSync(EVE));
});

test("a wrong argument fails before any input is opened, naming it: missing file, empty pattern, empty folder, stdin twice", async () => {
  await withTempDir(async (dir) => {
    mkdirSync(join(dir, "none"));
    const formats = registry();
    await assertInputError(openInputs([EVE, join(dir, "missing.log")], { registry: formats }), /missing\.log: no such file/);
    await assertInputError(openInputs([join(dir, "*.gz")], { registry: formats }), /no file matches .*\*\.gz/);
    await assertInputError(openInputs([join(dir, "none")], { registry: formats }), /no file in folder .*none/);
    await assertInputError(openInputs(["-", "-"], { registry: formats }), /stdin .* only once/);
  });
});

test("the CLI says the same: exit 2 with the reason and no stack trace", async () => {
  await withTempDir(async (dir) => {
    const result = await runNode([CLI, "convert", "--no-config", join(dir, "*.log")], { cwd: dir });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /idmefv2: no file matches .*\*\.log/);
    assert.doesNotMatch(result.stderr, /internal error|\n\s+at /);
  });
});

test("a library run over openInputs into NdjsonFileSinks writes the files `idmefv2 convert --out` writes, byte for byte", async () => {
  await withTempDir(async (dir) => {
    const logs = makeLogFolder(dir);
    const eve = readFileSync(EVE, "utf8").split("\n").slice(0, 6).join("\n");
    writeFileSync(join(logs, "broken.json"), `${eve}\n{"event_type": "alert", "timestamp": \n${eve}\n`);
    const inputs = await openInputs([logs], { registry: registry(), optionsFor: () => ({}) });
    const failure = new OutputFailure();
    const messages = NdjsonFileSink.open<Message>(join(dir, "lib.ndjson"), { failure, holds: "messages" });
    const rejects = NdjsonFileSink.open<RejectedRecord>(join(dir, "lib.rejects.ndjson"), { failure, holds: "rejects", mode: 0o600 });
    const report = await runPipeline({ converter: inputs[0]!.converter!, inputs, sinks: { messages, rejects } });
    await messages.close();
    await rejects.close();
    assert.equal(failure.failed, false);
    assert.ok(report.stats.messages > 0 && Object.keys(report.stats.rejected).length > 0, JSON.stringify(report.stats));

    const cli = await runNode([CLI, "convert", "--no-config", logs, "--out", join(dir, "cli.ndjson")], { cwd: dir });
    assert.equal(cli.code, 1, cli.stderr); // exit 1: some records were rejected
    assert.equal(readFileSync(join(dir, "lib.ndjson"), "utf8"), readFileSync(join(dir, "cli.ndjson"), "utf8"));
    assert.equal(readFileSync(join(dir, "lib.rejects.ndjson"), "utf8"), readFileSync(join(dir, "cli.ndjson.rejects.ndjson"), "utf8"));
  });
});
