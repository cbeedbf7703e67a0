// Every header form the writers of syslog files produce, through the public API as a user (or an
// acceptance check) runs it: runPipeline with the built-in converters, once with format `syslog`
// and once with no format given (detectFormat on a one-line file). Each form carries an sshd and a
// postfix event; each must give its alert with the attacker's address and the line's own time
// (or, for a form without a stamp, the read time and a Note that says so). The header shapes are
// taken from the writers' own format strings and documentation (named beside each form).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { builtinConverters, detectFormat, FormatRegistry, runPipeline, textInput, type Message } from "../../../src/index.js";
import { ruleIdOf } from "./helpers.js";

const NOW = "2026-01-15T12:00:00Z";
const registry = new FormatRegistry();
registry.registerAll(builtinConverters);

/** The events each form carries: tag program, pid, message, the rule and address it must give. */
const EVENTS = [
  ["sshd", "4242", "Failed password for invalid user x from 192.0.2.7 port 4242 ssh2", "sshd.failed-invalid-user", "192.0.2.7"],
  [
    "postfix/smtpd",
    "4321",
    "warning: unknown[192.0.2.8]: SASL LOGIN authentication failed: UGFzc3dvcmQ6",
    "postfix.sasl-failed",
    "192.0.2.8",
  ],
] as const;

