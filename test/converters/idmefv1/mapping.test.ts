// The IDMEF v1 -> IDMEFv2 mapping decisions of docs/mapping-idmefv1.md, one scenario per test.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ConversionError } from "../../../src/core/errors.js";
import { uuidV5 } from "../../../src/core/ids.js";
import { loadSchema } from "../../../src/core/schemas.js";
import { schemaProblems } from "../../../src/core/validator.js";
import { detectIdmefv1, idmefv1Converter } from "../../../src/converters/idmefv1/index.js";
import { ntpStampToTimestamp } from "../../../src/converters/idmefv1/ntp.js";
import { expandPortlist, MAX_EXPANDED_PORTS } from "../../../src/converters/idmefv1/map-parties.js";
import {
  CLASSIFICATION_KEYWORD_CATEGORIES,
  FALLBACK_CATEGORY,
  HEARTBEAT_CATEGORY,
  IMPACT_TYPE_CATEGORIES,
  ANALYZER_CLASS_CATEGORIES,
} from "../../../src/converters/idmefv1/tables.js";
import { alertDocument, convertIdmefv1, recordingContext } from "./context.js";

type Msg = Record<string, unknown>;

function convertOne(text: string, options: Record<string, unknown> = {}): { message: Msg; warnings: string[] } {
  const ctx = recordingContext(options);
  const out = convertIdmefv1(text, ctx);
  assert.ok(out !== null && out.length === 1, `expected one message, got ${JSON.stringify(out)} (skips ${ctx.skips.join(", ")})`);
  const message = out[0]!;
  assert.deepEqual(schemaProblems(message, { version: "2.D.V08" }), [], "the message validates against 2.D.V08");
  return { message, warnings: ctx.warnings };
}

const items = (m: Msg, key: string): Msg[] => (m[key] as Msg[] | undefined) ?? [];

test("registered as idmefv1 with aliases rfc4765 and idmef, framed by IDMEF-Message elements", () => {
  assert.equal(idmefv1Converter.format, "idmefv1");
  assert.deepEqual(idmefv1Converter.aliases, ["rfc4765", "idmef"]);
  assert.equal(idmefv1Converter.input, "document");
  assert.deepEqual(idmefv1Converter.recordElements, ["IDMEF-Message"]);
});

test("detect: IDMEF-Message XML with any prefix is recognised with high confidence, other text is not", () => {
  assert.ok(detectIdmefv1('<?xml version="1.0"?>\n<idmef:IDMEF-Message xmlns:idmef="http://iana.org/idmef">') >= 0.9);
  assert.ok(detectIdmefv1("<IDMEF-Message xmlns='http://www.anl.gov/cfm/1.3/IDMEF-Message'>") >= 0.9);
  assert.equal(detectIdmefv1('{"event_type":"alert","timestamp":"2020-01-01T00:00:00Z"}'), 0);
  assert.equal(detectIdmefv1("<134>1 2026-01-15T12:00:00Z host app - - - hello"), 0);
});

test("a non-UUID messageid becomes the UUID v5 of [analyzerid, messageid], stable across runs, the original in AltNames", () => {
  const first = convertOne(alertDocument()).message;
  const second = convertOne(alertDocument()).message;
  assert.equal(first["ID"], uuidV5(JSON.stringify(["sensor-1", "m-1"])));
  assert.equal(first["ID"], second["ID"]);
  assert.deepEqual(first["AltNames"], ["m-1"]);
});

test("a UUID messageid is the ID itself; no messageid (or RFC's '0') takes a new ID", () => {
  const uuid = "6567fa23-a5f6-4d7b-a202-5003b6fd8c15";
  const kept = convertOne(alertDocument("", `messageid="${uuid}"`)).message;
  assert.equal(kept["ID"], uuid);
  assert.equal(kept["AltNames"], undefined);
  for (const attributes of ["", 'messageid="0"']) {
    const fresh = convertOne(alertDocument("", attributes)).message;
    assert.match(String(fresh["ID"]), /^00000000-0000-4000-8000-/);
    assert.equal(fresh["AltNames"], undefined);
  }
});

