// The leef converter on single lines: LEEF 1.0 tabs, LEEF 2.0 delimiters (a character or its hex
// code), devTime with devTimeFormat, syslog headers, hostile input, detection.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { builtinConverters } from "../../../src/converters/index.js";
import { leefConverter } from "../../../src/converters/leef/index.js";
import { readWithDateFormat } from "../../../src/converters/leef/dev-time-format.js";
import { parseLeef } from "../../../src/converters/leef/parse-leef.js";
import { schemaProblems } from "../../../src/core/validator.js";
import { detectFormat } from "../../../src/framework/detect.js";
import { FormatRegistry } from "../../../src/framework/registry.js";
import { converterForTest } from "../../../src/testing/index.js";

async function convert(line: string): Promise<{ message: Record<string, unknown>; warnings: string[] }> {
  const run = await converterForTest(leefConverter, { timezone: "Z" });
  const { output, context } = await run(line);
  const message = output as Record<string, unknown>;
  assert.deepEqual(schemaProblems(message, { version: "2.D.V08" }), [], JSON.stringify(message));
  return { message, warnings: context.warnings };
}

function item(message: Record<string, unknown>, role: "Source" | "Target"): Record<string, unknown> {
  return (message[role] as Record<string, unknown>[])[0]!;
}

test("LEEF 2.0 delimiter field: a character, its hex code with x or 0x, or absent (tab)", () => {
  const pairs = (line: string): unknown => parseLeef(line, 5).attributes;
  const expected = [
    ["src", "10.0.1.8"],
    ["dst", "10.0.0.5"],
  ];
  assert.deepEqual(pairs("LEEF:2.0|Lancope|StealthWatch|1.0|41|^|src=10.0.1.8^dst=10.0.0.5"), expected);
  assert.deepEqual(pairs("LEEF:2.0|Lancope|StealthWatch|1.0|41|x5E|src=10.0.1.8^dst=10.0.0.5"), expected);
  assert.deepEqual(pairs("LEEF:2.0|Lancope|StealthWatch|1.0|41|0x09|src=10.0.1.8\tdst=10.0.0.5"), expected);
  assert.deepEqual(pairs("LEEF:2.0|Lancope|StealthWatch|1.0|41|src=10.0.1.8\tdst=10.0.0.5"), expected);
  assert.deepEqual(pairs("LEEF:1.0|Microsoft|MSExchange|4.0 SP1|15345|src=10.0.1.8\tdst=10.0.0.5"), expected);
  // A value holding '|' stays whole (the header has only five or six fields).
  assert.deepEqual(pairs("LEEF:1.0|V|P|1|7|Path=A|B\tsrc=1.2.3.4"), [
    ["Path", "A|B"],
    ["src", "1.2.3.4"],
  ]);
});

test("devTime by its devTimeFormat (Java SimpleDateFormat)", () => {
  assert.equal(readWithDateFormat("Jun 06 2010 16:07:36", "MMM dd yyyy HH:mm:ss", "Z"), "2010-06-06T16:07:36Z");
  assert.equal(readWithDateFormat("Jun 06 2010 16:07:36.300", "MMM dd yyyy HH:mm:ss.SSS", "+02:00"), "2010-06-06T16:07:36.300+02:00");
  assert.equal(readWithDateFormat("Apr 17 2024 22:19:15.000 UTC", "MMM dd yyyy HH:mm:ss.SSS zzz", undefined), "2024-04-17T22:19:15.000Z");
  assert.equal(
    readWithDateFormat("2017-10-18T11:26:03.060+0200", "yyyy-MM-dd'T'HH:mm:ss.SSSZ", undefined),
    "2017-10-18T11:26:03.060+02:00",
  );
  assert.equal(readWithDateFormat("Apr-07-2019 15:43:31 GMT", "MMM dd yyyy HH:mm:ss z", undefined), "2019-04-07T15:43:31Z");
  assert.equal(readWithDateFormat("yesterday", "MMM dd yyyy", "Z"), undefined);
  assert.equal(readWithDateFormat("2010", "qqqq", "Z"), undefined);
});

test("addresses, ports, user, protocol, severity, category and time land where a user looks for them", async () => {
  const { message } = await convert(
    "Jan 18 11:07:53 host1 LEEF:1.0|Microsoft|MSExchange|4.0 SP1|15345|src=192.0.2.10\tdst=172.50.123.1\tsev=5\tcat=anomaly\tsrcPort=81\tdstPort=21\tusrName=joe.black\tproto=TCP\tdevTime=Jan 18 2019 11:07:53\tdevTimeFormat=MMM dd yyyy HH:mm:ss",
  );
  assert.equal(message["CreateTime"], "2019-01-18T11:07:53Z");
  assert.equal(message["Priority"], "Medium");
  assert.deepEqual(message["AltNames"], ["eventId:15345"]);
  assert.deepEqual(message["AltCategory"], ["cat:anomaly"]);
  assert.deepEqual(item(message, "Source"), {
    ID: item(message, "Source")["ID"],
    IP: "192.0.2.10",
    User: "joe.black",
    Protocol: ["tcp"],
    Port: [81],
  });
  assert.deepEqual(item(message, "Target"), { ID: item(message, "Target")["ID"], IP: "172.50.123.1", Port: [21] });
  assert.equal((message["Analyzer"] as Record<string, unknown>)["Hostname"], "host1");
});

