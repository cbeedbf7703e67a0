// Contract 2: declared options (checked once, defaults filled in), setup per run, the context's
// reject/timestamp/uuidV5, errors classified by code, and contract 1 still working beside it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { defineConverter, type Converter } from "../../src/core/converter.js";
import { IdmefError } from "../../src/core/errors.js";
import { checkConverterOptions } from "../../src/framework/check-options.js";
import { pluginShapeProblems } from "../../src/framework/plugin-shape.js";
import { convertText, minimalMessage } from "./helpers.js";

const counted = defineConverter({
  format: "counted",
  description: "numbers lines, with a prefix option",
  input: "lines",
  options: {
    prefix: { type: "string", default: "line", description: "put before the counter" },
    limit: { type: "integer", minimum: 1, description: "reject lines after this many" },
    mode: { type: "string", enum: ["plain", "loud"], default: "plain", description: "how to say it" },
  },
  setup(options) {
    setups++;
    let seen = 0; // per-run state, in the closure: a second run starts again at 0
    return (line, ctx) => {
      seen++;
      if (options.limit !== undefined && seen > options.limit) return ctx.reject(`over the limit of ${options.limit}`);
      if (line === "skip") {
        ctx.skip("asked to skip");
        return null;
      }
      const text = `${options.prefix} ${seen}: ${line}`;
      return {
        ...minimalMessage(options.mode === "loud" ? text.toUpperCase() : text),
        CreateTime: ctx.timestamp("2026-01-15 12:00:00Z"),
      } as never;
    };
  },
});
let setups = 0;

function descriptions(messages: readonly object[]): string[] {
  return messages.map((m) => (m as { Description: string }).Description);
}

test("setup gets the checked options with defaults, once per run; state does not leak between runs", async () => {
  setups = 0;
  const first = await convertText(counted as Converter, "a\nskip\nb\n");
  assert.deepEqual(descriptions(first.sinks.messages), ["line 1: a", "line 3: b"]);
  assert.deepEqual({ ...first.stats.skipped }, { "asked to skip": 1 });
  const second = await convertText(counted as Converter, "c\n", { options: { prefix: "#", mode: "loud" } });
  assert.deepEqual(descriptions(second.sinks.messages), ["# 1: C"]);
  assert.equal(setups, 2);
});

test("ctx.reject ends the record as CONVERSION_FAILED and the run goes on", async () => {
  const run = await convertText(counted as Converter, "a\nb\nc\n", { options: { limit: 1 } });
  assert.deepEqual(descriptions(run.sinks.messages), ["line 1: a"]);
  assert.deepEqual(
    run.sinks.rejects.map((r) => [r.line, r.code, r.reason]),
    [
      [2, "CONVERSION_FAILED", "over the limit of 1"],
      [3, "CONVERSION_FAILED", "over the limit of 1"],
    ],
  );
});

test("wrong options are one CONFIG_ERROR naming the format and option, before any record", async () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ prefx: "x" }, /options of format "counted": unknown counted option "prefx" \(did you mean "prefix"\?\)/],
    [{ limit: 0 }, /options of format "counted": option "limit" must be at least 1, not 0/],
    [{ limit: 1.5 }, /option "limit" must be an integer, not 1\.5/],
    [{ mode: "quiet" }, /option "mode": "quiet" is not one of plain, loud/],
    [{ prefix: 3 }, /option "prefix" must be a string, not 3/],
  ];
  for (const [options, expected] of cases) {
    await assert.rejects(convertText(counted as Converter, "a\n", { options }), (error: unknown) => {
      assert.ok(error instanceof IdmefError && error.code === "CONFIG_ERROR", String(error));
      assert.match(error.message, expected);
      return true;
    });
  }
});

test("a setup that throws stops the run as a CONFIG_ERROR naming the format", async () => {
  const broken = defineConverter({
    format: "broken-setup",
    description: "cannot start",
    input: "lines",
    setup() {
      throw new Error("rules file /nope.yaml not found");
    },
  });
  await assert.rejects(convertText(broken as Converter, "a\n"), /options of format "broken-setup": rules file \/nope\.yaml not found/);
});

