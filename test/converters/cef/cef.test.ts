// The cef converter on single lines: the specification's escapes, syslog headers, times, severities,
// hostile input; and detection against the other line formats.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { cefConverter } from "../../../src/converters/cef/index.js";
import { parseCef, parseExtension } from "../../../src/converters/cef/parse-cef.js";
import { priorityForSeverity } from "../../../src/converters/cef/severity.js";
import { builtinConverters } from "../../../src/converters/index.js";
import { embeddedEventStart } from "../../../src/converters/embedded-event-formats.js";
import { schemaProblems } from "../../../src/core/validator.js";
import { detectFormat } from "../../../src/framework/detect.js";
import { FormatRegistry } from "../../../src/framework/registry.js";
import { converterForTest } from "../../../src/testing/index.js";
import { runConverter } from "../helpers/run-converter.js";

type Fields = Record<string, unknown>;

async function convert(
  line: string,
  options: Record<string, unknown> = { timezone: "Z" },
): Promise<{ message: Record<string, unknown>; warnings: string[] }> {
  const run = await converterForTest(cefConverter, options);
  const { output, context } = await run(line);
  const message = output as Record<string, unknown>;
  // The finisher adds nothing the schema needs here but the IDs the golden counter gives.
  assert.deepEqual(schemaProblems(message, { version: "2.D.V08" }), [], JSON.stringify(message));
  return { message, warnings: context.warnings };
}

function item(message: Record<string, unknown>, role: "Source" | "Target"): Record<string, unknown> {
  return (message[role] as Record<string, unknown>[])[0]!;
}

test("header fields split at unescaped pipes; \\| and \\\\ are unescaped in the header", () => {
  const line = String.raw`CEF:0|security|threatmanager|1.0|100|detected a \| in message|10|src=10.0.0.1 act=blocked a | dst=1.1.1.1`;
  const event = parseCef(line, embeddedEventStart(line)!.versionAt);
  assert.equal(event.name, "detected a | in message");
  assert.equal(event.severity, "10");
  assert.deepEqual(event.extension, [
    ["src", "10.0.0.1"],
    ["act", "blocked a |"],
    ["dst", "1.1.1.1"],
  ]);
  const backslash = String.raw`CEF:0|security|threatmanager|1.0|100|detected a \\ in packet|10|`;
  assert.equal(parseCef(backslash, 4).name, "detected a \\ in packet");
});

test("extension values: spaces kept, a value runs to the next ' key=', \\= \\\\ \\n \\r unescaped, other backslashes kept", () => {
  const { pairs } = parseExtension(
    String.raw`msg=lang=en request=/a?x\=1&y\=2 path=C:\\Windows\\x duser=NT AUTHORITY\SYSTEM note=two\nlines end=`,
  );
  assert.deepEqual(pairs, [
    ["msg", "lang=en"],
    ["request", "/a?x=1&y=2"],
    ["path", "C:\\Windows\\x"],
    ["duser", "NT AUTHORITY\\SYSTEM"],
    ["note", "two\nlines"],
    ["end", ""],
  ]);
  // An '=' after a space but with no key before it belongs to the value.
  assert.deepEqual(parseExtension("msg=User signed in with =xyz").pairs, [["msg", "User signed in with =xyz"]]);
});

test("addresses, ports, users, protocol, signature id, name, severity and times land where a user looks for them", async () => {
  const { message } = await convert(
    "<134>Feb 14 19:04:54 fw01 CEF:0|Vendor|Product|20.0.560|600|User Signed In|3|src=127.0.0.1 spt=4444 suser=Admin dst=10.1.1.1 dpt=22 duser=root proto=TCP app=SSH rt=1659523775038 start=Nov 15 2017 08:43:57 GMT+00:00 cs1Label=Rule Name cs1=Allow admins",
  );
  assert.equal(message["Description"], "User Signed In");
  assert.equal(message["Priority"], "Low");
  assert.deepEqual(message["AltNames"], ["signatureId:600"]);
  assert.equal(message["CreateTime"], "2022-08-03T10:49:35.038Z");
  assert.equal(message["StartTime"], "2017-11-15T08:43:57+00:00");
  assert.deepEqual(item(message, "Source"), {
    ID: item(message, "Source")["ID"],
    IP: "127.0.0.1",
    User: "Admin",
    Protocol: ["tcp", "ssh"],
    Port: [4444],
  });
  assert.deepEqual(item(message, "Target"), {
    ID: item(message, "Target")["ID"],
    IP: "10.1.1.1",
    User: "root",
    Service: "SSH",
    Port: [22],
  });
  assert.equal(message["Note"], "Rule Name: Allow admins");
  assert.equal((message["Analyzer"] as Record<string, unknown>)["Hostname"], "fw01");
});

