// The syslog line parser: RFC 5424 strictly, RFC 3164/BSD tolerantly, and its error places.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parseSyslog, SyslogParseError } from "../../../src/converters/syslog/index.js";

const REF = Date.parse("2026-01-15T12:00:00Z");
const parse = (line: string, timezone = "Z", referenceMs = REF) => parseSyslog(line, { referenceMs, timezone });

function parseError(line: string): SyslogParseError {
  try {
    parse(line);
  } catch (error) {
    assert.ok(error instanceof SyslogParseError, `not a SyslogParseError: ${String(error)}`);
    return error;
  }
  assert.fail(`parsed without error: ${line}`);
}

describe("RFC 5424", () => {
  it("reads every header field and a NILVALUE", () => {
    const r = parse("<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - 'su root' failed for lonvick on /dev/pts/8");
    assert.equal(r.format, "rfc5424");
    assert.deepEqual([r.pri, r.facility, r.severity], [34, 4, 2]);
    assert.equal(r.timestamp, "2003-10-11T22:14:15.003Z");
    assert.deepEqual([r.hostname, r.program, r.procId, r.msgId], ["mymachine.example.com", "su", undefined, "ID47"]);
    assert.deepEqual(r.structuredData, []);
    assert.equal(r.message, "'su root' failed for lonvick on /dev/pts/8");
  });

  it("takes NILVALUE in every field, the timestamp included", () => {
    const r = parse("<13>1 - - - - - -");
    assert.deepEqual(
      [r.timestamp, r.hostname, r.program, r.procId, r.msgId, r.message],
      [undefined, undefined, undefined, undefined, undefined, ""],
    );
  });

  it("keeps fractions down to nanoseconds exactly as written, and the offset", () => {
    assert.equal(
      parse("<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time").timestamp,
      "2003-08-24T05:14:15.000003-07:00",
    );
    assert.equal(parse("<165>1 2026-01-02T03:04:05.123456789+05:30 h a - - - x").timestamp, "2026-01-02T03:04:05.123456789+05:30");
  });

  it("reads several SD elements with escaped quote, backslash and bracket", () => {
    const r = parse(
      String.raw`<165>1 2003-10-11T22:14:15.003Z h evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Appl\"ic\\ation" eventID="1011"][examplePriority@32473 class="hi\]gh" other="a\b"] msg`,
    );
    assert.deepEqual(r.structuredData, [
      {
        id: "exampleSDID@32473",
        params: [
          ["iut", "3"],
          ["eventSource", String.raw`Appl"ic\ation`],
          ["eventID", "1011"],
        ],
      },
      {
        id: "examplePriority@32473",
        params: [
          ["class", "hi]gh"],
          ["other", String.raw`a\b`],
        ],
      },
    ]);
    assert.equal(r.message, "msg");
  });

  it("drops the UTF-8 BOM that starts MSG (real bytes from the corpus)", () => {
    const lines = readFileSync("fixtures/syslog/corpus/rfc/rfc5424-examples-with-real-bom.log", "utf8").split("\n");
    const r = parse(lines[0]!);
    assert.equal(r.message, "'su root' failed for lonvick on /dev/pts/8");
    const r2 = parse(lines[1]!);
    assert.equal(r2.message, "An application event log entry...");
    assert.equal(r2.structuredData.length, 1);
  });

  it("rejects other protocol versions, naming the column", () => {
    const e = parseError("<33>0 2019-11-07T06:09:28+01:00 host app - - - x");
    assert.equal(e.column, 5);
    assert.match(e.reason, /version 0/);
  });

  it("names the column and reason of malformed structured data", () => {
    const e = parseError('<165>1 2003-10-11T22:14:15.003Z h app - ID47 [id@1 iut="3" eventSource= "Application"] x');
    assert.equal(e.column, 72);
    assert.match(e.reason, /expected '"' to open the value of "eventSource"/);
    assert.match(parseError('<165>1 2003-10-11T22:14:15.003Z h app - ID47 [id@1 a="b] x').reason, /unescaped '\]'/);
    assert.match(parseError('<165>1 2003-10-11T22:14:15.003Z h app - ID47 [id@1 a="b"').reason, /expected ' ' or '\]'/);
  });

  it("requires a zone and a real date in TIMESTAMP", () => {
    assert.match(parseError("<165>1 2003-10-11T22:14:15 h app - - - x").reason, /no time zone/);
    assert.match(parseError("<165>1 2003-02-30T22:14:15Z h app - - - x").reason, /does not exist/);
    assert.equal(parseError("<165>1 2003-10-11 22:14:15Z h app - - - x").column, 8);
  });

  it("rejects a bad PRI with its column", () => {
    const e = parseError("<1999>Oct 11 22:14:15 host su: x");
    assert.equal(e.column, 2);
    assert.match(parseError("<192>Oct 11 22:14:15 host su: x").reason, /above 191/);
  });
});

