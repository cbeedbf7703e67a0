import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { IdmefError } from "../../src/core/errors.js";
import { compileMapping, loadMappingFile } from "../../src/framework/mappings/load.js";
import { compilePath, readPath } from "../../src/framework/mappings/path.js";
import { compileTemplate } from "../../src/framework/mappings/template.js";
import { convertText, withTempDir } from "./helpers.js";

const evaluate = (template: unknown, record: unknown): unknown => compileTemplate(template)({ record, element: undefined });

test("paths: fields, indexes, quoted keys, wildcards; a missing step is undefined, never an exception", () => {
  const record = {
    alert: { signature: "ET SCAN" },
    ports: [80, 443],
    "odd key": { "a.b": 1 },
    hosts: [{ ip: "192.0.2.1" }, {}, { ip: "192.0.2.3" }],
  };
  assert.equal(readPath(compilePath("$.alert.signature"), record), "ET SCAN");
  assert.equal(readPath(compilePath("$.ports[1]"), record), 443);
  assert.equal(readPath(compilePath('$["odd key"]["a.b"]'), record), 1);
  assert.deepEqual(readPath(compilePath("$.hosts[*].ip"), record), ["192.0.2.1", "192.0.2.3"]);
  assert.equal(readPath(compilePath("$.ports[5]"), record), undefined);
  assert.equal(readPath(compilePath("$.icmp.ports[0]"), record), undefined);
  assert.equal(readPath(compilePath("$.alert.signature.length"), record), undefined, "no properties of primitives");
  assert.equal(readPath(compilePath("$.toString"), record), undefined, "own properties only");
});

test("paths: prototype access is refused when the mapping is compiled", () => {
  for (const path of ["$.__proto__", "$.a.constructor", '$["prototype"]', "$.x['__proto__'].y"]) {
    assert.throws(() => compilePath(path), /not allowed \(prototype access\)/, path);
  }
  assert.throws(() => compilePath("$.a..b"), /expected a field name/);
  assert.throws(() => compilePath("alert.signature"), /must start with \$ or @/);
});

test("constants keep their JSON type; missing paths leave fields out; defaults fill them", () => {
  const template = {
    Confidence: 0.75,
    Flag: true,
    Count: 3,
    Nothing: null,
    List: ["a", 1, false],
    Literal: { const: "$.not.a.path" },
    Sig: "$.alert.signature",
    Missing: "$.nowhere",
    WithDefault: { path: "$.nowhere", default: "Unknown" },
    Nested: { Empty: "$.nowhere" },
  };
  assert.deepEqual(evaluate(template, { alert: { signature: "S" } }), {
    Confidence: 0.75,
    Flag: true,
    Count: 3,
    Nothing: null,
    List: ["a", 1, false],
    Literal: "$.not.a.path",
    Sig: "S",
    WithDefault: "Unknown",
  });
});