test("errors are classified by code, not class: a foreign ConversionError-like error is CONVERSION_FAILED", async () => {
  // What a plugin with its own copy of idmefv2 throws: same code and shape, another class.
  class ForeignConversionError extends Error {
    readonly code = "CONVERSION_FAILED";
  }
  class ForeignTimestampError extends Error {
    readonly code = "INVALID_TIMESTAMP";
  }
  const foreign: Converter = {
    format: "foreign",
    description: "throws errors of its own classes",
    input: "lines",
    convert(line) {
      if (line === "t") throw new ForeignTimestampError('not an RFC 3339 timestamp: "t"');
      if (line === "x") throw Object.assign(new Error("kaput"), { code: "ENOENT" });
      throw new ForeignConversionError(`cannot convert ${line}`);
    },
  };
  const run = await convertText(foreign, "a\nt\nx\n");
  assert.deepEqual(
    run.sinks.rejects.map((r) => [r.code, r.reason]),
    [
      ["CONVERSION_FAILED", "cannot convert a"],
      ["INVALID_TIMESTAMP", 'not an RFC 3339 timestamp: "t"'],
      // A code that is not idmefv2's (a Node system error) is a converter bug.
      ["CONVERTER_ERROR", "converter failed: kaput"],
    ],
  );
});

test("ctx.timestamp rejects an unreadable stamp as INVALID_TIMESTAMP / MISSING_TIMEZONE; ctx.uuidV5 is stable", async () => {
  const stamps = defineConverter({
    format: "stamps",
    description: "each line is a timestamp",
    input: "lines",
    setup: () => (line, ctx) => ({ ...minimalMessage("x"), CreateTime: ctx.timestamp(line), ID: ctx.uuidV5(`stamps:${line}`) }) as never,
  });
  const run = await convertText(stamps as Converter, "2026-01-15T12:00:00+01:00\nyesterday\n2026-01-15T12:00:00\n");
  assert.deepEqual(
    run.sinks.rejects.map((r) => r.code),
    ["INVALID_TIMESTAMP", "MISSING_TIMEZONE"],
  );
  const again = await convertText(stamps as Converter, "2026-01-15T12:00:00+01:00\n");
  assert.equal((run.sinks.messages[0] as { ID: string }).ID, (again.sinks.messages[0] as { ID: string }).ID);
});

test("contract 1 keeps working: convert with ctx.options as given, and checkOptions", async () => {
  const legacy: Converter = {
    format: "legacy",
    description: "contract 1",
    input: "lines",
    checkOptions(options) {
      if (options["bad"] !== undefined) throw new Error("bad is bad");
    },
    convert: (line, ctx) => minimalMessage(`${String(ctx.options["tag"])} ${String(line)}`),
  };
  const run = await convertText(legacy, "a\n", { options: { tag: "t" } });
  assert.deepEqual(descriptions(run.sinks.messages), ["t a"]);
  assert.throws(() => checkConverterOptions(legacy, { bad: 1 }), /options of format "legacy": bad is bad/);
});

test("plugin shape: setup or convert, not both; a declared options schema is checked", () => {
  const base = { format: "p", description: "d", input: "lines" };
  assert.deepEqual(pluginShapeProblems({ name: "p", converters: [{ ...base, setup: () => () => null }] }), []);
  assert.match(
    pluginShapeProblems({ name: "p", converters: [{ ...base, setup: () => null, convert: () => null }] }).join(),
    /both setup .* and convert/,
  );
  assert.match(
    pluginShapeProblems({ name: "p", converters: [{ ...base, setup: () => null, options: { a: { type: "date" } } }] }).join("; "),
    /converters\[0\]\.options\.a\.type must be one of .*; converters\[0\]\.options\.a\.description must be a string/,
  );
});
