// translateMessage: every draft example (with its documented fixes) and python-idmefv2's test
// messages reach every draft, valid by an independent validator; round trips keep what the lower
// draft holds; losses are warnings with pointers; missing required fields reject or take defaults.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { translateMessage, TranslationError } from "../../../src/core/translate/index.js";
import { KNOWN_VERSIONS, type IdmefVersion } from "../../../src/core/versions.js";
import { officialErrors } from "../../helpers/official-validator.js";

const FIXTURES = new URL("../../../fixtures/core/", import.meta.url);
const DEFAULTS = { Analyzer: { IP: "192.0.2.10" }, Sensor: { IP: "192.0.2.11" } };

function load(folder: string): { name: string; message: Record<string, unknown> }[] {
  const dir = new URL(`${folder}/`, FIXTURES);
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json") && !f.endsWith(".expected.json"))
    .sort()
    .map((name) => ({
      name: `${folder}/${name}`,
      message: JSON.parse(readFileSync(new URL(name, dir), "utf8")) as Record<string, unknown>,
    }));
}

const EXAMPLES = [...load("drafts-fixed"), ...load("python-idmefv2")];

test("the fixed draft examples and python-idmefv2's messages are valid in their own draft", () => {
  assert.equal(EXAMPLES.length, 12);
  for (const { name, message } of EXAMPLES) assert.deepEqual(officialErrors(message, message["Version"] as IdmefVersion), [], name);
});

for (const { name, message } of EXAMPLES) {
  test(`${name} (${String(message["Version"])}) translates to every draft, valid against its official schema`, () => {
    const before = JSON.stringify(message);
    for (const version of KNOWN_VERSIONS) {
      const { message: out, warnings } = translateMessage(message, version, { checkInput: true, defaults: DEFAULTS });
      assert.equal(out["Version"], version);
      assert.deepEqual(officialErrors(out, version), [], `${name} -> ${version}`);
      for (const w of warnings) assert.match(w.pointer, /^\/[A-Za-z]/, `${name} -> ${version}: a warning names its pointer`);
    }
    assert.equal(JSON.stringify(message), before, "the input is never edited");
  });

  test(`${name}: to 2.D.V08, down to 2.D.V04, and back to 2.D.V08, each step valid`, () => {
    let current: Record<string, unknown> = message;
    for (const version of ["2.D.V08", "2.D.V07", "2.D.V06", "2.D.V05", "2.D.V04", "2.D.V05", "2.D.V06", "2.D.V07", "2.D.V08"] as const) {
      current = translateMessage(current, version, { defaults: DEFAULTS }).message;
      assert.deepEqual(officialErrors(current, version), [], `${name} at ${version}`);
    }
  });
}

/** Every leaf of a message as "pointer=value". */
function leaves(value: unknown, pointer = ""): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, `${pointer}/${i}`));
  if (value !== null && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => leaves(v, `${pointer}/${k}`));
  return [`${pointer}=${JSON.stringify(value)}`];
}

test("V08 -> V04 -> V08 keeps every field V04 can hold (only the reported losses differ)", () => {
  const v08 = {
    Version: "2.D.V08",
    ID: "8c1c4b4e-3b0a-4e53-9b8e-6a4c0a1f1a01",
    CreateTime: "2026-04-01T12:00:00Z",
    StartTime: "2026-04-01T11:59:00Z",
    OrganisationName: "ACME",
    EntityName: "India",
    Priority: "High",
    Category: ["Access.Forced"],
    Description: "ssh brute force",
    Analyzer: { Name: "sshd-watch", Hostname: "gw.example", IP: "192.0.2.1", Category: ["SIEM.LOG"], Data: ["Log"], Method: ["Monitor"] },
    Source: [{ ID: "8c1c4b4e-3b0a-4e53-9b8e-6a4c0a1f1a02", IP: "198.51.100.7", Port: [4242] }],
    Target: [{ ID: "8c1c4b4e-3b0a-4e53-9b8e-6a4c0a1f1a03", IP: "192.0.2.2", User: "root" }],
  };
  const down = translateMessage(v08, "2.D.V04");
  assert.deepEqual(officialErrors(down.message, "2.D.V04"), []);
  assert.deepEqual(
    down.warnings.map((w) => w.pointer),
    ["/Category/0", "/Source/0/ID", "/Target/0/ID"],
  );
  const up = translateMessage(down.message, "2.D.V08");
  assert.deepEqual(officialErrors(up.message, "2.D.V08"), []);
  const kept = new Set(leaves(up.message));
  const lost = leaves(v08).filter((leaf) => !kept.has(leaf));
  // The item IDs are re-derived (V04 has none); everything else comes back as it was.
  assert.deepEqual(lost, ['/Source/0/ID="8c1c4b4e-3b0a-4e53-9b8e-6a4c0a1f1a02"', '/Target/0/ID="8c1c4b4e-3b0a-4e53-9b8e-6a4c0a1f1a03"']);
});

