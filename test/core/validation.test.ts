import { test } from "node:test";
import assert from "node:assert/strict";
import {
  Message,
  UnknownVersionError,
  ValidationError,
  compareTimestamps,
  messageProblems,
  schemaProblems,
  KNOWN_VERSIONS,
} from "../../src/index.js";
import { didYouMean } from "../../src/core/suggest.js";

const base = {
  Version: "2.D.V08",
  ID: "2f1d5c3e-7a4b-4c8d-9e0f-a1b2c3d4e5f6",
  CreateTime: "2026-04-01T12:00:00Z",
  Analyzer: { Name: "ids-1" },
};

test("every shipped version has a working precompiled validator", () => {
  for (const version of KNOWN_VERSIONS) {
    // An empty object misses the four required fields in every draft.
    const problems = schemaProblems({}, { version });
    assert.deepEqual(problems.map((p) => p.pointer).sort(), ["/Analyzer", "/CreateTime", "/ID", "/Version"], version);
  }
});

test("enum problems carry the allowed values and a did-you-mean for case and small typos", () => {
  const problems = messageProblems({ ...base, Priority: "medium", Cause: "Malicous", Type: ["cyber"] });
  const byPointer = Object.fromEntries(problems.map((p) => [p.pointer, p]));
  assert.equal(byPointer["/Priority"]?.suggestion, "Medium");
  assert.deepEqual(byPointer["/Priority"]?.allowed, ["Unknown", "Info", "Low", "Medium", "High"]);
  assert.match(byPointer["/Priority"]?.message ?? "", /did you mean "Medium"/);
  assert.equal(byPointer["/Cause"]?.suggestion, "Malicious");
  assert.equal(byPointer["/Type/0"]?.suggestion, "Cyber");
});

test("no suggestion when nothing is close, and none for a wrong Version", () => {
  const problems = messageProblems({ ...base, Priority: "urgent" }, { version: "2.D.V08" });
  assert.equal(problems[0]?.suggestion, undefined);
  assert.match(problems[0]?.message ?? "", /one of "Unknown", "Info", "Low", "Medium", "High"/);
  const wrongVersion = messageProblems({ ...base, Version: "2.D.V07" }, { version: "2.D.V08" });
  assert.equal(wrongVersion.find((p) => p.pointer === "/Version")?.suggestion, undefined);
});

test("didYouMean: case, swaps, edits, and nothing for far words", () => {
  assert.equal(didYouMean("high", ["Low", "High"]), "High");
  assert.equal(didYouMean("Hihg", ["Low", "High"]), "High");
  assert.equal(didYouMean("Analyser", ["Analyzer", "Sensor"]), "Analyzer");
  assert.equal(didYouMean("zzz", ["Low", "High"]), undefined);
  assert.equal(didYouMean(42, ["42"]), undefined);
});

test("unknown properties get the allowed names and a suggestion", () => {
  const [problem] = messageProblems({ ...base, Analyzer: { Name: "x", Hostnme: "h" } });
  assert.equal(problem?.pointer, "/Analyzer/Hostnme");
  assert.equal(problem?.keyword, "additionalProperties");
  assert.equal(problem?.suggestion, "Hostname");
  assert.ok(problem?.allowed?.includes("Hostname"));
});

test("validate() throws ValidationError with ALL problems, each with pointer and keyword", () => {
  const msg = Message.from({ ...base, Priority: "medium", Status: "Open", Analyzer: { IP: "999.1.1.1" } });
  assert.throws(
    () => msg.validate(),
    (error: unknown) => {
      assert.ok(error instanceof ValidationError);
      assert.equal(error.code, "INVALID_MESSAGE");
      assert.deepEqual(error.problems.map((p) => `${p.pointer} ${p.keyword}`).sort(), [
        "/Analyzer/IP pattern",
        "/Analyzer/Name required",
        "/Priority enum",
        "/Status type",
      ]);
      return true;
    },
  );
  assert.equal(msg.isValid(), false);
  assert.equal(msg.problems().length, 4);
});