/** [writer and form, line with %P (program) %I (pid) %M (message), CreateTime or "read" (no stamp)]. */
const FORMS: readonly (readonly [string, string, string])[] = [
  // rsyslog's built-in templates
  ["rsyslog TraditionalFileFormat", "Jan 15 11:59:58 web1 %P[%I]: %M", "2026-01-15T11:59:58Z"],
  ["rsyslog TraditionalFileFormat, one-digit day", "Jan  5 11:59:58 web1 %P[%I]: %M", "2026-01-05T11:59:58Z"],
  [
    "rsyslog FileFormat (RFC 3339, microseconds, offset)",
    "2026-01-15T11:59:58.123456+01:00 web1 %P[%I]: %M",
    "2026-01-15T11:59:58.123456+01:00",
  ],
  ["rsyslog FileFormat in UTC", "2026-01-15T11:59:58.123456Z web1 %P[%I]: %M", "2026-01-15T11:59:58.123456Z"],
  ["rsyslog SyslogProtocol23Format", "<38>1 2026-01-15T11:59:58.123456+01:00 web1 %P %I - - %M", "2026-01-15T11:59:58.123456+01:00"],
  [
    "RFC 5424 with structured data",
    '<38>1 2026-01-15T11:59:58.123456+01:00 web1 %P %I - [timeQuality tzKnown="1" isSynced="1"][origin ip="10.0.0.1"] %M',
    "2026-01-15T11:59:58.123456+01:00",
  ],
  ["RFC 5424 without PROCID, with a BOM", "<38>1 2026-01-15T11:59:58Z web1 %P - - - \uFEFF%M", "2026-01-15T11:59:58Z"],
  ["rsyslog ForwardFormat", "<38>2026-01-15T11:59:58.123456+01:00 web1 %P[%I]: %M", "2026-01-15T11:59:58.123456+01:00"],
  ["rsyslog TraditionalForwardFormat", "<38>Jan 15 11:59:58 web1 %P[%I]: %M", "2026-01-15T11:59:58Z"],
  ["a local /dev/log line (PRI, no host)", "<38>Jan 15 11:59:58 %P[%I]: %M", "2026-01-15T11:59:58Z"],
  // syslog-ng: ts_format(iso|rfc3164|bsd|unix), frac_digits(), $FULLDATE, $HOST_FROM/$HOST
  ["syslog-ng ts_format(iso)", "2026-01-15T11:59:58+01:00 web1 %P[%I]: %M", "2026-01-15T11:59:58+01:00"],
  ["syslog-ng ts_format(iso) frac_digits(3)", "2026-01-15T11:59:58.123+01:00 web1 %P[%I]: %M", "2026-01-15T11:59:58.123+01:00"],
  ["syslog-ng ts_format(unix)", "1768478398 web1 %P[%I]: %M", "2026-01-15T11:59:58Z"],
  ["syslog-ng ts_format(unix) frac_digits(3)", "1768478398.123 web1 %P[%I]: %M", "2026-01-15T11:59:58.123Z"],
  ["syslog-ng $FULLDATE", "2026 Jan 15 11:59:58 web1 %P[%I]: %M", "2026-01-15T11:59:58Z"],
  ["a BSD stamp with the year", "Jan 15 2026 11:59:58 web1 %P[%I]: %M", "2026-01-15T11:59:58Z"],
  ["syslog-ng keep_hostname(no) chain", "Jan 15 11:59:58 web1/web1 %P[%I]: %M", "2026-01-15T11:59:58Z"],
  // BSD syslogd -v / -vv: `<facility.priority>` before the host (FreeBSD, NetBSD fprintlog)
  ["BSD syslogd -v (numbers)", "Jan 15 11:59:58 <4.6> web1 %P[%I]: %M", "2026-01-15T11:59:58Z"],
  ["BSD syslogd -vv (names)", "Jan 15 11:59:58 <auth.info> web1 %P[%I]: %M", "2026-01-15T11:59:58Z"],
  ["facility.level in brackets after the host", "Jan 15 11:59:58 web1 <auth.info> %P[%I]: %M", "2026-01-15T11:59:58Z"],
  // busybox syslogd: "%s %.64s %s %s" (stamp, host, facility.priority or <pri>, message); -S drops the host
  ["busybox syslogd", "Jan 15 11:59:58 web1 authpriv.notice %P[%I]: %M", "2026-01-15T11:59:58Z"],
  ["busybox syslogd, unknown facility", "Jan 15 11:59:58 web1 <38> %P[%I]: %M", "2026-01-15T11:59:58Z"],
  ["busybox syslogd -S", "Jan 15 11:59:58 %P[%I]: %M", "2026-01-15T11:59:58Z"],
  ["busybox syslogd, precise time stamps", "Jan 15 11:59:58.123456 web1 auth.info %P[%I]: %M", "2026-01-15T11:59:58.123456Z"],
  // metalog: "%s [%s] %s" (stamp, program, message), no host
  ["metalog", "Jan 15 11:59:58 [%P] %M", "2026-01-15T11:59:58Z"],
  // socklog, svlogd -t/-tt, multilog t (TAI64N)
  ["multilog / svlogd -t (TAI64N)", "@400000006968c4591d0a2c04 %P[%I]: %M", "2026-01-15T10:41:19.487205892Z"],
  ["socklog behind TAI64N", "@400000006968c4591d0a2c04 auth.info: Jan 15 11:59:58 %P[%I]: %M", "2026-01-15T11:59:58Z"],
  ["socklog behind svlogd -tt", "2026-01-15_11:59:58.12345 auth.info: Jan 15 11:59:58 %P[%I]: %M", "2026-01-15T11:59:58Z"],
  ["svlogd -tt", "2026-01-15_11:59:58.12345 %P[%I]: %M", "2026-01-15T11:59:58.12345Z"],
  // container log files: CRI (containerd, CRI-O) `stamp stdout|stderr F|P line`
  ["CRI log line holding a syslog line", "2026-01-15T11:59:58.123456789Z stderr F Jan 15 11:59:58 web1 %P[%I]: %M", "2026-01-15T11:59:58Z"],
  ["CRI log line holding a tagged line", "2026-01-15T11:59:58.123456789+01:00 stdout F %P[%I]: %M", "2026-01-15T11:59:58.123456789+01:00"],
  ["CRI partial line", "2026-01-15T11:59:58.123456789Z stdout P %P[%I]: %M", "2026-01-15T11:59:58.123456789Z"],
  // journalctl's text outputs
  ["journalctl -o short-iso", "2026-01-15T11:59:58+0100 web1 %P[%I]: %M", "2026-01-15T11:59:58+01:00"],
  ["journalctl -o short-precise", "Jan 15 11:59:58.123456 web1 %P[%I]: %M", "2026-01-15T11:59:58.123456Z"],
  ["journalctl -o short-full", "Thu 2026-01-15 11:59:58 CET web1 %P[%I]: %M", "2026-01-15T11:59:58+01:00"],
  ["journalctl -o short-full in UTC", "Thu 2026-01-15 11:59:58 UTC web1 %P[%I]: %M", "2026-01-15T11:59:58Z"],
  ["journalctl -o short-monotonic", "[  123.456789] web1 %P[%I]: %M", "read"],
  ["journalctl -o short-delta", "[  123.456789 <    0.000123>] web1 %P[%I]: %M", "read"],
  ["journalctl -o short-unix", "1768478398.123456 web1 %P[%I]: %M", "2026-01-15T11:59:58.123456Z"],
  // Solaris / illumos message IDs, AIX
  ["Solaris message ID", "Jan 15 11:59:58 web1 %P[%I]: [ID 800047 auth.info] %M", "2026-01-15T11:59:58Z"],
  ["AIX facility|facility:level", "Jan 15 11:59:58 web1 auth|security:info %P[%I]: %M", "2026-01-15T11:59:58Z"],
  ["AIX facility:level", "Jan 15 11:59:58 web1 mail:info %P[%I]: %M", "2026-01-15T11:59:58Z"],
  ["AIX relaying", "Jan 15 11:59:58 relay Message forwarded from web1: %P[%I]: %M", "2026-01-15T11:59:58Z"],
  // macOS
  ["macOS log show --style syslog", "2026-01-15 11:59:58.123456+0100  localhost %P[%I]: %M", "2026-01-15T11:59:58.123456+01:00"],
  [
    "macOS log show (default style)",
    "2026-01-15 11:59:58.123456+0100 0x1a2b     Default     0x0                  %I    0    %P: %M",
    "2026-01-15T11:59:58.123456+01:00",
  ],
  ["macOS ASL (10.4-10.11)", "Jan 15 11:59:58 mac %P[%I] <Error>: %M", "2026-01-15T11:59:58Z"],
  // other stamps relays and collectors write
  ["ctime", "Thu Jan 15 11:59:58 2026 web1 %P[%I]: %M", "2026-01-15T11:59:58Z"],
  ["BSD stamp with milliseconds", "Jan 15 11:59:58.123 web1 %P[%I]: %M", "2026-01-15T11:59:58.123Z"],
  ["ISO date, space", "2026-01-15 11:59:58 web1 %P[%I]: %M", "2026-01-15T11:59:58Z"],
  ["ISO date, comma milliseconds", "2026-01-15 11:59:58,123 web1 %P[%I]: %M", "2026-01-15T11:59:58.123Z"],
  ["ISO date, dot milliseconds", "2026-01-15 11:59:58.123 web1 %P[%I]: %M", "2026-01-15T11:59:58.123Z"],
  ["ISO date with offset", "2026-01-15 11:59:58+01:00 web1 %P[%I]: %M", "2026-01-15T11:59:58+01:00"],
  ["ISO date, spaced offset", "2026-01-15 11:59:58.123 +0100 web1 %P[%I]: %M", "2026-01-15T11:59:58.123+01:00"],
  ["ISO date, zone name", "2026-01-15 11:59:58 CET web1 %P[%I]: %M", "2026-01-15T11:59:58+01:00"],
  // host names
  ["FQDN host", "Jan 15 11:59:58 web1.example.com %P[%I]: %M", "2026-01-15T11:59:58Z"],
  ["IPv4 host", "Jan 15 11:59:58 192.0.2.200 %P[%I]: %M", "2026-01-15T11:59:58Z"],
  ["IPv6 host", "Jan 15 11:59:58 2001:db8::1 %P[%I]: %M", "2026-01-15T11:59:58Z"],
  ["bracketed IPv6 host", "Jan 15 11:59:58 [2001:db8::1] %P[%I]: %M", "2026-01-15T11:59:58Z"],
  // grep output over log files: -H (file name), -n (line number), both; a path or a bare name
  ["grep -H", "/var/log/auth.log:Jan 15 11:59:58 web1 %P[%I]: %M", "2026-01-15T11:59:58Z"],
  ["grep -h -n", "4711:Jan 15 11:59:58 web1 %P[%I]: %M", "2026-01-15T11:59:58Z"],
  ["grep -H -n", "auth.log.1:4711:Jan 15 11:59:58 web1 %P[%I]: %M", "2026-01-15T11:59:58Z"],
  ["grep -H over RFC 3339 lines", "/var/log/syslog:2026-01-15T11:59:58.123456+01:00 web1 %P[%I]: %M", "2026-01-15T11:59:58.123456+01:00"],
  ["cat -n", "  4711\tJan 15 11:59:58 web1 %P[%I]: %M", "2026-01-15T11:59:58Z"],
  // line ends: CRLF (a Windows copy), NUL padding after the message
  ["CRLF", "Jan 15 11:59:58 web1 %P[%I]: %M\r", "2026-01-15T11:59:58Z"],
  ["trailing NULs", "Jan 15 11:59:58 web1 %P[%I]: %M\0\0", "2026-01-15T11:59:58Z"],
  ["no stamp", "web1 %P[%I]: %M", "read"],
  ["no stamp, no host", "%P[%I]: %M", "read"],
];

