// The shipped validators are ajv's standalone code with cheaper conditions (Set lookups for enums
// and property names, patterns without captures: scripts/specialise-validator.ts). They must answer
// exactly as ajv's own compilation of the same schema: same verdict, same errors, in the same
// order, for every fixture message and for variants of them made to break each kind of check.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { isKnownVersion, type IdmefVersion } from "../../src/index.js";
import { schemaValidator } from "../../src/core/validator.js";
import { compileValidator, readSchema } from "../../scripts/generate-validators.js";
import { withoutCaptures } from "../../scripts/specialise-validator.js";

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsonFiles(path);
    return name.endsWith(".json") && !name.endsWith(".expected.json") ? [path] : [];
  });
}

/** Every string of every enum of a schema. */
function enumStrings(schema: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) schema.forEach((s) => enumStrings(s, into));
  else if (schema !== null && typeof schema === "object") {
    for (const [key, value] of Object.entries(schema)) {
      if (key === "enum" && Array.isArray(value)) value.forEach((v) => typeof v === "string" && into.add(v));
      else enumStrings(value, into);
    }
  }
  return into;
}

/** Messages that break one check each: an unknown property, a wrong or non-string value, an extra array item. */
function variants(message: unknown, enumValues: ReadonlySet<string> = new Set()): unknown[] {
  const out: unknown[] = [];
  const walk = (node: unknown, replace: (value: unknown) => unknown): void => {
    if (Array.isArray(node)) {
      out.push(replace([...node, "Bogus.Value"]));
      node.forEach((item, i) => walk(item, (v) => replace(node.map((x, j) => (j === i ? v : x)))));
    } else if (node !== null && typeof node === "object") {
      out.push(replace({ ...node, BogusProperty: 1 }));
      for (const [key, value] of Object.entries(node)) walk(value, (v) => replace({ ...node, [key]: v }));
    } else {
      for (const bad of ["Bogus.Value", "", 42, "ext-value", "1.2.3.4.5", "0c1d2e3f-4a5b-4c6d-9e8f-7a6b5c4d3e2"]) out.push(replace(bad));
      // Where an enum value stands, every other enum value: each is then looked up where it belongs and where not.
      if (typeof node === "string" && enumValues.has(node)) for (const other of enumValues) out.push(replace(other));
    }
  };
  walk(message, (v) => v);
  return out;
}

const reference = new Map<IdmefVersion, ReturnType<typeof compileValidator>["validate"]>();
function referenceOf(version: IdmefVersion): ReturnType<typeof compileValidator>["validate"] {
  let validate = reference.get(version);
  if (validate === undefined) reference.set(version, (validate = compileValidator(version).validate));
  return validate;
}

test("the shipped validators answer exactly as ajv's own compilation, fixtures and broken variants alike", () => {
  let compared = 0;
  let invalid = 0;
  for (const file of jsonFiles("fixtures/core")) {
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    } catch {
      continue; // the fixtures of malformed JSON: nothing to validate
    }
    const declared = message["Version"];
    const version: IdmefVersion = isKnownVersion(declared) ? declared : "2.D.V08";
    const shipped = schemaValidator(version);
    const ajv = referenceOf(version);
    for (const candidate of [message, ...variants(message)]) {
      const verdict = shipped(candidate);
      assert.equal(verdict, ajv(candidate), `${file}: verdict differs for ${JSON.stringify(candidate).slice(0, 200)}`);
      assert.deepEqual(shipped.errors ?? null, ajv.errors ?? null, `${file}: errors differ`);
      compared++;
      if (!verdict) invalid++;
    }
  }
  // Enough cases, and most of the variants broke something: the comparison covers the error paths.
  assert.ok(compared > 2000, `${compared} messages compared`);
  assert.ok(invalid > compared / 2, `${invalid} of ${compared} invalid`);
});

test("every enum value of every version is accepted and refused where ajv's own compilation does", () => {
  // One message per version, every string in it replaced by every enum string of the schema: each
  // value of each Set is looked up both where it belongs and where it does not.
  const byVersion = new Map<IdmefVersion, Record<string, unknown>>();
  for (const file of jsonFiles("fixtures/core")) {
    try {
      const message = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
      const version = message["Version"];
      if (isKnownVersion(version) && JSON.stringify(message).length > JSON.stringify(byVersion.get(version) ?? {}).length) {
        byVersion.set(version, message);
      }
    } catch {
      // malformed JSON fixture
    }
  }
  assert.ok(byVersion.size >= 4 && byVersion.has("2.D.V08"), `messages of ${byVersion.size} versions`);
  for (const [version, message] of byVersion) {
    const shipped = schemaValidator(version);
    const ajv = referenceOf(version);
    const strings = enumStrings(readSchema(version));
    for (const candidate of variants(message, strings)) {
      // Compared as JSON (tens of thousands of cases: deepEqual would take most of the test's time).
      const verdict = shipped(candidate);
      if (verdict !== ajv(candidate) || JSON.stringify(shipped.errors ?? null) !== JSON.stringify(ajv.errors ?? null)) {
        assert.fail(`${version}: verdict or errors differ for ${JSON.stringify(candidate).slice(0, 300)}`);
      }
    }
  }
});

test("a pattern loses its captures but not its meaning: escapes, classes and lookaheads stay", () => {
  assert.equal(withoutCaptures("^(a|b)+(?:c)(?=d)$"), "^(?:a|b)+(?:c)(?=d)$");
  assert.equal(withoutCaptures(String.raw`\((x)[(]`), String.raw`\((?:x)[(]`);
  assert.equal(withoutCaptures(String.raw`[\](](y)`), String.raw`[\](](?:y)`);
  // A backreference needs its group: the pattern is left alone.
  assert.equal(withoutCaptures(String.raw`(a)\1`), String.raw`(a)\1`);
});
