// The classtype table against Suricata's classification.config and the 2.D.V08 category enum.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { SuricataClasstypeTable, classtypeForCategoryText } from "../../../src/converters/suricata/classtypes.js";

const CONFIG = "fixtures/suricata/reference/classification.config";
const SCHEMA = "schema/2.D.V08/IDMEFv2.schema";

function configRows(): { classtype: string; text: string; priority: number }[] {
  return readFileSync(CONFIG, "utf8")
    .split("\n")
    .map((line) => /^config classification:\s*([^,]+),([^,]+),\s*(\d+)\s*$/.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ classtype: m[1]!.trim(), text: m[2]!.trim(), priority: Number(m[3]) }));
}

test("the table has exactly the classtypes of classification.config, with their text and priority", () => {
  const rows = configRows();
  assert.ok(rows.length >= 40, `parsed only ${rows.length} classtypes from ${CONFIG}`);
  const table = SuricataClasstypeTable.map((r) => ({ classtype: r.classtype, text: r.text, priority: r.priority }));
  assert.deepEqual(table, rows);
});

test("every category of the table is in the 2.D.V08 category enum", () => {
  const schema = JSON.parse(readFileSync(SCHEMA, "utf8")) as { definitions: { categoryEnum: { enum: string[] } } };
  const allowed = new Set(schema.definitions.categoryEnum.enum);
  for (const row of SuricataClasstypeTable) {
    assert.ok(allowed.has(row.category), `${row.classtype} -> ${row.category} is not in the enum`);
  }
  assert.ok(allowed.has("Other.Undetermined"));
});

test("EVE category text finds its classtype, whatever the case and surrounding spaces", () => {
  assert.equal(classtypeForCategoryText("A Network Trojan was detected")?.classtype, "trojan-activity");
  assert.equal(classtypeForCategoryText(" access to a potentially vulnerable web application ")?.classtype, "web-application-activity");
  assert.equal(classtypeForCategoryText("MISC ATTACK")?.category, "Other.Uncategorised");
  assert.equal(classtypeForCategoryText("Custom local category"), undefined);
});

test("docs/mapping-suricata.md shows the same classtype -> category table", () => {
  const doc = readFileSync("docs/mapping-suricata.md", "utf8");
  for (const row of SuricataClasstypeTable) {
    assert.ok(
      doc.includes(`| ${row.classtype} | ${row.text} | ${row.priority} | ${row.category} |`),
      `${row.classtype} row missing or different in the doc`,
    );
  }
});