test("2.D.V04 requires Analyzer.IP: rejected with the field named, or taken from the defaults", () => {
  const v08 = {
    Version: "2.D.V08",
    ID: "8c1c4b4e-3b0a-4e53-9b8e-6a4c0a1f1a01",
    CreateTime: "2026-04-01T12:00:00Z",
    Analyzer: { Name: "a" },
  };
  assert.throws(
    () => translateMessage(v08, "2.D.V04"),
    (error: unknown) => {
      assert.ok(error instanceof TranslationError);
      assert.equal(error.code, "TRANSLATION_FAILED");
      assert.match(error.message, /2\.D\.V04 requires Analyzer\.IP/);
      assert.deepEqual(
        error.problems.map((p) => [p.pointer, p.keyword]),
        [["/Analyzer/IP", "required"]],
      );
      return true;
    },
  );
  const filled = translateMessage(v08, "2.D.V04", {
    defaults: { Analyzer: { IP: "192.0.2.10", Name: "ignored" }, OrganisationName: "ACME CERT" },
  });
  assert.deepEqual(filled.message["Analyzer"], { Name: "a", IP: "192.0.2.10" });
  assert.equal(filled.message["OrganisationName"], "ACME CERT");
  // 2.D.V03 has no OrganisationName: a default it cannot hold is left out, not an error.
  const v03 = translateMessage(v08, "2.D.V03", { defaults: { OrganisationName: "ACME CERT" } });
  assert.equal(Object.hasOwn(v03.message, "OrganisationName"), false);
});

test("2.D.V07 requires Analyzer.ID: the UUID v5 of name and host, the same in every message", () => {
  const v06 = {
    Version: "2.D.V06",
    ID: "8c1c4b4e-3b0a-4e53-9b8e-6a4c0a1f1a01",
    CreateTime: "2026-04-01T12:00:00Z",
    Analyzer: { Name: "a", Hostname: "h" },
  };
  const one = translateMessage(v06, "2.D.V07").message["Analyzer"] as Record<string, unknown>;
  const two = translateMessage({ ...v06, ID: "8c1c4b4e-3b0a-4e53-9b8e-6a4c0a1f1a09" }, "2.D.V07").message["Analyzer"] as Record<
    string,
    unknown
  >;
  assert.match(String(one["ID"]), /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(one["ID"], two["ID"]);
  const other = translateMessage({ ...v06, Analyzer: { Name: "b", Hostname: "h" } }, "2.D.V07").message["Analyzer"] as Record<
    string,
    unknown
  >;
  assert.notEqual(other["ID"], one["ID"]);
  // No host: nothing honest to derive from, so the message is refused.
  assert.throws(() => translateMessage({ ...v06, Analyzer: { Name: "a" } }, "2.D.V07"), /requires Analyzer\.ID/);
});

test("losses are warnings naming the pointer and what became of the value", () => {
  const v06 = {
    Version: "2.D.V06",
    ID: "8c1c4b4e-3b0a-4e53-9b8e-6a4c0a1f1a01",
    CreateTime: "2026-04-01T12:00:00Z",
    Category: ["Vulnerable.Crypto", "Test.Test"],
    "ext-Category": "site-specific",
    Analyzer: { Name: "a", IP: "192.0.2.1", Type: ["Cyber"], Category: ["VPN", "NIDS"] },
    Vector: [{ Category: ["Human"] }],
  };
  const { message, warnings } = translateMessage(v06, "2.D.V08");
  assert.deepEqual(message["Category"], ["Other.ext-value", "Other.Test"]);
  assert.deepEqual(message["ext-Category"], ["site-specific", "Vulnerable.Crypto"]);
  assert.deepEqual(message["Type"], ["Cyber"]);
  assert.deepEqual((message["Analyzer"] as Record<string, unknown>)["Category"], ["ext-value", "NET.NIDS"]);
  assert.equal(Object.hasOwn(message, "Vector"), false);
  assert.deepEqual(
    warnings.map((w) => w.pointer),
    ["/Category/0", "/Analyzer/Category/0", "/Vector"],
  );
  assert.match(
    warnings[0]!.message,
    /"Vulnerable\.Crypto" has no counterpart in 2\.D\.V07: written as "Other\.ext-value", with the value in \/ext-Category/,
  );
  assert.match(warnings[2]!.message, /dropped \(1 item\(s\)\): 2\.D\.V07 removed the Vector class/);
  // And back down: the extension values return as one ext-Category string, reported.
  const back = translateMessage(message, "2.D.V06");
  assert.deepEqual(back.message["Category"], ["ext-value", "Test.Test"]);
  assert.equal(back.message["ext-Category"], "site-specific, Vulnerable.Crypto");
  assert.deepEqual(
    back.warnings.map((w) => w.pointer),
    ["/ext-Category"],
  );
});

test("Status: a list in 2.D.V08, one value in 2.D.V07; values 2.D.V06 lacks are dropped, reported", () => {
  const v08 = {
    Version: "2.D.V08",
    ID: "8c1c4b4e-3b0a-4e53-9b8e-6a4c0a1f1a01",
    CreateTime: "2026-04-01T12:00:00Z",
    Status: ["Reported", "Open", "Incident"],
    Analyzer: { Name: "a", IP: "192.0.2.1" },
  };
  const v07 = translateMessage(v08, "2.D.V07");
  assert.equal(v07.message["Status"], "Open");
  assert.deepEqual(
    v07.warnings.map((w) => w.pointer),
    ["/Status/0", "/Status"],
  );
  const v06 = translateMessage(v08, "2.D.V06");
  assert.equal(Object.hasOwn(v06.message, "Status"), false);
  assert.equal(translateMessage({ ...v08, Version: "2.D.V06", Status: "Event" }, "2.D.V08").message["Status"]?.toString(), "Event");
});

test("an unknown Version or an invalid input (when checked) is refused with the reason", () => {
  assert.throws(() => translateMessage({ Version: "2.D.V01" }, "2.D.V08"), /known versions are 2\.D\.V02/);
  assert.throws(() => translateMessage([], "2.D.V08"), /not a JSON object/);
  assert.throws(
    () =>
      translateMessage({ Version: "2.D.V06", ID: "x", CreateTime: "2026-04-01T12:00:00Z", Analyzer: { Name: "a" } }, "2.D.V08", {
        checkInput: true,
      }),
    /invalid 2\.D\.V06 message \(before translation\): \/ID/,
  );
});
