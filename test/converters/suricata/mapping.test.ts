// The suricata converter's mapping, record by record, with a hand-made context.
import { test } from "node:test";
import { readFileSync } from "node:fs";
import assert from "node:assert/strict";
import { suricataConverter } from "../../../src/converters/suricata/index.js";
import { normalizeCve, referenceUri, ruleReferences } from "../../../src/converters/suricata/references.js";
import { priorityForSeverity } from "../../../src/converters/suricata/classify.js";
import { ConversionError, IdmefError } from "../../../src/core/errors.js";
import { schemaProblems } from "../../../src/core/validator.js";
import type { ConvertFunction } from "../../../src/core/converter.js";
import { checkConverterOptions } from "../../../src/framework/check-options.js";
import { createTestContext } from "../../../src/testing/index.js";

interface Run {
  message: Record<string, unknown> | null;
  skipped: string | undefined;
  warnings: string[];
}

function convert(record: unknown, options: Record<string, unknown> = {}): Run {
  // The converter as a run sets it up: options checked (CONFIG_ERROR when wrong), then setup.
  const values = checkConverterOptions(suricataConverter, options) as Parameters<typeof suricataConverter.setup>[0];
  const ctx = createTestContext({ options: values, source: { file: "eve.json", line: 1 } });
  // suricata's setup is synchronous (the contract allows a promise).
  const convertRecord = suricataConverter.setup(values) as ConvertFunction<unknown>;
  const message = convertRecord(record, ctx) as Record<string, unknown> | null;
  return { message, skipped: ctx.skips.at(-1), warnings: ctx.warnings };
}

function alert(extra: Record<string, unknown> = {}, alertExtra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    timestamp: "2017-04-07T22:24:37.251547+0100",
    flow_id: 586497171462735,
    event_type: "alert",
    src_ip: "192.168.2.14",
    src_port: 50096,
    dest_ip: "209.53.113.5",
    dest_port: 80,
    proto: "TCP",
    alert: {
      action: "allowed",
      gid: 1,
      signature_id: 2018358,
      rev: 10,
      signature: "ET HUNTING GENERIC SUSPICIOUS POST to Dotted Quad with Fake Browser 1",
      category: "Potentially Bad Traffic",
      severity: 2,
      ...alertExtra,
    },
    app_proto: "http",
    ...extra,
  };
}

function valid(message: Record<string, unknown> | null): Record<string, unknown> {
  assert.ok(message !== null, "expected a message");
  assert.deepEqual(schemaProblems(message, { version: "2.D.V08" }), []);
  return message;
}

function item(message: Record<string, unknown>, role: "Source" | "Target"): Record<string, unknown> {
  const items = message[role] as Record<string, unknown>[] | undefined;
  assert.ok(items !== undefined && items.length === 1, `one ${role} expected`);
  return items[0]!;
}

test("an alert maps to one valid message with the documented fields", () => {
  const m = valid(convert(alert()).message);
  assert.equal(m["CreateTime"], "2017-04-07T22:24:37.251547+01:00");
  assert.deepEqual(m["Type"], ["Cyber"]);
  assert.deepEqual(m["Category"], ["Other.Undetermined"]);
  assert.deepEqual(m["AltCategory"], ["classtype:bad-unknown"]);
  assert.equal(m["Priority"], "Medium");
  assert.equal(m["Description"], "ET HUNTING GENERIC SUSPICIOUS POST to Dotted Quad with Fake Browser 1");
  assert.deepEqual(m["AltNames"], ["1:2018358:10", "flow_id:586497171462735", "action:allowed"]);
  assert.deepEqual(item(m, "Source"), { ID: item(m, "Source")["ID"], IP: "192.168.2.14", Protocol: ["tcp", "http"], Port: [50096] });
  assert.deepEqual(item(m, "Target"), { ID: item(m, "Target")["ID"], IP: "209.53.113.5", Service: "http", Port: [80] });
  const analyzer = m["Analyzer"] as Record<string, unknown>;
  assert.equal(analyzer["Model"], "Suricata");
  assert.deepEqual(analyzer["Category"], ["NET.NIDS"]);
  assert.deepEqual(analyzer["Data"], ["Network"]);
  assert.deepEqual(analyzer["Method"], ["Signature"]);
});

