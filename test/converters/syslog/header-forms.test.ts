// Every header form of issue 10 point 3, read by the parser and through the converter: no time
// stamp, facility.level, `[prog]:`, postfix instances, Dovecot process tags, relayed and nested
// headers, socklog/svlogd/TAI64N prefixes, ISO-8601 and journalctl's short-* outputs. The message
// text of each line is a real one (crowdsec/syslog-logs.log, crowdsec/dovecot-logs.log); the
// headers around it are the forms these writers produce.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseSyslog, parseSyslogAfterPrefix } from "../../../src/converters/syslog/parse-syslog.js";
import { convertOne, REFERENCE_NOW, ruleIdOf } from "./helpers.js";

const options = { referenceMs: Date.parse(REFERENCE_NOW), timezone: "Z" };
const INVALID = "Invalid user pascal from 35.188.49.176 port 53502";

function fields(line: string): unknown[] {
  const r = parseSyslog(line, options);
  return [r.timestamp, r.hostname, r.program, r.procId, r.message];
}

describe("syslog header forms", () => {
  it("reads lines without a time stamp: `host prog[pid]:`, `prog[pid]:`, `[prog]:`; refuses bare `Word: text`", () => {
    assert.deepEqual(fields(`sd-126005 sshd[16378]: ${INVALID}`), [undefined, "sd-126005", "sshd", "16378", INVALID]);
    assert.deepEqual(fields(`sshd[16378]: ${INVALID}`), [undefined, undefined, "sshd", "16378", INVALID]);
    assert.deepEqual(fields(`sd-126005 sshd: ${INVALID}`), [undefined, "sd-126005", "sshd", undefined, INVALID]);
    assert.equal(parseSyslog(`sd-126005 sshd: x`, options).timestampOrigin, "absent");
    assert.throws(() => parseSyslog("Note: something happened", options), /expected a timestamp/);
    assert.throws(() => parseSyslog("hello world again", options), /expected a timestamp/);
  });

  it("skips a facility.level before the tag (and takes facility and severity from it)", () => {
    const r = parseSyslog(`Feb 12 14:10:21 sd-126005 auth.info sshd[16378]: ${INVALID}`, options);
    assert.deepEqual([r.hostname, r.program, r.procId, r.facility, r.severity], ["sd-126005", "sshd", "16378", 4, 6]);
    assert.deepEqual(fields(`sd-126005 authpriv.notice sshd[1]: x`).slice(1, 4), ["sd-126005", "sshd", "1"]);
    assert.deepEqual(fields(`Feb 12 14:10:21 sd-126005 <auth.info> sshd[1]: x`).slice(1, 4), ["sd-126005", "sshd", "1"]);
  });

  it("reads BSD syslogd -v's `<4.6>`, busybox's `<38>`, AIX's `auth|security:info` and metalog's `[prog]`", () => {
    const numeric = parseSyslog(`Feb 12 14:10:21 <4.6> sd-126005 sshd[16378]: ${INVALID}`, options);
    assert.deepEqual([numeric.hostname, numeric.program, numeric.facility, numeric.severity], ["sd-126005", "sshd", 4, 6]);
    assert.deepEqual(fields(`Feb 12 14:10:21 sd-126005 <38> sshd[16378]: ${INVALID}`).slice(1), ["sd-126005", "sshd", "16378", INVALID]);
    const aix = parseSyslog(`Feb 12 14:10:21 x071 auth|security:info sshd[16378]: ${INVALID}`, options);
    assert.deepEqual([aix.hostname, aix.program, aix.facility, aix.severity], ["x071", "sshd", 4, 6]);
    assert.deepEqual(fields(`Feb 12 14:10:21 x071 mail:info postfix/smtpd[1]: x`).slice(1, 3), ["x071", "postfix/smtpd"]);
    // Only facility names: `web:info` stays the tag's host-less reading.
    assert.equal(parseSyslog(`Feb 12 14:10:21 x071 foo|bar:info sshd[1]: x`, options).program, "foo|bar:info");
    assert.deepEqual(fields(`Feb 12 14:10:21 [sshd] ${INVALID}`), ["2025-02-12T14:10:21Z", undefined, "sshd", undefined, INVALID]);
    // A bracketed host before a `prog[pid]:` tag stays the host.
    assert.deepEqual(fields(`Feb 12 14:10:21 [web1] sshd[1]: x`).slice(1, 3), ["[web1]", "sshd"]);
    assert.equal(parseSyslog(`1739369421 sd-126005 sshd[1]: x`, options).timestamp, "2025-02-12T14:10:21Z");
    assert.equal(parseSyslog(`[  12.345678 <    0.000123>] sd-126005 sshd[1]: x`, options).program, "sshd");
    // macOS `log show`: the pid comes from its column, the process name is the tag.
    const logShow = "2025-02-12 14:10:21.123456+0100 0x1a2b     Default     0x0                  16378  0    sshd: x";
    assert.deepEqual(fields(logShow), ["2025-02-12T14:10:21.123456+01:00", undefined, "sshd", "16378", "x"]);
  });

  it("reads `[prog]:`, `prog:` without pid, `prog[pid]:msg` without a space", () => {
    assert.deepEqual(fields(`Feb 12 14:10:21 sd-126005 [sshd]: ${INVALID}`).slice(1, 4), ["sd-126005", "sshd", undefined]);
    assert.deepEqual(fields(`Feb 12 14:10:21 sd-126005 sshd: ${INVALID}`).slice(1, 4), ["sd-126005", "sshd", undefined]);
    assert.deepEqual(fields(`Feb 12 14:10:21 sd-126005 sshd[1]:${INVALID}`).slice(2), ["sshd", "1", INVALID]);
  });

  it("takes the origin of relayed headers (a second stamp and host, a nested PRI)", () => {
    assert.deepEqual(fields(`Feb 12 14:10:25 relay Feb 12 14:10:21 sd-126005 sshd[16378]: ${INVALID}`), [
      "2025-02-12T14:10:21Z",
      "sd-126005",
      "sshd",
      "16378",
      INVALID,
    ]);
    assert.deepEqual(fields(`<38>Feb 12 14:10:25 relay <38>Feb 12 14:10:21 sd-126005 sshd[16378]: ${INVALID}`).slice(0, 3), [
      "2025-02-12T14:10:21Z",
      "sd-126005",
      "sshd",
    ]);
  });

  it("reads socklog and svlogd (-tt) prefixes, TAI64N, and takes the outer year for an inner BSD stamp", () => {
    assert.deepEqual(fields(`2017-02-12_14:10:21.01234 auth.info: Feb 12 14:10:21 sshd[16378]: ${INVALID}`), [
      "2017-02-12T14:10:21Z",
      undefined,
      "sshd",
      "16378",
      INVALID,
    ]);
    assert.deepEqual(fields(`@400000004c91b044077a9e94 auth.info: Sep 16 10:20:10 sshd[16378]: ${INVALID}`).slice(0, 3), [
      "2010-09-16T10:20:10Z",
      undefined,
      "sshd",
    ]);
    assert.equal(parseSyslog(`@400000004c91b044077a9e94 sshd[1]: x`, options).timestamp, "2010-09-16T05:50:50.125476500Z");
    assert.deepEqual(fields(`192.0.2.1: auth.info: Feb 12 14:10:21 sshd[16378]: ${INVALID}`).slice(1, 3), ["192.0.2.1", "sshd"]);
  });

  it("reads ISO-8601 and other stamps daemons and relays write", () => {
    const cases: [string, string][] = [
      ["2023-01-01T12:00:00+0100", "2023-01-01T12:00:00+01:00"],
      ["2023-01-01T12:00:00.123456+01:00", "2023-01-01T12:00:00.123456+01:00"],
      ["2023-01-01T12:00:00Z", "2023-01-01T12:00:00Z"],
      ["2023-01-01 12:00:00", "2023-01-01T12:00:00Z"],
      ["2023-01-01 12:00:00,123", "2023-01-01T12:00:00.123Z"],
      ["2023/01/01 12:00:00", "2023-01-01T12:00:00Z"],
      ["Sun Jan  1 12:00:00 2023", "2023-01-01T12:00:00Z"],
      ["Jan  1 2023 12:00:00", "2023-01-01T12:00:00Z"],
      ["2023 Jan  1 12:00:00", "2023-01-01T12:00:00Z"],
      ["01/Jan/2023:12:00:00 +0200", "2023-01-01T12:00:00+02:00"],
      ["01-Jan-2023 12:00:00.123", "2023-01-01T12:00:00.123Z"],
      ["Jan 01 12:00:00.123456", "2026-01-01T12:00:00.123456Z"],
      ["Mon 2023-01-02 12:00:00 CET", "2023-01-02T12:00:00+01:00"],
      ["1672574400.123456", "2023-01-01T12:00:00.123456Z"],
    ];
    for (const [stamp, expected] of cases) {
      assert.equal(parseSyslog(`${stamp} sd-126005 sshd[16378]: ${INVALID}`, options).timestamp, expected, stamp);
    }
  });

  it("reads journalctl short-monotonic (no wall-clock time)", () => {
    assert.deepEqual(fields(`[   12.345678] sd-126005 sshd[16378]: ${INVALID}`), [undefined, "sd-126005", "sshd", "16378", INVALID]);
  });

  it("reads an IPv6 host after a BSD stamp, a tag written as a full path, and padding after the tag", () => {
    // `2001:` after the time is the start of an IPv6 host, not a ctime year.
    assert.deepEqual(fields(`Feb 12 14:10:21 2001:db8::9 sshd[16378]: ${INVALID}`), [
      "2025-02-12T14:10:21Z",
      "2001:db8::9",
      "sshd",
      "16378",
      INVALID,
    ]);
    assert.deepEqual(fields(`Oct 24 11:32:53 2016: h sshd[1]: x`).slice(0, 3), ["2016-10-24T11:32:53Z", "h", "sshd"]);
    // A daemon started as /usr/sbin/sshd logs under that name: its rules know it as sshd.
    assert.deepEqual(fields(`Feb 12 14:10:21 sd-126005 /usr/sbin/sshd[16378]: ${INVALID}`).slice(1), [
      "sd-126005",
      "sshd",
      "16378",
      INVALID,
    ]);
    assert.deepEqual(fields(`Feb 12 14:10:21 sd-126005 sshd[16378]:   ${INVALID}`).slice(2), ["sshd", "16378", INVALID]);
    const { messages } = convertOne(`Feb 12 14:10:21 2001:db8::9 /usr/sbin/sshd[16378]:  ${INVALID}`);
    assert.equal(ruleIdOf(messages[0]), "sshd.invalid-user");
    assert.deepEqual(messages[0]!["Source"], [
      { ID: (messages[0]!["Source"] as { ID: string }[])[0]!.ID, IP: "35.188.49.176", Port: [53502] },
    ]);
  });

  it("reads macOS ASL's level after the tag and AIX's `Message forwarded from origin:`", () => {
    // syslogd of macOS 10.4-10.11 (and `syslog -F bsd`): `prog[pid] <Level>: msg`.
    assert.deepEqual(fields(`Feb 12 14:10:21 mac sshd[16378] <Error>: ${INVALID}`).slice(1), ["mac", "sshd", "16378", INVALID]);
    assert.deepEqual(fields(`Feb 12 14:10:21 mac.local sshd[1] <Notice>: x`).slice(1), ["mac.local", "sshd", "1", "x"]);
    // Only ASL's own level names are taken away; other text stays the message.
    assert.deepEqual(fields(`Feb 12 14:10:21 mac sshd[1] <Loud>: x`).slice(4), ["<Loud>: x"]);
    assert.deepEqual(fields(`Feb 12 14:10:21 mac sshd[1]: <Error>: x`).slice(4), ["<Error>: x"]);
    // AIX syslogd relaying another host's line: the origin is the host of the event.
    assert.deepEqual(fields(`Feb 12 14:10:21 relay Message forwarded from aix7: sshd[16378]: ${INVALID}`), [
      "2025-02-12T14:10:21Z",
      "aix7",
      "sshd",
      "16378",
      INVALID,
    ]);
    const { messages } = convertOne(`Feb 12 14:10:21 mac sshd[16378] <Warning>: ${INVALID}`);
    assert.equal(ruleIdOf(messages[0]), "sshd.invalid-user");
  });

  it("finds the header after a prefix some collectors add", () => {
    const r = parseSyslogAfterPrefix(`[collector-7] Feb 12 14:10:21 sd-126005 sshd[16378]: ${INVALID}`, options);
    assert.deepEqual([r?.hostname, r?.program, r?.message], ["sd-126005", "sshd", INVALID]);
    assert.equal(parseSyslogAfterPrefix("no header here at all, just words", options), undefined);
  });

  it("dispatches postfix instances as postfix and Dovecot process tags as dovecot", () => {
    const postfix = convertOne(
      "Feb 12 14:10:21 mx postfix-in/smtpd[12]: warning: unknown[192.0.2.7]: SASL LOGIN authentication failed: UGFzc3dvcmQ6",
    );
    assert.equal(ruleIdOf(postfix.messages[0]), "postfix.sasl-failed");
    const submission = convertOne(
      "Feb 12 14:10:21 mx postfix/submission/smtpd[12]: warning: unknown[192.0.2.7]: SASL LOGIN authentication failed: UGFzc3dvcmQ6",
    );
    assert.equal(ruleIdOf(submission.messages[0]), "postfix.sasl-failed");
    const dovecot = convertOne(
      "Feb 12 14:10:21 mx imap-login: Disconnected (auth failed, 1 attempts in 2 secs): user=<a@b.c>, method=PLAIN, rip=192.0.2.8, lip=10.0.0.1, TLS",
    );
    assert.equal(ruleIdOf(dovecot.messages[0]), "dovecot.login-auth-failed");
    const level = convertOne(
      "Feb 12 14:10:21 mx imap-login: Info: Disconnected (auth failed, 1 attempts in 2 secs): user=<a@b.c>, method=PLAIN, rip=192.0.2.8, lip=10.0.0.1, TLS",
    );
    assert.equal(ruleIdOf(level.messages[0]), "dovecot.login-auth-failed");
  });

  it("converts the timestamp-less form with the read time and says so; rejects lines that are no header", () => {
    const { messages } = convertOne(`sd-126005 sshd[16378]: ${INVALID}`);
    assert.equal(messages[0]!["CreateTime"], REFERENCE_NOW);
    assert.match(String(messages[0]!["Note"]), /no time stamp/);
    assert.throws(() => convertOne("this is not a log line"), /expected a timestamp/);
  });

  it("skips journalctl's banner lines", () => {
    assert.equal(convertOne("-- Boot 0c1f8a0e1d4b4b5e8e8e8e8e8e8e8e8e --").skipped, "journalctl banner line");
    assert.equal(convertOne("-- No entries --").skipped, "journalctl banner line");
  });
});

describe("min-priority", () => {
  it("drops alerts below it as skipped with reason `below min-priority`", () => {
    const accepted = "Feb 12 14:10:25 sd-126005 sshd[16380]: Accepted password for pascal from 35.188.49.176 port 53504 ssh2";
    assert.equal(convertOne(accepted).messages.length, 1);
    assert.equal(convertOne(accepted, { "min-priority": "Low" }).skipped, "below min-priority");
    const failed = "Feb 20 08:35:22 slave22 sshd[5774]: Failed password for root from 216.160.83.57 port 29160 ssh2";
    assert.equal(convertOne(failed).messages[0]!["Priority"], "Medium");
    assert.equal(convertOne(failed, { "min-priority": "Medium" }).messages.length, 1);
    assert.equal(convertOne(failed, { "min-priority": "High" }).skipped, "below min-priority");
  });

  it("is checked before any line is read", async () => {
    const { syslog } = await import("../../../src/converters/syslog/index.js");
    const { checkConverterOptions } = await import("../../../src/framework/check-options.js");
    assert.throws(() => checkConverterOptions(syslog, { "min-priority": "medium" }), /min-priority.*Info, Low, Medium, High/);
  });
});
