// Detection over every golden input of the six security formats (CEF, LEEF, Zeek, Snort,
// ModSecurity, OCSF): `detect` must pick the file's own format among all built-ins, and lines that
// only look like one (a syslog message quoting "CEF:", another product's JSON) must not be taken for it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { builtinConverters } from "../../src/converters/index.js";
import { detectFormat, SAMPLE_BYTES } from "../../src/framework/detect.js";
import { FormatRegistry } from "../../src/framework/registry.js";

const registry = new FormatRegistry();
registry.registerAll(builtinConverters);

const FORMATS = ["cef", "leef", "zeek", "snort", "modsecurity", "ocsf"] as const;
const INPUT = /\.(log|ndjson|json)$/;

function detected(text: string): string {
  return detectFormat(text.slice(0, SAMPLE_BYTES), registry, "sample").entry.converter.format;
}

function inputsOf(format: string): string[] {
  const dir = join("fixtures", format);
  return readdirSync(dir)
    .filter((name) => INPUT.test(name) && !name.endsWith(".expected.json") && !name.endsWith(".options.json"))
    .map((name) => join(dir, name));
}

for (const format of FORMATS) {
  test(`detect picks ${format} for each of its golden inputs`, () => {
    const files = inputsOf(format);
    assert.ok(files.length >= 2, `fixtures/${format} has too few inputs to check`);
    for (const file of files) assert.equal(detected(readFileSync(file, "utf8")), format, file);
  });
}

test("a syslog line that mentions CEF: or LEEF: in its text is syslog, not CEF or LEEF", () => {
  const lines = [
    "Dec  3 10:00:01 siem01 rsyslogd: forwarding rule CEF: disabled for host 10.0.0.5",
    "Dec  3 10:00:02 siem01 collector[311]: parse error near LEEF:2.0 header, message dropped",
    "Dec  3 10:00:03 siem01 sshd[4242]: Accepted password for alice from 192.0.2.10 port 52100 ssh2",
  ].join("\n");
  assert.equal(detected(`${lines}\n`), "syslog");
});

test("a CEF event after an RFC 5424 header or an RFC 3164 header is CEF", () => {
  const rfc5424 = "<134>1 2024-05-01T10:00:00Z fw01 CEF - - - CEF:0|Acme|FW|1.0|100|blocked|5|src=192.0.2.1 dst=198.51.100.2";
  const rfc3164 = "<134>May  1 10:00:00 fw01 CEF:0|Acme|FW|1.0|100|blocked|5|src=192.0.2.1 dst=198.51.100.2";
  assert.equal(detected(`${rfc5424}\n${rfc3164}\n`), "cef");
});

test("JSON of other products is not taken for OCSF, ModSecurity or Snort", () => {
  // Suricata EVE (its own converter), a GitHub webhook-like object and a CloudTrail record.
  const eve =
    '{"timestamp":"2024-05-01T10:00:00.000000+0000","event_type":"alert","src_ip":"192.0.2.1","src_port":1234,"dest_ip":"198.51.100.2","dest_port":80,"proto":"TCP","alert":{"signature_id":1,"signature":"x","category":"y","severity":2}}';
  assert.equal(detected(`${eve}\n`), "suricata");
  const others = [
    '{"action":"opened","issue":{"id":1,"title":"time","severity":"high"},"sender":{"login":"a"}}',
    '{"eventVersion":"1.08","eventTime":"2024-05-01T10:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","sourceIPAddress":"192.0.2.1"}',
  ].join("\n");
  assert.throws(
    () => detected(`${others}\n`),
    (error: Error & { code?: string }) => error.code === "UNKNOWN_FORMAT",
  );
});

test("a file mixing CEF and LEEF lines is detected as neither with confidence", () => {
  const cef = "CEF:0|Acme|FW|1.0|100|blocked|5|src=192.0.2.1";
  const leef = "LEEF:1.0|Acme|FW|1.0|100|src=192.0.2.1\tdst=198.51.100.2";
  // Half and half: each scores below the detection threshold, so the user is asked for --from.
  const mixed = `${cef}\n${leef}\n${cef}\n${leef}\n`;
  assert.throws(
    () => detected(mixed),
    (error: Error & { code?: string }) => error.code === "UNKNOWN_FORMAT",
  );
});

