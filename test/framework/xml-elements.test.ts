import { test } from "node:test";
import assert from "node:assert/strict";
import { createXmlElementsFramer } from "../../src/framework/framers/xml-elements.js";
import type { Framed } from "../../src/framework/framers/index.js";
import { readFileSync } from "node:fs";
import { idmefv1Converter } from "../../src/converters/idmefv1/index.js";
import { convertText, frameAll } from "./helpers.js";

const NAMES = ["IDMEF-Message"];

function records(framed: Framed[]): [number, string][] {
  return framed.filter((f) => f.kind === "record").map((f) => [f.line, f.text]);
}

function rejects(framed: Framed[]): [number, string, string][] {
  return framed.filter((f) => f.kind === "reject").map((f) => [f.line, f.code, f.reason]);
}

test("emits each top-level element with its start line, prefixed or not, at any chunk size", () => {
  const a =
    '<idmef:IDMEF-Message xmlns:idmef="http://iana.org/idmef" version="1.0">\n  <idmef:Alert messageid="1"/>\n</idmef:IDMEF-Message>';
  const b = "<IDMEF-Message><Alert><![CDATA[ </IDMEF-Message> <x> ]]></Alert><!-- </IDMEF-Message> --></IDMEF-Message>";
  const text = `<?xml version="1.0" encoding="UTF-8"?>\n<!-- a comment -->\n${a}\n<?pi here?>\n${b}\n<IDMEF-Message/>\n`;
  for (const size of [1, 3, 16, 4096]) {
    const framed = frameAll(createXmlElementsFramer(NAMES), text, size);
    assert.deepEqual(rejects(framed), []);
    assert.deepEqual(records(framed), [
      [3, a],
      [7, b],
      [8, "<IDMEF-Message/>"],
    ]);
  }
});

test("a DOCTYPE with an internal subset is skipped, entities left unexpanded", () => {
  const text = [
    "<?xml version='1.0'?>",
    '<!DOCTYPE IDMEF-Message PUBLIC "-//IETF//DTD RFC 4765 IDMEF v1.0//EN" "idmef-message.dtd" [',
    '  <!ENTITY lol "lol]>">',
    "  <!-- a ] comment with > and ' -->",
    "  <?pi ] > ?>",
    "  <!ENTITY lol2 '&lol;&lol;'>",
    "]>",
    '<IDMEF-Message version="1.0">&lol2;</IDMEF-Message>',
  ].join("\n");
  for (const size of [1, 5, 1000]) {
    const framed = frameAll(createXmlElementsFramer(NAMES), text, size);
    assert.deepEqual(rejects(framed), []);
    assert.deepEqual(records(framed), [[8, '<IDMEF-Message version="1.0">&lol2;</IDMEF-Message>']]);
  }
});

test("attribute values may hold > and / without ending the tag", () => {
  const element = "<IDMEF-Message a=\"x>y\" b='/>'><Alert c=\"/>&gt;\" d='>'/></IDMEF-Message>";
  assert.deepEqual(records(frameAll(createXmlElementsFramer(NAMES), element, 2)), [[1, element]]);
});

test("an unexpected root element is rejected with its line and the next one still read", () => {
  const text = "<foo>\n<bar/>\n</foo>\n<IDMEF-Message>ok</IDMEF-Message>\n";
  const framed = frameAll(createXmlElementsFramer(NAMES), text, 4);
  assert.deepEqual(rejects(framed), [[1, "UNEXPECTED_ELEMENT", "unexpected root element <foo>, expected IDMEF-Message"]]);
  assert.deepEqual(records(framed), [[4, "<IDMEF-Message>ok</IDMEF-Message>"]]);
});

test("record elements inside a wrapper element are still read; the wrapper's tags are rejected", () => {
  const text = "<foo>\n<IDMEF-Message/>\n</foo>\n<IDMEF-Message>ok</IDMEF-Message>\n";
  const framed = frameAll(createXmlElementsFramer(NAMES), text, 4);
  assert.deepEqual(rejects(framed), [
    [1, "UNEXPECTED_ELEMENT", "unexpected root element <foo>, expected IDMEF-Message (not closed before <IDMEF-Message> at line 2)"],
    [3, "UNEXPECTED_ELEMENT", "unexpected end tag </foo> outside any element"],
  ]);
  assert.deepEqual(records(framed), [
    [2, "<IDMEF-Message/>"],
    [4, "<IDMEF-Message>ok</IDMEF-Message>"],
  ]);
});

test("an element truncated at end of input is rejected with its start line", () => {
  const text = "<IDMEF-Message>one</IDMEF-Message>\n\n<IDMEF-Message>\n<Alert>";
  const framed = frameAll(createXmlElementsFramer(NAMES), text, 5);
  assert.deepEqual(records(framed), [[1, "<IDMEF-Message>one</IDMEF-Message>"]]);
  assert.deepEqual(rejects(framed), [[3, "TRUNCATED_RECORD", "element <IDMEF-Message> starting at line 3 is truncated at end of input"]]);
});

