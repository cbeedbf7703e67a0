// The ocsf converter through the real pipeline: Detection Finding (1.1+ finding_info) and Security
// Finding (1.0 finding), severity, endpoints and users, times, other classes skipped, hostile input.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { ocsfConverter } from "../../../src/converters/ocsf/index.js";
import { detectOcsf } from "../../../src/converters/ocsf/detect.js";
import { CategoryByTactic, PriorityBySeverityId } from "../../../src/converters/ocsf/tables.js";
import { detectEve } from "../../../src/converters/suricata/detect.js";
import { detectModSecurity } from "../../../src/converters/modsecurity/detect.js";
import { detectZeek } from "../../../src/converters/zeek/detect.js";
import { loadSchema } from "../../../src/core/schemas.js";
import { checkConverterOptions } from "../../../src/framework/check-options.js";
import { runConverter } from "../helpers/run-converter.js";

type Fields = Record<string, unknown>;

function run(lines: string[], options: Fields = {}) {
  return runConverter(ocsfConverter, [{ name: "findings.ndjson", text: `${lines.join("\n")}\n` }], options);
}

/** A Detection Finding with the attributes of the OCSF 1.1+ schema (class 2004). */
function detection(extra: Fields = {}): string {
  return JSON.stringify({
    class_uid: 2004,
    class_name: "Detection Finding",
    category_uid: 2,
    activity_id: 1,
    type_uid: 200401,
    severity_id: 4,
    severity: "High",
    time: 1740302735580,
    metadata: { version: "1.1.0", uid: "meta-1", product: { name: "Example EDR", vendor_name: "Example", version: "2.3" } },
    finding_info: {
      uid: "finding-42",
      title: "Brute force against SSH",
      types: ["Credential Access"],
      first_seen_time: 1740302640000,
      last_seen_time: 1740302700000,
      analytic: { name: "SSH failures", uid: "rule-7", type_id: 1, type: "Rule" },
      attacks: [{ tactic: { uid: "TA0006", name: "Credential Access" }, technique: { uid: "T1110.001", name: "Password Guessing" } }],
    },
    src_endpoint: { ip: "203.0.113.9", port: 51514 },
    dst_endpoint: { ip: "10.0.0.5", port: 22, hostname: "bastion.example.org" },
    actor: { user: { name: "root" } },
    evidences: [{ src_endpoint: { ip: "203.0.113.10" }, actor: { user: { name: "admin" } } }],
    ...extra,
  });
}

test("a Detection Finding: times, severity, tactic to Category, endpoints, users, ids and references", async () => {
  const { messages } = await run([detection()]);
  const m = messages[0]!;
  assert.equal(m["CreateTime"], "2025-02-23T09:25:35.580Z");
  assert.equal(m["StartTime"], "2025-02-23T09:24:00.000Z");
  assert.equal(m["EndTime"], "2025-02-23T09:25:00.000Z");
  assert.equal(m["Priority"], "High");
  assert.deepEqual(m["Category"], ["Access.Compromise"]);
  assert.equal(m["Description"], "Brute force against SSH");
  assert.deepEqual(m["AltNames"], ["finding-42", "metadata.uid:meta-1", "analytic:rule-7", "type_uid:200401"]);
  assert.deepEqual(m["Ref"], ["https://attack.mitre.org/techniques/T1110/001/"]);
  const strip = (items: Fields[]) => items.map(({ ID: _id, ...rest }) => rest);
  assert.deepEqual(strip(m["Source"] as Fields[]), [
    { IP: "203.0.113.9", Port: [51514], User: "root" },
    { IP: "203.0.113.10", User: "admin" },
  ]);
  assert.deepEqual(strip(m["Target"] as Fields[]), [{ IP: "10.0.0.5", Hostname: "bastion.example.org", Port: [22] }]);
  assert.deepEqual((m["Analyzer"] as Fields)["Method"], ["Rule-based"]);
  assert.equal((m["Analyzer"] as Fields)["Model"], "Example Example EDR 2.3");
});