test("a line that is not LEEF, or whose header is cut short, is rejected with the reason", async () => {
  const run = await converterForTest(leefConverter, {});
  await assert.rejects(run("CEF:0|a|b|c|d|e|5|src=1.2.3.4"), /not a LEEF event/);
  await assert.rejects(run("LEEF:2.0|CarbonBlack|CbDefense|0.1|THRE"), /the header ends after 4 of its 5 fields/);
});

test("hostile input: __proto__ keys, a megabyte line, binary bytes, delimiters gone wrong", async () => {
  const proto = await convert("LEEF:1.0|V|P|1|7|__proto__=polluted\tconstructor=x\tsrc=10.0.0.1");
  assert.equal(({} as Record<string, unknown>)["polluted"], undefined);
  assert.match(String(proto.message["Note"]), /__proto__: polluted/);
  const started = performance.now();
  const huge = await convert(`LEEF:1.0|V|P|1|7|msg=${"A\t".repeat(300_000)}src=10.0.0.1`);
  assert.equal(item(huge.message, "Source")["IP"], "10.0.0.1");
  await convert(`LEEF:2.0|V|P|1|7|=|${"=".repeat(500_000)}`);
  await convert(`LEEF:1.0|V|P|1|7|devTime=${"1".repeat(100_000)}\tdevTimeFormat=${"y".repeat(100_000)}`);
  assert.ok(performance.now() - started < 5000, "hostile lines must stay linear");
  const binary = await convert("LEEF:2.0|V\u0000|P|1|7|x00|src=10.0.0.1\tmsg=\u0001\u0002\uFFFD");
  assert.equal(item(binary.message, "Source")["IP"], "10.0.0.1");
});

test("detection: LEEF files go to leef; CEF, syslog and EVE files keep their format", () => {
  const registry = new FormatRegistry();
  registry.registerAll(builtinConverters);
  const cases: [string, string][] = [
    ["fixtures/leef/carbonblack-defense.log", "leef"],
    ["fixtures/leef/panda-adaptive-defense.log", "leef"],
    ["fixtures/leef/eset-remote-administrator.log", "leef"],
    ["fixtures/cef/fortiweb-cloud.log", "cef"],
    ["fixtures/syslog/auth-log.log", "syslog"],
    ["fixtures/suricata/anomaly-events.ndjson", "suricata"],
  ];
  for (const [file, format] of cases) {
    assert.equal(detectFormat(readFileSync(file, "utf8"), registry, file).entry.converter.format, format, file);
  }
});

test("attributes: a piece without key= joins the pair before it, blank pieces are skipped, a stray start is kept", () => {
  const pairs = (line: string): unknown => parseLeef(line, 5).attributes;
  assert.deepEqual(pairs("LEEF:2.0|V|P|1|7|^|msg=a^b^ ^src=1.2.3.4^^"), [
    ["msg", "a^b"],
    ["src", "1.2.3.4"],
  ]);
  // The blank piece between "a" and "b" is left out of the joined value, as before.
  assert.deepEqual(pairs("LEEF:1.0|V|P|1|7|msg=a\t \tb\t bad key=x\tsrc=1"), [
    ["msg", "a\tb\t bad key=x"],
    ["src", "1"],
  ]);
  assert.deepEqual(pairs("LEEF:1.0|V|P|1|7|no key here\tsrc=1"), [
    ["attributes", "no key here"],
    ["src", "1"],
  ]);
  // Spaces around a key are not part of it; "=x" has no key, so it belongs to the value before it.
  assert.deepEqual(pairs("LEEF:1.0|V|P|1|7| src = 1 \t=x"), [["src", " 1 \t=x"]]);
});

test("LEEF 1.0 attributes parted by '|' (PAN-OS): values with spaces stay whole, empty ones are left out", async () => {
  const line =
    "<14>Sep 17 13:45:35 fw.example LEEF:1.0|Palo Alto Networks|PAN-OS Syslog Integration|11.1.6-h14|deny|cat=TRAFFIC|ReceiveTime=2025/09/17 13:45:34|devTime=Sep 17 2025 11:45:34 GMT|src=192.0.2.1|dst=198.51.100.2|usrName=|srcPort=63219|dstPort=3367|proto=tcp|action=deny";
  assert.deepEqual(parseLeef(line, line.indexOf("LEEF:") + 5).attributes.slice(0, 3), [
    ["cat", "TRAFFIC"],
    ["ReceiveTime", "2025/09/17 13:45:34"],
    ["devTime", "Sep 17 2025 11:45:34 GMT"],
  ]);
  const { message } = await convert(line);
  assert.equal(message["CreateTime"], "2025-09-17T11:45:34Z");
  assert.deepEqual(item(message, "Source")["IP"], "192.0.2.1");
  assert.deepEqual(item(message, "Source")["Port"], [63219]);
  assert.deepEqual(item(message, "Target")["Port"], [3367]);
  assert.equal(item(message, "Source")["User"], undefined);
  // A '|' inside a tab-parted line's value is still the value's (the tab decides).
  assert.deepEqual(parseLeef("LEEF:1.0|V|P|1|7|Path=A|B=C\tsrc=1.2.3.4", 5).attributes, [
    ["Path", "A|B=C"],
    ["src", "1.2.3.4"],
  ]);
});
