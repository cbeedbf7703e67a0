// The JavaScript SHA-1 behind derived IDs (src/core/sha1.ts) against node:crypto: random inputs of
// every length around the block boundaries; its UTF-8 writer against Buffer's, lone surrogates included.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { sha1HexOf, writeUtf8 } from "../../src/core/sha1.js";
import { randomText, seededRandom } from "../helpers/seeded-random.js";

test("SHA-1 in JavaScript equals node:crypto for every length from 0 to 300 bytes and beyond", () => {
  const random = seededRandom(17);
  for (const length of [...Array.from({ length: 301 }, (_, i) => i), 1000, 4096, 70000]) {
    const bytes = new Uint8Array(length).map(() => Math.floor(random() * 256));
    assert.equal(sha1HexOf(bytes, length), createHash("sha1").update(bytes).digest("hex"), `length ${length}`);
  }
  assert.equal(sha1HexOf(new TextEncoder().encode("abc"), 3), "a9993e364706816aba3e25717850c26c9cd0d89d");
});

test("the UTF-8 written for hashing is Buffer's, lone surrogates included", () => {
  const random = seededRandom(4);
  for (let i = 0; i < 2000; i++) {
    const text = randomText(random, Math.floor(random() * 40));
    const out = new Uint8Array(text.length * 3);
    const end = writeUtf8(text, out, 0);
    assert.deepEqual(Buffer.from(out.subarray(0, end)), Buffer.from(text, "utf8"), JSON.stringify(text));
  }
});