test("severity maps the Suricata way round: 1 High, 2 Medium, 3 Low, 4 and more Info", () => {
  assert.deepEqual([1, 2, 3, 4, 255].map(priorityForSeverity), ["High", "Medium", "Low", "Info", "Info"]);
  assert.equal(priorityForSeverity(undefined), "Unknown");
  assert.equal(valid(convert(alert({}, { severity: 1 })).message)["Priority"], "High");
  assert.equal(valid(convert(alert({}, { severity: 3 })).message)["Priority"], "Low");
});

test("unknown and empty categories give Other.Undetermined; unknown text is kept in AltCategory", () => {
  assert.deepEqual(valid(convert(alert({}, { category: "" })).message)["Category"], ["Other.Undetermined"]);
  const custom = valid(convert(alert({}, { category: "Local Policy" })).message);
  assert.deepEqual(custom["Category"], ["Other.Undetermined"]);
  assert.deepEqual(custom["AltCategory"], ["category:Local Policy"]);
  const trojan = valid(convert(alert({}, { category: "A Network Trojan was detected" })).message);
  assert.deepEqual(trojan["Category"], ["Malware.Trojan"]);
});

test("ET metadata: former_category, malware_family and mitre_* go to AltCategory; CVEs to Ref as URNs", () => {
  const metadata = {
    former_category: ["MALWARE"],
    malware_family: ["IcedID"],
    mitre_tactic_id: ["TA0011"],
    mitre_technique_id: ["T1071"],
    cve: ["CVE_1999_0183", "2019-91325", "CVE-2021-44228", "not a cve"],
  };
  const run = convert(alert({}, { metadata }));
  const m = valid(run.message);
  assert.deepEqual(m["AltCategory"], [
    "classtype:bad-unknown",
    "former_category:MALWARE",
    "malware_family:IcedID",
    "mitre_tactic_id:TA0011",
    "mitre_technique_id:T1071",
  ]);
  assert.deepEqual(m["Ref"], ["urn:cve:CVE-1999-0183", "urn:cve:CVE-2019-91325", "urn:cve:CVE-2021-44228"]);
  assert.equal(run.warnings.length, 1);
  assert.match(run.warnings[0]!, /not a cve/);
});

test("CVE ids in the forms seen in real metadata normalize to urn:cve:CVE-YYYY-NNNN", () => {
  assert.equal(normalizeCve("CVE_1999_0183"), "urn:cve:CVE-1999-0183");
  assert.equal(normalizeCve("2019-91325"), "urn:cve:CVE-2019-91325");
  assert.equal(normalizeCve("cve-2020-12695"), "urn:cve:CVE-2020-12695");
  assert.equal(normalizeCve("CVE-20-1"), undefined);
  assert.equal(normalizeCve("x".repeat(100000)), undefined);
});

test("rule references become URIs; systems without a URL form are reported", () => {
  const rule =
    'alert tcp any any -> any any (msg:"x"; reference:url,www.example.org/a b; reference:cve,2002-0392; reference:bugtraq,2112; reference:md5,2ce9c871a8a217cafcdce15c6c1e8dfc; sid:1;)';
  const refs = ruleReferences(rule);
  assert.deepEqual(refs.map(referenceUri), [
    "http://www.example.org/a%20b",
    "urn:cve:CVE-2002-0392",
    "http://www.securityfocus.com/bid/2112",
    undefined,
  ]);
  const run = convert(alert({}, { rule }));
  assert.deepEqual(valid(run.message)["Ref"], [
    "http://www.example.org/a%20b",
    "urn:cve:CVE-2002-0392",
    "http://www.securityfocus.com/bid/2112",
  ]);
  assert.equal(run.warnings.length, 1);
});

