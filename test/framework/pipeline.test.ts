import { test } from "node:test";
import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { ConversionError, IdmefError } from "../../src/core/errors.js";
import { defineConverter, type Converter } from "../../src/core/converter.js";
import { Message } from "../../src/core/message.js";
import { runPipeline } from "../../src/framework/pipeline.js";
import { MemorySinks, NdjsonMessageSink, type MessageSink } from "../../src/framework/sinks.js";
import { textInput } from "../../src/framework/sources.js";
import { convertText, counterIds, minimalMessage } from "./helpers.js";

/** A json-lines converter whose behaviour each record chooses: the test's mixed input. */
const scripted = defineConverter<Record<string, unknown>>({
  format: "scripted",
  description: "test converter driven by the record",
  input: "json-lines",
  convert(record, ctx) {
    switch (record["do"]) {
      case "convert":
        return minimalMessage(String(record["text"]));
      case "two":
        return [minimalMessage("a"), Message.from(minimalMessage("b"))];
      case "skip":
        ctx.skip("heartbeat");
        return null;
      case "ignore":
        return undefined;
      case "reject":
        throw new ConversionError("no timestamp in the record");
      case "crash":
        throw new TypeError("cannot read properties of undefined");
      case "invalid":
        return { ...minimalMessage("bad"), Priority: "urgent", Bogus: 1 };
      case "warn":
        ctx.warn("field X has no IDMEFv2 counterpart");
        return {
          ...minimalMessage("warned"),
          Source: [{ IP: "192.0.2.7" }],
          Target: [{ ID: "11111111-1111-4111-8111-111111111111", IP: "192.0.2.8" }],
        };
      default:
        return "not a message" as unknown as null;
    }
  },
}) as Converter;

const MIXED = [
  '{"do":"convert","text":"one"}',
  '{"do":"skip"}',
  "{not json",
  '{"do":"reject"}',
  "",
  '{"do":"two"}',
  '{"do":"crash"}',
  '{"do":"invalid"}',
  '{"do":"ignore"}',
  '{"do":"warn"}',
  '{"do":"other"}',
  '{"do":"convert","text":"last, without newline"}',
].join("\r\n");

test("conservation: every record of mixed input is converted, skipped by reason, or rejected with file and line", async () => {
  const { stats, balanced, sinks } = await convertText(scripted, MIXED, { chunkSize: 5, name: "mixed.ndjson" });
  assert.equal(balanced, true);
  assert.equal(stats.read, 12);
  assert.equal(stats.converted, 4);
  assert.equal(stats.messages, 5);
  assert.deepEqual({ ...stats.skipped }, { heartbeat: 1, "blank line": 1, "not relevant": 1 });
  assert.deepEqual({ ...stats.rejected }, { MALFORMED_RECORD: 1, CONVERSION_FAILED: 1, CONVERTER_ERROR: 2, INVALID_MESSAGE: 1 });
  assert.equal(stats.read, stats.converted + 3 + 5);
  assert.deepEqual(
    sinks.rejects.map((r) => [r.file, r.line, r.code]),
    [
      ["mixed.ndjson", 3, "MALFORMED_RECORD"],
      ["mixed.ndjson", 4, "CONVERSION_FAILED"],
      ["mixed.ndjson", 7, "CONVERTER_ERROR"],
      ["mixed.ndjson", 8, "INVALID_MESSAGE"],
      ["mixed.ndjson", 11, "CONVERTER_ERROR"],
    ],
  );
  const byLine = new Map(sinks.rejects.map((r) => [r.line, r]));
  assert.equal(byLine.get(3)?.record, "{not json");
  assert.equal(byLine.get(4)?.reason, "no timestamp in the record");
  assert.match(byLine.get(7)?.reason ?? "", /converter failed: cannot read properties/);
  assert.match(byLine.get(11)?.reason ?? "", /returned string instead of a message object/);
  const invalid = byLine.get(8);
  assert.match(invalid?.reason ?? "", /^invalid IDMEFv2 2\.D\.V08 message: .*\(and \d+ more\)$/);
  const pointers = invalid?.problems.map((p) => p.pointer) ?? [];
  assert.ok(pointers.includes("/Priority") && pointers.includes("/Bogus"), `all problems kept: ${pointers.join(", ")}`);
  assert.deepEqual(sinks.warnings, [{ file: "mixed.ndjson", line: 10, message: "field X has no IDMEFv2 counterpart" }]);
  assert.deepEqual(
    sinks.messages.map((m) => m.Description),
    ["one", "a", "b", "warned", "last, without newline"],
  );
});

