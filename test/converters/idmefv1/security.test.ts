// Hostile XML given straight to convert(): XXE, entity bombs, DOCTYPEs, malformed and wrong input.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ConversionError } from "../../../src/core/errors.js";
import { alertDocument, convertIdmefv1, recordingContext } from "./context.js";

function rejection(text: string): ConversionError {
  try {
    convertIdmefv1(text, recordingContext());
  } catch (error) {
    assert.ok(error instanceof ConversionError, `expected a ConversionError, got ${String(error)}`);
    return error;
  }
  assert.fail("the record was not rejected");
}

const XXE = `<?xml version="1.0"?>
<!DOCTYPE idmef:IDMEF-Message [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<idmef:IDMEF-Message xmlns:idmef="http://iana.org/idmef">
  <idmef:Alert>
    <idmef:Analyzer analyzerid="a"/>
    <idmef:CreateTime>2000-03-09T10:01:25Z</idmef:CreateTime>
    <idmef:Classification text="x">
      <idmef:Reference><idmef:name>&xxe;</idmef:name><idmef:url>http://example.com/</idmef:url></idmef:Reference>
    </idmef:Classification>
  </idmef:Alert>
</idmef:IDMEF-Message>`;

test("an external entity reaching for /etc/passwd is rejected as undefined, with its line, and nothing is read", () => {
  const error = rejection(XXE);
  assert.match(error.message, /undefined entity &xxe; at line 8/);
  assert.match(error.message, /never expanded/);
  assert.doesNotMatch(error.message, /root:/);
});

test("an external entity in an attribute value is rejected too", () => {
  const text = XXE.replace('text="x"', 'text="&xxe;"').replace("<idmef:name>&xxe;</idmef:name>", "<idmef:name>n</idmef:name>");
  assert.match(rejection(text).message, /undefined entity &xxe; at line 7/);
});

test("a billion-laughs document is rejected without expanding anything", () => {
  const levels = ['<!ENTITY lol "lol">'];
  for (let i = 1; i <= 9; i++) levels.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? "" : i - 1};`.repeat(10)}">`);
  const text = `<!DOCTYPE lolz [ ${levels.join("\n")} ]>\n${alertDocument("", 'messageid="x"', "&lol9;").replace(/^<\?xml[^>]*>\n/, "")}`;
  const error = rejection(text);
  assert.match(error.message, /undefined entity &lol9;/);
  assert.ok(error.message.length < 500, "the reason stays short: nothing was expanded into it");
});

test("a DOCTYPE whose entities are never used is inert: the alert converts and a warning says so", () => {
  const ctx = recordingContext();
  const text = alertDocument().replace(
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    '<?xml version="1.0"?>\n<!DOCTYPE IDMEF-Message [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> <!ENTITY % p SYSTEM "http://127.0.0.1:1/evil.dtd"> %p; ]>\n',
  );
  const messages = convertIdmefv1(text, ctx);
  assert.equal(messages?.length, 1);
  assert.ok(
    ctx.warnings.some((w) => /DOCTYPE ignored: its 2 entity declaration\(s\) are never expanded/.test(w)),
    ctx.warnings.join("\n"),
  );
  assert.doesNotMatch(JSON.stringify(messages), /root:|passwd/);
});

test("an external DTD (CFM 1.3 style) is never loaded and does not stop conversion", () => {
  const ctx = recordingContext();
  const text = `<!DOCTYPE IDMEF-Message PUBLIC "-//IETF//DTD RFC XXXX IDMEF v1.0//EN" "http://127.0.0.1:1/idmef-message.dtd">\n${alertDocument().replace(/^<\?xml[^>]*>\n/, "")}`;
  assert.equal(convertIdmefv1(text, ctx)?.length, 1);
  assert.ok(ctx.warnings.some((w) => w.startsWith("DOCTYPE ignored: no DTD is loaded")));
});

test("predefined entities and character references are decoded; CDATA and comments may hold '&name;' literally", () => {
  const ctx = recordingContext();
  const body = `<idmef:AdditionalData meaning="m"><idmef:string>a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos; &#65;&#x263A;</idmef:string></idmef:AdditionalData>
<!-- a comment mentioning &notanentity; -->
<idmef:AdditionalData meaning="c"><idmef:string><![CDATA[x &raw; y]]></idmef:string></idmef:AdditionalData>`;
  const [message] = convertIdmefv1(alertDocument(body), ctx) ?? [];
  assert.match(String(message?.["Note"]), /m: a <b> & "c" 'd' A\u263A/);
  assert.match(String(message?.["Note"]), /c: x &raw; y/);
});

test("truncated XML is rejected as malformed with a line", () => {
  const text = alertDocument().split("\n").slice(0, 6).join("\n");
  assert.match(rejection(text).message, /^malformed XML at line \d+: /);
});

test("mismatched tags are rejected (the parser alone would accept them)", () => {
  const text = alertDocument("<idmef:Source><idmef:Node></idmef:Source>");
  assert.match(rejection(text).message, /^malformed XML at line 7: /);
});

test("a wrong root element is rejected and named", () => {
  assert.match(
    rejection("<idmef:Report xmlns:idmef='http://iana.org/idmef'><idmef:Alert/></idmef:Report>").message,
    /root element <Report> is not an IDMEF-Message/,
  );
});

for (const [what, body, attributes] of [
  ["an element named __proto__", "<idmef:__proto__><idmef:polluted>yes</idmef:polluted></idmef:__proto__>", 'messageid="m"'],
  ["an element named constructor", "<idmef:constructor><idmef:polluted>yes</idmef:polluted></idmef:constructor>", 'messageid="m"'],
  ["an attribute named __proto__", "", 'messageid="m" __proto__="x"'],
] as const) {
  test(`${what} is refused with a reason and no prototype is polluted`, () => {
    assert.match(rejection(alertDocument(body, attributes)).message, /^XML refused by the parser: .*prototype pollution/);
    assert.equal(({} as Record<string, unknown>)["polluted"], undefined);
  });
}

test("an element RFC 4765 does not define is kept in a Note line, with a warning", () => {
  const ctx = recordingContext();
  const [message] = convertIdmefv1(alertDocument("<idmef:Extra kind='k'><idmef:value>v</idmef:value></idmef:Extra>"), ctx) ?? [];
  assert.match(String(message?.["Note"]), /Alert: Extra\[kind=k\]\{value=v\}/);
  assert.ok(
    ctx.warnings.some((w) => /holds <Extra>, which RFC 4765 does not define there: kept in a Note/.test(w)),
    ctx.warnings.join("\n"),
  );
});

test("reported lines count from the record's first line in the file", () => {
  const ctx = recordingContext({}, 40);
  assert.throws(() => convertIdmefv1(XXE, ctx), /at line 47/);
});
