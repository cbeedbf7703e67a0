// The snort converter: alert_json, alert_fast (Snort 2 and 3), alert_full records, times, roles,
// hostile input and detection.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { builtinConverters } from "../../../src/converters/index.js";
import { splitAddressPort } from "../../../src/converters/snort/alert-fields.js";
import { snortConverter } from "../../../src/converters/snort/index.js";
import { readSnortTime } from "../../../src/converters/snort/snort-time.js";
import { schemaProblems } from "../../../src/core/validator.js";
import { detectFormat } from "../../../src/framework/detect.js";
import { FormatRegistry } from "../../../src/framework/registry.js";
import { runPipeline, textInput } from "../../../src/index.js";
import { MemorySinks } from "../../../src/testing/index.js";
import { converterForTest } from "../../../src/testing/index.js";

async function convert(line: string): Promise<Record<string, unknown>> {
  const run = await converterForTest(snortConverter, { timezone: "Z" });
  const { output } = await run(line);
  const message = output as Record<string, unknown>;
  assert.deepEqual(schemaProblems(message, { version: "2.D.V08" }), [], JSON.stringify(message));
  return message;
}

function item(message: Record<string, unknown>, role: "Source" | "Target"): Record<string, unknown> {
  return (message[role] as Record<string, unknown>[])[0]!;
}

test("alert_json with every field Snort prints: ids, message, class, priority, addresses, ports, service, times", async () => {
  const m = await convert(
    '{ "seconds" : 1596055034, "action" : "allow", "class" : "Attempted Information Leak", "dir" : "C2S", "dst_addr" : "10.1.2.3", "dst_ap" : "10.1.2.3:80", "dst_port" : 80, "gid" : 1, "iface" : "eth0", "msg" : "SERVER-WEBAPP probe", "priority" : 2, "proto" : "TCP", "rev" : 3, "rule" : "1:2000:3", "service" : "http", "sid" : 2000, "src_addr" : "192.168.1.5", "src_ap" : "192.168.1.5:51000", "src_port" : 51000, "timestamp" : "07/29-20:37:14.562891" }',
  );
  assert.equal(m["CreateTime"], "2020-07-29T20:37:14.562891Z");
  assert.deepEqual(m["AltNames"], ["1:2000:3"]);
  assert.equal(m["Description"], "SERVER-WEBAPP probe");
  assert.equal(m["Priority"], "Medium");
  assert.deepEqual(m["Category"], ["Recon.Network"]);
  assert.deepEqual(item(m, "Source"), { ID: item(m, "Source")["ID"], IP: "192.168.1.5", Protocol: ["tcp", "http"], Port: [51000] });
  assert.deepEqual(item(m, "Target"), { ID: item(m, "Target")["ID"], IP: "10.1.2.3", Service: "http", Port: [80] });
  assert.equal((m["Sensor"] as Record<string, unknown>[])[0]!["Name"], "eth0");
});

test("Snort time stamps: year inferred (not after now), -y years, zone from the option", () => {
  const now = Date.parse("2026-01-15T12:00:00Z");
  assert.equal(readSnortTime("12/28-12:55:38.765402", { timezone: "Z", referenceMs: now }), "2025-12-28T12:55:38.765402Z");
  assert.equal(readSnortTime("01/02-11:30:23.358639", { timezone: "+01:00", referenceMs: now }), "2026-01-02T11:30:23.358639+01:00");
  assert.equal(readSnortTime("24/02/29-01:02:03.000001", { timezone: "Z", referenceMs: now }), "2024-02-29T01:02:03.000001Z");
  assert.equal(readSnortTime("02/30-01:02:03.1", { timezone: "Z", referenceMs: now }), undefined);
  assert.equal(readSnortTime("yesterday", { timezone: "Z", referenceMs: now }), undefined);
});

test("addresses with ports: IPv4, bracketed IPv6, Snort's unbracketed IPv6 with a port", () => {
  assert.deepEqual(splitAddressPort("10.6.6.254:80", true), { addr: "10.6.6.254", port: 80 });
  assert.deepEqual(splitAddressPort("[2001:db8::1]:443", true), { addr: "2001:db8::1", port: 443 });
  assert.deepEqual(splitAddressPort("2001:df1:c200:c:0:0:0:35:60884", true), { addr: "2001:df1:c200:c:0:0:0:35", port: 60884 });
  assert.deepEqual(splitAddressPort("2001:4860:4860:0:0:0:0:8888", false), { addr: "2001:4860:4860:0:0:0:0:8888", port: undefined });
});

test("alert_full records: one message per record at its address line, detail lines skipped and counted", async () => {
  const text = [
    "[**] [1:2013504:3] ET POLICY GNU/Linux APT User-Agent Outbound likely related to package management [**]",
    "[Classification: Not Suspicious Traffic] [Priority: 3] ",
    "07/29-20:37:14.562891 10.0.2.15:48538 -> 91.189.91.26:80",
    "TCP TTL:64 TOS:0x0 ID:51296 IpLen:20 DgmLen:269 DF",
    "***AP*** Seq: 0x5E0A3C3B  Ack: 0x1A1C9E01  Win: 0x7210  TcpLen: 20",
    "[Xref => http://doc.emergingthreats.net/2013504]",
    "",
    '[**] [1:10000001:0] "ICMP test" [**]',
    "[Priority: 0] ",
    "07/29-20:37:15.000001 10.0.2.15 -> 8.8.8.8",
    "ICMP TTL:64 TOS:0x0 ID:1 IpLen:20 DgmLen:84",
    "",
  ].join("\n");
  const sinks = new MemorySinks();
  const report = await runPipeline({
    inputs: [textInput("alert_full.txt", text)],
    converter: snortConverter,
    options: { timezone: "Z" },
    sinks: { messages: sinks.messageSink, rejects: sinks.rejectSink, warnings: sinks.warningSink },
  });
  assert.equal(report.stats.converted, 2);
  assert.deepEqual(sinks.rejects, []);
  assert.ok(report.balanced);
  // Classification/Priority lines, the packet lines and the Xref line after the address line.
  assert.deepEqual(
    { ...report.stats.skipped },
    { "alert_full header line (converted with its address line)": 2, "alert_full packet detail line": 6, "blank line": 1 },
  );
  const [first, second] = sinks.messages as unknown as Record<string, unknown>[];
  assert.equal(first!["Description"], "ET POLICY GNU/Linux APT User-Agent Outbound likely related to package management");
  assert.deepEqual(first!["AltNames"], ["1:2013504:3"]);
  assert.deepEqual(first!["Category"], ["Other.Uncategorised"]);
  assert.deepEqual(item(first!, "Target")["Port"], [80]);
  assert.equal(second!["Description"], "ICMP test");
  assert.equal(item(second!, "Target")["IP"], "8.8.8.8");
});