test("CorrelationAlert and ToolAlert alertidents become CorrelIDs equal to the IDs of the alerts they name", () => {
  const original = convertOne(alertDocument("", 'messageid="123456781"')).message;
  const elsewhere = convertOne(
    alertDocument("", 'messageid="987654321"').replace('analyzerid="sensor-1"', 'analyzerid="a1b2c3d4"'),
  ).message;
  const correlation = convertOne(
    alertDocument(
      `<idmef:CorrelationAlert><idmef:name>scan</idmef:name><idmef:alertident>123456781</idmef:alertident>
      <idmef:alertident analyzerid="a1b2c3d4">987654321</idmef:alertident></idmef:CorrelationAlert>`,
      'messageid="c-1"',
    ),
  ).message;
  assert.deepEqual(correlation["CorrelID"], [original["ID"], elsewhere["ID"]]);
  assert.match(String(correlation["Note"]), /correlated alert idents: 123456781, 987654321 \(analyzer a1b2c3d4\)/);
  const tool = convertOne(
    alertDocument(
      "<idmef:ToolAlert><idmef:name>Trojan-01</idmef:name><idmef:command>cmd</idmef:command><idmef:alertident>123456781</idmef:alertident></idmef:ToolAlert>",
    ),
  ).message;
  assert.deepEqual(tool["CorrelID"], [original["ID"]]);
  assert.match(String(tool["Note"]), /tool: Trojan-01, command cmd/);
});

test("CreateTime, DetectTime and AnalyzerTime become CreateTime, StartTime and ReportTime, normalized", () => {
  const text = alertDocument(`<idmef:DetectTime ntpstamp="0x0.0x0"> 2000-03-09T10:01:20,5+0100 </idmef:DetectTime>
    <idmef:AnalyzerTime ntpstamp="0x0.0x0">2000-03-09T10:01:30Z</idmef:AnalyzerTime>`);
  const { message } = convertOne(text);
  assert.equal(message["CreateTime"], "2000-03-09T10:01:25.93464-05:00");
  assert.equal(message["StartTime"], "2000-03-09T10:01:20.5+01:00");
  assert.equal(message["ReportTime"], "2000-03-09T10:01:30Z");
});

test("the ntpstamp is used only when the text is missing, decoded as seconds since 1900 plus fraction / 2^32", () => {
  const noText = alertDocument().replace(
    /<idmef:CreateTime ntpstamp="[^"]*">[^<]*<\/idmef:CreateTime>/,
    '<idmef:CreateTime ntpstamp="0xbc723b45.0x80000000"/>',
  );
  assert.equal(convertOne(noText).message["CreateTime"], "2000-03-09T15:01:25.5Z");
  // Text and stamp disagree (as in several corpus files): the text wins.
  const both = alertDocument().replace(/ntpstamp="[^"]*"/, 'ntpstamp="0x00000001.0x00000000"');
  assert.equal(convertOne(both).message["CreateTime"], "2000-03-09T10:01:25.93464-05:00");
});

test("NTP stamps: RFC 4765 example values, era 1 after 2036, zero and junk refused", () => {
  // RFC 4765 7.1.1 pairs 0xbc723b45.0xef449129 with 2000-03-09T10:01:25.93464-05:00.
  assert.equal(ntpStampToTimestamp("0xbc723b45.0xef449129"), "2000-03-09T15:01:25.934639Z");
  assert.equal(ntpStampToTimestamp("0x83aa7e80.0x00000000"), "1970-01-01T00:00:00Z");
  assert.equal(ntpStampToTimestamp("0x00000001.0x00000000"), "2036-02-07T06:28:17Z");
  assert.equal(ntpStampToTimestamp("0x00000000.0x00000000"), undefined);
  assert.equal(ntpStampToTimestamp("12345.678"), undefined);
});

test("a time without zone is rejected naming the option, unless the timezone option gives one", () => {
  const text = alertDocument().replace(/>\s*2000-03-09T10:01:25.93464-05:00\s*</, ">2016-07-14 08:30:00<");
  assert.throws(
    () => convertIdmefv1(text, recordingContext()),
    (error: unknown) => {
      assert.ok(error instanceof ConversionError);
      assert.match(
        error.message,
        /^Alert at line 3: CreateTime: timestamp "2016-07-14 08:30:00" has no time zone: set the "timezone" option/,
      );
      return true;
    },
  );
  assert.equal(convertOne(text, { timezone: "Europe/Paris" }).message["CreateTime"], "2016-07-14T08:30:00+02:00");
  assert.equal(convertOne(text, { timezone: "+0530" }).message["CreateTime"], "2016-07-14T08:30:00+05:30");
});