test("direction to_client flips the roles: Source is the client, Target the server", () => {
  const m = valid(
    convert(
      alert({
        src_ip: "45.61.137.225",
        src_port: 443,
        dest_ip: "10.10.31.101",
        dest_port: 56110,
        direction: "to_client",
        app_proto: "tls",
        tls: { sni: "manjuskploman.com" },
      }),
    ).message,
  );
  assert.equal(item(m, "Source")["IP"], "10.10.31.101");
  assert.deepEqual(item(m, "Source")["Port"], [56110]);
  assert.equal(item(m, "Target")["IP"], "45.61.137.225");
  assert.equal(item(m, "Target")["Hostname"], "manjuskploman.com");
  assert.equal(item(m, "Target")["Service"], "tls");
});

test("without direction, flow.src_ip equal to dest_ip also marks a packet to the client", () => {
  const m = valid(
    convert(
      alert({
        src_ip: "10.0.0.2",
        src_port: 80,
        dest_ip: "10.0.0.1",
        dest_port: 5555,
        flow: { src_ip: "10.0.0.1", src_port: 5555, dest_ip: "10.0.0.2", dest_port: 80 },
      }),
    ).message,
  );
  assert.equal(item(m, "Source")["IP"], "10.0.0.1");
  assert.equal(item(m, "Target")["IP"], "10.0.0.2");
});

test("alert.source / alert.target (the rule's target keyword) decide the roles", () => {
  const m = valid(
    convert(
      alert(
        {
          src_ip: "10.10.31.101",
          src_port: 56108,
          dest_ip: "104.21.32.6",
          dest_port: 80,
          direction: "to_server",
          http: { hostname: "grafielucho.com" },
        },
        { source: { ip: "104.21.32.6", port: 80 }, target: { ip: "10.10.31.101", port: 56108 } },
      ),
    ).message,
  );
  assert.equal(item(m, "Source")["IP"], "104.21.32.6");
  // The host name is the server's, whichever role it has.
  assert.equal(item(m, "Source")["Hostname"], "grafielucho.com");
  assert.equal(item(m, "Target")["IP"], "10.10.31.101");
});

test("ports only when 1..65535; empty IPs are left out, never replaced", () => {
  const icmp = valid(
    convert(alert({ proto: "ICMP", src_port: 0, dest_port: 0, app_proto: undefined, icmp_type: 8, icmp_code: 0 })).message,
  );
  assert.equal(item(icmp, "Source")["Port"], undefined);
  assert.equal(item(icmp, "Target")["Port"], undefined);
  assert.deepEqual(item(icmp, "Source")["Protocol"], ["icmp"]);
  const big = valid(convert(alert({ dest_port: 65536 })).message);
  assert.equal(item(big, "Target")["Port"], undefined);
  const noIps = valid(
    convert(alert({ src_ip: "", dest_ip: "", src_port: undefined, dest_port: undefined, proto: undefined, app_proto: undefined })).message,
  );
  assert.equal(noIps["Source"], undefined);
  assert.equal(noIps["Target"], undefined);
  assert.ok(!JSON.stringify(noIps).includes("127.0.0.1"));
});

test("IPv6 in expanded form with leading zeros passes the schema's ipType pattern", () => {
  const m = valid(
    convert(
      alert({
        src_ip: "fe80:0000:0000:0000:0a00:27ff:fe4e:9e4b",
        dest_ip: "ff02:0000:0000:0000:0000:0000:0000:0002",
        proto: "IPv6-ICMP",
        src_port: 0,
        dest_port: 0,
      }),
    ).message,
  );
  assert.equal(item(m, "Source")["IP"], "fe80:0000:0000:0000:0a00:27ff:fe4e:9e4b");
  assert.deepEqual(item(m, "Source")["Protocol"], ["ipv6-icmp", "http"]);
  valid(convert(alert({ src_ip: "2001:0db8:0000:0000:0000:ff00:0042:8329", dest_ip: "::1" })).message);
});

