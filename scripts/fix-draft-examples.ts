// Writes fixtures/core/drafts-fixed/: the draft examples of fixtures/core/drafts/ with the fixes
// fixtures/core/README.md documents (each example fails its own draft's schema as printed), so
// that they are valid messages of their draft and `migrate` can be tested on them. Run by hand;
// the output is checked in. Every fix is listed in fixtures/core/SOURCES.md.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { uuidV5 } from "../src/core/ids.js";
import { schemaProblems } from "../src/core/validator.js";
import type { IdmefVersion } from "../src/core/versions.js";

const IN = new URL("../fixtures/core/drafts/", import.meta.url);
const OUT = new URL("../fixtures/core/drafts-fixed/", import.meta.url);

type Json = Record<string, unknown>;

/** A list field printed as a plain string. */
const listify = (object: Json | undefined, key: string): void => {
  if (object !== undefined && typeof object[key] === "string") object[key] = [object[key]];
};

function fix(name: string, text: string): { version: IdmefVersion; message: Json } {
  const version: IdmefVersion = name.startsWith("draft-06") ? "2.D.V06" : "2.D.V08";
  // B.4: the Category array is never closed (a lone "," on the next line).
  const repaired = text.replace(/"Sabotage\.Data",\n\s*,\n/, '"Sabotage.Data"\n  ],\n');
  const message = JSON.parse(repaired) as Json;
  message["Version"] = version;
  if (Object.hasOwn(message, "Prioriy")) {
    message["Priority"] = message["Prioriy"];
    delete message["Prioriy"];
  }
  const analyzer = message["Analyzer"] as Json | undefined;
  if (version === "2.D.V06") listify(analyzer, "Type");
  else {
    listify(message, "Type");
    listify(message, "Status");
    const categories = analyzer?.["Category"];
    if (Array.isArray(categories)) analyzer!["Category"] = categories.map((c) => (c === "FRC.FR-CAM" ? "PHY.FR-CAM" : c));
  }
  for (const list of ["Source", "Target", "Vector", "Sensor"]) {
    const items = message[list];
    if (!Array.isArray(items)) continue;
    items.forEach((item: Json, index) => {
      delete item["Size"];
      if (typeof item["IP"] === "string") item["IP"] = item["IP"].replace(/\/\d+$/, "");
      if (version === "2.D.V08" && (list === "Source" || list === "Target") && item["ID"] === undefined) {
        items[index] = { ID: uuidV5(`${String(message["ID"])}/${list}/${index}`), ...item };
      }
    });
  }
  return { version, message };
}

mkdirSync(OUT, { recursive: true });
for (const file of readdirSync(IN)
  .filter((f) => f.endsWith(".json") && !f.endsWith(".expected.json"))
  .sort()) {
  const { version, message } = fix(file, readFileSync(new URL(file, IN), "utf8"));
  const problems = schemaProblems(message, { version });
  if (problems.length > 0) throw new Error(`${file} still invalid against ${version}: ${JSON.stringify(problems)}`);
  writeFileSync(new URL(file, OUT), `${JSON.stringify(message, null, 2)}\n`);
  console.log(`${file}: valid ${version}`);
}