test("bad options are refused with the option's name and accepted values", () => {
  assert.throws(
    () => convertIdmefv1(alertDocument(), recordingContext({ heartbeats: "keep" })),
    /option "heartbeats": "keep" is not one of skip, emit/,
  );
  assert.throws(() => convertIdmefv1(alertDocument(), recordingContext({ timezone: 2 })), /option "timezone" must be a string, not 2/);
});

test("Category from classification keywords, else the Impact type, else Other.Undetermined", () => {
  const category = (text: string, impact = ""): unknown =>
    convertOne(
      alertDocument(impact === "" ? "" : `<idmef:Assessment><idmef:Impact type="${impact}"/></idmef:Assessment>`, 'messageid="x"', text),
    ).message["Category"];
  assert.deepEqual(category("Teardrop detected"), ["Availability.DoS"]);
  assert.deepEqual(category("simple portscan"), ["Recon.Network"]);
  assert.deepEqual(category("Login policy violation"), ["Operational.Policy Violation"]);
  assert.deepEqual(category("Trojan dropper in phishing mail"), ["Malware.Trojan", "SocialEng.Phishing"]);
  assert.deepEqual(category("Something odd", "admin"), ["Access.Escalation"]);
  assert.deepEqual(category("Something odd", "dos"), ["Availability.DoS"]);
  assert.deepEqual(category("Something odd", "other"), [FALLBACK_CATEGORY]);
  assert.deepEqual(category("Something odd"), ["Other.Undetermined"]);
  // Whole words only: "dosage" is no DoS, "scanner" in a word like "rescanned" is not a scan.
  assert.deepEqual(category("wrong dosage rescanned"), ["Other.Undetermined"]);
});

test("every category and analyzer category the tables produce is spelled as in the 2.D.V08 schema", () => {
  const definitions = loadSchema("2.D.V08")["definitions"] as Record<string, { enum: string[] }>;
  const categories = new Set(definitions["categoryEnum"]!.enum);
  const produced = [
    ...CLASSIFICATION_KEYWORD_CATEGORIES.map((row) => row.category),
    ...Object.values(IMPACT_TYPE_CATEGORIES),
    FALLBACK_CATEGORY,
    HEARTBEAT_CATEGORY,
  ];
  for (const c of produced) assert.ok(categories.has(c), `${c} is not in categoryEnum`);
  const analyzerCategories = new Set(definitions["analyzerCategoryEnum"]!.enum);
  for (const c of Object.values(ANALYZER_CLASS_CATEGORIES)) assert.ok(analyzerCategories.has(c), `${c} is not in analyzerCategoryEnum`);
});

test("severity becomes Priority; Confidence from rating keywords or a numeric probability; the rest of Assessment goes to Note", () => {
  const assessed = (inner: string): Msg => convertOne(alertDocument(`<idmef:Assessment>${inner}</idmef:Assessment>`)).message;
  const m = assessed(`<idmef:Impact severity="high" completion="succeeded" type="admin"/>
    <idmef:Action category="block-installed"> disabled user (fred) </idmef:Action><idmef:Confidence rating="medium"/>`);
  assert.equal(m["Priority"], "High");
  assert.equal(m["Confidence"], 0.5);
  assert.match(String(m["Note"]), /impact: type admin, completion succeeded/);
  assert.match(String(m["Note"]), /action \(block-installed\): disabled user \(fred\)/);
  for (const [severity, priority] of [
    ["info", "Info"],
    ["low", "Low"],
    ["medium", "Medium"],
  ]) {
    assert.equal(assessed(`<idmef:Impact severity="${severity}"/>`)["Priority"], priority);
  }
  assert.equal(assessed('<idmef:Confidence rating="low"/>')["Confidence"], 0.25);
  assert.equal(assessed('<idmef:Confidence rating="high"/>')["Confidence"], 0.75);
  assert.equal(assessed("<idmef:Confidence>0.42</idmef:Confidence>")["Confidence"], 0.42);
  const ctx = recordingContext();
  const [odd] =
    convertIdmefv1(alertDocument('<idmef:Assessment><idmef:Confidence rating="numeric">87</idmef:Confidence></idmef:Assessment>'), ctx) ??
    [];
  assert.equal(odd?.["Confidence"], undefined);
  assert.match(String(odd?.["Note"]), /confidence: numeric 87/);
  assert.ok(ctx.warnings.some((w) => /not a probability in \[0, 1\]/.test(w)));
});