test("text outside any element is rejected, not silently dropped", () => {
  const framed = frameAll(createXmlElementsFramer(NAMES), "garbage here\n<IDMEF-Message/>", 3);
  assert.deepEqual(rejects(framed), [[1, "MALFORMED_RECORD", "text outside any element, expected IDMEF-Message"]]);
  assert.equal(records(framed).length, 1);
});

test("an element over the size limit is rejected while the scan stays in step", () => {
  const big = `<IDMEF-Message>${"<a>x</a>".repeat(1000)}</IDMEF-Message>`;
  const framed = frameAll(createXmlElementsFramer(NAMES, { maxRecordBytes: 1000 }), `${big}\n<IDMEF-Message/>`, 100);
  assert.deepEqual(
    rejects(framed).map(([line, code]) => [line, code]),
    [[1, "RECORD_TOO_LARGE"]],
  );
  assert.deepEqual(records(framed), [[2, "<IDMEF-Message/>"]]);
});

test("many elements: memory held stays bounded by one element", () => {
  const framer = createXmlElementsFramer(NAMES);
  const element = Buffer.from(`<IDMEF-Message><Alert messageid="m">${"z".repeat(200)}</Alert></IDMEF-Message>\n`);
  const chunk = Buffer.concat(Array.from({ length: 300 }, () => element));
  let count = 0;
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < 2000; i++) count += framer.push(chunk).length;
  count += framer.end().length;
  assert.equal(count, 600_000);
  // 160 MB went through; what stays must be far below that (generous against GC timing).
  assert.ok(process.memoryUsage().heapUsed - before < 64 * 1024 * 1024);
});

test("end offsets point just after each element, in bytes, multi-byte characters and a BOM included", () => {
  const first = "<IDMEF-Message>é</IDMEF-Message>";
  const second = "<IDMEF-Message>→ ✓</IDMEF-Message>";
  const text = `\uFEFF${first}\n${second}\n`;
  for (const size of [1, 2, 5, 100]) {
    const framed = frameAll(createXmlElementsFramer(NAMES, {}, 1000), text, size);
    const bytes = Buffer.from(text);
    assert.deepEqual(
      framed.map((f) => f.endOffset),
      [1000 + bytes.indexOf("</IDMEF-Message>") + 16, 1000 + bytes.lastIndexOf("</IDMEF-Message>") + 16],
      `chunk size ${size}`,
    );
  }
});

test("an element over the size limit that is never closed is rejected at the next record, which is read", () => {
  const big = `<IDMEF-Message><!-- ${"x".repeat(5000)}`;
  const text = `${big}\n<IDMEF-Message>a</IDMEF-Message>\n<IDMEF-Message>b</IDMEF-Message>`;
  for (const size of [1, 64, 100_000]) {
    const framed = frameAll(createXmlElementsFramer(NAMES, { maxRecordBytes: 1000 }), text, size);
    assert.deepEqual(rejects(framed), [
      [
        1,
        "MALFORMED_RECORD",
        "element <IDMEF-Message> starting at line 1 is not closed before <IDMEF-Message> at line 2 (in an unclosed comment)",
      ],
    ]);
    const reject = framed.find((f) => f.kind === "reject");
    assert.ok(reject !== undefined && reject.text.length <= 1024, "only the beginning of the large record is kept");
    assert.equal(reject.endOffset, Buffer.byteLength(big) + 1);
    assert.deepEqual(records(framed), [
      [2, "<IDMEF-Message>a</IDMEF-Message>"],
      [3, "<IDMEF-Message>b</IDMEF-Message>"],
    ]);
  }
});

test("an unclosed comment at top level does not hide the records after it", () => {
  const text = "<!-- never closed\n<idmef:IDMEF-Message>a</idmef:IDMEF-Message>";
  for (const size of [1, 4, 1000]) {
    const framed = frameAll(createXmlElementsFramer(NAMES), text, size);
    assert.deepEqual(rejects(framed), [
      [1, "MALFORMED_RECORD", "comment starting at line 1 is not closed before <idmef:IDMEF-Message> at line 2"],
    ]);
    assert.deepEqual(records(framed), [[2, "<idmef:IDMEF-Message>a</idmef:IDMEF-Message>"]]);
  }
});

test("a record still open at end of input, even inside a comment, is TRUNCATED_RECORD", () => {
  const text = "<IDMEF-Message>a</IDMEF-Message>\n<IDMEF-Message><Alert><!-- x </IDMEF-Message>";
  const framed = frameAll(createXmlElementsFramer(NAMES), text, 3);
  assert.deepEqual(records(framed), [[1, "<IDMEF-Message>a</IDMEF-Message>"]]);
  assert.deepEqual(rejects(framed), [[2, "TRUNCATED_RECORD", "element <IDMEF-Message> starting at line 2 is truncated at end of input"]]);
});