test("IPv6 forms the schema's pattern misses are rewritten compressed, with a warning", () => {
  const run = convert(alert({ src_ip: "ff02:0000:0000:0000:0000:0000:0000:0001%eth0", dest_ip: "1:2:3:4:5:6:1.2.3.4" }));
  const m = valid(run.message);
  assert.equal(item(m, "Source")["IP"], "ff02::1");
  assert.equal(item(m, "Target")["IP"], "1:2:3:4:5:6:102:304");
  assert.equal(run.warnings.length, 2);
  assert.match(run.warnings[0]!, /rewritten as ff02::1/);
});

test("detect: sure of EVE lines, not of other JSON or text", () => {
  const eve = readFileSync("fixtures/suricata/corpus/nicoaller-log-analyzer-eve.ndjson", "utf8").slice(0, 64 * 1024);
  assert.ok(suricataConverter.detect!(eve) >= 0.9);
  assert.ok(suricataConverter.detect!(readFileSync("fixtures/suricata/invalid/damaged-lines.ndjson", "utf8")) > 0);
  assert.equal(suricataConverter.detect!('{"Version":"2.D.V08","ID":"x"}\n{"a":1}\n'), 0);
  assert.equal(suricataConverter.detect!("<34>Oct 11 22:14:15 mymachine su: 'su root' failed\n"), 0);
  assert.equal(suricataConverter.detect!(""), 0);
});

test("a non-IP address is left out with a warning", () => {
  const run = convert(alert({ src_ip: "not-an-ip" }));
  assert.equal(item(valid(run.message), "Source")["IP"], undefined);
  assert.match(run.warnings[0]!, /src_ip "not-an-ip" is not an IP address/);
});

test("a stamp without zone is rejected unless the timezone option gives one", () => {
  const record = alert({ timestamp: "2017-04-07T22:24:37.251547", flow: { start: "2017-04-07T22:20:00.000001" } });
  assert.throws(
    () => convert(record),
    (e: unknown) => e instanceof ConversionError && /timezone/.test(e.message),
  );
  const m = valid(convert(record, { timezone: "Europe/Paris" }).message);
  assert.equal(m["CreateTime"], "2017-04-07T22:24:37.251547+02:00");
  assert.equal(m["StartTime"], "2017-04-07T22:20:00.000001+02:00");
  assert.throws(() => convert(alert({ timestamp: undefined })), /no "timestamp"/);
});

test("other event types are skipped by name; a line without event_type is an alert only if it has one", () => {
  assert.equal(convert({ timestamp: "2017-04-07T22:24:37+0100", event_type: "flow" }).skipped, "event_type flow");
  assert.equal(convert({ timestamp: "2017-04-07T22:24:37+0100", event_type: "anomaly" }).skipped, "event_type anomaly");
  assert.equal(convert({ timestamp: "2017-04-07T22:24:37+0100", F: "stats" }).skipped, "no event_type");
  const noType = alert();
  delete noType["event_type"];
  valid(convert(noType).message);
  assert.throws(() => convert([1, 2]), /one JSON object/);
  assert.equal(
    convert({ timestamp: "2017-04-07T22:24:37+0100", event_type: "x".repeat(5000) }).skipped,
    "event_type (not a Suricata event type name)",
  );
});

test('option events ["alert","anomaly"] turns anomalies into Info messages', () => {
  const record = {
    timestamp: "2022-02-23T19:37:54.876626+0100",
    flow_id: 784971828713432,
    event_type: "anomaly",
    src_ip: "172.16.0.149",
    src_port: 49795,
    dest_ip: "172.16.0.52",
    dest_port: 139,
    proto: "TCP",
    anomaly: { app_proto: "smb", type: "applayer", event: "APPLAYER_DETECT_PROTOCOL_ONLY_ONE_DIRECTION", layer: "proto_detect" },
  };
  const m = valid(convert(record, { events: ["alert", "anomaly"] }).message);
  assert.equal(m["Priority"], "Info");
  assert.equal(m["Description"], "Suricata applayer anomaly APPLAYER_DETECT_PROTOCOL_ONLY_ONE_DIRECTION (layer proto_detect)");
  assert.deepEqual((m["Analyzer"] as Record<string, unknown>)["Method"], ["Anomaly"]);
  assert.equal(item(m, "Target")["Service"], "smb");
  assert.throws(
    () => convert(record, { events: ["alert", "flow"] }),
    (e: unknown) => e instanceof IdmefError && e.code === "CONFIG_ERROR",
  );
});

