import { test } from "node:test";
import assert from "node:assert/strict";
import { createXmlElementsFramer } from "../../src/framework/framers/xml-elements.js";
import type { Framed } from "../../src/framework/framers/index.js";
import { frameAll } from "./helpers.js";

const NAMES = ["IDMEF-Message"];

function records(framed: Framed[]): [number, string][] {
  return framed.filter((f) => f.kind === "record").map((f) => [f.line, f.text]);
}

function rejects(framed: Framed[]): [number, string, string][] {
  return framed.filter((f) => f.kind === "reject").map((f) => [f.line, f.code, f.reason]);
}

test("emits each top-level element with its start line, prefixed or not, at any chunk size", () => {
  const a = '<idmef:IDMEF-Message xmlns:idmef="http://iana.org/idmef" version="1.0">\n  <idmef:Alert messageid="1"/>\n</idmef:IDMEF-Message>';
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
  const element = '<IDMEF-Message a="x>y" b=\'/>\'><Alert c="</IDMEF-Message>"/></IDMEF-Message>';
  assert.deepEqual(records(frameAll(createXmlElementsFramer(NAMES), element, 2)), [[1, element]]);
});

test("an unexpected root element is rejected with its line and the next one still read", () => {
  const text = "<foo>\n<IDMEF-Message/>\n</foo>\n<IDMEF-Message>ok</IDMEF-Message>\n";
  const framed = frameAll(createXmlElementsFramer(NAMES), text, 4);
  assert.deepEqual(rejects(framed), [[1, "UNEXPECTED_ELEMENT", "unexpected root element <foo>, expected IDMEF-Message"]]);
  assert.deepEqual(records(framed), [[4, "<IDMEF-Message>ok</IDMEF-Message>"]]);
});

test("an element truncated at end of input is rejected with its start line", () => {
  const text = "<IDMEF-Message>one</IDMEF-Message>\n\n<IDMEF-Message>\n<Alert>";
  const framed = frameAll(createXmlElementsFramer(NAMES), text, 5);
  assert.deepEqual(records(framed), [[1, "<IDMEF-Message>one</IDMEF-Message>"]]);
  assert.deepEqual(rejects(framed), [
    [3, "TRUNCATED_RECORD", "element <IDMEF-Message> starting at line 3 is truncated at end of input"],
  ]);
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
