import { test } from "node:test";
import assert from "node:assert/strict";
import { Message, ValidationError } from "../../src/index.js";

const valid = {
  Version: "2.D.V08",
  ID: "09db946e-673e-49af-b4b2-a8cd9da58de6",
  CreateTime: "2021-11-22T14:42:51.881033Z",
  Analyzer: { IP: "127.0.0.1", Name: "foo", Model: "bar", Category: ["SIEM.LOG"], Data: ["Log"], Method: ["Monitor"] },
};

test("JSON.stringify of a Message is exactly its fields", () => {
  const msg = Message.from(valid);
  assert.deepEqual(JSON.parse(JSON.stringify(msg)), valid);
  assert.deepEqual(Object.keys(msg), Object.keys(valid));
});

test("validate() throws ValidationError holding every problem", () => {
  const msg = Message.from({ ...valid, Priority: "medium", Analyzer: { ...valid.Analyzer, IP: "not-an-ip" } });
  assert.throws(
    () => msg.validate(),
    (error: unknown) => {
      assert.ok(error instanceof ValidationError);
      const pointers = error.problems.map((p) => p.pointer).sort();
      assert.deepEqual(pointers, ["/Analyzer/IP", "/Priority"]);
      return true;
    },
  );
});