test("analyzer name: option, else host, else Suricata; sensor from in_iface and vlan", () => {
  const m = valid(convert(alert({ host: "sensor-1", in_iface: "eth1", vlan: [100, 200] })).message);
  const analyzer = m["Analyzer"] as Record<string, unknown>;
  assert.equal(analyzer["Name"], "sensor-1");
  assert.equal(analyzer["Hostname"], "sensor-1");
  assert.deepEqual((m["Sensor"] as Record<string, unknown>[])[0], {
    ID: (m["Sensor"] as Record<string, unknown>[])[0]!["ID"],
    Name: "eth1",
    Hostname: "sensor-1",
    CaptureZone: "vlan 100/200",
  });
  const named = valid(convert(alert({ host: "sensor-1" }), { analyzer: "dmz-ids" }).message);
  assert.equal((named["Analyzer"] as Record<string, unknown>)["Name"], "dmz-ids");
  assert.equal((valid(convert(alert()).message)["Analyzer"] as Record<string, unknown>)["Name"], "Suricata");
});

test("payload, payload_printable, packet and files become attachments; packet ones listed on the sender", () => {
  const m = valid(
    convert(
      alert({
        payload: "R0VUIC8gSFRUUC8xLjENCg==",
        payload_printable: "GET / HTTP/1.1..",
        packet: "RQAAKAAAAABABveDwKgA/sCoAP7bYgzq",
        packet_info: { linktype: 1 },
        files: [{ filename: "/evil.exe", size: 1234, sha256: "AB".repeat(32), md5: "not hex", magic: "PE32 executable" }],
      }),
    ).message,
  );
  const attachments = m["Attachment"] as Record<string, unknown>[];
  assert.deepEqual(
    attachments.map((a) => a["Name"]),
    ["payload", "payloadPrintable", "packet", "file1"],
  );
  assert.deepEqual(attachments[3], {
    Name: "file1",
    FileName: "/evil.exe",
    Size: 1234,
    Hash: [`sha256:${"ab".repeat(32)}`],
    Note: "magic: PE32 executable",
  });
  assert.deepEqual(item(m, "Source")["Attachment"], ["payload", "payloadPrintable", "packet"]);
  assert.equal(item(m, "Target")["Attachment"], undefined);
});

test("hostile keys and huge values do not break the converter", () => {
  const record = JSON.parse(
    `{"__proto__":{"polluted":1},"timestamp":"2017-04-07T22:24:37+0100","event_type":"alert","alert":{"signature":"${"A".repeat(200000)}","category":"${"x".repeat(100000)}"}}`,
  ) as unknown;
  valid(convert(record).message);
  assert.equal(({} as Record<string, unknown>)["polluted"], undefined);
});

test("a category text not in classification.config goes through the shared keyword table: login/brute-force words give Access.Forced", () => {
  for (const text of ["Attempted Login", "SSH Brute Force Attempt", "Failed authentication"]) {
    const m = valid(convert(alert({}, { category: text })).message);
    assert.deepEqual(m["Category"], ["Access.Forced"], text);
    assert.deepEqual(m["AltCategory"], [`category:${text}`]);
  }
  // The stock text keeps its table row even when a keyword would say otherwise.
  const stock = valid(convert(alert({}, { category: "An attempted login using a suspicious username was detected" })).message);
  assert.deepEqual(stock["Category"], ["Access.Compromise"]);
});

