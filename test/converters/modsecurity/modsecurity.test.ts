// The modsecurity converter through the real pipeline: v3 and v2 entries, the time zone of v3's
// time_stamp, severities and CRS tags, what is skipped or rejected, and hostile input.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { modSecurityConverter } from "../../../src/converters/modsecurity/index.js";
import { CrsAttackTagTable, PriorityBySeverity } from "../../../src/converters/modsecurity/crs-tags.js";
import { detectModSecurity } from "../../../src/converters/modsecurity/detect.js";
import { bracketPairs } from "../../../src/converters/modsecurity/rule-hit.js";
import { detectEve } from "../../../src/converters/suricata/detect.js";
import { detectZeek } from "../../../src/converters/zeek/detect.js";
import { loadSchema } from "../../../src/core/schemas.js";
import { checkConverterOptions } from "../../../src/framework/check-options.js";
import { runConverter } from "../helpers/run-converter.js";

type Fields = Record<string, unknown>;

function run(lines: string[], options: Fields = {}) {
  return runConverter(modSecurityConverter, [{ name: "audit.log", text: `${lines.join("\n")}\n` }], options);
}

/** A v3 entry shaped as libmodsecurity writes it (field names and forms of the fixtures). */
function v3(transaction: Fields = {}, hits: Fields[] = [sqli()]): string {
  return JSON.stringify({
    transaction: {
      client_ip: "172.20.0.1",
      time_stamp: "Fri Jul 17 18:18:21 2026",
      server_id: "488eabffba1022f0d067be8e49e910dbda7cf1ed",
      client_port: 58650,
      host_ip: "172.20.0.4",
      host_port: 8443,
      unique_id: "178431230118.628678",
      request: {
        method: "GET",
        http_version: "2.0",
        hostname: "localhost",
        uri: "/rest/products/search?q=%27%20OR%201%3D1--",
        headers: { host: "localhost:9443" },
      },
      response: { http_code: 403, headers: {} },
      producer: {
        modsecurity: "ModSecurity v3.0.16 (Linux)",
        connector: "ModSecurity-nginx v1.0.4",
        secrules_engine: "Enabled",
        components: ['OWASP_CRS/4.25.1"'],
      },
      messages: hits,
      ...transaction,
    },
  });
}

function sqli(details: Fields = {}): Fields {
  return {
    message: "SQL Injection Attack Detected via libinjection",
    details: {
      match: "detected SQLi using libinjection.",
      ruleId: "942100",
      file: "/etc/modsecurity.d/owasp-crs/rules/REQUEST-942-APPLICATION-ATTACK-SQLI.conf",
      lineNumber: "46",
      data: "Matched Data: s&1c found within ARGS:q: ' OR 1=1--",
      severity: "2",
      ver: "OWASP_CRS/4.25.1",
      tags: ["application-multi", "attack-sqli", "paranoia-level/1", "OWASP_CRS", "capec/1000/152/248/66"],
      ...details,
    },
  };
}

const evaluation: Fields = {
  message: "Inbound Anomaly Score Exceeded (Total Score: 5)",
  details: { ruleId: "949110", severity: "0", tags: ["modsecurity", "anomaly-evaluation", "OWASP_CRS"] },
};

