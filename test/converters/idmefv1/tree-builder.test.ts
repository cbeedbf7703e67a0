// The tree the well-formedness pass builds (well-formed.ts checkAndBuild) must be the tree
// fast-xml-parser builds with the converter's options (secure-xml.ts), which the converter was
// written against: compared on every fixture, on seeded random edits of them (comments, CDATA,
// PIs, raw-text elements, prefixes, odd and dangerous names), and on the cases handed to the parser.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { checkAndBuild, checkWellFormed } from "../../../src/converters/idmefv1/well-formed.js";
import { parseIdmefRecord, parseWithFastXmlParser } from "../../../src/converters/idmefv1/secure-xml.js";

const FIXTURES = fileURLToPath(new URL("../../../fixtures/idmefv1/", import.meta.url));
const ELEMENT = /<(?:[A-Za-z_][\w.-]*:)?IDMEF-Message[\s>][\s\S]*?<\/(?:[A-Za-z_][\w.-]*:)?IDMEF-Message>/g;

/** The fixtures' IDMEF-Message elements (CR-free ones: those with CR go to the parser anyway). */
function records(): string[] {
  const out: string[] = [];
  for (const file of readdirSync(FIXTURES)
    .filter((f) => f.endsWith(".xml"))
    .sort()) {
    for (const m of readFileSync(FIXTURES + file, "utf8").matchAll(ELEMENT)) if (!m[0].includes("\r")) out.push(m[0]);
  }
  return out;
}

type Outcome = "malformed" | "unsure" | "refused" | "same";

/** Compares builder and parser on one text; fails the test on any disagreement. */
function compare(text: string): Outcome {
  let wellFormed = true;
  try {
    checkWellFormed(text, 1);
  } catch {
    wellFormed = false;
  }
  let built: ReturnType<typeof checkAndBuild>;
  try {
    built = checkAndBuild(text, 1);
  } catch (error) {
    assert.equal(wellFormed, false, `the builder threw on well-formed text: ${String(error)}\n${text}`);
    return "malformed";
  }
  assert.ok(wellFormed, `the builder accepted text the checker rejects:\n${text}`);
  if ("unsure" in built) return "unsure";
  let parsed: unknown;
  let refused: unknown;
  try {
    parsed = parseWithFastXmlParser(text);
  } catch (error) {
    refused = error;
  }
  if ("refusal" in built) {
    assert.notEqual(refused, undefined, `refused (${built.refusal}) what the parser accepts:\n${text}`);
    // Worded as the parser words it: a reject reads the same whichever path refused it.
    assert.equal(built.refusal, (refused as Error).message, text);
    return "refused";
  }
  assert.equal(refused, undefined, `built a tree where the parser refuses (${String(refused)}):\n${text}`);
  assert.deepStrictEqual(built.tree, parsed, text);
  // Key order too: describe() and the shape checks list children in it.
  assert.equal(JSON.stringify(built.tree), JSON.stringify(parsed), text);
  return "same";
}

test("every fixture element builds the parser's tree", () => {
  const all = records();
  assert.ok(all.length >= 30, `only ${all.length} fixture elements`);
  for (const r of all) assert.equal(compare(r), "same");
});

