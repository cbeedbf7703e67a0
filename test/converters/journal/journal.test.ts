// The journal converter: fields of `journalctl -o json` entries become the syslog record the rules
// see (identifier, pid, host, microsecond UTC time, MESSAGE as text or bytes), detection tells
// journal exports from other JSON, and the CLI reads them from stdin.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  detectJournal,
  journal,
  journalRecord,
  realtimeToRfc3339,
  SKIP_PRETTY_ORPHAN,
  SKIP_PRETTY_PART,
} from "../../../src/converters/journal/index.js";
import type { ConvertContext } from "../../../src/core/converter.js";
import { checkConverterOptions } from "../../../src/framework/check-options.js";
import { createTestContext } from "../../../src/testing/index.js";
import { runNode } from "../../helpers/run-node.js";

function ctx(): ConvertContext {
  return { ...createTestContext(), options: {}, source: { file: "j.json", line: 1 } } as ConvertContext;
}

describe("journal converter", () => {
  it("turns __REALTIME_TIMESTAMP microseconds into RFC 3339 UTC with six fraction digits", () => {
    assert.deepEqual(realtimeToRfc3339("1739369421001200"), { timestamp: "2025-02-12T14:10:21.001200Z", ms: 1739369421001 });
    assert.equal(realtimeToRfc3339("12x"), undefined);
  });

  it("reads SYSLOG_IDENTIFIER (else _COMM), SYSLOG_PID (else _PID), _HOSTNAME and a MESSAGE of bytes", () => {
    const bytes = [...Buffer.from("Failed password for root from 192.0.2.1 port 22 ssh2")];
    const r = journalRecord(
      { __REALTIME_TIMESTAMP: "1739369421000000", _HOSTNAME: "h", _COMM: "sshd", _PID: "77", MESSAGE: bytes, PRIORITY: "6" },
      ctx(),
    )!;
    assert.deepEqual(
      [r.program, r.procId, r.hostname, r.timestamp, r.message, r.severity],
      ["sshd", "77", "h", "2025-02-12T14:10:21.000000Z", "Failed password for root from 192.0.2.1 port 22 ssh2", 6],
    );
    const s = journalRecord({ SYSLOG_IDENTIFIER: "sshd", _COMM: "sshd-session", SYSLOG_PID: "8", _PID: "9", MESSAGE: "x" }, ctx())!;
    assert.deepEqual([s.program, s.procId, s.timestampOrigin], ["sshd", "8", "absent"]);
    assert.equal(journalRecord({ MESSAGE: null }, ctx()), undefined);
    assert.throws(() => journalRecord({ MESSAGE: [1, 300] }, ctx()), /not of bytes/);
    assert.throws(() => journalRecord("text", ctx()), /must be a JSON object/);
  });

  it("detects journalctl -o json and not other JSON or syslog", () => {
    const sample = readFileSync("fixtures/journal/sshd.ndjson", "utf8");
    assert.ok(detectJournal(sample) >= 0.9);
    assert.equal(detectJournal('{"timestamp":"2026-01-01T00:00:00Z","event_type":"alert"}\n'), 0);
    assert.equal(detectJournal("Feb 12 14:10:21 h sshd[1]: x\n"), 0);
  });

  it("converts -o json, -o json-seq, MESSAGE bytes and entries without an identifier through runPipeline, detected", async () => {
    const { builtinConverters, detectFormat, FormatRegistry, runPipeline, textInput } = await import("../../../src/index.js");
    const registry = new FormatRegistry();
    registry.registerAll(builtinConverters);
    const failed = "Failed password for invalid user x from 192.0.2.7 port 4242 ssh2";
    const entry = (fields: Record<string, unknown>): string =>
      JSON.stringify({ __REALTIME_TIMESTAMP: "1768478398123456", _HOSTNAME: "web1", PRIORITY: "6", ...fields });
    const cases: [string, string][] = [
      ["-o json", entry({ SYSLOG_IDENTIFIER: "sshd", _PID: "4242", MESSAGE: failed })],
      ["-o json-seq", `${entry({ SYSLOG_IDENTIFIER: "sshd", _PID: "4242", MESSAGE: failed })}`],
      ["MESSAGE as bytes", entry({ SYSLOG_IDENTIFIER: "sshd", _PID: "4242", MESSAGE: [...Buffer.from(failed)] })],
      ["_COMM only", entry({ _COMM: "sshd-session", _PID: "4242", MESSAGE: failed })],
      ["no identifier at all", entry({ _PID: "4242", MESSAGE: failed })],
    ];
    for (const [name, line] of cases) {
      const text = `${line}\n${line}\n`;
      const converter = detectFormat(text, registry, "export.json").entry.converter;
      assert.equal(converter.format, "journal", name);
      const messages: { CreateTime?: string; Source?: { IP?: string }[]; Analyzer?: { Hostname?: string } }[] = [];
      const rejects: unknown[] = [];
      await runPipeline({
        converter,
        inputs: [textInput("export.json", text)],
        sinks: { messages: { write: (m) => void messages.push(m as never) }, rejects: { write: (r) => void rejects.push(r) } },
      });
      assert.deepEqual(rejects, [], name);
      assert.equal(messages.length, 2, name);
      assert.equal(messages[0]!.CreateTime, "2026-01-15T11:59:58.123456Z", name);
      assert.deepEqual(
        messages[0]!.Source?.map((s) => s.IP),
        ["192.0.2.7"],
        name,
      );
    }
  });

  it("converts -o json-pretty (one entry over many lines) at each closing brace, detected and with --from journal", async () => {
    const { builtinConverters, detectFormat, FormatRegistry, runPipeline, textInput } = await import("../../../src/index.js");
    const registry = new FormatRegistry();
    registry.registerAll(builtinConverters);
    // journalctl's json-pretty layout: `{`, tab-indented `"FIELD" : value` lines, `}` alone; newer
    // systemd writes a MESSAGE of bytes as an array over several lines.
    const pretty = (pid: string, ip: string, bytes: boolean): string => {
      const message = `Failed password for invalid user x from ${ip} port 4242 ssh2`;
      const value = bytes ? `[\n\t\t${[...Buffer.from(message)].join(",\n\t\t")}\n\t]` : JSON.stringify(message);
      return [
        "{",
        '\t"__CURSOR" : "s=0c1f;i=1b2;b=9e;m=2a;t=5f;x=77",',
        '\t"__REALTIME_TIMESTAMP" : "1768478398123456",',
        '\t"__MONOTONIC_TIMESTAMP" : "123456789",',
        '\t"PRIORITY" : "6",',
        '\t"SYSLOG_IDENTIFIER" : "sshd",',
        `\t"MESSAGE" : ${value},`,
        `\t"_PID" : "${pid}",`,
        '\t"_HOSTNAME" : "web1"',
        "}",
      ].join("\n");
    };
    const text = `${pretty("4242", "192.0.2.7", false)}\n${pretty("4243", "192.0.2.8", true)}\n`;
    for (const how of ["detected", "--from journal"]) {
      const converter = how === "detected" ? detectFormat(text, registry, "pretty.json").entry.converter : registry.get("journal");
      assert.equal(converter.format, "journal", how);
      const messages: { CreateTime?: string; Source?: { IP?: string }[]; Analyzer?: { Hostname?: string } }[] = [];
      const rejects: unknown[] = [];
      const result = await runPipeline({
        converter,
        inputs: [textInput("pretty.json", text)],
        sinks: { messages: { write: (m) => void messages.push(m as never) }, rejects: { write: (r) => void rejects.push(r) } },
      });
      assert.deepEqual(rejects, [], how);
      assert.deepEqual(
        messages.map((m) => [m.CreateTime, m.Source?.map((x) => x.IP), m.Analyzer?.Hostname]),
        [
          ["2026-01-15T11:59:58.123456Z", ["192.0.2.7"], "web1"],
          ["2026-01-15T11:59:58.123456Z", ["192.0.2.8"], "web1"],
        ],
        how,
      );
      // Every line ends as something: the entries' other lines are counted as skipped.
      assert.deepEqual({ ...result.stats.skipped }, { [SKIP_PRETTY_PART]: text.split("\n").filter((l) => l !== "").length - 2 }, how);
    }
    // A line of an entry whose `{` was not read is skipped with its reason; a broken entry is
    // rejected at its closing brace, naming the line it opened at.
    const broken = `\t"MESSAGE" : "x",\n}\n{\n\t"MESSAGE" : "x" "y"\n}\n`;
    const rejects: { reason?: string; line?: number }[] = [];
    const result = await runPipeline({
      converter: registry.get("journal"),
      inputs: [textInput("broken.json", broken)],
      sinks: { messages: { write: () => undefined }, rejects: { write: (r) => void rejects.push(r as never) } },
    });
    assert.deepEqual({ ...result.stats.skipped }, { [SKIP_PRETTY_ORPHAN]: 2, [SKIP_PRETTY_PART]: 2 });
    assert.equal(rejects.length, 1);
    assert.match(String(rejects[0]!.reason), /invalid JSON \(the json-pretty entry from line 3\)/);
  });

  it("refuses a timezone option (journal times are UTC) and unknown options before reading", () => {
    assert.throws(() => checkConverterOptions(journal, { timezone: "Z" }), /unknown journal option "timezone"/);
    assert.throws(() => checkConverterOptions(journal, { progam: "x" }), /progam/);
    assert.doesNotThrow(() => checkConverterOptions(journal, { "min-priority": "Medium" }));
  });

  it("reads stdin through the CLI with detection, and --from journal", async () => {
    const input = readFileSync("fixtures/journal/sshd.ndjson", "utf8");
    for (const args of [
      ["convert", "-"],
      ["convert", "--from", "journal", "-"],
    ]) {
      const run = await runNode(["dist/cli/main.js", ...args], { cwd: process.cwd(), stdin: input });
      assert.equal(run.code, 0, run.stderr);
      const messages = run.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as { Source?: { IP?: string }[] });
      assert.equal(messages.length, 4, run.stdout);
      assert.equal(messages[3]!.Source?.[0]?.IP, "203.0.113.50");
    }
  });
});