test("severity: the id decides (Critical and Fatal are High); 99 Other goes by the caption; none is Unknown", async () => {
  const priorities = async (extra: Fields) => (await run([detection(extra)])).messages[0]!["Priority"];
  assert.equal(await priorities({ severity_id: 5 }), "High");
  assert.equal(await priorities({ severity_id: 1 }), "Info");
  assert.equal(await priorities({ severity_id: 99, severity: "Medium" }), "Medium");
  assert.equal(await priorities({ severity_id: undefined, severity: undefined }), "Unknown");
});

test("time: epoch milliseconds, digits text, ISO with zone; text without zone needs the timezone option", async () => {
  const at = async (time: unknown, options: Fields = {}) => await run([detection({ time })], options);
  assert.equal((await at("1740302735580")).messages[0]!["CreateTime"], "2025-02-23T09:25:35.580Z");
  assert.equal((await at("2025-02-23T09:25:35.58Z")).messages[0]!["CreateTime"], "2025-02-23T09:25:35.58Z");
  assert.match((await at("2025-02-23 09:25:35")).rejects[0]!.reason, /has no time zone: set the "timezone" option/);
  assert.equal((await at("2025-02-23 09:25:35", { timezone: "+01:00" })).messages[0]!["CreateTime"], "2025-02-23T09:25:35+01:00");
  assert.match((await run([detection({ time: undefined })])).rejects[0]!.reason, /no "time"/);
});

test("other classes are skipped by class; no class_uid and no object are rejected with the line; arrays give several", async () => {
  const auth = JSON.stringify({ class_uid: 3002, class_name: "Authentication", time: 1, severity_id: 1 });
  const { stats, rejects, messages, warnings } = await run([auth, '{"time":1}', "42", `[${detection()},${auth}]`]);
  assert.deepEqual({ ...stats.skipped }, { "class_uid 3002 (Authentication)": 1 });
  assert.deepEqual(
    rejects.map((r) => r.line),
    [2, 3],
  );
  assert.equal(messages.length, 1);
  assert.ok(warnings.some((w) => /1 event\(s\) of this line are no findings/.test(w.message)));
});

test("hostile input: prototype keys, huge titles, nested junk, class names that would mint reasons", async () => {
  const polluting = detection().replace('{"class_uid"', '{"__proto__":{"polluted":1},"class_uid"');
  const huge = detection({ finding_info: { title: "T".repeat(400_000), types: Array(5000).fill("x") } });
  const classes = Array.from({ length: 100 }, (_, i) =>
    JSON.stringify({ class_uid: 9000 + i, class_name: `Class ${i}`, time: 1, severity_id: 1 }),
  );
  const { messages, stats } = await run([polluting, huge, ...classes]);
  assert.equal(({} as Fields)["polluted"], undefined);
  assert.equal(messages.length, 2);
  assert.ok(Object.keys(stats.skipped).length <= 65, "skip reasons stay bounded");
  assert.equal(stats.skipped["class_uid (other)"], 36);
});

test("options are checked before reading", () => {
  assert.throws(
    () => checkConverterOptions(ocsfConverter, { timezone: "Nowhere/Land" }),
    (e: unknown) => (e as { code?: string }).code === "CONFIG_ERROR",
  );
  assert.throws(
    () => checkConverterOptions(ocsfConverter, { zone: "Z" }),
    (e: unknown) => (e as { code?: string }).code === "CONFIG_ERROR",
  );
});

test("detection: OCSF lines are sure; EVE, ModSecurity and Zeek do not take them, nor they those", () => {
  const prowler = readFileSync("fixtures/ocsf/prowler-security-finding.ndjson", "utf8");
  assert.equal(detectOcsf(prowler), 0.95);
  assert.equal(detectOcsf(`${detection()}\n`), 0.95);
  for (const other of [detectEve, detectModSecurity, detectZeek]) assert.equal(other(prowler), 0, other.name);
  assert.equal(detectOcsf(readFileSync("fixtures/modsecurity/gloo-envoy-v3.ndjson", "utf8")), 0);
  assert.equal(detectOcsf(readFileSync("fixtures/zeek/firewalla-bro-json.ndjson", "utf8")), 0);
});