test("one Source/Target per IP or e-mail address, each with its own ID; other fields repeated", () => {
  const { message } = convertOne(
    alertDocument(`<idmef:Source spoofed="yes"><idmef:Node><idmef:name>badguy.example.net</idmef:name>
      <idmef:Address category="ipv4-addr"><idmef:address>192.0.2.1</idmef:address></idmef:Address>
      <idmef:Address category="ipv6-addr"><idmef:address>2001:db8::1</idmef:address></idmef:Address>
      <idmef:Address category="e-mail"><idmef:address>bad@example.net</idmef:address></idmef:Address>
      <idmef:Address category="mac"><idmef:address>00:11:22:33:44:55</idmef:address></idmef:Address></idmef:Node>
      <idmef:Service><idmef:port>4242</idmef:port><idmef:protocol>tcp</idmef:protocol></idmef:Service></idmef:Source>
      <idmef:Target><idmef:Node><idmef:Address category="ipv4-addr-hex"><idmef:address>0xde796f70</idmef:address></idmef:Address></idmef:Node>
      <idmef:Service><idmef:name>finger</idmef:name><idmef:portlist>79, 5-7</idmef:portlist></idmef:Service></idmef:Target>`),
  );
  const sources = items(message, "Source");
  assert.deepEqual(
    sources.map((s) => s["IP"] ?? s["Email"]),
    ["192.0.2.1", "2001:db8::1", "bad@example.net"],
  );
  assert.equal(new Set(sources.map((s) => s["ID"])).size, 3);
  for (const s of sources) {
    assert.equal(s["Hostname"], "badguy.example.net");
    assert.deepEqual(s["Port"], [4242]);
    assert.deepEqual(s["Protocol"], ["tcp"]);
    assert.match(String(s["Note"]), /spoofed: yes\n.*address \(mac\): 00:11:22:33:44:55/s);
  }
  const [target] = items(message, "Target");
  assert.equal(target?.["IP"], "222.121.111.112");
  assert.equal(target?.["Service"], "finger");
  assert.deepEqual(target?.["Port"], [5, 6, 7, 79]);
});

test("an IP-category address that is not an IP stays in the Note with a warning", () => {
  const { message, warnings } = convertOne(
    alertDocument(
      '<idmef:Source><idmef:Node><idmef:Address category="ipv4-addr"><idmef:address>addr-1</idmef:address></idmef:Address></idmef:Node></idmef:Source>',
    ),
  );
  const [source] = items(message, "Source");
  assert.equal(source?.["IP"], undefined);
  assert.match(String(source?.["Note"]), /address \(ipv4-addr\): addr-1/);
  assert.ok(warnings.some((w) => /"addr-1" is not an IPv4 address; kept in Note/.test(w)));
});

test("portlists expand to ports up to a cap; longer or malformed lists stay as text", () => {
  assert.deepEqual(expandPortlist("5-7,37, 42"), [5, 6, 7, 37, 42]);
  assert.equal(expandPortlist("1-65535"), undefined);
  assert.equal(expandPortlist(`1-${MAX_EXPANDED_PORTS}`)?.length, MAX_EXPANDED_PORTS);
  assert.equal(expandPortlist("0-5"), undefined);
  assert.equal(expandPortlist("80,http"), undefined);
});

test("the innermost Analyzer is the detector; outer ones are noted as relays", () => {
  const text = alertDocument().replace(
    '<idmef:Analyzer analyzerid="sensor-1"/>',
    `<idmef:Analyzer analyzerid="manager-1" name="Manager"><idmef:Analyzer analyzerid="probe-7" name="Probe" manufacturer="ACME" model="IDS" version="2.1" class="NIDS" ostype="Linux">
       <idmef:Node><idmef:location>DMZ</idmef:location><idmef:name>probe.example.com</idmef:name>
       <idmef:Address category="ipv4-addr"><idmef:address>192.0.2.7</idmef:address></idmef:Address></idmef:Node></idmef:Analyzer></idmef:Analyzer>`,
  );
  const { message } = convertOne(text);
  assert.deepEqual(message["Analyzer"], {
    ID: uuidV5("idmefv1-analyzer:probe-7"),
    Name: "Probe",
    Hostname: "probe.example.com",
    Model: "ACME IDS 2.1",
    Category: ["NET.NIDS"],
    Location: "DMZ",
    IP: "192.0.2.7",
  });
  assert.match(String(message["Note"]), /relayed by analyzer: analyzerid=manager-1 name=Manager/);
  // The message ID is derived from the sender's (outermost) analyzerid, as RFC 4765 3.2.9 pairs them.
  assert.equal(message["ID"], uuidV5(JSON.stringify(["manager-1", "m-1"])));
});