/** Tag forms, with the sshd event only (the tag is the program's name). */
const TAGS: readonly (readonly [string, string])[] = [
  ["prog:", "Jan 15 11:59:58 web1 sshd: %M"],
  ["[prog]:", "Jan 15 11:59:58 web1 [sshd]: %M"],
  ["prog(sub)[pid]:", "Jan 15 11:59:58 web1 sshd(pam_unix)[4242]: %M"],
  ["prog/sub[pid]:", "Jan 15 11:59:58 web1 sshd/main[4242]: %M"],
  ["OpenSSH 9.8 sshd-session", "Jan 15 11:59:58 web1 sshd-session[4242]: %M"],
  ["prog[pid]: without a space", "Jan 15 11:59:58 web1 sshd[4242]:%M"],
  ["prog[pid] without ':'", "Jan 15 11:59:58 web1 sshd[4242] %M"],
  ["journalctl -o with-unit (Debian's ssh.service)", "Thu 2026-01-15 11:59:58 UTC web1 ssh.service[4242]: %M"],
  ["journalctl -o with-unit (sshd.service)", "Thu 2026-01-15 11:59:58 UTC web1 sshd.service[4242]: %M"],
  ["journalctl -o with-unit (a template instance)", "Thu 2026-01-15 11:59:58 UTC web1 sshd@1.service[4242]: %M"],
  ["prog: without stamp", "web1 sshd: %M"],
];