test("tables: categories in the 2.D.V08 enum; docs/mapping-ocsf.md shows them", () => {
  const definitions = loadSchema("2.D.V08")["definitions"] as Record<string, { enum: string[] }>;
  const doc = readFileSync("docs/mapping-ocsf.md", "utf8");
  for (const [tactic, category] of Object.entries(CategoryByTactic)) {
    assert.ok(definitions["categoryEnum"]!.enum.includes(category), tactic);
    assert.ok(doc.includes(`| ${tactic} | ${category} |`), `doc row for ${tactic}`);
  }
  for (const [id, priority] of Object.entries(PriorityBySeverityId))
    assert.ok(doc.includes(`| ${id} | ${priority} |`), `severity_id ${id}`);
});

test("time in epoch seconds (Prowler 4 and 5 write it so) is read as seconds; milliseconds stay milliseconds", async () => {
  const { messages } = await run([detection({ time: 1737995806 }), detection({ time: 1737995806123 }), detection({ time: "1737995806" })]);
  assert.deepEqual(
    messages.map((m) => (m as Fields)["CreateTime"]),
    ["2025-01-27T16:36:46Z", "2025-01-27T16:36:46.123Z", "2025-01-27T16:36:46Z"],
  );
});

test("wrong types: a time that is an object, out of range or negative, and a line of scalars are rejected with their lines", async () => {
  const { messages, rejects } = await run([
    JSON.stringify({ class_uid: 2004, severity_id: 4, time: { x: 1 }, finding_info: { title: "t" } }),
    JSON.stringify({
      class_uid: 2004,
      severity_id: [4],
      time: 1700000000000,
      finding_info: { title: ["a"], types: "x", uid: 5 },
      src_endpoint: "192.0.2.1",
      dst_endpoint: { ip: 12, port: "80" },
    }),
    '{"class_uid":2004,"severity_id":4,"time":1e300,"finding_info":{"title":"t"}}',
    JSON.stringify({ class_uid: 2004, severity_id: 4, time: -5, finding_info: { title: "t" } }),
    '[1,2,"x",null]',
  ]);
  // The finding with wrong-typed members still has a time: converted, what cannot be read left out.
  assert.equal(messages.length, 1);
  assert.equal(messages[0]!["CreateTime"], "2023-11-14T22:13:20.000Z");
  assert.deepEqual(
    rejects.map((r) => r.line),
    [1, 3, 4, 5],
  );
  assert.match(rejects[0]!.reason, /^time is neither epoch milliseconds nor date-time text/);
});

test("an export that writes every number as text is detected and read like one with numbers", async () => {
  const asText = JSON.stringify({
    class_uid: "2004",
    activity_id: "1",
    severity_id: "4",
    time: "1740302735580",
    metadata: { version: "1.1.0", product: { name: "Defender", vendor_name: "Microsoft" } },
    finding_info: { title: "Email reported by user as malware or phish", uid: "fa690a56a5" },
    src_endpoint: { ip: "192.0.2.5", port: "443" },
  });
  assert.ok(detectOcsf(`${asText}\n`) >= 0.9);
  // Digits only: a class written "2004a" or as a word is no class_uid.
  assert.equal(detectOcsf(`${asText.replace('"2004"', '"2004a"')}\n`), 0);
  const { messages, rejects } = await run([asText]);
  assert.deepEqual(rejects, []);
  assert.equal(messages[0]!["Priority"], "High");
  assert.equal(messages[0]!["CreateTime"], "2025-02-23T09:25:35.580Z");
  assert.deepEqual((messages[0]!["Source"] as Fields[])[0]!["Port"], [443]);
});

test("a finding pretty-printed over lines (as documentation shows it) is detected and converted like its one-line form", async () => {
  const line = readFileSync("fixtures/ocsf/prowler5-detection-finding.ndjson", "utf8").split("\n")[0]!;
  const pretty = `${JSON.stringify(JSON.parse(line), null, 2)}\n`;
  assert.equal(detectOcsf(pretty), 0.95);
  assert.equal(detectEve(pretty), 0);
  assert.equal(detectModSecurity(pretty), 0);
  const one = await runConverter(ocsfConverter, [{ name: "one.ndjson", text: `${line}\n` }]);
  const spread = await runConverter(ocsfConverter, [{ name: "pretty.json", text: pretty }]);
  assert.deepEqual(spread.rejects, []);
  assert.equal(spread.messages.length, 1);
  assert.deepEqual(spread.messages, one.messages);
});