test("v3: client and server, rule ids and names, severity to Priority, CRS tags to Category", async () => {
  const { messages } = await run([v3({}, [sqli(), evaluation])]);
  const m = messages[0]!;
  assert.equal(m["CreateTime"], "2026-07-17T18:18:21+00:00");
  assert.deepEqual(m["Category"], ["Access.Other"]);
  assert.equal(m["Priority"], "High");
  assert.equal(m["Description"], "SQL Injection Attack Detected via libinjection");
  assert.deepEqual(m["AltNames"], ["rule:942100", "rule:949110", "unique_id:178431230118.628678"]);
  const source = (m["Source"] as Fields[])[0]!;
  const target = (m["Target"] as Fields[])[0]!;
  assert.deepEqual([source["IP"], source["Port"]], ["172.20.0.1", [58650]]);
  assert.deepEqual([target["IP"], target["Port"], target["Hostname"]], ["172.20.0.4", [8443], "localhost"]);
  assert.match(
    m["Note"] as string,
    /^rule 942100 \[CRITICAL\]: SQL Injection Attack Detected via libinjection \(Matched Data: s&1c found within ARGS:q: ' OR 1=1--\)$/m,
  );
  assert.match(m["Note"] as string, /^request: GET \/rest\/products\/search\?q=%27%20OR%201%3D1-- HTTP\/2.0$/m);
  assert.equal((m["Analyzer"] as Fields)["Model"], "ModSecurity v3.0.16 (Linux)");
});

test("v3 time_stamp has no zone: unique_id's epoch seconds give the offset; else the timezone option; else rejected", async () => {
  // 18:18:21 local is 16:18:21Z per unique_id: the server ran at +02:00.
  const shifted = await run([v3({ time_stamp: "Fri Jul 17 18:18:21 2026", unique_id: "178430510118.628678" })]);
  assert.equal(shifted.messages[0]!["CreateTime"], "2026-07-17T18:18:21+02:00");
  const opaque = v3({ unique_id: "x" });
  const rejected = await run([opaque]);
  assert.match(rejected.rejects[0]!.reason, /has no time zone and unique_id does not give the instant: set the "timezone" option/);
  const given = await run([opaque], { timezone: "Europe/Paris" });
  assert.equal(given.messages[0]!["CreateTime"], "2026-07-17T18:18:21+02:00");
  const bad = await run([v3({ time_stamp: "yesterday" })]);
  assert.match(bad.rejects[0]!.reason, /is not ModSecurity's "Www Mmm dd hh:mm:ss yyyy" form/);
});

test("v2: bracketed pairs with escaped quotes, named severities, intercepted", async () => {
  const { head, pairs } = bracketPairs(
    'Warning. Matched "a [b]" at ARGS:x. [file "/r.conf"] [id "941100"] [msg "XSS \\"quoted\\" [x]"] [tag "attack-xss"]',
  );
  assert.equal(head, 'Warning. Matched "a [b]" at ARGS:x.');
  assert.deepEqual(pairs, [
    ["file", "/r.conf"],
    ["id", "941100"],
    ["msg", 'XSS "quoted" [x]'],
    ["tag", "attack-xss"],
  ]);
  const entry = JSON.parse(readFileSync("fixtures/modsecurity/civiparoisse-apache-v2.ndjson", "utf8")) as Fields;
  const { messages } = await run([JSON.stringify(entry)]);
  assert.equal(messages[0]!["Priority"], "High");
  assert.match(messages[0]!["Note"] as string, /^intercepted: yes$/m);
});

test("severity: 0 in v3 is no severity (libmodsecurity's default); the most severe hit decides", async () => {
  const none = await run([v3({}, [sqli({ severity: "0" })])]);
  assert.equal(none.messages[0]!["Priority"], "Unknown");
  const mixed = await run([v3({}, [sqli({ severity: "5" }), sqli({ severity: "4", ruleId: "942200" })])]);
  assert.equal(mixed.messages[0]!["Priority"], "Medium");
  const notice = await run([v3({}, [sqli({ severity: "5" })])]);
  assert.equal(notice.messages[0]!["Priority"], "Low");
});

test("a transaction that matched no rule is skipped; a line that is no entry is rejected with its line", async () => {
  const { stats, rejects, messages } = await run([v3({}, []), '{"transaction":[]}', "[1,2]", v3()]);
  assert.deepEqual({ ...stats.skipped }, { "no rule matched": 1 });
  assert.deepEqual(
    rejects.map((r) => r.line),
    [2, 3],
  );
  assert.equal(messages.length, 1);
});

test("hostile input: prototype keys, a huge value, a message string of brackets, a newline in the URI", async () => {
  const polluting = v3({ __proto__: { polluted: 1 }, request: { method: "GET", uri: "/a\nrule 1 [CRITICAL]: forged" } }).replace(
    '"transaction":{',
    '"transaction":{"__proto__":{"polluted":1},',
  );
  const huge = v3({}, [sqli({ data: "A".repeat(500_000) })]);
  const brackets = JSON.stringify({
    transaction: { time: "02/Mar/2023:22:37:43 +0000", remote_address: "192.0.2.1" },
    audit_data: { messages: [`${' [a "'.repeat(20_000)}`, "[id", '[id "1"'] },
  });
  const started = Date.now();
  const { messages, warnings } = await run([polluting, huge, brackets]);
  assert.ok(Date.now() - started < 5000, "linear on hostile brackets");
  assert.equal(({} as Fields)["polluted"], undefined);
  assert.equal(messages.length, 3);
  assert.ok(warnings.some((w) => /__proto__/.test(w.message)));
  assert.doesNotMatch(messages[0]!["Note"] as string, /^rule 1 \[CRITICAL\]: forged$/m);
});

test("options are checked before reading: a zone that does not exist is a configuration error", () => {
  assert.throws(
    () => checkConverterOptions(modSecurityConverter, { timezone: "Mars/Olympus" }),
    (e: unknown) => (e as { code?: string }).code === "CONFIG_ERROR",
  );
});

test("detection: sure of v3 and v2 entries; Zeek and EVE do not take them, nor they EVE", () => {
  const v2 = readFileSync("fixtures/modsecurity/civiparoisse-apache-v2.ndjson", "utf8");
  assert.equal(detectModSecurity(`${v3()}\n`), 0.95);
  assert.equal(detectModSecurity(v2), 0.95);
  assert.equal(detectZeek(`${v3()}\n`), 0);
  assert.equal(detectEve(`${v3()}\n`), 0);
  assert.equal(detectModSecurity('{"timestamp":"2017-04-07T22:24:37.251547+0100","event_type":"alert","alert":{}}\n'), 0);
});

test("the tag and severity tables: categories in the 2.D.V08 enum, and docs/mapping-modsecurity.md shows them", () => {
  const definitions = loadSchema("2.D.V08")["definitions"] as Record<string, { enum: string[] }>;
  const doc = readFileSync("docs/mapping-modsecurity.md", "utf8");
  for (const row of CrsAttackTagTable) {
    assert.ok(definitions["categoryEnum"]!.enum.includes(row.category), row.tag);
    assert.ok(doc.includes(`| \`${row.tag}\` | ${row.category} | ${row.why} |`), `doc row for ${row.tag}`);
  }
  for (const [level, priority] of Object.entries(PriorityBySeverity))
    assert.ok(doc.includes(`| ${level} | ${priority} |`), `severity ${level}`);
});

test("a repeated header (v3 writes each header line as a key) is read, the last value kept; any other repeated key is malformed", async () => {
  const entry = (headers: string, extra = "") =>
    `{"transaction":{"client_ip":"192.0.2.7","time_stamp":"Sat Oct  3 08:22:58 2026","client_port":43928,"host_ip":"192.0.2.2","host_port":8080,"unique_id":"179101577880.976896",${extra}"request":{"method":"GET","http_version":"1.1","uri":"/x","headers":{"Host":"a.example"}},"response":{"http_code":403,"headers":{${headers}}},"producer":{"modsecurity":"ModSecurity v3.0.16 (Linux)"},"messages":[{"message":"SQL Injection Attack Detected via libinjection","details":{"ruleId":"942100","severity":"2","tags":["attack-sqli"]}}]}}`;
  const { messages, rejects } = await runConverter(modSecurityConverter, [
    {
      name: "audit.json",
      text: `${entry('"Content-Type":"application/octet-stream","Content-Type":"text/plain"')}
${entry('"Server":"nginx"', '"http_code":1,"http_code":2,')}
`,
    },
  ]);
  assert.equal(messages.length, 1);
  assert.equal((messages[0] as Fields)["Description"], "SQL Injection Attack Detected via libinjection");
  assert.equal(rejects.length, 1);
  assert.equal(rejects[0]!.line, 2);
  assert.match(rejects[0]!.reason, /duplicate key "http_code" at \/transaction\/http_code/);
});

test("wrong types: messages that are no list, or whose hits cannot be read, are rejected with their line, not skipped as quiet", async () => {
  const { messages, rejects, stats } = await run(
    [
      '{"transaction":{"client_ip":5,"time_stamp":["x"],"messages":"nope","request":"GET /","response":{"http_code":"403"}}}',
      v3(),
      '{"transaction":{"remote_address":"192.0.2.4","time":"bad"},"audit_data":{"messages":[1,{"x":2}]}}',
      '{"transaction":{"client_ip":"192.0.2.5","time_stamp":"Fri Jul 17 18:18:21 2026","messages":[]}}',
    ],
    { timezone: "Z" },
  );
  assert.equal(messages.length, 1);
  assert.deepEqual(
    rejects.map((r) => [r.line, r.reason]),
    [
      [1, "transaction.messages is not a list of rule hits"],
      [3, "none of the 2 rule hits in audit_data.messages could be read (no message, no rule id)"],
    ],
  );
  assert.deepEqual({ ...stats.skipped }, { "no rule matched": 1 });
});