test("finisher: Version and ID first, IDs for Source/Target/Sensor items lacking one, nothing else invented", async () => {
  const { sinks } = await convertText(scripted, '{"do":"warn"}\n');
  const message = sinks.messages[0];
  assert.ok(message instanceof Message);
  assert.deepEqual(Object.keys(message).slice(0, 2), ["Version", "ID"]);
  assert.equal(message.Version, "2.D.V08");
  assert.equal(message.ID, "00000000-0000-4000-8000-000000000001");
  assert.deepEqual(message["Source"], [{ ID: "00000000-0000-4000-8000-000000000002", IP: "192.0.2.7" }]);
  assert.deepEqual(message["Target"], [{ ID: "11111111-1111-4111-8111-111111111111", IP: "192.0.2.8" }]);
  assert.equal(message.CreateTime, "2026-01-15T12:00:00Z");
});

test("the context carries options, version, source, now and newId", async () => {
  const seen: unknown[] = [];
  const probe: Converter = {
    format: "probe",
    description: "records its context",
    input: "lines",
    convert(record, ctx) {
      seen.push([record, ctx.options, ctx.version, ctx.source, ctx.now(), ctx.newId()]);
      return null;
    },
  };
  await convertText(probe, "a\nb", { options: { tz: "UTC" }, version: "2.D.V07", name: "in.log" });
  assert.deepEqual(seen, [
    // Converters produce 2.D.V08 whatever the target: the finisher translates.
    ["a", { tz: "UTC" }, "2.D.V08", { file: "in.log", line: 1 }, "2026-01-15T12:00:00Z", "00000000-0000-4000-8000-000000000001"],
    ["b", { tz: "UTC" }, "2.D.V08", { file: "in.log", line: 2 }, "2026-01-15T12:00:00Z", "00000000-0000-4000-8000-000000000002"],
  ]);
});

test("messages are translated to the target version and validated against it", async () => {
  const v08 = await convertText(scripted, '{"do":"convert","text":"x"}\n');
  assert.equal(v08.stats.converted, 1);
  assert.equal(v08.sinks.messages[0]?.Version, "2.D.V08");
  // 2.D.V07 requires Analyzer.ID: derived from the analyzer's name and IP (UUID v5).
  const v07 = await convertText(scripted, '{"do":"convert","text":"x"}\n', { version: "2.D.V07" });
  assert.equal(v07.stats.converted, 1);
  assert.equal(v07.sinks.messages[0]?.Version, "2.D.V07");
  assert.match(String((v07.sinks.messages[0]?.Analyzer as { ID?: string } | undefined)?.ID), /^[0-9a-f]{8}-[0-9a-f]{4}-5/);
  // 2.D.V04 requires Analyzer.IP: without it (and without a default) the record is rejected.
  const noIp = defineConverter({
    format: "no-ip",
    description: "an analyzer without an address",
    input: "lines",
    convert: (line) => ({ ...minimalMessage(String(line)), Analyzer: { Name: "test" } }),
  });
  const v04 = await convertText(noIp, "x\n", { version: "2.D.V04" });
  assert.equal(v04.stats.converted, 0);
  assert.equal(v04.sinks.rejects[0]?.code, "TRANSLATION_FAILED");
  assert.match(v04.sinks.rejects[0]?.reason ?? "", /2\.D\.V04 requires Analyzer\.IP/);
  const given = await convertText(noIp, "x\n", {
    version: "2.D.V04",
    defaults: { Analyzer: { IP: "192.0.2.10" }, OrganisationName: "ACME CERT" },
  });
  assert.equal(given.stats.converted, 1);
  assert.equal(given.sinks.messages[0]?.Analyzer?.IP, "192.0.2.10");
  assert.equal(given.sinks.messages[0]?.OrganisationName, "ACME CERT");
  // Losses are warnings, counted: the Source and Target IDs 2.D.V04 cannot hold.
  const warned = await convertText(scripted, '{"do":"warn"}\n', { version: "2.D.V04" });
  assert.equal(warned.stats.converted, 1);
  assert.deepEqual(
    warned.sinks.warnings.map((w) => w.message),
    [
      "field X has no IDMEFv2 counterpart",
      "/Source/0/ID: dropped: 2.D.V05 has no Source IDs",
      "/Target/0/ID: dropped: 2.D.V05 has no Target IDs",
    ],
  );
  assert.equal(warned.stats.warnings, 3);
});

test("an async converter is awaited and a slow sink holds the source back", async () => {
  const asyncConverter: Converter = {
    format: "async",
    description: "awaits before answering",
    input: "lines",
    async convert(record) {
      await new Promise((resolve) => setImmediate(resolve));
      return minimalMessage(String(record));
    },
  };
  let inFlight = 0;
  let maxInFlight = 0;
  const slow: MessageSink = {
    async write() {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
    },
  };
  const lines = Array.from({ length: 50 }, (_, i) => `line ${i}`).join("\n");
  const report = await runPipeline({ converter: asyncConverter, inputs: [textInput("x", lines, 16)], sinks: { messages: slow } });
  assert.equal(report.stats.messages, 50);
  assert.equal(maxInFlight, 1, "the pipeline awaits each write before the next");
});