/**
 * A program's bare output (`sshd -D -e`, `journalctl -o cat`) as collectors store it, with their
 * stamp or none: the sshd event only (a bare line names no program; sshd's wordings are known).
 */
const BARE: readonly (readonly [string, string, string])[] = [
  ["journalctl -o cat / sshd -E file", "%M", "read"],
  ["sshd -e under multilog / svlogd -t (TAI64N)", "@400000006968c4591d0a2c04 %M", "2026-01-15T10:41:19.487205892Z"],
  ["sshd -e under svlogd -tt", "2026-01-15_11:59:58.12345 %M", "2026-01-15T11:59:58.12345Z"],
  ["docker logs -t", "2026-01-15T11:59:58.123456789Z %M", "2026-01-15T11:59:58.123456789Z"],
  ["CRI log line of a bare message", "2026-01-15T11:59:58.123456789Z stdout F %M", "2026-01-15T11:59:58.123456789Z"],
  ["CRI log line of sshd -e with its name", "2026-01-15T11:59:58.123456789Z stderr F sshd: %M", "2026-01-15T11:59:58.123456789Z"],
];

interface Outcome {
  readonly format: string;
  readonly messages: Message[];
  readonly rejected: string[];
}

/** One line as a one-line file: with `format`, or detected when it is undefined. */
async function convert(line: string, format: string | undefined): Promise<Outcome> {
  const text = `${line}\n`;
  const converter = format === undefined ? detectFormat(text, registry, "form.log").entry.converter : registry.get(format);
  const messages: Message[] = [];
  const rejected: string[] = [];
  await runPipeline({
    converter,
    options: converter.format === "syslog" || converter.format === "applog" ? { timezone: "Z", referenceTime: NOW } : {},
    now: () => NOW,
    inputs: [textInput("form.log", text)],
    sinks: {
      messages: { write: (m) => void messages.push(m) },
      rejects: { write: (r) => void rejected.push(JSON.stringify(r)) },
    },
  });
  return { format: converter.format, messages, rejected };
}