test("hostile input: __proto__ keys, a megabyte line, binary bytes, broken brackets", async () => {
  const run = await converterForTest(snortConverter, { timezone: "Z" });
  const polluted = await convert(
    '{"__proto__":{"polluted":1},"timestamp":"07/29-20:37:14.562891","msg":"x","src_ap":"1.2.3.4:5","dst_ap":"5.6.7.8:9","proto":"TCP"}',
  );
  assert.equal(({} as Record<string, unknown>)["polluted"], undefined);
  assert.equal(item(polluted, "Source")["IP"], "1.2.3.4");
  const started = performance.now();
  await assert.rejects(run(`07/29-20:37:14.562891  [**] [1:2:3] ${"[".repeat(500_000)}`), /closing \[\*\*\]/);
  await assert.rejects(run(`07/29-20:37:14.562891  [**] [1:2:3] m [**] ${"[x] ".repeat(200_000)}`), /source -> destination/);
  assert.ok(performance.now() - started < 5000, "hostile lines must stay linear");
  await assert.rejects(run("\u0000\u0001binary\uFFFD"), /not a Snort alert/);
  await assert.rejects(run('{"timestamp":"not a time","msg":"x"}'), /not a Snort time/);
});

test("detection: Snort files go to snort; EVE, syslog, CEF and LEEF files keep their format", () => {
  const registry = new FormatRegistry();
  registry.registerAll(builtinConverters);
  const cases: [string, string][] = [
    ["fixtures/snort/alert-json-default-fields.json", "snort"],
    ["fixtures/snort/snort3-alert-fast.log", "snort"],
    ["fixtures/snort/snort2-alert-fast.log", "snort"],
    ["fixtures/suricata/anomaly-events.ndjson", "suricata"],
    ["fixtures/syslog/auth-log.log", "syslog"],
    ["fixtures/cef/radiflow-isid.log", "cef"],
    ["fixtures/leef/eset-remote-administrator.log", "leef"],
  ];
  for (const [file, format] of cases) {
    assert.equal(detectFormat(readFileSync(file, "utf8"), registry, file).entry.converter.format, format, file);
  }
});

test("alert_json `target`: a rule's target:src_ip makes the packet's sender the Target, whatever `dir` says", async () => {
  const base =
    '"gid" : 1, "sid" : 7, "rev" : 1, "msg" : "m", "proto" : "TCP", "src_addr" : "10.0.0.1", "src_port" : 4444, "dst_addr" : "10.0.0.2", "dst_port" : 51000, "timestamp" : "11/27-13:01:46.385814", "seconds" : 1511787706';
  const senderIsTarget = await convert(`{ ${base}, "dir" : "C2S", "target" : "10.0.0.1" }`);
  assert.equal(item(senderIsTarget, "Target")["IP"], "10.0.0.1");
  assert.equal(item(senderIsTarget, "Source")["IP"], "10.0.0.2");
  const receiverIsTarget = await convert(`{ ${base}, "dir" : "S2C", "target" : "10.0.0.2" }`);
  assert.equal(item(receiverIsTarget, "Target")["IP"], "10.0.0.2");
  assert.equal(item(receiverIsTarget, "Source")["IP"], "10.0.0.1");
  // No target: dir decides (S2C swaps).
  const byDir = await convert(`{ ${base}, "dir" : "S2C" }`);
  assert.equal(item(byDir, "Target")["IP"], "10.0.0.1");
});

test("built-in port_scan alerts (gid 122) without a classification are Recon.Network; other generators stay undetermined", async () => {
  const scan = await convert(
    '07/12-21:04:38.489675 [**] [122:17:1] "(port_scan) UDP portscan" [**] [Priority: 3] {UDP} 192.168.176.155:47076 -> 192.168.168.139:34578',
  );
  assert.deepEqual(scan["Category"], ["Recon.Network"]);
  const decoder = await convert(
    '07/12-21:03:57.726043 [**] [116:449:1] "(decode) unassigned/reserved IP protocol" [**] [Priority: 3] {IP} 192.168.176.155 -> 192.168.168.139',
  );
  assert.deepEqual(decoder["Category"], ["Other.Undetermined"]);
  // A classification, when Snort prints one, wins over the generator's row.
  const classified = await convert(
    '07/12-21:04:38.489675 [**] [122:17:1] "(port_scan) UDP portscan" [**] [Classification: Attempted Denial of Service] [Priority: 2] {UDP} 192.168.176.155:47076 -> 192.168.168.139:34578',
  );
  assert.deepEqual(classified["Category"], ["Availability.DoS"]);
});
