// The zeek converter through the real pipeline: both writers, the header state, weird.log opt-in,
// what is skipped or rejected (with its line), and hostile input.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { zeekConverter } from "../../../src/converters/zeek/index.js";
import { classifyNotice, noticeClassifier, ZeekNoticeTable } from "../../../src/converters/zeek/notice-types.js";
import { detectZeek } from "../../../src/converters/zeek/detect.js";
import { unescapeValue } from "../../../src/converters/zeek/tsv.js";
import { readJsonRow } from "../../../src/converters/zeek/json-row.js";
import { detectEve } from "../../../src/converters/suricata/detect.js";
import { epochTimestamp, utcSecondText } from "../../../src/core/epoch-time.js";
import { loadSchema } from "../../../src/core/schemas.js";
import { checkConverterOptions } from "../../../src/framework/check-options.js";
import { runConverter } from "../helpers/run-converter.js";

type Fields = Record<string, unknown>;

function run(inputs: { name: string; text: string }[], options: Fields = {}) {
  return runConverter(zeekConverter, inputs, options);
}

// The header Zeek's TSV writer puts on notice.log (corelight/zeek-caldera-detector README, fields of Zeek 6/7).
const FIELDS =
  "ts uid id.orig_h id.orig_p id.resp_h id.resp_p fuid file_mime_type file_desc proto note msg sub src dst p n peer_descr actions email_dest suppress_for".split(
    " ",
  );
const TYPES =
  "time string addr port addr port string string string enum enum string string addr addr port count string set[enum] set[string] interval".split(
    " ",
  );
const HEADER = [
  "#separator \\x09",
  "#set_separator\t,",
  "#empty_field\t(empty)",
  "#unset_field\t-",
  "#path\tnotice",
  "#open\t2025-01-22-17-37-59",
  `#fields\t${FIELDS.join("\t")}`,
  `#types\t${TYPES.join("\t")}`,
].join("\n");

function row(values: Partial<Record<(typeof FIELDS)[number], string>>): string {
  return FIELDS.map((f) => values[f] ?? "-").join("\t");
}

const SCAN = {
  ts: "1734546921.034784",
  uid: "CHhAvVGS1DHFjwGM9",
  "id.orig_h": "172.18.0.3",
  "id.orig_p": "58326",
  "id.resp_h": "172.18.0.2",
  "id.resp_p": "8888",
  proto: "tcp",
  note: "SSH::Password_Guessing",
  msg: "172.18.0.3 appears to be guessing SSH passwords (seen in 30 connections).",
  src: "172.18.0.3",
  actions: "Notice::ACTION_LOG,Notice::ACTION_EMAIL",
  email_dest: "(empty)",
  suppress_for: "3600.000000",
};

test("a TSV notice: time, addresses, ports, note, Priority and Category from the notice table", async () => {
  const { messages, stats } = await run([{ name: "notice.log", text: `${HEADER}\n${row(SCAN)}\n#close\t2025-01-22-17-37-59\n` }]);
  assert.equal(messages.length, 1);
  const m = messages[0]!;
  assert.equal(m["CreateTime"], "2024-12-18T18:35:21.034784Z");
  assert.deepEqual(m["Category"], ["Access.Forced"]);
  assert.equal(m["Priority"], "Medium");
  assert.equal(m["Description"], SCAN.msg);
  assert.deepEqual(m["AltNames"], ["SSH::Password_Guessing", "uid:CHhAvVGS1DHFjwGM9"]);
  assert.deepEqual((m["Source"] as Fields[])[0], {
    ID: (m["Source"] as Fields[])[0]!["ID"],
    IP: "172.18.0.3",
    Port: [58326],
    Protocol: ["tcp"],
  });
  // No dst: the responder is the Target, with its port.
  assert.deepEqual((m["Target"] as Fields[])[0], { ID: (m["Target"] as Fields[])[0]!["ID"], IP: "172.18.0.2", Port: [8888] });
  // Sets are split on the set separator; "(empty)" is an empty set, "-" unset: neither gives a line.
  assert.equal(m["Note"], "actions: Notice::ACTION_LOG, Notice::ACTION_EMAIL\nsuppress_for: 3600.000000");
  assert.deepEqual({ ...stats.skipped }, { "zeek header line": 9 });
});