const CONTENT = [
  "<!-- c -->",
  "<!---->",
  " <!-- a -- b --> ",
  "<![CDATA[ x ]]>",
  "<![CDATA[]]>",
  "<![CDATA[  ]]>",
  "<![CDATA[<a>&amp;]]>",
  "<?pi x?>",
  "<?pi 'q?>' ?>",
  '<?pi "a" ?>',
  " text ",
  "  t &amp; u  ",
  "&lt;",
  "\t\n",
  "x",
  "<x/>",
  "<x />",
  "<x></x>",
  "<x> </x>",
  "<x>y</x>",
  '<p:x a="1"/>',
  "<x a='1' a='2'/>",
  "<xml><a>b</a> </xml>",
  "<xml/>",
  '<idmef:xml a="1"> <xml>in</xml> <!-- --> <![CDATA[q]]> </idmef:xml>',
  "<xmltext>&amp;<b/></xmltext>",
  "<xml>\n</xml>",
  "<xml><!---> --></xml>",
  "<toString/>",
  "<hasOwnProperty>v</hasOwnProperty>",
  "<constructor/>",
  "<__proto__/>",
  "<prototype/>",
  "<#text/>",
  "<#text>t</#text>",
  "<a::@/>",
  "<isPrototypeOf>z</isPrototypeOf>",
  '<valueOf a="1"/>',
  "<a:b:c/>",
  "<:q/>",
  "<q:/>",
  "<y><y><y>deep</y></y></y>",
  '<z a="1">t<w/>u</z>',
  "<Alert/>",
  '<AdditionalData type="xml"><xml><k>v</k></xml></AdditionalData>',
];
const ATTRIBUTES = [
  ' a="1"',
  ' xmlns="u"',
  ' xmlns:q="u"',
  ' q:b="2"',
  ' a:b:c="3"',
  ' :x="4"',
  ' toString="5"',
  ' __proto__="6"',
  ' constructor="7"',
  ' e=""',
  " f = ' sp '",
  '\tg="tab\tin"',
  ' h="a>b/"',
  '\n i="&amp;"',
  ' xmlns:xmlns="u"',
  ' valueOf="v"',
  ' a="dup"',
];

test("seeded random edits of the fixtures build the parser's tree, or are refused or handed to it", () => {
  let seed = 17;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const base = records();
  const counts: Record<Outcome, number> = { malformed: 0, unsure: 0, refused: 0, same: 0 };
  for (let n = 0; n < 1500; n++) {
    let text = pick(base);
    const edits = 1 + Math.floor(random() * 4);
    for (let k = 0; k < edits; k++) {
      const r = random();
      const at: number[] = [];
      if (r < 0.6) {
        for (let i = text.indexOf(">"); i !== -1 && i < text.length - 2; i = text.indexOf(">", i + 1)) at.push(i + 1);
        const p = pick(at.slice(0, -1));
        text = text.slice(0, p) + pick(CONTENT) + text.slice(p);
      } else if (r < 0.9) {
        for (const m of text.matchAll(/<[A-Za-z_:][^\s/>]*/g)) at.push(m.index + m[0].length);
        const p = pick(at);
        text = text.slice(0, p) + pick(ATTRIBUTES) + text.slice(p);
      } else {
        text = random() < 0.5 ? text.replace(/<((?:idmef:)?\w+)([^>]*)><\/\1>/, "<$1$2/>") : text.replace(/idmef:/g, "");
      }
    }
    counts[compare(text)]++;
  }
  // The edits exercise every outcome but leave most texts built here.
  assert.ok(counts.same > 1000, JSON.stringify(counts));
  assert.ok(counts.refused > 100 && counts.unsure > 50, JSON.stringify(counts));
});

test("nesting: 101 open elements build, 102 are refused like the parser refuses them", () => {
  for (const depth of [100, 101, 102]) {
    const text = `<a>${"<b>".repeat(depth - 1)}<xml><c/></xml>${"</b>".repeat(depth - 1)}</a>`;
    assert.equal(compare(text), depth > 101 ? "refused" : "same", `depth ${depth}`);
  }
});

test("what only the parser reads right goes to it: CR line ends, other white space, quoted '?>' in a PI", () => {
  const alert = (inner: string): string => `<IDMEF-Message><Alert messageid="m">${inner}</Alert></IDMEF-Message>`;
  // CR LF and CR become LF (the parser normalises them), so text and attributes lose the CR.
  const crlf = parseIdmefRecord(alert('<Classification text="a\r\nb">t\r\nu</Classification>'), 1).messages[0];
  assert.deepEqual(crlf, { Alert: [{ Classification: [{ "#text": "t\nu", ":@": { text: "a\nb" } }], ":@": { messageid: "m" } }] });
  // A no-break space ends a name for the parser.
  const nbsp = parseIdmefRecord(alert("<Classification\u00a0/>"), 1).messages[0];
  assert.deepEqual(nbsp, { Alert: [{ Classification: [""], ":@": { messageid: "m" } }] });
  assert.equal(compare(alert("<?pi '?>' ?><x/>")), "unsure");
  assert.equal(compare(alert("<#text/>")), "unsure");
});
