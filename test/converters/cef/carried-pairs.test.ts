// CarriedPairs: which pair fills which slot, which goes to the Note and under what label (the
// lookup is by key length and first character, then compares: keys sharing those must not mix).
import { test } from "node:test";
import assert from "node:assert/strict";
import { CarriedPairs, isEmptyValue, slotIndex } from "../../../src/converters/cef/carried-pairs.js";
import { CefExtensionKeys, CefLabelledKeys } from "../../../src/converters/cef/extension-keys.js";

function gather(pairs: readonly (readonly [string, string])[]): CarriedPairs {
  const sink = new CarriedPairs(CefExtensionKeys, CefLabelledKeys);
  sink.reset();
  for (const [k, v] of pairs) sink.add(k, v);
  return sink;
}

test("keys sharing a length and first character reach their own slots; an unknown one goes to the Note", () => {
  // src, spt and "sxx" have 3 characters and start with 's'; dst and dpt share 'd'.
  const pairs = gather([
    ["spt", "4242"],
    ["sxx", "kept"],
    ["src", "10.0.0.1"],
    ["dpt", "22"],
    ["dst", "10.0.0.2"],
    ["sourceAddress", "10.9.9.9"],
  ]);
  assert.equal(pairs.values[slotIndex("Source.Port")], "4242");
  assert.equal(pairs.values[slotIndex("Source.IP")], "10.0.0.1");
  assert.equal(pairs.values[slotIndex("Target.Port")], "22");
  assert.equal(pairs.values[slotIndex("Target.IP")], "10.0.0.2");
  // A second key of a filled slot is kept in the Note, as written.
  assert.equal(pairs.noteText(), "sxx: kept\nsourceAddress: 10.9.9.9");
});

test("labels apply whether they come before or after their field; unlabelled custom fields keep their key", () => {
  const pairs = gather([
    ["cs1", "My App"],
    ["cs1Label", "appName"],
    ["cs2Label", "country"],
    ["cs2", "India"],
    ["cs3", "no label"],
  ]);
  assert.equal(pairs.noteText(), "appName: My App\ncountry: India\ncs3: no label");
});

test("values are trimmed for slots (any white space String.prototype.trim removes), kept as written in the Note", () => {
  const pairs = gather([
    ["src", "\u00a010.0.0.1 "],
    ["dhost", "\ufeffhost\u2028"],
    ["act", " blocked "],
  ]);
  assert.equal(pairs.values[slotIndex("Source.IP")], "10.0.0.1");
  assert.equal(pairs.rawValues[slotIndex("Source.IP")], "\u00a010.0.0.1 ");
  assert.equal(pairs.values[slotIndex("Target.Hostname")], "host");
  assert.equal(pairs.noteText(), "act:  blocked ");
});

test('"nothing here" values fill no slot and are left out; others of their length are kept', () => {
  for (const empty of ["", "-", '"-"', "N/A", "NULL", "null", "none", "None"]) assert.equal(isEmptyValue(empty), true, empty);
  for (const value of ["0", "--", "n/a", "NONE", "nul", "nulls", "a"]) assert.equal(isEmptyValue(value), false, value);
  const pairs = gather([
    ["src", "-"],
    ["src", "10.0.0.1"],
    ["act", "N/A"],
    ["msg", "none at all"],
  ]);
  assert.equal(pairs.values[slotIndex("Source.IP")], "10.0.0.1");
  assert.equal(pairs.noteText(), "msg: none at all");
});

test("reset forgets the last event's pairs", () => {
  const pairs = gather([
    ["src", "10.0.0.1"],
    ["cs1Label", "x"],
    ["cs1", "y"],
  ]);
  pairs.reset();
  pairs.add("cs1", "z");
  assert.equal(pairs.values[slotIndex("Source.IP")], undefined);
  assert.equal(pairs.noteText(), "cs1: z");
});