test("escapes: \\x09 inside a value, \\\\, non-ASCII bytes as UTF-8; bytes that are no text keep Zeek's form", async () => {
  const sub = "a\\x09b \\\\ caf\\xc3\\xa9";
  const binary = "DATA=\\x83g+$\\x81";
  const { messages } = await run([{ name: "n.log", text: `${HEADER}\n${row({ ...SCAN, sub })}\n${row({ ...SCAN, sub: binary })}\n` }]);
  assert.match(messages[0]!["Note"] as string, /^sub: a\tb \\ café$/m);
  assert.match(messages[1]!["Note"] as string, /^sub: DATA=\\x83g\+\$\\x81$/m);
});

test("broken escapes stay as written: a lone backslash, \\x with one digit, \\xZZ", async () => {
  const { messages } = await run([{ name: "n.log", text: `${HEADER}\n${row({ ...SCAN, sub: "x\\x4 \\xZZ end\\" })}\n` }]);
  assert.match(messages[0]!["Note"] as string, /^sub: x\\x4 \\xZZ end\\$/m);
});

test("JSON lines: epoch and ISO 8601 ts, flat and nested id fields, `p` as the Target port, src/dst over the connection", async () => {
  const lines = [
    JSON.stringify({
      ts: 1463726594.405281,
      note: "Scan::Port_Scan",
      msg: "scan",
      src: "192.168.2.153",
      dst: "192.168.2.111",
      peer_descr: "bro",
      actions: ["Notice::ACTION_LOG"],
    }),
    JSON.stringify({
      ts: "2020-02-11T03:48:57.477193Z",
      id: { orig_h: "185.100.59.59", orig_p: 6667, resp_h: "141.9.255.157", resp_p: 8080 },
      note: "X::Y",
      p: 8081,
    }),
  ];
  const { messages } = await run([{ name: "notice.json", text: `${lines.join("\n")}\n` }]);
  assert.equal(messages[0]!["CreateTime"], "2016-05-20T06:43:14.405281Z");
  assert.deepEqual(messages[0]!["Category"], ["Recon.Network"]);
  assert.deepEqual((messages[0]!["Sensor"] as Fields[])[0]!["Name"], "bro");
  assert.equal((messages[0]!["Source"] as Fields[])[0]!["Port"], undefined);
  assert.equal(messages[1]!["CreateTime"], "2020-02-11T03:48:57.477193Z");
  assert.deepEqual((messages[1]!["Source"] as Fields[])[0]!["Port"], [6667]);
  assert.deepEqual((messages[1]!["Target"] as Fields[])[0]!["Port"], [8081]);
});

test("weird.log is opt-in: skipped by name by default, an Info message with logs=notice,weird", async () => {
  const weird = JSON.stringify({
    ts: 1615153266.918483,
    uid: "CjSsHj4wXCoOPjhHll",
    "id.orig_h": "172.16.23.1",
    "id.orig_p": 5353,
    "id.resp_h": "224.0.0.251",
    "id.resp_p": 5353,
    name: "DNS_Conn_count_too_large",
    notice: false,
    peer: "worker-1",
    source: "DNS",
  });
  const off = await run([{ name: "weird.log", text: `${weird}\n` }]);
  assert.deepEqual({ ...off.stats.skipped }, { "zeek log weird (not in the logs option)": 1 });
  const on = await run([{ name: "weird.log", text: `${weird}\n` }], { logs: ["notice", "weird"] });
  const m = on.messages[0]!;
  assert.equal(m["Priority"], "Info");
  assert.equal(m["Description"], "DNS_Conn_count_too_large");
  assert.deepEqual(m["AltCategory"], ["weird:DNS_Conn_count_too_large"]);
  assert.equal(m["Note"], "source: DNS\nnotice: F");
  assert.deepEqual((m["Analyzer"] as Fields)["Method"], ["Anomaly"]);
  assert.deepEqual((m["Target"] as Fields[])[0]!["IP"], "224.0.0.251");
});