test("references: cve -> urn:cve, URLs (line-wrapped ones joined) -> Ref, anything else stays in the Note", () => {
  const { message, warnings } = convertOne(
    alertDocument().replace(
      '<idmef:Classification text="Teardrop detected"/>',
      `<idmef:Classification text="Ping-of-death detected"><idmef:Reference origin="cve"><idmef:name>CVE-1999-128</idmef:name>
       <idmef:url>http://www.cve.mitre.org/cgi-bin/
         cvename.cgi?name=CVE-1999-128</idmef:url></idmef:Reference>
       <idmef:Reference origin="vendor-specific"><idmef:name>pod</idmef:name><idmef:url>see the manual</idmef:url></idmef:Reference></idmef:Classification>`,
    ),
  );
  assert.deepEqual(message["Ref"], ["urn:cve:CVE-1999-128", "http://www.cve.mitre.org/cgi-bin/cvename.cgi?name=CVE-1999-128"]);
  assert.match(String(message["Note"]), /reference \(vendor-specific\): pod see the manual/);
  assert.ok(warnings.some((w) => /"see the manual" is not an absolute URI/.test(w)));
});

test("AdditionalData: simple values are 'meaning: value' Note lines; xml and byte data become base64 Attachments", () => {
  const xml = '<vendor:Geo xmlns:vendor="http://vendor.example/idmef"><vendor:lat>38.89</vendor:lat></vendor:Geo>';
  const { message } = convertOne(
    alertDocument(`<idmef:AdditionalData type="real" meaning="load"><idmef:real>0.5</idmef:real><idmef:real>0.7</idmef:real></idmef:AdditionalData>
      <idmef:AdditionalData type="boolean" meaning="blocked"><idmef:boolean>true</idmef:boolean></idmef:AdditionalData>
      <idmef:AdditionalData type="xml" meaning="geo"><idmef:xml>${xml}</idmef:xml></idmef:AdditionalData>
      <idmef:AdditionalData type="byte-string" meaning="payload"><idmef:byte-string>AAEC/w==</idmef:byte-string></idmef:AdditionalData>
      <idmef:AdditionalData meaning="direct">CFM style value</idmef:AdditionalData>`),
  );
  assert.match(String(message["Note"]), /load: 0.5, 0.7\nblocked: true\ndirect: CFM style value/);
  const attachments = items(message, "Attachment");
  assert.deepEqual(
    attachments.map((a) => [a["Name"], a["ContentType"], a["ContentEncoding"], a["Note"]]),
    [
      ["xml1", "application/xml", "base64", "geo"],
      ["data1", "application/octet-stream", "base64", "payload"],
    ],
  );
  assert.equal(Buffer.from(String(attachments[0]?.["Content"]), "base64").toString("utf8"), xml);
  assert.deepEqual([...Buffer.from(String(attachments[1]?.["Content"]), "base64")], [0, 1, 2, 255]);
  assert.equal(attachments[1]?.["Size"], 4);
});

test("a File becomes an Attachment with FileName, Size and Hash, linked from its Target", () => {
  const { message } = convertOne(
    alertDocument(`<idmef:Target><idmef:File category="current"><idmef:name>a.exe</idmef:name><idmef:path>/tmp/a.exe</idmef:path>
      <idmef:data-size>1234</idmef:data-size><idmef:Checksum algorithm="SHA2-256"><idmef:value>${"ab".repeat(32)}</idmef:value></idmef:Checksum>
      <idmef:Checksum algorithm="MD5"><idmef:value>${"cd".repeat(16)}</idmef:value><idmef:key>secret</idmef:key></idmef:Checksum></idmef:File></idmef:Target>`),
  );
  const [target] = items(message, "Target");
  assert.deepEqual(target?.["Attachment"], ["file1"]);
  const [file] = items(message, "Attachment");
  assert.equal(file?.["FileName"], "a.exe");
  assert.equal(file?.["Size"], 1234);
  assert.deepEqual(file?.["Hash"], [`sha-256:${"ab".repeat(32)}`]);
  assert.match(String(file?.["Note"]), /path: \/tmp\/a.exe/);
  assert.match(String(file?.["Note"]), /checksum MD5: (cd){16} \(key secret\)/);
});

