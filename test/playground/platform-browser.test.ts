// The browser bundle's host functions (web/) agree with Node's, which the rest of the suite tests
// through the CLI and the golden files: same digests, same verdicts on IP syntax.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { isIP as nodeIsIP } from "node:net";
import { isIP } from "../../web/ip-syntax.js";
import { sha1, sha256 } from "../../web/sha.js";

test("SHA-1 and SHA-256 of the browser bundle equal node:crypto's for every length around the block edges", () => {
  for (let length = 0; length <= 200; length++) {
    const bytes = randomBytes(length);
    assert.equal(Buffer.from(sha1(bytes)).toString("hex"), createHash("sha1").update(bytes).digest("hex"), `sha1, ${length} bytes`);
    assert.equal(Buffer.from(sha256(bytes)).toString("hex"), createHash("sha256").update(bytes).digest("hex"), `sha256, ${length} bytes`);
  }
  const big = randomBytes(100_003);
  assert.equal(Buffer.from(sha256(big)).toString("hex"), createHash("sha256").update(big).digest("hex"));
});

test("IP syntax of the browser bundle takes exactly what node:net takes", () => {
  const cases = [
    "1.2.3.4",
    "0.0.0.0",
    "255.255.255.255",
    "256.1.1.1",
    "01.2.3.4",
    "1.2.3",
    "1.2.3.4.5",
    "1..2.3",
    " 1.2.3.4",
    "1.2.3.4 ",
    "::",
    "::1",
    "1::",
    "1:2:3:4:5:6:7:8",
    "1:2:3:4:5:6:7:8:9",
    "1:2:3:4:5:6:7::",
    "::2:3:4:5:6:7:8",
    "1::2::3",
    ":::",
    "1:2:3:4:5:6:1.2.3.4",
    "::ffff:1.2.3.4",
    "::ffff:01.2.3.4",
    "1:2:3:4:5:6:7:1.2.3.4",
    "fe80::1%eth0",
    "fe80::1%",
    "fe80::1%e/0",
    "FE80::ABCD",
    "12345::",
    "g::1",
    "1:2",
    ":1:2:3:4:5:6:7",
    "1:2:3:4:5:6:7:",
    "[::1]",
    "::1.2.3.4",
    "1.2.3.4::",
    "",
    "2001:db8::",
    "2001:0db8:0000:0000:0000:ff00:0042:8329",
    "::ffff:1.2.3.4%1",
  ];
  for (const text of cases) assert.equal(isIP(text), nodeIsIP(text), JSON.stringify(text));
});
