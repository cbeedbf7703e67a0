// The request URL's fast path (a URL already in the WHATWG parser's form is returned as written)
// against the parser itself, on real senders' URLs and on generated ones near the path's limits.
import { test } from "node:test";
import assert from "node:assert/strict";
import { absoluteUrl, parsedUrl, plainUrl } from "../../../src/converters/cef/request-url.js";
import { seededRandom } from "../../helpers/seeded-random.js";

test("a URL already in the parser's form is returned as written, '[' and ']' encoded; others go through the parser", () => {
  const carbonBlack = "https://defense-eap01.conferdeploy.net/investigate?s[searchWindow]=ALL&s[c][DEVICE_ID][0]=18900";
  assert.equal(
    plainUrl(carbonBlack),
    "https://defense-eap01.conferdeploy.net/investigate?s%5BsearchWindow%5D=ALL&s%5Bc%5D%5BDEVICE_ID%5D%5B0%5D=18900",
  );
  assert.equal(absoluteUrl(carbonBlack), parsedUrl(carbonBlack));
  // Each of these the parser changes: the fast path must leave them to it.
  for (const url of [
    "HTTP://Example.com/a",
    "http://example.com",
    "http://example.com:80/a",
    "http://user:secret@example.com/a",
    "http://10.0.0.1/a",
    "http://0x7f.1/a",
    "http://xn--nxasmq6b.com/a",
    "http://example.com/a/../b",
    "http://example.com/a/%2e%2e/b",
    "http://example.com/a b",
    "http://example.com/a?",
    "http://example.com/a#",
    "http://example.com/a?'x'",
    "http://example.com/a\\b",
    "http://example.com/{a}",
  ]) {
    assert.equal(plainUrl(url), undefined, url);
    assert.equal(absoluteUrl(url), parsedUrl(url), url);
  }
  assert.equal(absoluteUrl("/pma/index.php"), undefined);
  assert.equal(absoluteUrl("http://exa mple.com/"), undefined);
});

test("on generated URLs, the fast path says what the WHATWG parser says whenever it answers", () => {
  const random = seededRandom(15);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const starts = [
    "http://a.com/",
    "https://ex-ample.org/",
    "https://a.b.c/x",
    "http://q/",
    "http://a.com/x?y",
    "http://a.com/#",
    "https://A.com/",
    "http://1.2.3.4/",
  ];
  const pieces = [
    "a",
    "Z",
    "0",
    ".",
    "..",
    "/",
    "//",
    "-",
    "_",
    "~",
    "%",
    "%2e",
    "%2E",
    "%41",
    "?",
    "#",
    "&",
    "=",
    "[",
    "]",
    "@",
    ":",
    "'",
    '"',
    "<",
    ">",
    "\\",
    "^",
    "`",
    "{",
    "}",
    "|",
    " ",
    "\t",
    "é",
    "xn--",
    "+",
    "!",
    "$",
    "(",
    ")",
    "*",
    ",",
    ";",
  ];
  let answered = 0;
  for (let i = 0; i < 50_000; i++) {
    let url = pick(starts);
    const n = Math.floor(random() * 10);
    for (let j = 0; j < n; j++) url += pick(pieces);
    const fast = plainUrl(url);
    if (fast === undefined) continue;
    answered++;
    assert.equal(fast, parsedUrl(url), url);
  }
  assert.ok(answered > 5_000, `the fast path answered ${answered} of 50,000`);
});