const NAMESPACE_VARIANTS: Record<string, string> = {
  "idmef: prefix": alertDocument(),
  "default namespace": alertDocument()
    .replace(/idmef:/g, "")
    .replace('xmlns:idmef="http://iana.org/idmef"', 'xmlns="http://iana.org/idmef"'),
  "no namespace": alertDocument()
    .replace(/idmef:/g, "")
    .replace(' xmlns:idmef="http://iana.org/idmef"', ""),
  "CFM 1.3 namespace": alertDocument()
    .replace(/idmef:/g, "cfm:")
    .replace('xmlns:cfm="http://iana.org/idmef"', 'xmlns:cfm="http://www.anl.gov/cfm/1.3/IDMEF-Message"'),
};

test("elements match by local name: prefix, default namespace, none and other URIs give the same message", () => {
  const reference = convertOne(NAMESPACE_VARIANTS["idmef: prefix"]!).message;
  for (const [name, text] of Object.entries(NAMESPACE_VARIANTS)) {
    assert.deepEqual(convertOne(text).message, reference, name);
  }
});

const HEARTBEAT = `<idmef:Heartbeat messageid="hb-1"><idmef:Analyzer analyzerid="sensor-1"/><idmef:CreateTime>2000-03-09T14:07:58Z</idmef:CreateTime>
  <idmef:HeartbeatInterval>600</idmef:HeartbeatInterval></idmef:Heartbeat>`;

test("a record of Heartbeats only is skipped with reason heartbeat; heartbeats: emit makes Availability.HeartBeat messages", () => {
  const only = `<idmef:IDMEF-Message xmlns:idmef="http://iana.org/idmef">${HEARTBEAT}</idmef:IDMEF-Message>`;
  const ctx = recordingContext();
  assert.equal(convertIdmefv1(only, ctx), null);
  assert.deepEqual(ctx.skips, ["heartbeat"]);
  const { message } = convertOne(only, { heartbeats: "emit" });
  assert.deepEqual(message["Category"], ["Availability.HeartBeat"]);
  assert.equal(message["Description"], "Heartbeat from sensor-1");
  assert.match(String(message["Note"]), /heartbeat interval: 600 s/);
});