test("invalid UTF-8: offsets stay exact bytes, the record is read with a warning, sizes count bytes", () => {
  const bad = Buffer.concat([Buffer.from("<IDMEF-Message>a"), Buffer.alloc(100, 0xff), Buffer.from("b</IDMEF-Message>")]);
  const good = Buffer.from("\n<IDMEF-Message>é</IDMEF-Message>");
  const input = Buffer.concat([bad, good]);
  for (const size of [1, 7, 1000]) {
    const framed = frameAll(createXmlElementsFramer(NAMES, {}, 50), input, size);
    assert.deepEqual(
      framed.map((f) => [f.kind, f.line, f.endOffset, f.kind === "record" ? f.warnings : undefined]),
      [
        ["record", 1, 50 + bad.length, ["the element holds bytes that are not valid UTF-8; they were replaced by U+FFFD"]],
        ["record", 2, 50 + input.length, undefined],
      ],
      `chunk size ${size}`,
    );
  }
  // 2-byte characters: 600 of them are 1,200 bytes, over a 1,000-byte limit.
  const wide = `<IDMEF-Message>${"é".repeat(600)}</IDMEF-Message>`;
  const framed = frameAll(createXmlElementsFramer(NAMES, { maxRecordBytes: 1000 }), wide, 100);
  assert.deepEqual(rejects(framed), [
    [
      1,
      "RECORD_TOO_LARGE",
      `element <IDMEF-Message> is longer than the 1000 bytes limit (${Buffer.byteLength(wide)} bytes); raise maxRecordBytes to accept it`,
    ],
  ]);
});

// A real IDMEF v1 message (RFC 4765 7.1.1) without its XML declaration, to build long inputs.
const TEARDROP = readFileSync(new URL("../../fixtures/idmefv1/rfc4765-7.1.1-teardrop.xml", import.meta.url), "utf8")
  .replace(/^<\?xml[^>]*\?>\s*/, "")
  .trim();

function teardrop(id: string): string {
  return `${TEARDROP.replace("abc123456789", id)}\n`;
}

const BAD_RECORDS: Record<string, string> = {
  "a stray < in text": teardrop("bad").replace("<idmef:name>badguy.example.net</idmef:name>", "<idmef:name>a < b</idmef:name>"),
  "an unclosed comment": teardrop("bad").replace("<idmef:name>badguy.example.net</idmef:name>", "<idmef:name><!-- x </idmef:name>"),
  "an unclosed CDATA section": teardrop("bad").replace(
    "<idmef:name>badguy.example.net</idmef:name>",
    "<idmef:name><![CDATA[ x </idmef:name>",
  ),
  "a record truncated mid-tag": TEARDROP.slice(0, TEARDROP.indexOf('<idmef:Source ident="a1') + '<idmef:Source ident="a1'.length),
};

for (const [what, bad] of Object.entries(BAD_RECORDS)) {
  test(`pipeline: ${what} rejects that record only; the 150 good records after it convert`, async () => {
    const good = Array.from({ length: 150 }, (_, i) => teardrop(`after${i}`)).join("");
    const before = teardrop("before");
    const text = `<?xml version="1.0" encoding="UTF-8"?>\n${before}${bad}${good}`;
    const badLine = `<?xml version="1.0" encoding="UTF-8"?>\n${before}`.split("\n").length;
    for (const chunkSize of [13, 65536]) {
      const { stats, balanced, sinks } = await convertText(idmefv1Converter, text, { chunkSize });
      assert.equal(balanced, true);
      assert.equal(stats.read, 152, `chunk size ${chunkSize}`);
      assert.equal(stats.converted, 151);
      assert.deepEqual(
        sinks.rejects.map((r) => [r.file, r.line]),
        [["input.txt", badLine]],
      );
      assert.ok((sinks.rejects[0]?.reason ?? "").length > 0);
    }
  });
}

test("pipeline: follow-style commits on input with invalid UTF-8 are exact byte offsets, with a warning", async () => {
  const first = Buffer.from(teardrop("first").replace("Teardrop detected", "Tear\u0001drop")).toString("latin1");
  const bad = Buffer.from(first.replace("\u0001", "\xff".repeat(100)), "latin1");
  const second = Buffer.from(teardrop("second").trimEnd());
  const input = Buffer.concat([bad, second]);
  const commits: number[] = [];
  const { stats, sinks } = await convertText(idmefv1Converter, input, {
    chunkSize: 7,
    onCommit: ({ offset }) => {
      commits.push(offset);
    },
  });
  assert.equal(stats.converted, 2);
  assert.equal(commits.at(-1), input.length);
  for (const offset of commits) {
    assert.ok(input.subarray(0, offset).toString("latin1").endsWith("</idmef:IDMEF-Message>"), `offset ${offset} ends a record`);
  }
  assert.ok(commits.includes(input.indexOf("</idmef:IDMEF-Message>") + "</idmef:IDMEF-Message>".length));
  assert.deepEqual(
    sinks.warnings.filter((w) => w.message.includes("UTF-8")).map((w) => [w.file, w.line]),
    [["input.txt", 1]],
  );
});
