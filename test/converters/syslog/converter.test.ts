// The syslog converter end to end on single lines: skips, rejects with a column, repeat lines,
// user rule files and disabled rules, address injection, hostile long lines, detection.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConversionError, IdmefError } from "../../../src/core/errors.js";
import { MAX_RULE_INPUT, TOO_LONG_REASON, syslog } from "../../../src/converters/syslog/index.js";
import { convertOne, ruleIdOf } from "./helpers.js";

function sourceOf(message: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  return (message?.["Source"] as Record<string, unknown>[] | undefined)?.[0];
}

describe("syslog converter", () => {
  it('skips lines no rule matches with reason "no rule matched", and MARK lines', () => {
    assert.equal(
      convertOne("Jun 14 15:16:02 combo sshd(pam_unix)[19937]: session opened for user root by (uid=0)").skipped,
      "no rule matched",
    );
    assert.equal(convertOne("Feb 18 16:01:59 serverX -- MARK --").skipped, "syslog MARK line");
  });

  it("rejects an unparsable line with a ConversionError that names the column", () => {
    try {
      convertOne("<34>Oct 11 22:14:15mymachine su: x");
      assert.fail("no error");
    } catch (error) {
      assert.ok(error instanceof ConversionError);
      assert.deepEqual(error.place, { file: "test.log", line: 1, column: 20 });
      assert.match(error.message, /column 20: expected a space after the timestamp/);
    }
  });

  it("gives a line without a time stamp (RFC 5424 NILVALUE, `host prog[pid]:`) the time it was read, and says so", () => {
    for (const line of [
      "<38>1 - host sshd 1 - - Invalid user a from 192.0.2.1 port 2",
      "host sshd[1]: Invalid user a from 192.0.2.1 port 2",
    ]) {
      const { messages } = convertOne(line);
      assert.equal(messages[0]!["CreateTime"], "2026-01-15T12:00:00Z", line);
      assert.match(String(messages[0]!["Note"]), /the line has no time stamp: CreateTime is the time it was read/);
    }
  });

  it("says in the Note which zone a zone-less stamp was read in", () => {
    const { messages } = convertOne("Feb 20 08:35:22 slave22 sshd[5774]: Failed password for root from 216.160.83.57 port 29160 ssh2", {
      timezone: "Europe/Paris",
    });
    assert.equal(messages[0]!["CreateTime"], "2025-02-20T08:35:22+01:00");
    assert.match(String(messages[0]!["Note"]), /no zone: read in Europe\/Paris, year inferred/);
  });

  describe("repeat lines", () => {
    it("re-raises the previous event of the same file for syslogd's 'last message repeated N times'", () => {
      const file = "repeat-a.log";
      convertOne("Feb  5 13:07:50 gw sshd[9]: Failed password for root from 198.51.100.9 port 4242 ssh2", {}, file);
      const { messages } = convertOne("Feb  5 13:07:52 gw last message repeated 4 times", {}, file, 2);
      assert.equal(messages.length, 1);
      assert.equal(ruleIdOf(messages[0]), "sshd.failed-auth");
      assert.match(String(messages[0]!["Note"]), /repeated 4 times/);
      assert.equal(messages[0]!["CreateTime"], "2025-02-05T13:07:52Z");
      assert.equal(sourceOf(messages[0])?.["IP"], "198.51.100.9");
    });

    it("skips the repeat of a line that matched no rule", () => {
      const file = "repeat-b.log";
      convertOne("Feb  5 13:07:50 gw cron[9]: nothing to see", {}, file);
      assert.equal(convertOne("Feb  5 13:07:52 gw last message repeated 2 times", {}, file, 2).skipped, "repeat of a line no rule matched");
    });

    it("forgets the previous run's last event when an input starts again at line 1", () => {
      const file = "repeat-c.log";
      convertOne("Feb  5 13:07:50 gw sshd[9]: Failed password for root from 198.51.100.9 port 4242 ssh2", {}, file);
      assert.equal(convertOne("Feb  5 13:07:52 gw last message repeated 2 times", {}, file, 1).skipped, "repeat of a line no rule matched");
    });

    it("reads rsyslog's 'message repeated N times: [ msg ]' as the event, with the count", () => {
      const { messages } = convertOne(
        "Feb  5 13:07:52 gw sshd[9]: message repeated 5 times: [ Failed password for root from 198.51.100.9 port 4242 ssh2]",
      );
      assert.equal(ruleIdOf(messages[0]), "sshd.failed-auth");
      assert.match(String(messages[0]!["Note"]), /repeated 5 times/);
    });

    it("reads rsyslog's form for any program's rules (the parser unwraps it, not a rule)", () => {
      const { messages } = convertOne(
        "Feb  5 13:07:52 mx postfix/smtpd[7]: message repeated 3 times: [ warning: unknown[198.51.100.10]: SASL LOGIN authentication failed: UGFzc3dvcmQ6]",
      );
      assert.equal(ruleIdOf(messages[0]), "postfix.sasl-failed");
      assert.equal(sourceOf(messages[0])?.["IP"], "198.51.100.10");
      assert.match(String(messages[0]!["Note"]), /repeated 3 times/);
    });

    it("re-raises the previous event for syslog-ng's 'Last message '...' repeated N times' when the quote is that line's start", () => {
      const file = "repeat-d.log";
      convertOne("Feb  5 13:07:50 gw sshd[9]: Failed password for root from 198.51.100.11 port 4242 ssh2", {}, file);
      for (const [n, line] of [
        "Feb  5 13:07:52 gw sshd: Last message 'Failed password for ' repeated 3 times, suppressed by syslog-ng on gw",
        "Feb  5 13:07:53 gw sshd[9]: Last message 'Failed password for ' repeated 1 time",
        // The tag quoted too (syslog-ng did not parse it), and no tag on the summary line.
        "Feb  5 13:07:54 gw Last message 'sshd[9]: Failed pass' repeated 2 times, suppressed by syslog-ng on gw.example.org",
      ].entries()) {
        const { messages } = convertOne(line, {}, file, n + 2);
        assert.equal(ruleIdOf(messages[0]), "sshd.failed-auth", line);
        assert.equal(sourceOf(messages[0])?.["IP"], "198.51.100.11", line);
        assert.match(String(messages[0]!["Note"]), n === 1 ? /syslog rule sshd\.failed-auth; (?!repeated)/ : /repeated [23] times/, line);
      }
    });

    it("skips syslog-ng's summary when it quotes another line than the last event", () => {
      const file = "repeat-e.log";
      convertOne("Feb  5 13:07:50 gw sshd[9]: Failed password for root from 198.51.100.12 port 4242 ssh2", {}, file);
      const other = convertOne(
        "Feb  5 13:07:52 gw sshd: Last message 'Connection closed b' repeated 2 times, suppressed by syslog-ng on gw",
        {},
        file,
        2,
      );
      assert.equal(other.skipped, "repeat of a line no rule matched");
      assert.deepEqual(other.messages, []);
    });
  });

  describe("addresses cannot be injected through attacker-chosen text", () => {
    it("sshd: a user name holding 'from 1.2.3.4 port 22' does not move the source", () => {
      const { messages } = convertOne("Jan  1 00:00:00 h sshd[1]: Invalid user admin from 1.2.3.4 port 22 from 203.0.113.5 port 5555");
      assert.deepEqual(sourceOf(messages[0]), { ID: sourceOf(messages[0])!["ID"], IP: "203.0.113.5", Port: [5555] });
      const failed = convertOne(
        "Jan  1 00:00:00 h sshd[1]: Failed password for invalid user x from 1.2.3.4 port 22 ssh2 from 203.0.113.5 port 5555 ssh2",
      );
      assert.equal(sourceOf(failed.messages[0])?.["IP"], "203.0.113.5");
    });

    it("pam: a user name holding 'rhost=1.2.3.4' does not move the source", () => {
      const { messages } = convertOne(
        "Jan  1 00:00:00 h sshd[1]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.6  user=a rhost=1.2.3.4",
      );
      assert.equal(sourceOf(messages[0])?.["IP"], "203.0.113.6");
    });

    it("pam: a crafted ruser with spaces gives an alert without any source rather than a wrong one", () => {
      const { messages } = convertOne(
        "Jan  1 00:00:00 h dovecot[1]: pam_unix(dovecot:auth): authentication failure; logname= uid=0 euid=0 tty=dovecot ruser=x rhost=1.2.3.4 y rhost=203.0.113.6 user=x",
      );
      assert.equal(ruleIdOf(messages[0]), "pam.auth-failure-unparsed");
      assert.equal(messages[0]!["Source"], undefined);
    });

    it("IPv4-mapped IPv6 becomes IPv4, a host name goes to Hostname and never to IP", () => {
      const mapped = convertOne("Jan  1 00:00:00 h sshd[1]: Failed password for root from ::ffff:198.51.100.20 port 22 ssh2");
      assert.equal(sourceOf(mapped.messages[0])?.["IP"], "198.51.100.20");
      const named = convertOne(
        "Jan  1 00:00:00 h sshd[1]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=attacker.example.net  user=root",
      );
      assert.deepEqual(Object.keys(sourceOf(named.messages[0])!).sort(), ["Hostname", "ID"]);
      assert.equal(sourceOf(named.messages[0])?.["Hostname"], "attacker.example.net");
      const v6 = convertOne("Jan  1 00:00:00 h sshd[1]: Failed password for root from 2001:DB8::1 port 22 ssh2");
      assert.equal(sourceOf(v6.messages[0])?.["IP"], "2001:db8::1");
    });

    it("the logging host is the Analyzer (IP or Hostname) and the default Target", () => {
      const { messages } = convertOne("Aug 18 07:30:25 192.168.1.5 sshd[20247]: Failed none for root from 192.168.1.1 port 36942 ssh2");
      const analyzer = messages[0]!["Analyzer"] as Record<string, unknown>;
      assert.equal(analyzer["Name"], "192.168.1.5");
      assert.equal(analyzer["IP"], "192.168.1.5");
      assert.equal(analyzer["Hostname"], undefined);
      assert.equal(analyzer["Model"], "sshd");
    });
  });

  describe("user rule files and disabled rules (options.syslog.rules / disabledRules)", () => {
    const dir = mkdtempSync(join(tmpdir(), "idmefv2-syslog-rules-"));
    const ruleFile = join(dir, "custom.yaml");
    writeFileSync(
      ruleFile,
      [
        "rules:",
        "  - id: custom.app-login-failed",
        "    programs: [myapp]",
        "    pattern: '^login failed for (?<user>\\S+) from (?<ip>[0-9.]+)$'",
        "    category: [Access.Forced]",
        "    priority: High",
        "    description: 'myapp login failed for {user}'",
        "    source: { address: '{ip}' }",
        "    target: { user: '{user}', service: myapp }",
        "    samples:",
        "      - line: 'Jan  1 00:00:00 h myapp[1]: login failed for bob from 192.0.2.8'",
        "        expect: { Priority: High }",
        "",
      ].join("\n"),
    );

    it("adds the rules of a user file", () => {
      const { messages } = convertOne("Jan  1 00:00:00 h myapp[1]: login failed for bob from 192.0.2.8", { rules: [ruleFile] });
      assert.equal(ruleIdOf(messages[0]), "custom.app-login-failed");
      assert.equal(messages[0]!["Description"], "myapp login failed for bob");
      assert.equal(convertOne("Jan  1 00:00:00 h myapp[1]: login failed for bob from 192.0.2.8").skipped, "no rule matched");
    });

    it("switches built-in rules off by id", () => {
      const line = "Feb 21 21:56:12 localhost sshd[3430]: Invalid user test from 10.0.2.2";
      assert.equal(ruleIdOf(convertOne(line).messages[0]), "sshd.invalid-user");
      assert.equal(convertOne(line, { disabledRules: ["sshd.invalid-user"] }).skipped, "no rule matched");
    });

    it("reports a bad rule file by path, rule and problem", () => {
      const bad = join(dir, "bad.yaml");
      writeFileSync(
        bad,
        "rules:\n  - id: bad.one\n    programs: [x]\n    pattern: '(?<a>x)'\n    category: [Access.Forcd]\n    priority: High\n    description: d\n",
      );
      assert.throws(
        () => convertOne("Jan  1 00:00:00 h x[1]: x", { rules: bad }),
        (error: unknown) =>
          error instanceof IdmefError &&
          error.code === "CONFIG_ERROR" &&
          error.message.includes(bad) &&
          /rule bad\.one: category "Access\.Forcd" is not in the 2\.D\.V08 Category enum/.test(error.message),
      );
      const badGroup = join(dir, "bad-group.yaml");
      writeFileSync(
        badGroup,
        "rules:\n  - id: bad.two\n    programs: [x]\n    pattern: 'x'\n    category: [Access.Forced]\n    priority: High\n    description: 'd {nope}'\n",
      );
      assert.throws(() => convertOne("Jan  1 00:00:00 h x[1]: x", { rules: badGroup }), /template names group \{nope\}/);
    });
  });

  it("refuses a rule file that is not a regular file, or is over 1 MiB, before reading it", () => {
    const dir = mkdtempSync(join(tmpdir(), "idmefv2-syslog-rules-"));
    const notFile = (file: string) => (error: unknown) =>
      error instanceof IdmefError &&
      error.code === "CONFIG_ERROR" &&
      error.message.endsWith(`option "rules": syslog rule file ${file} is not a regular file`);
    // /dev/zero never ends: reading it used to hang the run.
    assert.throws(() => convertOne("Jan  1 00:00:00 h x[1]: x", { rules: "/dev/zero" }), notFile("/dev/zero"));
    assert.throws(() => convertOne("Jan  1 00:00:00 h x[1]: x", { rules: dir }), notFile(dir));
    const big = join(dir, "big.yaml");
    writeFileSync(big, `rules: []\n${"#".repeat(1024 * 1024)}\n`);
    assert.throws(
      () => convertOne("Jan  1 00:00:00 h x[1]: x", { rules: big }),
      /big\.yaml is 1048587 bytes, over the 1048576-byte limit for rule files/,
    );
  });

  it("shows line terminators inside a message to the rules as spaces (a \\r or U+2028 does not hide an event)", () => {
    for (const sep of ["\r", "\u2028", "\u2029"]) {
      const { messages } = convertOne(`Feb 21 21:56:12 localhost sshd[3430]: Invalid user a${sep}b from 10.0.2.2 port 22`);
      assert.equal(ruleIdOf(messages[0]), "sshd.invalid-user", JSON.stringify(sep));
      assert.deepEqual((messages[0]!["Target"] as { User?: string }[])[0]!.User, "a b");
    }
  });

  it('rejects a message over MAX_RULE_INPUT characters, and a following "last message repeated" does not repeat the event before it', () => {
    const event = "Feb 21 21:56:12 localhost sshd[3430]: Invalid user test from 10.0.2.2";
    assert.equal(convertOne(event, {}, "cap.log", 1).messages.length, 1);
    assert.throws(
      () => convertOne(`Feb 21 21:56:13 localhost sshd[3430]: Invalid user ${"x".repeat(MAX_RULE_INPUT)} from 10.0.2.2`, {}, "cap.log", 2),
      (error: unknown) => error instanceof ConversionError && error.message === TOO_LONG_REASON && error.place?.line === 2,
    );
    assert.equal(
      convertOne("Feb 21 21:56:14 localhost sshd[3430]: last message repeated 3 times", {}, "cap.log", 3).skipped,
      "repeat of a line no rule matched",
    );
    const justUnder = convertOne(
      `Feb 21 21:56:13 localhost sshd[3430]: Invalid user ${"x".repeat(MAX_RULE_INPUT - 40)} from 10.0.2.2`,
      {},
      "cap.log",
      4,
    );
    assert.equal(ruleIdOf(justUnder.messages[0]), "sshd.invalid-user");
  });

  it("rejects 1 MB hostile messages for every program family with the reason (too long for the rules)", { timeout: 60_000 }, () => {
    const mb = 1 << 20;
    const hostile = [
      `Jan  1 00:00:00 h sshd[1]: Failed password for ${" from 1.2.3.4 port".repeat(mb / 18)}`,
      `Jan  1 00:00:00 h sshd[1]: Invalid user ${"a".repeat(mb)} from`,
      `Jan  1 00:00:00 h sshd[1]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=${" rhost=".repeat(mb / 7)}`,
      `Jan  1 00:00:00 h kernel: ${"DROP ".repeat(mb / 5)}IN=`,
      `Jan  1 00:00:00 h kernel: [ 1.0] IN=eth0 OUT= SRC=1.2.3.4 DST=1.2.3.5 ${"PROTO=".repeat(mb / 6)}`,
      `Jan  1 00:00:00 h dovecot: imap-login: Disconnected (auth failed, 1 attempts): user=<${">, rip=".repeat(mb / 7)}`,
      `Jan  1 00:00:00 h dovecot: auth: sql(${",1.2.3.4): ".repeat(mb / 11)}`,
      `Jan  1 00:00:00 h sudo: ${"a ; PWD=".repeat(mb / 8)}`,
      `Jan  1 00:00:00 h postfix/smtpd[1]: warning: ${"x[".repeat(mb / 2)}`,
    ];
    for (const line of hostile) {
      assert.throws(
        () => convertOne(line),
        (error: unknown) => error instanceof ConversionError && error.message === TOO_LONG_REASON,
        line.slice(0, 60),
      );
    }
  });

  it("detects syslog samples and not JSON", () => {
    const sample =
      "Feb 20 08:35:22 slave22 sshd[5774]: Failed password for root from 216.160.83.57 port 29160 ssh2\n<34>1 2003-10-11T22:14:15.003Z h su - ID47 - x\n";
    assert.ok(syslog.detect!(sample) >= 0.8);
    assert.equal(syslog.detect!('{"timestamp":"2026-01-01T00:00:00Z","event_type":"alert"}\n'), 0);
  });
});