test("an IDMEF-Message with several Alerts gives one message each; a Heartbeat among them is skipped with a warning", () => {
  const text = alertDocument().replace(
    "</idmef:IDMEF-Message>",
    `${HEARTBEAT}<idmef:Alert messageid="m-2"><idmef:Analyzer analyzerid="sensor-1"/><idmef:CreateTime>2000-03-09T14:08:00Z</idmef:CreateTime>
     <idmef:Classification text="Portscan"/></idmef:Alert></idmef:IDMEF-Message>`,
  );
  const ctx = recordingContext();
  const out = convertIdmefv1(text, ctx) ?? [];
  assert.deepEqual(
    out.map((m) => m["AltNames"]),
    [["m-1"], ["m-2"]],
  );
  assert.deepEqual(ctx.skips, []);
  assert.ok(
    ctx.warnings.some((w) => /^Heartbeat at line 9 skipped \(heartbeat/.test(w)),
    ctx.warnings.join("\n"),
  );
});

test("one bad Alert rejects its whole IDMEF-Message, naming the Alert's line", () => {
  const text = alertDocument().replace(
    "</idmef:IDMEF-Message>",
    '<idmef:Alert messageid="m-2"><idmef:Analyzer analyzerid="s"/><idmef:Classification text="x"/></idmef:Alert></idmef:IDMEF-Message>',
  );
  assert.throws(
    () => convertIdmefv1(text, recordingContext({}, 100)),
    /^ConversionError: Alert at line 108: no CreateTime \(RFC 4765 requires one/,
  );
});

test("an Alert with no event at all (the CFM 1.3 report header) is skipped as no-event, its content kept in the warning", () => {
  const header = `<IDMEF-Message xmlns="http://www.anl.gov/cfm/1.3/IDMEF-Message"><Alert><Analyzer analyzerid="Fake"/>
    <AnalyzerTime>2016-02-21T22:50:02+0600</AnalyzerTime><AdditionalData meaning="report type" type="string">alerts</AdditionalData></Alert></IDMEF-Message>`;
  const ctx = recordingContext();
  assert.equal(convertIdmefv1(header, ctx), null);
  assert.deepEqual(ctx.skips, ["no-event"]);
});

test("a very long classification text converts (the keyword patterns do not backtrack)", () => {
  const long = `${"a ".repeat(500_000)}portscan`;
  const { message } = convertOne(alertDocument("", 'messageid="long"', long));
  assert.deepEqual(message["Category"], ["Recon.Network"]);
});

test("docs/mapping-idmefv1.md shows the Category table exactly as tables.ts holds it", async () => {
  const { readFileSync } = await import("node:fs");
  const doc = readFileSync("docs/mapping-idmefv1.md", "utf8");
  for (const row of CLASSIFICATION_KEYWORD_CATEGORIES) {
    assert.ok(doc.includes(`| ${row.keywords.join(", ")} | \`${row.category}\` |`), `row for ${row.category} is missing or differs`);
  }
  for (const [type, category] of Object.entries(IMPACT_TYPE_CATEGORIES)) {
    assert.match(doc, new RegExp(`\\| ${type} \\([^)]*\\) \\| \`${category.replace(".", "\\.")}\` \\|`));
  }
});

test("an AdditionalData holding an element RFC 4765 does not define keeps it in the Note, with a warning", () => {
  const { message, warnings } = convertOne(
    alertDocument('<idmef:AdditionalData meaning="geo"><vendor:lat xmlns:vendor="urn:v">38.89</vendor:lat></idmef:AdditionalData>'),
  );
  assert.match(String(message["Note"]), /geo: lat\{38.89\}/);
  assert.ok(warnings.some((w) => /AdditionalData "geo" holds <lat>/.test(w)));
});

test("a long non-base64 byte-string is refused quickly and kept as text (no regex backtracking)", () => {
  const junk = `${" ".repeat(200_000)}!`;
  const { message, warnings } = convertOne(
    alertDocument(
      `<idmef:AdditionalData type="byte-string" meaning="b"><idmef:byte-string>AA${junk}</idmef:byte-string></idmef:AdditionalData>`,
    ),
  );
  assert.equal(message["Attachment"], undefined);
  assert.ok(warnings.some((w) => /is not base64/.test(w)));
});

test("the converter's one-shot UUID v5 equals core's uuidV5 for any name", async () => {
  const { nameUuid } = await import("../../../src/converters/idmefv1/message-ids.js");
  for (const name of ["", "a", '["sensor-1","m-1"]', "idmefv1-analyzer:x", "ünïcödé ☺ 𝄞", "x".repeat(5000)]) {
    assert.equal(nameUuid(name), uuidV5(name), JSON.stringify(name.slice(0, 20)));
  }
});

test("an Address whose value is an IP or a prefix goes to IP whatever its category (unknown is the DTD default)", () => {
  const { message, warnings } = convertOne(
    alertDocument(`<idmef:Source><idmef:Node>
      <idmef:Address category="unknown"><idmef:address>192.168.0.1</idmef:address></idmef:Address>
      <idmef:Address><idmef:address>2001:db8::7</idmef:address></idmef:Address>
      <idmef:Address category="ipv4-net"><idmef:address>10.0.0.0/8</idmef:address></idmef:Address>
      <idmef:Address category="ipv6-net"><idmef:address>2001:db8::/32</idmef:address></idmef:Address>
      <idmef:Address category="ipv4-addr"><idmef:address>2001:db8::9</idmef:address></idmef:Address>
      <idmef:Address category="mac"><idmef:address>00:11:22:33:44:55</idmef:address></idmef:Address>
      <idmef:Address category="unknown"><idmef:address>10.0.0.1/33</idmef:address></idmef:Address></idmef:Node></idmef:Source>`),
  );
  const sources = items(message, "Source");
  assert.deepEqual(
    sources.map((s) => s["IP"]),
    ["192.168.0.1", "2001:db8::7", "10.0.0.0", "2001:db8::", "2001:db8::9"],
  );
  const note = String(sources[0]?.["Note"]);
  assert.match(note, /netmask of 10\.0\.0\.0: \/8/);
  assert.match(note, /netmask of 2001:db8::: \/32/);
  assert.match(note, /address \(mac\): 00:11:22:33:44:55/);
  assert.match(note, /address \(unknown\): 10\.0\.0\.1\/33/);
  assert.doesNotMatch(note, /192\.168\.0\.1|2001:db8::7/);
  assert.deepEqual(
    warnings.filter((w) => /address/.test(w)),
    [],
  );
});

test("an Address directly under Source/Target (no Node) is read as the Node's, without an unknown-element note", () => {
  const { message, warnings } = convertOne(
    alertDocument(`<idmef:Source><idmef:Address category="ipv4-addr"><idmef:address>192.0.2.5</idmef:address></idmef:Address></idmef:Source>
      <idmef:Target><idmef:Node><idmef:name>web</idmef:name></idmef:Node><idmef:Address><idmef:address>198.51.100.7</idmef:address></idmef:Address></idmef:Target>`),
  );
  assert.deepEqual(items(message, "Source"), [{ ID: items(message, "Source")[0]?.["ID"], IP: "192.0.2.5" }]);
  const [target] = items(message, "Target");
  assert.equal(target?.["IP"], "198.51.100.7");
  assert.equal(target?.["Hostname"], "web");
  assert.equal(target?.["Note"], undefined);
  assert.deepEqual(warnings, []);
});

test("an empty Source, Target, Address or Reference yields nothing: no empty item, no 'reference (unknown): ' Note", () => {
  const { message } = convertOne(
    alertDocument(
      `<idmef:Source/><idmef:Target><idmef:Node><idmef:Address><idmef:address></idmef:address></idmef:Address></idmef:Node></idmef:Target>`,
    ).replace(
      '<idmef:Classification text="Teardrop detected"/>',
      '<idmef:Classification text="Teardrop detected"><idmef:Reference><idmef:name></idmef:name></idmef:Reference><idmef:Reference origin="bugtraqid"/></idmef:Classification>',
    ),
  );
  assert.equal(message["Source"], undefined);
  assert.equal(message["Target"], undefined);
  assert.doesNotMatch(String(message["Note"] ?? ""), /reference/);
});

test("IDs: without an analyzerid a reused messageid no longer collapses different alerts; the same file converted twice gives the same IDs", async () => {
  const { runPipeline } = await import("../../../src/framework/pipeline.js");
  const { MemorySinks } = await import("../../../src/framework/sinks.js");
  const { textInput } = await import("../../../src/framework/sources.js");
  // A library that counts from 1 on every run and names no analyzer: messageid "1" three times,
  // two different alerts and one exact repeat of the first.
  const unnamed = (classification: string): string =>
    alertDocument("", 'messageid="1"', classification).replace('<idmef:Analyzer analyzerid="sensor-1"/>', '<idmef:Analyzer name="lib"/>');
  const file = [unnamed("Teardrop detected"), unnamed("Login attempt"), unnamed("Teardrop detected")].join("");
  const ids = async (): Promise<string[]> => {
    const sinks = new MemorySinks();
    await runPipeline({
      converter: idmefv1Converter,
      inputs: [textInput("alerts.xml", file)],
      sinks: { messages: sinks.messageSink, rejects: sinks.rejectSink },
    });
    return sinks.messages.map((m) => (m as unknown as Msg)["ID"] as string);
  };
  const first = await ids();
  assert.equal(first.length, 3);
  assert.equal(new Set(first).size, 3, `three messages, three IDs: ${first.join(", ")}`);
  assert.deepEqual(await ids(), first);
  // The couple still decides when the analyzerid is there (RFC 4765 3.2.9), so links survive.
  assert.equal(convertOne(alertDocument("", 'messageid="1"')).message["ID"], uuidV5(JSON.stringify(["sensor-1", "1"])));
  // The same alert converted alone (another file, another position) keeps its content-derived ID.
  assert.equal(convertOne(unnamed("Login attempt")).message["ID"], first[1]);
});

test("login, authentication and brute-force classification texts give Access.Forced (the table is data, shared with suricata)", () => {
  for (const text of [
    "Login attempt",
    "Failed logon for user root",
    "SSH authentication failure",
    "Password spraying against OWA",
    "Brute-force detected",
  ]) {
    assert.deepEqual(convertOne(alertDocument("", 'messageid="m-1"', text)).message["Category"], ["Access.Forced"], text);
  }
  assert.deepEqual(convertOne(alertDocument("", 'messageid="m-1"', "Blogin widget")).message["Category"], [FALLBACK_CATEGORY]);
});