function expectAlert(what: string, got: Outcome, rule: string, ip: string, time: string): void {
  assert.deepEqual(got.rejected, [], `${what}: not rejected`);
  assert.equal(got.messages.length, 1, `${what}: one alert`);
  const m = got.messages[0]!;
  assert.equal(ruleIdOf(m as unknown as Record<string, unknown>), rule, what);
  assert.deepEqual(
    (m.Source ?? []).map((s) => s.IP),
    [ip],
    `${what}: attacker address`,
  );
  if (time === "read") {
    assert.equal(m.CreateTime, NOW, `${what}: read time`);
    assert.match(String(m.Note), /no time stamp/, `${what}: the Note says the line has no stamp`);
  } else {
    assert.equal(m.CreateTime, time, `${what}: the line's own time`);
  }
}

const fill = (template: string, program: string, pid: string, message: string): string =>
  template.replaceAll("%P", program).replaceAll("%I", pid).replaceAll("%M", message);

describe("header forms through runPipeline", () => {
  for (const [name, template, time] of FORMS) {
    it(name, async () => {
      for (const [program, pid, message, rule, ip] of EVENTS) {
        const line = fill(template, program, pid, message);
        expectAlert(`${line} (--from syslog)`, await convert(line, "syslog"), rule, ip, time);
        const detected = await convert(line, undefined);
        assert.equal(detected.format, "syslog", `${line}: detected as syslog`);
        expectAlert(`${line} (detected)`, detected, rule, ip, time);
      }
    });
  }
  for (const [name, template, time] of BARE) {
    it(`bare message: ${name}`, async () => {
      const [, , message, rule, ip] = EVENTS[0];
      const line = fill(template, "sshd", "4242", message);
      expectAlert(`${line} (--from syslog)`, await convert(line, "syslog"), rule, ip, time);
      expectAlert(`${line} (detected)`, await convert(line, undefined), rule, ip, time);
    });
  }
  it("`last message repeated N times` repeats the event before it, in a file", async () => {
    const [, , message, rule] = EVENTS[0];
    for (const format of ["syslog", undefined]) {
      const text = `Jan 15 11:59:58 web1 sshd[4242]: ${message}\nJan 15 11:59:59 web1 last message repeated 3 times\n`;
      const converter = format === undefined ? detectFormat(text, registry, "repeat.log").entry.converter : registry.get(format);
      const messages: Message[] = [];
      await runPipeline({
        converter,
        options: { timezone: "Z", referenceTime: NOW },
        now: () => NOW,
        inputs: [textInput("repeat.log", text)],
        sinks: { messages: { write: (m) => void messages.push(m) } },
      });
      assert.deepEqual(
        messages.map((m) => ruleIdOf(m as unknown as Record<string, unknown>)),
        [rule, rule],
        String(format),
      );
      assert.deepEqual(
        messages[1]!.Source?.map((s) => s.IP),
        ["192.0.2.7"],
      );
    }
  });
  for (const [name, template] of TAGS) {
    it(`tag ${name}`, async () => {
      const [, , message, rule, ip] = EVENTS[0];
      const line = fill(template, "sshd", "4242", message);
      const time = line.startsWith("Jan") || line.startsWith("Thu") ? "2026-01-15T11:59:58Z" : "read";
      expectAlert(`${line} (--from syslog)`, await convert(line, "syslog"), rule, ip, time);
      expectAlert(`${line} (detected)`, await convert(line, undefined), rule, ip, time);
    });
  }
});