test("without rt, CreateTime is the syslog header's time; without either, the time of conversion", async () => {
  const withHeader = await convert("<134>2022-02-14T03:17:30-08:00 TEST CEF:0|Vendor|Product|20.0.560|600|User Signed In|3|src=127.0.0.1");
  assert.equal(withHeader.message["CreateTime"], "2022-02-14T03:17:30-08:00");
  const bare = await convert("CEF:0|Vendor|Product|20.0.560|600|User Signed In|3|src=127.0.0.1");
  assert.equal(bare.message["CreateTime"], "2026-01-15T12:00:00Z");
  const rfc5424 = await convert(
    "<134>1 2022-02-14T03:17:30-08:00 test.hq.example.com CEF:0|Vendor|Product|20.0.560|600|User Signed In|3|src=127.0.0.1",
  );
  assert.equal(rfc5424.message["CreateTime"], "2022-02-14T03:17:30-08:00");
  assert.equal((rfc5424.message["Analyzer"] as Record<string, unknown>)["Hostname"], "test.hq.example.com");
  const noHost = await convert("<134>Feb 14 19:04:54 CEF:0|Vendor|Product|20.0.560|600|User Signed In|3|src=127.0.0.1");
  assert.equal(noHost.message["CreateTime"], "2025-02-14T19:04:54Z");
});

test("severity: 0-10 in the specification's bands, its words, and words real senders use", () => {
  assert.deepEqual(["0", "3", "4", "6", "7", "8", "9", "10"].map(priorityForSeverity), [
    "Low",
    "Low",
    "Medium",
    "Medium",
    "High",
    "High",
    "High",
    "High",
  ]);
  assert.deepEqual(["Unknown", "Low", "Medium", "High", "Very-High", "Critical", ""].map(priorityForSeverity), [
    "Unknown",
    "Low",
    "Medium",
    "High",
    "High",
    "High",
    "Unknown",
  ]);
  assert.equal(priorityForSeverity("11"), undefined);
  assert.equal(priorityForSeverity("__proto__"), undefined);
});

test("an unknown severity or a bad time is reported, not guessed; the event is still converted", async () => {
  const { message, warnings } = await convert("CEF:0|V|P|1|7|Name|Urgent-ish|rt=yesterday dpt=99999");
  assert.equal(message["Priority"], "Unknown");
  assert.match(warnings.join("\n"), /severity "Urgent-ish" is not one this converter knows/);
  assert.match(warnings.join("\n"), /CEF rt "yesterday" is not a time/);
  assert.match(warnings.join("\n"), /CEF dpt "99999" is not a port/);
  assert.match(String(message["Note"]), /rt: yesterday/);
});

test("a line that is not CEF, or whose header is cut short, is rejected with the reason", async () => {
  const run = await converterForTest(cefConverter, { timezone: "Z" });
  await assert.rejects(run("just some text"), /not a CEF event/);
  await assert.rejects(run("May 18 16:02:00 host CEF:0|radiflow|isid|7.0.2.28|2|New Li"), /the header ends after 5 of its 7 fields/);
});