describe("RFC 3164 / BSD", () => {
  it("reads the RFC example with PRI, host and tag", () => {
    const r = parse("<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8");
    assert.equal(r.format, "rfc3164");
    assert.equal(r.timestamp, "2025-10-11T22:14:15Z");
    assert.deepEqual([r.hostname, r.program, r.message], ["mymachine", "su", "'su root' failed for lonvick on /dev/pts/8"]);
  });

  it("tolerates a missing PRI, one-digit days, upper-case months and a year in the date", () => {
    assert.equal(parse("Feb 18 16:01:59 serverX sshd[1]: x").pri, undefined);
    assert.equal(parse("<38>Mar 7 19:06:53 example tag: m").timestamp, "2025-03-07T19:06:53Z");
    assert.equal(parse("<6>AUG 10 22:18:24 host tag: m").timestamp, "2025-08-10T22:18:24Z");
    assert.equal(parse("<38>Mar 7 2008 19:06:53: example tag: m").timestamp, "2008-03-07T19:06:53Z");
    assert.equal(parse("<38> Mar  7 19:06:53 example tag: m").hostname, "example");
  });

  it("reads the tag forms prog[pid]:, prog(pam_unix)[pid]:, postfix/smtpd[pid]:, sshd-session[pid]:", () => {
    const a = parse("Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure;");
    assert.deepEqual([a.program, a.subsystem, a.procId, a.message], ["sshd", "pam_unix", "19939", "authentication failure;"]);
    const b = parse("May 11 04:02:36 host1 postfix/smtpd[26897]: warning: x");
    assert.deepEqual([b.program, b.procId], ["postfix/smtpd", "26897"]);
    const c = parse("Feb 12 14:10:24 sd-126005 sshd-session[16379]: Invalid user p");
    assert.deepEqual([c.hostname, c.program, c.procId], ["sd-126005", "sshd-session", "16379"]);
  });

  it("sees that the host name is missing when the first word is a tag", () => {
    const r = parse("Jul 17 14:49:57 dnsmasq[15210]: 21745 query[A] server.example.com");
    assert.deepEqual([r.hostname, r.program, r.procId], [undefined, "dnsmasq", "15210"]);
  });

  it("reads the RFC 3339 high-precision form and the space-separated form with a +hhmm zone", () => {
    const r = parse("2023-11-14T00:20:42.738197+01:00 myserver sshd[1112652]: User root from 192.168.1.1 not allowed");
    assert.deepEqual([r.timestamp, r.timestampOrigin, r.hostname], ["2023-11-14T00:20:42.738197+01:00", "explicit", "myserver"]);
    assert.equal(parse("2020-03-24 08:38:47.230409-0700  localhost sshd[2531]: x").timestamp, "2020-03-24T08:38:47.230409-07:00");
  });

  it("infers the year so that no line is in the future: December read in January is last year", () => {
    assert.equal(parse("Dec 31 23:59:59 h p: x").timestamp, "2025-12-31T23:59:59Z");
    assert.equal(parse("Jan 15 11:00:00 h p: x").timestamp, "2026-01-15T11:00:00Z");
    assert.equal(parse("Jan 16 11:00:00 h p: x").timestamp, "2026-01-16T11:00:00Z", "within a day of clock skew stays this year");
    assert.equal(parse("Feb  7 10:00:00 h p: x").timestamp, "2025-02-07T10:00:00Z");
    assert.equal(parse("Feb 29 10:00:00 h p: x").timestamp, "2024-02-29T10:00:00Z", "Feb 29 goes back to a leap year");
    assert.equal(parse("Dec 31 23:59:59 h p: x").yearInferred, true);
  });

  it("applies the timezone option to zone-less stamps, DST included", () => {
    assert.equal(parse("Jul  1 12:00:00 h p: x", "Europe/Paris").timestamp, "2025-07-01T12:00:00+02:00");
    assert.equal(parse("Jan  1 12:00:00 h p: x", "Europe/Paris").timestamp, "2026-01-01T12:00:00+01:00");
    assert.equal(parse("2019-06-14T10:40:20.912134 localhost sudo: x", "+05:30").timestamp, "2019-06-14T10:40:20.912134+05:30");
    const r = parse("Jan  1 12:00:00 h p: x", "America/New_York");
    assert.deepEqual([r.timestampOrigin, r.assumedZone], ["assumed-zone", "America/New_York"]);
  });

  it("defaults to the machine's zone when no timezone is given", () => {
    const r = parseSyslog("Jan  1 12:00:00 h p: x", { referenceMs: REF });
    assert.equal(r.assumedZone, Intl.DateTimeFormat().resolvedOptions().timeZone);
  });

  it("strips CR of CRLF lines and keeps 8-bit text", () => {
    const r = parse("Jun 14 15:16:02 combo sshd(pam_unix)[19937]: check pass; user unknown\r");
    assert.equal(r.message, "check pass; user unknown");
    assert.equal(
      parse("<6>AUG 10 22:18:24 host tag This msg contains 8-bit European chars: äöü").message,
      "This msg contains 8-bit European chars: äöü",
    );
  });

  it("recognizes -- MARK -- with and without PRI", () => {
    assert.equal(parse("<6>Feb 18 16:01:59 serverX -- MARK --").mark, true);
    assert.equal(parse("Feb 18 16:01:59 serverX -- MARK --").hostname, "serverX");
  });

  it("recognizes syslogd and rsyslog repeat lines", () => {
    const a = parse("Feb  5 13:07:52 plugh last message repeated 3 times");
    assert.deepEqual([a.hostname, a.repeat], ["plugh", { count: 3, previous: true }]);
    const b = parse(
      "Feb  5 13:07:52 plugh sshd[9]: message repeated 5 times: [ Failed password for root from 198.51.100.9 port 4242 ssh2]",
    );
    assert.deepEqual(b.repeat, { count: 5, previous: false });
    assert.equal(b.message, "Failed password for root from 198.51.100.9 port 4242 ssh2");
  });

  it("rejects a line without a timestamp, naming the column", () => {
    const e = parseError("<189>192.168.26.254 time=16:31:28 devname=FG600");
    assert.equal(e.column, 6);
    assert.match(e.reason, /expected a timestamp/);
    assert.equal(parseError("Mar 32 10:00:00 h p: x").column, 1);
  });

  it("parses a 1 MB hostile line in linear time (finishes well within the test timeout)", { timeout: 30_000 }, () => {
    const long = "x".repeat(1 << 20);
    assert.equal(parse(`Jan  1 00:00:00 h sshd[1]: ${long}`).message.length, 1 << 20);
    assert.throws(() => parse(`<13>1 2026-01-01T00:00:00Z h app - - [id a="${'\\" '.repeat(300_000)}`), SyslogParseError);
  });
});