test("commits: offsets are reported only after the sink has flushed what came before", async () => {
  const written: string[] = [];
  const output = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      setImmediate(() => {
        written.push(chunk.toString());
        callback();
      });
    },
  });
  const commits: [number, number][] = [];
  const converter: Converter = { format: "l", description: "lines", input: "lines", convert: (r) => minimalMessage(String(r)) };
  const text = "aaaa\nbbbb\ncccc\ndd";
  await runPipeline({
    converter,
    inputs: [{ ...textInput("follow.log", text, 7), startOffset: 1000 }],
    sinks: { messages: new NdjsonMessageSink(output) },
    onCommit: ({ offset }) => {
      commits.push([offset, written.join("").split("\n").filter(Boolean).length]);
    },
  });
  // Each commit's offset is at a line end, and every line before it is already written.
  for (const [offset, linesWritten] of commits) {
    const consumed = text.slice(0, offset - 1000);
    assert.ok(consumed.endsWith("\n") || offset - 1000 === text.length, `offset ${offset} ends a line`);
    assert.ok(linesWritten >= consumed.split("\n").filter(Boolean).length);
  }
  assert.equal(commits.at(-1)?.[0], 1000 + text.length);
  assert.deepEqual(
    commits.map(([o]) => o),
    [...new Set(commits.map(([o]) => o))].sort((a, b) => a - b),
  );
});

test("per-input converters: inputs of different formats in one run", async () => {
  const upper: Converter = { format: "u", description: "upper", input: "lines", convert: (r) => minimalMessage(String(r).toUpperCase()) };
  const sinks = new MemorySinks();
  const report = await runPipeline({
    converter: scripted,
    inputs: [textInput("a.ndjson", '{"do":"convert","text":"json"}\n'), { ...textInput("b.log", "plain\n"), converter: upper }],
    sinks: { messages: sinks.messageSink },
    newId: counterIds(),
  });
  assert.equal(report.stats.files, 2);
  assert.deepEqual(
    sinks.messages.map((m) => m.Description),
    ["json", "PLAIN"],
  );
});

test("a converter output the finisher cannot walk rejects that record only", async () => {
  const hostile: Converter = {
    format: "hostile",
    description: "returns an object whose getter throws",
    input: "lines",
    convert(line) {
      if (line === "ok") return minimalMessage("fine");
      return Object.defineProperty({ ...minimalMessage("boom") }, "Source", {
        enumerable: true,
        get() {
          throw new Error("getter exploded");
        },
      });
    },
  };
  const { stats, sinks } = await convertText(hostile, "boom\nok\n");
  assert.equal(stats.converted, 1);
  assert.deepEqual(
    sinks.rejects.map((r) => [r.line, r.code]),
    [[1, "CONVERTER_ERROR"]],
  );
  assert.match(sinks.rejects[0]?.reason ?? "", /getter exploded/);
});

test("a converter may destructure ctx.skip and ctx.warn", async () => {
  const destructuring: Converter = {
    format: "d",
    description: "uses skip and warn unbound",
    input: "lines",
    convert(line, { skip, warn }) {
      warn(`saw ${String(line)}`);
      skip("always");
      return null;
    },
  };
  const { stats, sinks } = await convertText(destructuring, "a\n");
  assert.deepEqual({ ...stats.skipped }, { always: 1 });
  assert.equal(sinks.warnings[0]?.message, "saw a");
});

test("a read failure of an input is an INPUT_ERROR naming it, after the sinks are closed", async () => {
  let closed = false;
  const failing = {
    name: "vanishing.log",
    stream: (async function* broken() {
      yield Buffer.from("first line\n");
      throw Object.assign(new Error("EACCES: permission denied"), { code: "EACCES" });
    })(),
  };
  const lines: Converter = { format: "l", description: "lines", input: "lines", convert: (r) => minimalMessage(String(r)) };
  await assert.rejects(
    runPipeline({
      converter: lines,
      inputs: [failing],
      sinks: { messages: { write: () => undefined, close: async () => void (closed = true) } },
    }),
    (error: unknown) => {
      assert.ok(error instanceof IdmefError);
      assert.equal(error.code, "INPUT_ERROR");
      assert.equal(error.message, "cannot read vanishing.log: EACCES: permission denied");
      return true;
    },
  );
  assert.equal(closed, true);
});