test("hostile input: __proto__ keys, a megabyte line, binary bytes and broken escapes", async () => {
  const proto = await convert("CEF:0|V|P|1|7|Name|5|__proto__=polluted constructor=x toString=y src=10.0.0.1");
  assert.equal(({} as Record<string, unknown>)["polluted"], undefined);
  assert.match(String(proto.message["Note"]), /__proto__: polluted/);
  const huge = await convert(`CEF:0|V|P|1|7|Name|5|msg=${"A ".repeat(500_000)}src=10.0.0.1`);
  assert.equal(item(huge.message, "Source")["IP"], "10.0.0.1");
  const started = performance.now();
  await convert(`CEF:0|V|P|1|7|Name|5|msg=${"a=b ".repeat(200_000)}`);
  await convert(`CEF:0|V|P|1|7|Name|5|${"\\".repeat(300_001)}`);
  assert.ok(performance.now() - started < 5000, "hostile lines must stay linear");
  const binary = await convert("CEF:0|V|P|1|7|N\u0000ame|5|msg=\u0001\u0002\uFFFD src=10.0.0.1 trailing=\\");
  assert.equal(item(binary.message, "Source")["IP"], "10.0.0.1");
  assert.match(String(binary.message["Note"]), /trailing: \\/);
});

test("options are checked before reading: a bad timezone is a configuration error", async () => {
  await assert.rejects(converterForTest(cefConverter, { timezone: "Mars/Olympus" }), /timezone/);
  await assert.rejects(converterForTest(cefConverter, { colour: "red" }), /colour/);
});

test("detection: CEF files go to cef, and syslog, EVE and application-log files keep their format", () => {
  const registry = new FormatRegistry();
  registry.registerAll(builtinConverters);
  for (const file of ["barracuda-waf.log", "fortiweb-cloud.log", "radiflow-isid.log", "spec-escapes.log"]) {
    assert.equal(detectFormat(readFileSync(`fixtures/cef/${file}`, "utf8"), registry, file).entry.converter.format, "cef", file);
  }
  const others: [string, string][] = [
    ["fixtures/syslog/auth-log.log", "syslog"],
    ["fixtures/suricata/anomaly-events.ndjson", "suricata"],
  ];
  for (const [file, format] of others) {
    assert.equal(detectFormat(readFileSync(file, "utf8"), registry, file).entry.converter.format, format, file);
  }
});

test("a six-field header whose last field is a severity (A10 leaves the Name out) is read; other short headers are rejected", async () => {
  const { messages, rejects, warnings } = await runConverter(
    cefConverter,
    [
      {
        name: "a10.log",
        text:
          "CEF:0|A10|TH4415 TPS|3.6.8-TPS-P3|DDOS|4|externalId=3511768169 src=192.0.2.33 dst=192.0.2.5 act=drop\n" +
          "CEF:0|A10|TH4415 TPS|3.6.8-TPS-P3|DDOS|x|src=192.0.2.33\n" +
          "CEF:0|A10|TH4415 TPS|3.6.8-TPS-P3|DDOS|4|no key here\n",
      },
    ],
    { timezone: "Z" },
  );
  assert.equal(messages.length, 1);
  const m = messages[0] as Fields;
  assert.equal(m["Description"], "DDOS");
  assert.equal(m["Priority"], "Medium");
  assert.deepEqual((m["Source"] as Fields[])[0]!["IP"], "192.0.2.33");
  assert.ok(warnings.some((w) => w.line === 1 && /six fields/.test(w.message)));
  assert.deepEqual(
    rejects.map((r) => r.line),
    [2, 3],
  );
});