test("lookup tables, element-wise arrays, first, and every named transform", () => {
  const template = {
    Priority: { path: "$.severity", lookup: { "1": "High", "2": "Medium", "3": "Low" }, default: "Unknown" },
    Other: { path: "$.other", lookup: { "1": "High" }, default: "Unknown" },
    Source: { each: "$.hosts", template: { IP: "@.ip", Port: [{ path: "@.port", transform: "number" }], Note: "$.name" } },
    Name: { first: ["$.missing", "$.name"] },
    Lower: { path: "$.name", transform: "lowercase" },
    Upper: { path: "$.name", transform: "uppercase" },
    Parts: { path: "$.csv", transform: { name: "split", separator: ";" } },
    Joined: { path: "$.words", transform: { name: "join", separator: "-" } },
    Id: { path: "$.name", transform: "uuid" },
    Time: { path: "$.time", transform: { name: "normalize-timestamp", timezone: "Europe/Paris" } },
    Chain: { path: "$.csv", transform: [{ name: "split", separator: ";" }, "uppercase"] },
  };
  const record = {
    severity: 2,
    other: 9,
    hosts: [{ ip: "192.0.2.1", port: "22" }, { ip: "192.0.2.2" }],
    name: "Web-01",
    csv: "a; b;;c",
    words: ["x", "y"],
    time: "2026-01-15T13:00:00",
  };
  const out = evaluate(template, record) as Record<string, unknown>;
  assert.equal(out["Priority"], "Medium");
  assert.equal(out["Other"], "Unknown");
  assert.deepEqual(out["Source"], [
    { IP: "192.0.2.1", Port: [22], Note: "Web-01" },
    { IP: "192.0.2.2", Note: "Web-01" },
  ]);
  assert.equal(out["Name"], "Web-01");
  assert.equal(out["Lower"], "web-01");
  assert.equal(out["Upper"], "WEB-01");
  assert.deepEqual(out["Parts"], ["a", "b", "c"]);
  assert.equal(out["Joined"], "x-y");
  assert.match(String(out["Id"]), /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(out["Id"], (evaluate({ I: { path: "$.name", transform: "uuid" } }, record) as { I: string }).I, "stable");
  assert.equal(out["Time"], "2026-01-15T13:00:00+01:00");
  assert.deepEqual(out["Chain"], ["A", "B", "C"]);
});

test("mapping errors name the place and what to do", () => {
  assert.throws(() => compileTemplate({ A: { path: "$.x", Extra: 1 } }), /A: mixes value keys \(path\) with fields \(Extra\)/);
  assert.throws(() => compileTemplate({ A: { path: "$.x", transform: "rot13" } }), /A: unknown transform "rot13": known are/);
  assert.throws(() => compileTemplate({ A: { each: "$.x" } }), /needs a "template"/);
  assert.throws(() => compileTemplate({ ["__proto__"]: 1 }), /not allowed/);
  assert.throws(() => compileMapping({ format: "x", template: {}, input: "lines" }), /input must be "json-lines"/);
  assert.throws(() => compileMapping({ format: "x", templat: {} }), /unknown key "templat"/);
});

test("a mapping file converts records through the pipeline: match filter skips, missing values never crash", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "eve-lite.yaml");
    writeFileSync(
      path,
      [
        "format: eve-lite",
        "description: a few Suricata EVE fields",
        "match: { '$.event_type': alert }",
        "skipReason: not an alert",
        "template:",
        "  CreateTime: { path: $.timestamp, transform: normalize-timestamp, required: true }",
        "  Description: $.alert.signature",
        "  Priority: { path: $.alert.severity, lookup: { '1': High, '2': Medium, '3': Low }, default: Unknown }",
        "  Analyzer: { Name: Suricata, Category: [NET.NIDS], Data: [Network], Method: [Signature] }",
        "  Source: [ { IP: $.src_ip, Port: [$.src_port] } ]",
        "  Target: [ { IP: $.dest_ip, Port: [$.dest_port] } ]",
      ].join("\n"),
    );
    const converter = loadMappingFile(path);
    const input = [
      '{"timestamp":"2026-01-15T10:00:00.123456+0000","event_type":"alert","src_ip":"192.0.2.1","src_port":1234,"dest_ip":"192.0.2.2","dest_port":80,"alert":{"signature":"ET TEST","severity":2}}',
      '{"timestamp":"2026-01-15T10:00:01+0000","event_type":"alert","proto":"ICMP","src_ip":"192.0.2.1","dest_ip":"192.0.2.2","alert":{"signature":"ICMP ping","severity":3}}',
      '{"timestamp":"2026-01-15T10:00:02+0000","event_type":"flow"}',
      '{"event_type":"alert","alert":{"signature":"no time"}}',
    ].join("\n");
    const { stats, sinks } = await convertText(converter, input);
    assert.equal(stats.converted, 2);
    assert.deepEqual({ ...stats.skipped }, { "not an alert": 1 });
    assert.deepEqual(
      sinks.rejects.map((r) => [r.line, r.reason]),
      [[4, "CreateTime: required value $.timestamp is missing"]],
    );
    const icmp = sinks.messages[1]!;
    assert.deepEqual(icmp["Source"], [{ ID: "00000000-0000-4000-8000-000000000005", IP: "192.0.2.1" }], "no Port when the path is missing");
    assert.equal(icmp["Priority"], "Low");
    assert.equal(sinks.messages[0]?.["CreateTime"], "2026-01-15T10:00:00.123456+00:00");
  });
});

test("a broken mapping file is a CONFIG_ERROR naming the file", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "bad.json");
    writeFileSync(path, '{"format":"x","template":{"A":"$.__proto__.polluted"}}');
    assert.throws(
      () => loadMappingFile(path),
      (error: unknown) =>
        error instanceof IdmefError && error.code === "CONFIG_ERROR" && error.message.startsWith(`mapping ${path}: A: path`),
    );
    writeFileSync(path, "{not json");
    assert.throws(() => loadMappingFile(path), /mapping .*bad\.json: not valid JSON/);
  });
});

test("a [*] path over a huge array reads every element (no call-stack overflow)", () => {
  const ports = Array.from({ length: 400_000 }, (_, i) => (i % 65535) + 1);
  const found = readPath(compilePath("$.flows[*].port"), { flows: ports.map((port) => ({ port })) }) as number[];
  assert.equal(found.length, 400_000);
  assert.equal(found[399_999], ports[399_999]);
});