test("weird.log in the TSV writer: the header's #path and #fields (Weird::Info) give a message per row", async () => {
  const header = [
    "#separator \\x09",
    "#set_separator\t,",
    "#empty_field\t(empty)",
    "#unset_field\t-",
    "#path\tweird",
    "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tname\taddl\tnotice\tpeer\tsource",
    "#types\ttime\tstring\taddr\tport\taddr\tport\tstring\tstring\tbool\tstring\tstring",
  ].join("\n");
  const rows = [
    "1615153266.918483\tCjSsHj4wXCoOPjhHll\t172.16.23.1\t5353\t224.0.0.251\t5353\tDNS_Conn_count_too_large\t-\tF\tzeek\tDNS",
    "1615153270.000001\t-\t-\t-\t-\t-\tbad_IP_checksum\t-\tF\tzeek\t-",
  ];
  const { messages } = await run([{ name: "weird.log", text: `${header}\n${rows.join("\n")}\n#close\t2021-03-07-22-00-00\n` }], {
    logs: ["notice", "weird"],
  });
  assert.equal(messages.length, 2);
  assert.equal(messages[0]!["CreateTime"], "2021-03-07T21:41:06.918483Z");
  assert.equal(messages[0]!["Description"], "DNS_Conn_count_too_large");
  assert.deepEqual((messages[0]!["Source"] as Fields[])[0]!["IP"], "172.16.23.1");
  assert.deepEqual((messages[0]!["Target"] as Fields[])[0]!["Port"], [5353]);
  assert.equal(messages[1]!["Description"], "bad_IP_checksum");
  assert.equal(messages[1]!["Source"], undefined);
});

test("other Zeek logs are skipped by name; a row before any #fields and a short row are rejected with their lines", async () => {
  const conn = "#separator \\x09\n#path\tconn\n#fields\tts\tuid\n1.5\tC1\n";
  const { stats, rejects, messages } = await run([
    { name: "conn.log", text: conn },
    // A new file starts without the last file's header: its rows cannot be read.
    { name: "headless.log", text: `${row(SCAN)}\n` },
    { name: "notice.log", text: `${HEADER}\n${row(SCAN).slice(0, 40)}\n${row(SCAN)}\n` },
  ]);
  assert.equal(stats.skipped["zeek log conn"], 1);
  assert.deepEqual(
    rejects.map((r) => [r.file, r.line, r.reason]),
    [
      ["headless.log", 1, "a TSV row before any #fields header: the column names are not known"],
      ["notice.log", 9, "3 tab-separated values where the #fields header names 21"],
    ],
  );
  assert.equal(messages.length, 1);
});

test("a record without ts, or with a ts that is no time, is rejected naming the field", async () => {
  const { rejects } = await run([
    {
      name: "n.json",
      text: `${JSON.stringify({ note: "A::B", msg: "x" })}\n${JSON.stringify({ ts: "yesterday", note: "A::B" })}\n${JSON.stringify({ ts: -5, note: "A::B" })}\n`,
    },
  ]);
  assert.deepEqual(
    rejects.map((r) => r.reason),
    [
      'no "ts": the record cannot get a CreateTime',
      'ts "yesterday" is neither epoch seconds nor an ISO 8601 time with its zone',
      'ts "-5" is neither epoch seconds nor an ISO 8601 time with its zone',
    ],
  );
});

test("hostile input: prototype keys in JSON and in #fields, binary lines, huge values", async () => {
  const polluting = '{"ts":1,"note":"A::B","__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}';
  const header = "#separator \\x09\n#path\tnotice\n#fields\tts\tnote\t__proto__\tconstructor\n";
  const binary = "\u0000\u0001\u00ff\ufffd\u0007garbage\u001b[31m";
  const { messages, rejects, warnings } = await run([
    { name: "a.json", text: `${polluting}\n` },
    { name: "b.log", text: `${header}1.0\tA::B\tx\ty\n${binary}\n1.0\t${"A".repeat(300_000)}\t-\t-\n` },
  ]);
  assert.equal(({} as Fields)["polluted"], undefined);
  assert.equal(messages.length, 3);
  assert.ok(warnings.some((w) => /dropped the key at \/__proto__/.test(w.message)));
  // The binary line (line 5 of b.log) is no row; the rows around it convert.
  assert.deepEqual(
    rejects.map((r) => [r.file, r.line]),
    [["b.log", 5]],
  );
});