test("the syslog header before CEF/LEEF, read alone (the fast path), says what the whole-line syslog parse says", async () => {
  const { readPrefixHeader } = await import("../../../src/converters/syslog/prefix-header.js");
  const { parseSyslog } = await import("../../../src/converters/syslog/parse-syslog.js");
  const options = { referenceMs: Date.parse("2026-01-15T12:00:00Z"), timezone: "Z" };
  const events = [
    "CEF:0|Acme|FW|1.0|100|blocked|5|src=192.0.2.1 dst=198.51.100.2",
    "LEEF:1.0|Acme|FW|1.0|100|src=192.0.2.1\tdst=198.51.100.2",
  ];
  const prefixes = [
    ...["cef", "leef"].flatMap((format) =>
      readdirSync(`fixtures/${format}`)
        .filter((name) => name.endsWith(".log"))
        .flatMap((name) => readFileSync(`fixtures/${format}/${name}`, "utf8").split("\n"))
        .map((line) => line.slice(0, embeddedEventStart(line)?.at ?? 0))
        .filter((prefix) => prefix.trim() !== ""),
    ),
  ];
  // Generated: PRI or not, stamps of several forms, host and tag forms senders write.
  for (const pri of ["", "<134>", "<13>"])
    for (const stamp of ["Jan 18 11:07:53", "Feb  9 01:02:03", "Dec 31 23:59:59", "2019-01-18T11:07:53.520Z", "2024-05-01T10:00:00+02:00"])
      for (const rest of ["", "fw01", "fw01 CEF", "fw01 tag:", "fw01 prog[42]:", "10.0.0.5 syslogng[9]"])
        prefixes.push(`${pri}${stamp} ${rest} `.replace("  ", " "));
  for (const rest of ["fw01 app - - -", "fw01 app 12 ID47 -", "192.168.1.1"]) prefixes.push(`<13>1 2019-01-18T11:07:53.520Z ${rest} `);
  let compared = 0;
  for (const prefix of prefixes) {
    for (const event of events) {
      const line = prefix + event;
      let whole;
      try {
        whole = parseSyslog(line, options);
      } catch {
        continue;
      }
      if (whole.message !== event) continue;
      compared++;
      const alone = readPrefixHeader(line, prefix.length, options);
      assert.deepEqual(
        alone === undefined
          ? undefined
          : {
              timestamp: alone.timestamp,
              assumedZone: alone.assumedZone,
              hostname: alone.hostname,
              program: alone.program,
              pri: alone.pri,
            },
        { timestamp: whole.timestamp, assumedZone: whole.assumedZone, hostname: whole.hostname, program: whole.program, pri: whole.pri },
        line,
      );
      // And the header says when its year was guessed: BSD stamps ("Jan 18 ..."), not RFC 3339 ones.
      assert.equal(alone?.yearless === true, /^(?:<\d{1,3}>)?[A-Z][a-z]{2} /.test(prefix), line);
    }
  }
  assert.ok(compared >= 40, `only ${compared} lines had the event in MSG`);
});

test("custom fields are written under their label, given before or after them; a repeated label's last value wins", async () => {
  const { message } = await convert(
    "CEF:0|V|P|1|7|Name|3|cs1=Allow admins cs2Label=First cs2Label=Protected cs2=UNPROTECTED cn1=5 cs1Label=Rule Name cs3=unlabelled",
  );
  assert.equal(message["Note"], "Rule Name: Allow admins\nProtected: UNPROTECTED\ncn1: 5\ncs3: unlabelled");
  // One run, two lines: nothing of the line before (slots, labels) is left over for the next one.
  const run = await converterForTest(cefConverter, { timezone: "Z" });
  await run("CEF:0|V|P|1|7|Name|3|src=10.0.0.1 cs2Label=Protected cs2=x");
  const next = (await run("CEF:0|V|P|1|7|Name|3|cs2=again")).output as Record<string, unknown>;
  assert.equal(next["Note"], "cs2: again");
  assert.equal(next["Source"], undefined);
});

test("custom fields past the specification's numbers and in their full names take their labels too", async () => {
  // Imperva Incapsula writes cs7-cs9 with labels; the dictionary's full names label the same way.
  const { message } = await convert(
    "CEF:0|Incapsula|SIEMintegration|1|1|Illegal Resource Access|3|cs7=31.8969 cs7Label=latitude deviceCustomString1Label=Rule deviceCustomString1=Block cs12=x csx=y csxLabel=z",
  );
  assert.equal(message["Note"], "latitude: 31.8969\nRule: Block\ncs12: x\ncsx: y\ncsxLabel: z");
});

test("a key written in lower case is the dictionary's key (requestmethod, Imperva)", async () => {
  const { message } = await convert("CEF:0|Incapsula|SIEMintegration|1|1|Name|3|request=site.example/ requestmethod=GET SRC=10.0.0.9");
  assert.deepEqual(message["Attachment"], [{ Name: "request", Note: "GET site.example/" }]);
  // Only the table's keys in lower case: other casings stay Note lines.
  assert.equal(message["Note"], "SRC: 10.0.0.9");
});

