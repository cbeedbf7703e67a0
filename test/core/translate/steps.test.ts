// The step tables against the schemas: every change scripts/diff-schemas.ts finds between two
// consecutive drafts is covered by steps.ts / enum-tables.ts, and every value a table maps to
// exists in the draft it maps into.
import { test } from "node:test";
import assert from "node:assert/strict";
import { flatten, readSchema } from "../../../scripts/diff-schemas.js";
import { DRAFT_STEPS } from "../../../src/core/translate/steps.js";
import { fieldAt } from "../../../src/core/translate/schema-shape.js";
import { KNOWN_VERSIONS } from "../../../src/core/versions.js";

const bare = (path: string): string => path.replaceAll("[]", "");

test("the steps chain every shipped draft, oldest first", () => {
  assert.deepEqual(
    DRAFT_STEPS.map((s) => s.older),
    KNOWN_VERSIONS.slice(0, -1),
  );
  assert.deepEqual(
    DRAFT_STEPS.map((s) => s.newer),
    KNOWN_VERSIONS.slice(1),
  );
});

for (const step of DRAFT_STEPS) {
  test(`${step.older} -> ${step.newer}: every added or removed field is moved, dropped or constrained`, () => {
    const older = flatten(readSchema(step.older));
    const newer = flatten(readSchema(step.newer));
    const olderPaths = new Set([...older.keys()].map(bare));
    const newerPaths = new Set([...newer.keys()].map(bare));
    const covered = (path: string, side: "older" | "newer"): boolean => {
      const inMoves = step.moves.some((m) => path === bare(m[side]) || path.startsWith(`${bare(m[side])}.`));
      const drops = side === "older" ? step.droppedUp : step.droppedDown;
      const inDrops = drops.some((d) => path === bare(d.path) || path.startsWith(`${bare(d.path)}.`));
      // Fields under an object the older draft leaves open appear "added" by the newer schema.
      const opened = side === "newer" && step.constrained.some((c) => path.startsWith(`${bare(c)}.`));
      return inMoves || inDrops || opened;
    };
    const missing: string[] = [];
    for (const path of olderPaths) if (!newerPaths.has(path) && !covered(path, "older")) missing.push(`removed ${path}`);
    for (const path of newerPaths) if (!olderPaths.has(path) && !covered(path, "newer")) missing.push(`added ${path}`);
    assert.deepEqual(missing, []);
  });

  test(`${step.older} -> ${step.newer}: every enum value that changed is mapped, to a value that exists`, () => {
    const problems: string[] = [];
    for (const change of step.enums) {
      const olderValues = fieldAt(step.older, change.path)?.enumValues;
      const newerValues = fieldAt(step.newer, change.path)?.enumValues;
      assert.ok(olderValues && newerValues, `${change.path} is an enum on both sides`);
      const { renamed, up, down } = change.mapping;
      const renamedTo = new Set(Object.values(renamed));
      for (const v of olderValues) {
        if (!newerValues.has(v) && !Object.hasOwn(renamed, v) && !Object.hasOwn(up, v))
          problems.push(`${change.path}: ${v} unmapped going up`);
      }
      for (const v of newerValues) {
        if (!olderValues.has(v) && !renamedTo.has(v) && !Object.hasOwn(down, v)) problems.push(`${change.path}: ${v} unmapped going down`);
      }
      for (const [from, to] of Object.entries(renamed)) {
        if (!olderValues.has(from)) problems.push(`${change.path}: renamed ${from} is no ${step.older} value`);
        if (!newerValues.has(to)) problems.push(`${change.path}: renamed to ${to}, no ${step.newer} value`);
      }
      for (const [from, to] of Object.entries(up)) {
        if (!olderValues.has(from) || newerValues.has(from)) problems.push(`${change.path}: up ${from} is not a ${step.older}-only value`);
        if (to !== null && !newerValues.has(to)) problems.push(`${change.path}: up ${from} -> ${to}, no ${step.newer} value`);
      }
      for (const [from, to] of Object.entries(down)) {
        if (!newerValues.has(from) || olderValues.has(from))
          problems.push(`${change.path}: down ${from} is not a ${step.newer}-only value`);
        if (to !== null && !olderValues.has(to)) problems.push(`${change.path}: down ${from} -> ${to}, no ${step.older} value`);
      }
      if (change.extension !== undefined) {
        if (!olderValues.has(change.extension.token.older))
          problems.push(`${change.path}: token ${change.extension.token.older} not in ${step.older}`);
        if (!newerValues.has(change.extension.token.newer))
          problems.push(`${change.path}: token ${change.extension.token.newer} not in ${step.newer}`);
      }
    }
    assert.deepEqual(problems, []);
  });
}

test("every enum whose values differ between consecutive drafts has a table", () => {
  const problems: string[] = [];
  for (const step of DRAFT_STEPS) {
    const older = flatten(readSchema(step.older));
    const newer = flatten(readSchema(step.newer));
    for (const [path, field] of newer) {
      if (path === "Version" || field.enumValues === undefined) continue;
      const before = [...older.values()].find((f) => bare(f.path) === bare(path))?.enumValues;
      if (before === undefined) continue;
      const same = before.length === field.enumValues.length && before.every((v) => field.enumValues!.includes(v));
      const tabled = step.enums.some((e) => bare(e.path) === bare(path));
      // Analyzer.Type moved to Type with the same values: the move covers it.
      if (!same && !tabled) problems.push(`${step.older} -> ${step.newer}: ${path}`);
    }
  }
  assert.deepEqual(problems, []);
});