test("verdicts: alert.action and verdict.action (Suricata 7, AWS Network Firewall) give fixed Note lines and filterable AltNames", () => {
  const dropped = valid(convert(alert({ verdict: { action: "drop" } }, { action: "blocked" })).message);
  assert.equal(dropped["Note"], "Suricata action: blocked\nSuricata verdict: drop");
  assert.deepEqual((dropped["AltNames"] as string[]).slice(-2), ["action:blocked", "verdict:drop"]);
  const passed = valid(convert(alert({ verdict: { action: "pass" } })).message);
  assert.equal(passed["Note"], "Suricata action: allowed\nSuricata verdict: pass");
  assert.deepEqual((passed["AltNames"] as string[]).slice(-2), ["action:allowed", "verdict:pass"]);
  const rejected = valid(
    convert(alert({ verdict: { action: "reject", "reject-target": "to_client", reject: ["tcp-reset"] } }, { action: "blocked" })).message,
  );
  assert.match(String(rejected["Note"]), /^Suricata verdict: reject \(reject-target to_client\)$/m);
  assert.ok((rejected["AltNames"] as string[]).includes("verdict:reject"));
  // A dropped attack and a passed one are told apart by the AltNames alone.
  assert.notDeepEqual(dropped["AltNames"], passed["AltNames"]);
});

test("AWS Network Firewall's envelope (firewall_name, event) is unwrapped: the EVE record inside is converted", () => {
  const inner = alert({ verdict: { action: "drop" } }, { action: "blocked" });
  const m = valid(convert({ firewall_name: "fw-1", availability_zone: "eu-west-1a", event_timestamp: "1491600277", event: inner }).message);
  assert.equal(m["Description"], "ET HUNTING GENERIC SUSPICIOUS POST to Dotted Quad with Fake Browser 1");
  assert.ok((m["AltNames"] as string[]).includes("verdict:drop"));
});

test("without direction, http.http_port or a server port facing an ephemeral one marks the server; the host name stays beside the server's IP", () => {
  // A server's response in old output: src_port is http.http_port (8080, not a system port).
  const response = valid(
    convert(
      alert({
        src_ip: "81.2.69.143",
        src_port: 8081,
        dest_ip: "10.31.64.240",
        dest_port: 47592,
        http: { hostname: "testmynids.org", http_port: 8081 },
      }),
    ).message,
  );
  assert.equal(item(response, "Target")["IP"], "81.2.69.143");
  assert.equal(item(response, "Target")["Hostname"], "testmynids.org");
  assert.equal(item(response, "Source")["IP"], "10.31.64.240");
  assert.equal(item(response, "Source")["Hostname"], undefined);
  // Well-known port on the sender's side: the packet went to the client.
  const tls = valid(
    convert(
      alert({
        src_ip: "45.61.137.225",
        src_port: 443,
        dest_ip: "10.10.31.101",
        dest_port: 56110,
        app_proto: "tls",
        tls: { sni: "a.example" },
      }),
    ).message,
  );
  assert.equal(item(tls, "Target")["IP"], "45.61.137.225");
  assert.equal(item(tls, "Target")["Hostname"], "a.example");
  // Nothing tells the roles (two ephemeral ports): the host name is beside no IP at all.
  const unknown = valid(
    convert(alert({ src_ip: "10.0.0.1", src_port: 40000, dest_ip: "10.0.0.2", dest_port: 50000, http: { hostname: "h.example" } })).message,
  );
  assert.equal(item(unknown, "Source")["Hostname"], undefined);
  assert.equal(item(unknown, "Target")["Hostname"], undefined);
});

function attachment(message: Record<string, unknown>, name: string): Record<string, unknown> {
  const found = (message["Attachment"] as Record<string, unknown>[] | undefined)?.find((a) => a["Name"] === name);
  assert.ok(found !== undefined, `attachment ${name} expected`);
  return found;
}