test("blank lines and # comments before the events do not hide the format", () => {
  const preamble = "\n\n# exported from the SIEM on 2024-05-01\n# one event per line\n\n";
  const cases: [string, string][] = [
    ["cef", "fixtures/cef/spec-escapes.log"],
    ["leef", "fixtures/leef/eset-remote-administrator.log"],
    ["snort", "fixtures/snort/snort2-alert-fast.log"],
    ["snort", "fixtures/snort/snort2-alert-full-windows.log"],
    ["ocsf", "fixtures/ocsf/prowler5-detection-finding.ndjson"],
    ["modsecurity", "fixtures/modsecurity/gloo-envoy-v3.ndjson"],
  ];
  for (const [format, file] of cases) assert.equal(detected(preamble + readFileSync(file, "utf8")), format, file);
  // Zeek's TSV begins with its own '#' header; blank lines before it change nothing.
  assert.equal(detected(`\n\n${readFileSync("fixtures/zeek/caldera-tsv.log", "utf8")}`), "zeek");
  assert.equal(detected(`\n${readFileSync("fixtures/zeek/vast-export-nested-id.ndjson", "utf8")}`), "zeek");
});

test("CEF and LEEF behind the header forms QRadar documents (RFC 5424 with only a host, RFC 3164 without a tag)", () => {
  const cef = [
    "<13>1 2019-01-18T11:07:53.520Z 192.168.1.1 CEF:0|Acme|FW|1.0|100|blocked|5|src=192.0.2.1",
    "<13>Jan 18 11:07:53 192.168.1.1 CEF:0|Acme|FW|1.0|100|blocked|5|src=192.0.2.1",
    "Jan 18 11:07:53 myhostname CEF:0|Acme|FW|1.0|100|blocked|5|src=192.0.2.1",
  ];
  assert.equal(detected(`${cef.join("\n")}\n`), "cef");
  const leef = [
    "<13>1 2019-01-18T11:07:53.520Z 192.168.1.1 LEEF:2.0|Lancope|StealthWatch|1.0|41|^|src=10.0.1.8^dst=10.0.0.5",
    "<133>1 2019-01-18T11:07:53.520+07:00 myhostname LEEF:1.0|Microsoft|MSExchange|4.0 SP1|15345|src=10.50.1.1\tdst=2.10.20.20",
  ];
  assert.equal(detected(`${leef.join("\n")}\n`), "leef");
});

test("one JSON line of each product goes to its own converter (the keys that tell them apart)", () => {
  const firstLine = (file: string, match = "{"): string =>
    readFileSync(file, "utf8")
      .split("\n")
      .find((l) => l.startsWith("{") && l.includes(match))!;
  const cases: [string, string][] = [
    ["zeek", firstLine("fixtures/zeek/firewalla-bro-json.ndjson")],
    ["zeek", firstLine("fixtures/zeek/vast-export-nested-id.ndjson", '"note"')],
    ["ocsf", firstLine("fixtures/ocsf/prowler5-detection-finding.ndjson")],
    ["ocsf", firstLine("fixtures/ocsf/prowler-security-finding.ndjson")],
    ["modsecurity", firstLine("fixtures/modsecurity/nginx-v3016-crs3310.ndjson")],
    ["modsecurity", firstLine("fixtures/modsecurity/civiparoisse-apache-v2.ndjson")],
    ["snort", firstLine("fixtures/snort/alert-json-default-fields.json")],
    [
      "suricata",
      '{"timestamp":"2021-11-17T13:49:34.301057+0000","flow_id":2006383376373761,"event_type":"alert","src_ip":"8.218.64.104","src_port":8000,"dest_ip":"198.71.247.91","dest_port":1027,"proto":"UDP","alert":{"action":"allowed","gid":1,"signature_id":2200075,"rev":2,"signature":"SURICATA UDPv4 invalid checksum","category":"Generic Protocol Command Decode","severity":3}}',
    ],
  ];
  for (const [format, line] of cases) assert.equal(detected(`${line}\n`), format, line.slice(0, 80));
});

test("a tab-separated file that is not Zeek's (no #separator/#fields header) is not taken for Zeek", () => {
  const tsv = "name\tvalue\tcount\nalpha\t1\t2\nbeta\t3\t4\n";
  assert.throws(
    () => detected(tsv),
    (error: Error & { code?: string }) => error.code === "UNKNOWN_FORMAT",
  );
});
