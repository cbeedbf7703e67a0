import { test } from "node:test";
import assert from "node:assert/strict";
import { Message, SerializationError, SerializedMessage, ValidationError, knownContentTypes, registerSerializer } from "../../src/index.js";
import { parseJsonSafely } from "../../src/core/safe-json.js";

const fields = {
  Version: "2.D.V08",
  ID: "2f1d5c3e-7a4b-4c8d-9e0f-a1b2c3d4e5f6",
  CreateTime: "2026-04-01T12:00:00Z",
  Analyzer: { Name: "ids-1" },
};

test("serialize then unserialize round-trips, for both built-in media types", () => {
  for (const type of ["application/json", "text/json", "Application/JSON; charset=utf-8"]) {
    const serialized = Message.from(fields).serialize(type);
    assert.equal(serialized.contentType, type);
    assert.deepEqual(JSON.parse(serialized.payload), fields);
    assert.deepEqual({ ...Message.unserialize(serialized) }, fields);
  }
});

test("serialize validates first", () => {
  assert.throws(() => Message.from({ ...fields, Priority: "medium" }).serialize(), ValidationError);
});

test("unserialize validates after parsing", () => {
  const payload = JSON.stringify({ ...fields, Analyzer: {} });
  assert.throws(
    () => Message.unserialize(new SerializedMessage("application/json", payload)),
    (error: unknown) => error instanceof ValidationError && error.problems[0]?.pointer === "/Analyzer/Name",
  );
});

test("unknown content type: SerializationError listing the known types", () => {
  assert.throws(
    () => Message.from(fields).serialize("application/xml"),
    (error: unknown) => {
      assert.ok(error instanceof SerializationError);
      assert.equal(error.code, "UNKNOWN_CONTENT_TYPE");
      assert.match(error.message, /known types are application\/json, text\/json/);
      return true;
    },
  );
  assert.throws(() => Message.unserialize(new SerializedMessage("text/yaml", "{}")), SerializationError);
});

test("malformed payload: SerializationError with line and column", () => {
  const payload = '{\n  "Version": "2.D.V08",\n  "ID": 12,,\n}';
  assert.throws(
    () => Message.unserialize(new SerializedMessage("application/json", payload)),
    (error: unknown) => {
      assert.ok(error instanceof SerializationError);
      assert.equal(error.code, "MALFORMED_PAYLOAD");
      assert.deepEqual([error.place?.line, error.place?.column], [3, 12]);
      assert.match(error.message, /line 3, column 12/);
      return true;
    },
  );
  assert.throws(() => Message.unserialize(new SerializedMessage("application/json", "[1]")), /JSON object, not an array/);
});

test("a plugin serializer is used by media type, and later registrations win", () => {
  registerSerializer({
    contentTypes: ["application/x-test-reversed"],
    serialize: (f) => JSON.stringify(f).split("").reverse().join(""),
    unserialize: (p) => JSON.parse(p.split("").reverse().join("")) as Record<string, unknown>,
  });
  assert.ok(knownContentTypes().includes("application/x-test-reversed"));
  const serialized = Message.from(fields).serialize("application/x-test-reversed");
  assert.equal(serialized.payload[0], "}");
  assert.deepEqual({ ...Message.unserialize(serialized) }, fields);
});

test('{"__proto__": ...} pollutes nothing and is reported as a forbidden key', () => {
  const payload = JSON.stringify(fields).replace(/^\{/, '{"__proto__":{"polluted":1},');
  assert.throws(
    () => Message.unserialize(new SerializedMessage("application/json", payload)),
    (error: unknown) => {
      assert.ok(error instanceof ValidationError);
      assert.deepEqual(
        error.problems.map((p) => `${p.pointer} ${p.keyword}`),
        ["/__proto__ forbidden-key"],
      );
      return true;
    },
  );
  assert.equal(({} as Record<string, unknown>)["polluted"], undefined);
  assert.equal(Object.getPrototypeOf(Message.from({})), Message.prototype);
});

test("nested constructor.prototype and escaped __proto__ keys are removed at any depth", () => {
  const text = '{"a":{"constructor":{"prototype":{"polluted":1}}},"b":[{"\\u005f_proto__":{"polluted":1}}]}';
  const { value, dropped } = parseJsonSafely(text);
  assert.deepEqual(dropped, ["/a/constructor", "/b/0/__proto__"]);
  assert.deepEqual(value, { a: {}, b: [{}] });
  const merged = Object.assign({}, ...(value as { b: object[] }).b);
  assert.equal(Object.getPrototypeOf(merged), Object.prototype);
  assert.equal(({} as Record<string, unknown>)["polluted"], undefined);
});

test("prototype keys are removed even under nesting deeper than the call stack", () => {
  const depth = 100_000;
  const text = '{"a":'.repeat(depth) + '{"constructor":{"prototype":1}}' + "}".repeat(depth);
  const { dropped } = parseJsonSafely(text);
  assert.equal(dropped.length, 1);
  assert.equal(dropped[0], `${"/a".repeat(depth)}/constructor`);
});
