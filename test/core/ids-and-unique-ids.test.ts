// newId's batched UUIDs, and the unique-ID semantic check on each of its paths (few IDs compared in
// pairs with ASCII case folding, many IDs through a set, non-ASCII through toLowerCase).
import { test } from "node:test";
import assert from "node:assert/strict";
import { newId, semanticProblems } from "../../src/index.js";

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test("newId gives distinct lowercase v4 UUIDs, also across its internal batches", () => {
  const ids = Array.from({ length: 1000 }, () => newId());
  for (const id of ids) assert.match(id, V4);
  assert.equal(new Set(ids).size, ids.length);
});

function uniqueIdPointers(message: Record<string, unknown>): string[] {
  return semanticProblems(message)
    .filter((p) => p.keyword === "unique-id")
    .map((p) => p.pointer);
}

test("an ID repeated in another case is a duplicate; different IDs are not", () => {
  const id = "0f8b7c2e-1d3a-4b5c-8d9e-0a1b2c3d4e5f";
  assert.deepEqual(uniqueIdPointers({ ID: id, Source: [{ ID: id.toUpperCase() }], Target: [{ ID: newId() }] }), ["/Source/0/ID"]);
  assert.deepEqual(uniqueIdPointers({ ID: newId(), Analyzer: { ID: newId() }, Source: [{ ID: newId() }], Target: [{ ID: newId() }] }), []);
  // Same length, same letters but one: not a duplicate.
  assert.deepEqual(uniqueIdPointers({ ID: "abc-X", Target: [{ ID: "abc-y" }] }), []);
});

test("with many IDs, one duplicate among them is found and named", () => {
  const sources = Array.from({ length: 30 }, () => ({ ID: newId() }));
  const repeated = sources[3]!.ID.toUpperCase();
  assert.deepEqual(uniqueIdPointers({ ID: newId(), Source: sources, Target: [{ ID: repeated }] }), ["/Target/0/ID"]);
  assert.deepEqual(uniqueIdPointers({ ID: newId(), Source: sources }), []);
});

test("non-ASCII IDs compare as toLowerCase does", () => {
  assert.deepEqual(uniqueIdPointers({ ID: "ÉTÉ", Source: [{ ID: "été" }] }), ["/Source/0/ID"]);
  assert.deepEqual(uniqueIdPointers({ ID: "ÉTÉ", Source: [{ ID: "étè" }] }), []);
});
