// The file-name patterns of `convert --follow` ('/var/log/*.log').
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { filesMatching, matchesNamePattern } from "../../src/io/follow/file-pattern.js";

test("file pattern: * and ? match names as a shell does", () => {
  assert.equal(matchesNamePattern("*.log", "auth.log"), true);
  assert.equal(matchesNamePattern("*.log", "auth.log.1"), false);
  assert.equal(matchesNamePattern("auth.log*", "auth.log.2.gz"), true);
  assert.equal(matchesNamePattern("eve.?.json", "eve.1.json"), true);
  assert.equal(matchesNamePattern("eve.?.json", "eve.12.json"), false);
  assert.equal(matchesNamePattern("*a*b*c", "xaybzc"), true);
  assert.equal(matchesNamePattern("*a*b*c", "xaybz"), false);
});

test("file pattern: many stars against a long name that does not match end quickly", () => {
  const started = Date.now();
  assert.equal(matchesNamePattern("*a*a*a*a*a*a*a*a*a*a*b", "a".repeat(100_000)), false);
  assert.ok(Date.now() - started < 2000);
});

test("file pattern: regular files of the folder, sorted, dot files only for a dot pattern", () => {
  const dir = mkdtempSync(join(tmpdir(), "idmefv2-pattern-"));
  try {
    for (const name of ["b.log", "a.log", ".hidden.log", "c.txt"]) writeFileSync(join(dir, name), "");
    mkdirSync(join(dir, "d.log"));
    assert.deepEqual(filesMatching(join(dir, "*.log")), [join(dir, "a.log"), join(dir, "b.log")]);
    assert.deepEqual(filesMatching(join(dir, ".*.log")), [join(dir, ".hidden.log")]);
    assert.deepEqual(filesMatching(join(dir, "c.txt")), [join(dir, "c.txt")]);
    assert.deepEqual(filesMatching(join(dir, "none")), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