test("ArcSight connectors' additional-data keys with brackets (ad.Key[0]=) end the value before them", () => {
  const { pairs } = parseExtension("ad.WindowsKeyMapFamily=Windows 2012 R2 ad.Key[0]=6.3.9600.16384 ad.EventIndex=1604");
  assert.deepEqual(pairs, [
    ["ad.WindowsKeyMapFamily", "Windows 2012 R2"],
    ["ad.Key[0]", "6.3.9600.16384"],
    ["ad.EventIndex", "1604"],
  ]);
});

test("Microsoft's APP-NAME form (RFC 5424 APP-NAME CEF, PROCID, MSGID, then the version, no CEF:) is CEF; a BOM before CEF: is allowed", () => {
  const appName =
    "<36>1 2022-11-22T22:08:22.221058+00:00 DC1 CEF 10912 RemoteExecutionSecurityAlert 0|Microsoft|Azure ATP|2.194|RemoteExecutionSecurityAlert|Remote code execution attempt|5|app=Wmi";
  const start = embeddedEventStart(appName);
  assert.equal(start?.format, "cef");
  assert.equal(appName.slice(start!.at, start!.at + 4), "CEF ");
  assert.equal(appName.slice(start!.versionAt, start!.versionAt + 12), "0|Microsoft|");
  // The same with a UTF-8 BOM before the version, and a BOM before a CEF: marker.
  const bom = appName.replace(" 0|Microsoft", " \uFEFF0|Microsoft");
  assert.equal(bom.slice(embeddedEventStart(bom)!.versionAt, embeddedEventStart(bom)!.versionAt + 2), "0|");
  assert.equal(embeddedEventStart("<36>1 2018-02-21T14:19:27Z CENTER CEF 3908 X \uFEFFCEF:0|Microsoft|ATA|1.9|X|x|5|")?.format, "cef");
  // Near misses: the word CEF in a syslog message, a MSGID with no version after it, a pipe inside a token.
  assert.equal(embeddedEventStart("<13>Dec  3 10:00:01 siem rsyslogd: rule CEF 12 disabled for 10.0.0.5"), undefined);
  assert.equal(embeddedEventStart("<13>1 2022-11-22T22:08:22Z h CEF 1 X - msg 0|a"), undefined);
  assert.equal(embeddedEventStart("<13>1 2022-11-22T22:08:22Z h CEF 1|2 X 0|a|b"), undefined);
});

test("a year-less BSD header stamp takes its year from the event's start time when they are days apart at most", async () => {
  const { message } = await convert(
    "<190>Jul 12 23:44:25 10.0.0.1 CEF:0|CyberArk|PTA|2.6.1|20|Privileged account anomaly|8|start=1436755482000 msg=m",
  );
  assert.equal(message["CreateTime"], "2015-07-12T23:44:25Z");
  assert.match(String(message["Note"]), /syslog header year taken from the event's start time/);
  // An RFC 5424 stamp has its year: a start years away changes nothing.
  const { message: dated } = await convert("<14>1 2024-07-12T23:44:25Z host app - - - CEF:0|V|P|1|20|n|8|start=1436755482000");
  assert.equal(dated["CreateTime"], "2024-07-12T23:44:25Z");
  // A start months away from the header's day is no anchor: the guessed year stays.
  const { message: far } = await convert("<190>Jul 12 23:44:25 h CEF:0|V|P|1|20|n|8|start=1420070400000");
  assert.notEqual(String(far["CreateTime"]).slice(0, 4), "2015");
});

test('labels in double quotes (CyberArk\'s XSL: cs2Label="Safe Name") name their field without the quotes', async () => {
  const { message } = await convert(
    'CEF:0|Cyber-Ark|Vault|10.9|22|CPM Verify Password|5|cs2Label="Safe Name" cs2="ops" cs3Label=Plain cs3=x',
  );
  assert.equal(message["Note"], 'Safe Name: "ops"\nPlain: x');
});