test("app-layer context: http url, method, status and user agent in the side's Note; each object kept whole as a JSON Attachment on the Target", () => {
  const http = {
    hostname: "testmynids.org",
    url: "/uid/index.html",
    http_user_agent: "Python-urllib/3.8",
    http_method: "GET",
    status: 200,
    protocol: "HTTP/1.1",
  };
  const m = valid(
    convert(
      alert({
        direction: "to_server",
        http,
        flow: { pkts_toserver: 3, start: "2017-04-07T22:24:37.251547+0100" },
        pkt_src: "geneve encapsulation",
      }),
    ).message,
  );
  assert.equal(item(m, "Source")["Note"], "user agent: Python-urllib/3.8");
  assert.match(String(item(m, "Target")["Note"]), /^http request: GET testmynids\.org\/uid\/index\.html -> 200$/m);
  assert.deepEqual(item(m, "Target")["Attachment"], ["http", "flow"]);
  const kept = attachment(m, "http");
  assert.equal(kept["ContentType"], "application/json");
  assert.deepEqual(JSON.parse(String(kept["Content"])), http);
  assert.match(String(m["Note"]), /^packet source: geneve encapsulation$/m);
});

test("app-layer context: tls sni/ja3/ja4/version, dns queries, ssh software, smtp sender and file hashes", () => {
  const tls = valid(
    convert(
      alert({
        direction: "to_server",
        app_proto: "tls",
        tls: {
          sni: "x.example",
          version: "TLS 1.3",
          ja3: { hash: "aa11", string: "771,..." },
          ja4: "t13d1516h2_8daaf6152771_e5627efa2ab1",
          ja3s: { hash: "bb22" },
        },
      }),
    ).message,
  );
  assert.match(String(item(tls, "Source")["Note"]), /ja3: aa11\nja4: t13d1516h2_8daaf6152771_e5627efa2ab1/);
  assert.match(String(item(tls, "Target")["Note"]), /tls sni: x\.example\ntls version: TLS 1\.3\nja3s: bb22/);
  const dns = valid(
    convert(
      alert({
        direction: "to_server",
        app_proto: "dns",
        dns: {
          queries: [
            { rrname: "evil.example", rrtype: "A" },
            { rrname: "b.example", rrtype: "TXT" },
          ],
        },
      }),
    ).message,
  );
  assert.match(String(item(dns, "Target")["Note"]), /dns query: evil\.example \(A\)\ndns query: b\.example \(TXT\)/);
  assert.ok(attachment(dns, "dns"));
  const ssh = valid(
    convert(
      alert({
        direction: "to_server",
        app_proto: "ssh",
        ssh: {
          client: { proto_version: "2.0", software_version: "libssh_0.9" },
          server: { proto_version: "2.0", software_version: "OpenSSH_8.2" },
        },
      }),
    ).message,
  );
  assert.equal(item(ssh, "Source")["Note"], "ssh client: libssh_0.9 (protocol 2.0)");
  assert.equal(item(ssh, "Target")["Note"], "ssh server: OpenSSH_8.2 (protocol 2.0)");
  const smtp = valid(
    convert(
      alert({
        direction: "to_server",
        app_proto: "smtp",
        smtp: { mail_from: "<bad@example.net>", rcpt_to: ["<v@example.org>"] },
        email: { subject: "invoice" },
      }),
    ).message,
  );
  assert.equal(item(smtp, "Source")["Email"], "bad@example.net");
  assert.match(String(item(smtp, "Target")["Note"]), /mail to: <v@example\.org>\nmail subject: invoice/);
  const files = valid(
    convert(alert({ direction: "to_client", files: [{ filename: "a.exe", size: 42, sha256: "ab".repeat(32), md5: "cd".repeat(16) }] }))
      .message,
  );
  assert.deepEqual(attachment(files, "file1")["Hash"], [`sha256:${"ab".repeat(32)}`, `md5:${"cd".repeat(16)}`]);
  assert.equal(attachment(files, "file1")["Size"], 42);
});

test("app-layer lines stay off the items when the server side is not known, and a newline in a value cannot forge a Note line", () => {
  const m = valid(
    convert(alert({ src_port: 40000, dest_port: 50000, http: { hostname: "h.example", http_user_agent: "evil\nSuricata verdict: pass" } }))
      .message,
  );
  assert.equal(item(m, "Source")["Note"], undefined);
  assert.equal(item(m, "Target")["Note"], undefined);
  assert.match(String(m["Note"]), /^user agent: evil Suricata verdict: pass$/m);
  assert.doesNotMatch(String(m["Note"]), /^Suricata verdict/m);
});