for (const version of ["2.0.3", "2.D.V08-Dev", "2.D.V0X", 3]) {
  test(`Version ${JSON.stringify(version)} raises UnknownVersionError listing the known versions`, () => {
    const msg = Message.from({ ...base, Version: version });
    assert.throws(
      () => msg.validate(),
      (error: unknown) => {
        assert.ok(error instanceof UnknownVersionError);
        assert.deepEqual(error.knownVersions, KNOWN_VERSIONS);
        assert.match(error.message, /2\.D\.V02, .*2\.D\.V08, 2\.D\.V09-Dev/);
        return true;
      },
    );
    // The non-throwing form reports it as a problem instead.
    const [problem] = msg.problems();
    assert.equal(problem?.keyword, "version");
    assert.equal(problem?.pointer, "/Version");
  });
}

test('the "latest" policy validates an unknown version against 2.D.V08 and says so', () => {
  const msg = Message.from({ ...base, Version: "2.D.V08-Dev" });
  const problems = msg.problems({ versionPolicy: "latest" });
  assert.deepEqual(
    problems.map((p) => [p.keyword, p.severity]),
    [["version-fallback", "warning"]],
  );
  assert.match(problems[0]!.message, /validated against 2\.D\.V08/);
  assert.deepEqual(msg.validate({ versionPolicy: "latest" }).length, 1);
});

test("an older draft validates against its own schema (Vector exists up to 2.D.V06)", () => {
  const v06 = { ...base, Version: "2.D.V06", Vector: [{ Category: ["Man"], Name: "John" }] };
  assert.deepEqual(schemaProblems(v06), []);
  const v07 = { ...base, Version: "2.D.V07", Analyzer: { ID: base.ID, Name: "x" }, Vector: [] };
  assert.deepEqual(
    schemaProblems(v07).map((p) => p.pointer),
    ["/Vector"],
  );
});

test("semantic checks: attachment names, StartTime <= EndTime, unique IDs; warnings unless asked", () => {
  const fields = {
    ...base,
    StartTime: "2026-04-01T12:00:00+02:00",
    EndTime: "2026-04-01T09:59:59.999999999Z",
    Source: [{ ID: "3a1d5c3e-7a4b-4c8d-9e0f-a1b2c3d4e5f6", Attachment: ["pcap", "log"] }],
    Target: [{ ID: "3A1D5C3E-7A4B-4C8D-9E0F-A1B2C3D4E5F6" }],
    Attachment: [{ Name: "log" }],
  };
  const warnings = messageProblems(fields);
  assert.deepEqual(
    warnings.map((p) => `${p.severity} ${p.pointer} ${p.keyword}`),
    ["warning /Source/0/Attachment/0 attachment-reference", "warning /EndTime time-order", "warning /Target/0/ID unique-id"],
  );
  assert.equal(Message.from(fields).isValid(), true);
  assert.throws(() => Message.from(fields).validate({ semantic: "error" }), ValidationError);
  assert.deepEqual(messageProblems(fields, { semantic: "off" }), []);
});

test("semantic checks in 2.D.V06: Vector attachment references are checked too", () => {
  const problems = messageProblems({ ...base, Version: "2.D.V06", Vector: [{ Category: ["Man"], Attachment: ["photo"] }] });
  assert.deepEqual(
    problems.map((p) => p.pointer),
    ["/Vector/0/Attachment/0"],
  );
});

test("compareTimestamps compares instants across offsets, with every fraction digit", () => {
  assert.equal(compareTimestamps("2026-04-01T12:00:00+02:00", "2026-04-01T10:00:00Z"), 0);
  assert.ok(compareTimestamps("2026-04-01T10:00:00.000000001Z", "2026-04-01T10:00:00Z")! > 0);
  assert.ok(compareTimestamps("2026-04-01T10:00:00.1Z", "2026-04-01T10:00:00.10000Z") === 0);
  assert.ok(compareTimestamps("2026-04-01T23:30:00-01:00", "2026-04-02T00:15:00Z")! > 0);
  assert.ok(compareTimestamps("2016-12-31T23:59:60Z", "2017-01-01T00:00:00.5Z")! < 0);
  assert.equal(compareTimestamps("2026-04-01T10:00:00", "2026-04-01T11:00:00Z"), undefined);
});