test("options are checked before reading: an unknown log name is a configuration error", () => {
  assert.throws(
    () => checkConverterOptions(zeekConverter, { logs: ["conn"] }),
    (e: unknown) => (e as { code?: string }).code === "CONFIG_ERROR",
  );
});

test("detection: Zeek TSV and JSON notices are sure; EVE, syslog and other JSON are not Zeek, and EVE does not take Zeek JSON", () => {
  assert.equal(detectZeek(`${HEADER}\n${row(SCAN)}\n`), 0.99);
  const json = `${JSON.stringify({ ts: 1463726594.405281, note: "Scan::Port_Scan", msg: "m" })}\n`;
  assert.ok(detectZeek(json) >= 0.9);
  assert.equal(detectEve(json), 0);
  assert.equal(detectZeek('{"timestamp":"2017-04-07T22:24:37.251547+0100","event_type":"alert","alert":{}}\n'), 0);
  assert.equal(detectZeek("Jan 15 12:00:00 host sshd[123]: Failed password for root from 192.0.2.7 port 22 ssh2\n"), 0);
  assert.equal(detectZeek('{"__REALTIME_TIMESTAMP":"1","MESSAGE":"x"}\n'), 0);
});

test("the notice table: every category is in the 2.D.V08 enum; unknown notes go by their words", () => {
  const definitions = loadSchema("2.D.V08")["definitions"] as Record<string, { enum: string[] }>;
  for (const [note, kind] of Object.entries(ZeekNoticeTable)) {
    assert.ok(definitions["categoryEnum"]!.enum.includes(kind.category), note);
    assert.ok(definitions["analyzerMethodEnum"]!.enum.includes(kind.method), note);
  }
  assert.equal(classifyNotice("Caldera::ManxUDPC2Detected", "Potential Manx UDP C2 activity detected.").category, "Malware.Backdoor");
  assert.equal(classifyNotice("Foo::Bar", "brute force against ftp").category, "Access.Forced");
  assert.deepEqual(classifyNotice("Foo::Bar", "nothing to say"), {
    category: "Other.Undetermined",
    priority: "Unknown",
    method: "Undetermined",
  });
});

test("a run's remembered classifications equal classifyNotice's, and pairs with the same concatenation stay apart", () => {
  const classify = noticeClassifier();
  // "Foo::Bru" + "te force" and "Foo::" + "Brute force" are one text glued together, not one key.
  const pairs: [string | undefined, string | undefined][] = [
    ["Foo::Bru", "te force"],
    ["Foo::", "Brute force"],
    ["Scan::Port_Scan", "whatever"],
    [undefined, "ddos from 10.0.0.1"],
    ["Caldera::SandcatC2Detected", undefined],
    ["Foo::Bar", `${"x ".repeat(400)}exploit`],
  ];
  for (let round = 0; round < 2; round++) {
    for (const [note, msg] of pairs) assert.deepEqual(classify(note, msg), classifyNotice(note, msg), `${note} / ${msg?.slice(0, 20)}`);
  }
  assert.equal(classify("Foo::Bru", "te force").category, "Other.Undetermined");
  assert.equal(classify("Foo::", "Brute force").category, "Access.Forced");
  assert.equal(classify("Foo::Bar", `${"x ".repeat(400)}exploit`).category, "Access.Other");
});

test("escaped bytes: decoded exactly when the fatal UTF-8 decoder takes them, else kept as Zeek wrote them", () => {
  const fatal = new TextDecoder("utf-8", { fatal: true });
  // Every sequence of one to four bytes taken from the boundaries the decoder checks.
  const edges = [0x41, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xf0, 0xf4, 0xf5, 0xff];
  let sequences: number[][] = [[]];
  let decoded = 0;
  let compared = 0;
  for (let length = 1; length <= 4; length++) {
    sequences = sequences.flatMap((head) => edges.map((b) => [...head, b]));
    for (const bytes of sequences) {
      const escaped = `x${bytes.map((b) => `\\x${b.toString(16).padStart(2, "0")}`).join("")}`;
      let expected: string;
      try {
        expected = fatal.decode(Uint8Array.from([0x78, ...bytes]));
        decoded++;
      } catch {
        expected = escaped;
      }
      compared++;
      assert.equal(unescapeValue(escaped), expected, escaped);
    }
  }
  // Both outcomes were compared many times, not only one.
  assert.ok(decoded > 500 && compared - decoded > 500, `${decoded} of ${compared} decoded`);
});

