import { test } from "node:test";
import assert from "node:assert/strict";
import { TimestampError, newId, isUuid, nowTimestamp, normalizeTimestamp, uuidV5, schemaProblems } from "../../src/index.js";

test("normalizeTimestamp rewrites real-world forms without losing digits", () => {
  const cases: [string, string][] = [
    ["2017-04-07T22:24:37.251547+0100", "2017-04-07T22:24:37.251547+01:00"],
    ["2017-04-07T22:24:37,251547+01:00", "2017-04-07T22:24:37.251547+01:00"],
    ["2017-04-07 22:24:37.123456789Z", "2017-04-07T22:24:37.123456789Z"],
    ["  2017-04-07T22:24:37-0530 \n", "2017-04-07T22:24:37-05:30"],
    ["2017-04-07T22:24:37 UTC", "2017-04-07T22:24:37Z"],
    ["2017-04-07T22:24:37+02", "2017-04-07T22:24:37+02:00"],
    ["2016-12-31T23:59:60z", "2016-12-31T23:59:60Z"],
  ];
  for (const [input, expected] of cases) {
    const normalized = normalizeTimestamp(input);
    assert.equal(normalized, expected, input);
    // And the result is what the schema accepts.
    const problems = schemaProblems({ Version: "2.D.V08", ID: newId(), CreateTime: normalized, Analyzer: { Name: "x" } });
    assert.deepEqual(problems, [], input);
  }
});

test("a stamp without a zone needs one from the caller: MISSING_TIMEZONE otherwise", () => {
  assert.throws(
    () => normalizeTimestamp("2017-04-07T22:24:37.5"),
    (error: unknown) => error instanceof TimestampError && error.code === "MISSING_TIMEZONE",
  );
  assert.equal(normalizeTimestamp("2017-04-07T22:24:37.5", { timezone: "Z" }), "2017-04-07T22:24:37.5Z");
  assert.equal(normalizeTimestamp("2017-04-07T22:24:37", { timezone: "+0530" }), "2017-04-07T22:24:37+05:30");
});

test("IANA zone names give the offset in force at that date, across DST", () => {
  const paris = { timezone: "Europe/Paris" };
  assert.equal(normalizeTimestamp("2026-01-15T12:00:00", paris), "2026-01-15T12:00:00+01:00");
  assert.equal(normalizeTimestamp("2026-07-15T12:00:00", paris), "2026-07-15T12:00:00+02:00");
  // Last hour before and first hour after the spring change (29 March 2026, 02:00 -> 03:00).
  assert.equal(normalizeTimestamp("2026-03-29T01:59:59", paris), "2026-03-29T01:59:59+01:00");
  assert.equal(normalizeTimestamp("2026-03-29T03:00:00", paris), "2026-03-29T03:00:00+02:00");
  const ny = { timezone: "America/New_York" };
  assert.equal(normalizeTimestamp("2026-11-01T12:00:00.123", ny), "2026-11-01T12:00:00.123-05:00");
  assert.equal(normalizeTimestamp("2026-10-31T12:00:00", ny), "2026-10-31T12:00:00-04:00");
  assert.equal(normalizeTimestamp("2026-06-01T00:00:00", { timezone: "Asia/Kolkata" }), "2026-06-01T00:00:00+05:30");
});

test("invalid stamps and zones are TimestampError INVALID_TIMESTAMP", () => {
  for (const bad of ["yesterday", "2017-13-01T00:00:00Z", "2017-04-07T24:00:00Z", "2017-04-07T22:24:37+25:00", "1".repeat(100000)]) {
    assert.throws(
      () => normalizeTimestamp(bad),
      (error: unknown) => error instanceof TimestampError && error.code === "INVALID_TIMESTAMP",
      bad.slice(0, 30),
    );
  }
  assert.throws(() => normalizeTimestamp("2017-04-07T22:24:37", { timezone: "Mars/Olympus" }), /unknown time zone/);
});

test("nowTimestamp has an explicit offset and passes the schema", () => {
  const now = nowTimestamp();
  assert.match(now, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}(Z|[+-]\d{2}:\d{2})$/);
  assert.deepEqual(schemaProblems({ Version: "2.D.V08", ID: newId(), CreateTime: now, Analyzer: { Name: "x" } }), []);
});

test("newId is a v4 UUID; uuidV5 is stable and RFC 4122 shaped", () => {
  const id = newId();
  assert.ok(isUuid(id));
  assert.equal(id[14], "4");
  assert.notEqual(newId(), id);
  // RFC 4122 appendix B example value of the DNS namespace and "www.example.com" (v5 known answer).
  assert.equal(uuidV5("www.example.com", "6ba7b810-9dad-11d1-80b4-00c04fd430c8"), "2ed6657d-e927-568b-95e1-2665a8aea6a2");
  assert.equal(uuidV5("x"), uuidV5("x"));
});