test("epoch stamps keep their digits: seconds and milliseconds, numbers and text", () => {
  assert.equal(epochTimestamp("1717442617.920239", "s"), "2024-06-03T19:23:37.920239Z");
  assert.equal(epochTimestamp(1717442617, "s"), "2024-06-03T19:23:37Z");
  assert.equal(epochTimestamp(1700000000123, "ms"), "2023-11-14T22:13:20.123Z");
  assert.equal(epochTimestamp("1700000000005", "ms"), "2023-11-14T22:13:20.005Z");
  assert.equal(epochTimestamp("1e9", "s"), undefined);
  assert.equal(epochTimestamp("99999999999999", "s"), undefined);
});

test("the epoch second's date is the one Date gives, from 1970 to year 9999", () => {
  const last = 253_402_300_799; // 9999-12-31T23:59:59Z
  const seconds: number[] = [0, 59, 60, 86_399, 86_400, 951_782_400, 951_868_799, 4_107_542_400, last];
  // Every day's first and last second, a day apart over the range, plus a stride through the seconds.
  for (let s = 0; s <= last; s += 86_400 * 7 + 3_601) seconds.push(s, s + 86_399);
  let compared = 0;
  for (const s of seconds) {
    if (s > last) continue;
    assert.equal(utcSecondText(s), new Date(s * 1000).toISOString().slice(0, 19), String(s));
    compared++;
  }
  assert.ok(compared > 800_000, `${compared} seconds compared`);
});

test("docs/mapping-zeek.md shows the notice table row for row", () => {
  const doc = readFileSync("docs/mapping-zeek.md", "utf8");
  const rows = [...doc.matchAll(/^\| `([^`]+)` \| ([^|]+) \| (\w+) \| ([^|]+) \|$/gm)].map((m) => [m[1], m[2]!.trim(), m[3], m[4]!.trim()]);
  assert.deepEqual(
    rows,
    Object.entries(ZeekNoticeTable).map(([note, kind]) => [note, kind.category, kind.priority, kind.method]),
  );
});

test("a row wrapped under its log's name (Metron's Kafka writer) is read as that row; other one-key lines are not unwrapped", () => {
  const wrapped = readJsonRow('{"notice":{"ts":1320435875.879278,"note":"SSH::Password_Guessing","src":"172.16.238.1"}}');
  assert.ok(!("problem" in wrapped));
  assert.equal(wrapped.record.get("_path"), "notice");
  assert.equal(wrapped.record.get("src"), "172.16.238.1");
  // No ts under the key, or two keys: a plain row (flattened as before).
  const plain = readJsonRow('{"notice":{"note":"X"}}');
  assert.ok(!("problem" in plain));
  assert.equal(plain.record.get("notice.note"), "X");
  assert.equal(plain.record.get("_path"), undefined);
  const two = readJsonRow('{"notice":{"ts":1},"ts":2}');
  assert.ok(!("problem" in two));
  assert.equal(two.record.get("ts"), "2");
});

test("a TSV header whose #fields and #types differ in length is damaged: its rows are rejected, a later sound header reads again", async () => {
  const header = (fields: string) =>
    ["#separator \\x09", "#path\tnotice", `#fields\t${fields}`, "#types\ttime\tstring\tenum\tstring\taddr"].join("\n");
  const row = "1700000000.000000\tC1\tScan::Port_Scan\tscan seen\t192.0.2.1";
  const text = `${header("ts\tuid\tnotemsg\tsrc")}\n${row.replace("\tscan seen", "")}\n${header("ts\tuid\tnote\tmsg\tsrc")}\n${row}\n`;
  const { messages, rejects } = await runConverter(zeekConverter, [{ name: "n.log", text }]);
  assert.equal(messages.length, 1);
  assert.equal(rejects.length, 1);
  assert.equal(rejects[0]!.line, 5);
  assert.match(rejects[0]!.reason, /#fields header names 4 fields but #types gives 5 types: the header is damaged/);
});
