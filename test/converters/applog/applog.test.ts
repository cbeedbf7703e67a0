// The applog converter: each declared program's own line format is read (time, pid, the message the
// rules see), the program is detected per file without `program`, syslog lines in the same file
// are read too, and detection tells an application log from syslog. Lines are written in each
// program's documented format (see the comments of src/converters/syslog/rules/applog-*.yaml).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { applog, detectApplog } from "../../../src/converters/applog/index.js";
import { syslog } from "../../../src/converters/syslog/index.js";
import { engineFor } from "../../../src/converters/syslog/index.js";
import { compileLogFormat } from "../../../src/converters/syslog/logformat.js";
import { LogFormatSet } from "../../../src/converters/syslog/applog-parse.js";
import { parseSyslog } from "../../../src/converters/syslog/parse-syslog.js";
import { convertOne, convertWith, REFERENCE_NOW, ruleIdOf, setUpRun, sharedRun } from "../syslog/helpers.js";

function convertApplog(
  line: string,
  options: Record<string, unknown> = {},
  file = "app.log",
  lineNumber = 1,
): { messages: Record<string, unknown>[]; skipped: string | undefined } {
  return convertWith(sharedRun(applog, { timezone: "Z", ...options }), line, file, lineNumber);
}

const options = { referenceMs: Date.parse(REFERENCE_NOW), timezone: "Z" };

describe("applog line formats", () => {
  const formats = engineFor({}).formats;
  const cases: [program: string, line: string, time: string | undefined, message: string][] = [
    [
      "apache",
      "[Fri Sep 09 10:42:29.902022 2011] [core:error] [pid 35708:tid 4328636416] [client 192.0.2.1:51234] AH00128: File does not exist: /x",
      "2011-09-09T10:42:29.902022Z",
      "[client 192.0.2.1:51234] AH00128: File does not exist: /x",
    ],
    [
      "apache",
      "[Wed Oct 11 14:32:52 2000] [error] [client 127.0.0.1] client denied by server configuration: /a",
      "2000-10-11T14:32:52Z",
      "[client 127.0.0.1] client denied by server configuration: /a",
    ],
    [
      "nginx",
      "2011/09/09 10:42:29 [error] 1234#0: *1 access forbidden by rule, client: 192.0.2.2, server: a",
      "2011-09-09T10:42:29Z",
      "access forbidden by rule, client: 192.0.2.2, server: a",
    ],
    [
      "exim",
      "2013-01-01 12:00:00.123 +0100 [4321] 1TlOjD-0003Zq-Iu <= a@b.c H=x [192.0.2.3]",
      "2013-01-01T12:00:00.123+01:00",
      "1TlOjD-0003Zq-Iu <= a@b.c H=x [192.0.2.3]",
    ],
    [
      "asterisk",
      "[Mar 27 10:06:14] NOTICE[1234] chan_sip.c: Registration from '<sip:1@x>' failed for '192.0.2.4' - Wrong password",
      "2025-03-27T10:06:14Z",
      "NOTICE[1234] chan_sip.c: Registration from '<sip:1@x>' failed for '192.0.2.4' - Wrong password",
    ],
    [
      "asterisk",
      "[2012-02-13 17:21:54] NOTICE[1638][C-00000010] chan_sip.c: x",
      "2012-02-13T17:21:54Z",
      "NOTICE[1638][C-00000010] chan_sip.c: x",
    ],
    [
      "named",
      "13-Mar-2015 12:45:46.123 security: info: client @0x7f00 192.0.2.5#53 (x): query (cache) 'x/A/IN' denied",
      "2015-03-13T12:45:46.123Z",
      "security: info: client @0x7f00 192.0.2.5#53 (x): query (cache) 'x/A/IN' denied",
    ],
    [
      "mysql",
      "2016-01-02T12:00:00.123456Z 3 [Note] Access denied for user 'root'@'192.0.2.6' (using password: YES)",
      "2016-01-02T12:00:00.123456Z",
      "3 [Note] Access denied for user 'root'@'192.0.2.6' (using password: YES)",
    ],
    [
      "mysql",
      "130118  1:05:30 [Warning] Access denied for user 'a'@'192.0.2.7' (using password: NO)",
      "2013-01-18T01:05:30Z",
      "[Warning] Access denied for user 'a'@'192.0.2.7' (using password: NO)",
    ],
    [
      "mysql",
      "2019-01-01 12:00:00 140 [Warning] Access denied for user 'a'@'192.0.2.8' (using password: YES)",
      "2019-01-01T12:00:00Z",
      "140 [Warning] Access denied for user 'a'@'192.0.2.8' (using password: YES)",
    ],
    [
      "vsftpd",
      'Mon Oct 24 11:32:53 2016 [pid 1] [x] FAIL LOGIN: Client "192.0.2.9"',
      "2016-10-24T11:32:53Z",
      '[pid 1] [x] FAIL LOGIN: Client "192.0.2.9"',
    ],
    [
      "roundcube",
      "[22-Jan-2013 22:28:21 +0200]: FAILED login for admin from 192.0.2.10",
      "2013-01-22T22:28:21+02:00",
      "FAILED login for admin from 192.0.2.10",
    ],
    ["roundcube", "[22-Jan-2013 22:28:21 Europe/Berlin]: <abc> IMAP Error: x", "2013-01-22T22:28:21+01:00", "<abc> IMAP Error: x"],
    [
      "proftpd",
      "2015-04-16 21:51:02,805 zuse proftpd[26189] zuse.domain.com (h[192.0.2.11]): USER root (Login failed): Incorrect password",
      "2015-04-16T21:51:02.805Z",
      "zuse.domain.com (h[192.0.2.11]): USER root (Login failed): Incorrect password",
    ],
    [
      "dovecot",
      "Jun 28 12:00:00 imap-login: Info: Disconnected (auth failed, 1 attempts): user=<a>, rip=192.0.2.12, lip=10.0.0.1",
      "2025-06-28T12:00:00Z",
      "imap-login: Disconnected (auth failed, 1 attempts): user=<a>, rip=192.0.2.12, lip=10.0.0.1",
    ],
    [
      "dovecot",
      "Mar 13 15:25:07 Info: auth(default): pam(a,192.0.2.13): pam_authenticate() failed",
      "2025-03-13T15:25:07Z",
      "auth(default): pam(a,192.0.2.13): pam_authenticate() failed",
    ],
    [
      "openvpn",
      "Mon Jan  2 12:00:00 2023 us=123456 192.0.2.14:1194 TLS Error: TLS handshake failed",
      "2023-01-02T12:00:00Z",
      "192.0.2.14:1194 TLS Error: TLS handshake failed",
    ],
    [
      "mongodb",
      '{"t":{"$date":"2020-05-01T12:00:00.000+00:00"},"s":"I","c":"ACCESS","id":20249}',
      "2020-05-01T12:00:00.000+00:00",
      '{"t":{"$date":"2020-05-01T12:00:00.000+00:00"},"s":"I","c":"ACCESS","id":20249}',
    ],
    [
      "fail2ban",
      "2013-12-02 17:33:54,321 fail2ban.actions        [1234]: NOTICE  [sshd] Ban 192.0.2.15",
      "2013-12-02T17:33:54.321Z",
      "NOTICE  [sshd] Ban 192.0.2.15",
    ],
    [
      "fail2ban",
      "2013-12-02 17:33:54,321 fail2ban.actions: WARNING [ssh] Ban 192.0.2.16",
      "2013-12-02T17:33:54.321Z",
      "WARNING [ssh] Ban 192.0.2.16",
    ],
  ];
  for (const [program, line, time, message] of cases) {
    it(`${program}: ${line.slice(0, 60)}`, () => {
      const format = formats.lookup(program);
      assert.ok(format !== undefined, program);
      const record = formats.parseWith(format, line, options);
      assert.ok(record !== undefined, `not read: ${line}`);
      assert.deepEqual([record.program, record.timestamp, record.message], [program, time, message]);
      // Without `program`, the first format that reads it is the same program.
      assert.equal(formats.first(line, options)?.program, program);
    });
  }
  it("keeps the program's aliases (httpd, apache2, mysqld, bind ...)", () => {
    for (const [alias, program] of [
      ["httpd", "apache"],
      ["apache2", "apache"],
      ["mysqld", "mysql"],
      ["mariadb", "mysql"],
      ["bind", "named"],
      ["exim4", "exim"],
    ]) {
      assert.equal(formats.lookup(alias!)?.spec.program, program);
    }
  });
});

describe("applog converter", () => {
  it("raises the same alerts as syslog for a program's own log lines (apache and nginx rules)", () => {
    const a = convertApplog(
      '[Sat Jun 01 11:23:08 2013] [error] [client 192.0.2.21] user bob: authentication failure for "/": Password Mismatch',
      { program: "apache" },
    );
    assert.equal(ruleIdOf(a.messages[0]), "apache.auth-password-mismatch");
    assert.equal(a.messages[0]!["CreateTime"], "2013-06-01T11:23:08Z");
    const n = convertApplog(
      '2015/01/20 13:09:12 [error] 7452#0: *1 limiting requests, excess: 0.520 by zone "one", client: 192.0.2.45, server: e, request: "GET / HTTP/1.1"',
    );
    assert.equal(ruleIdOf(n.messages[0]), "nginx.limiting-requests");
  });

  it("Apache 2.4 IPv6 client: the port is not taken into the address (2.2 has no port)", () => {
    const sourceOf = (message: Record<string, unknown> | undefined) => {
      const source = (message?.["Source"] as { IP?: string; Port?: number[] }[] | undefined)?.[0];
      return source === undefined ? undefined : { IP: source.IP, Port: source.Port };
    };
    const lines: [line: string, ip: string, port: number | undefined][] = [
      [
        '[Sat Jun 01 11:23:08.123456 2013] [auth_basic:error] [pid 1234:tid 5] [client 2001:db8::1:51234] AH01617: user bob: authentication failure for "/": Password Mismatch',
        "2001:db8::1",
        51234,
      ],
      // The last group looks like a port but is short: still the 2.4 form, so still the port.
      [
        "[Sat Jun 01 11:23:08.1 2013] [authz_core:error] [pid 7] [client 2001:db8::1:5123] AH01630: client denied by server configuration: /x",
        "2001:db8::1",
        5123,
      ],
      [
        "[Sat Jun 01 11:23:08.1 2013] [core:info] [pid 7] [client ::1:40000] AH00128: File does not exist: /var/www/wp-login.php",
        "::1",
        40000,
      ],
      // 2.2: `[level]` only, and the address alone, whatever its last group.
      [
        "[Sat Jun 01 11:23:08 2013] [error] [client 2001:db8::1:5123] client denied by server configuration: /x",
        "2001:db8::1:5123",
        undefined,
      ],
      // The same through syslog (ErrorLog syslog:).
      [
        "Jun  1 11:23:08 web httpd[1234]: [authz_core:error] [pid 1234] [client 2001:db8:0:1::7:443] AH01630: client denied by server configuration: /x",
        "2001:db8:0:1::7",
        443,
      ],
      [
        "[Sat Jun 01 11:23:08.1 2013] [authz_core:error] [pid 7] [client 192.0.2.9:5123] AH01630: client denied by server configuration: /x",
        "192.0.2.9",
        5123,
      ],
    ];
    for (const [line, ip, port] of lines) {
      const { messages } = convertApplog(line, { program: "apache" });
      assert.deepEqual(sourceOf(messages[0]), { IP: ip, Port: port === undefined ? undefined : [port] }, line);
      // The description names the address once, with no "unknown" for the alternatives not taken.
      const description = String(messages[0]!["Description"]);
      assert.ok(description.includes(` ${ip} `) && !description.includes("unknown"), description);
      // Detected without -O program, the same.
      const detected = convertOne(line).messages[0];
      assert.equal(sourceOf(detected)?.IP, ip, line);
    }
  });
  it("reads syslog lines in the same file, and rejects a line that is neither, naming the program", () => {
    const s = convertApplog("Feb 20 08:35:22 slave22 sshd[5774]: Failed password for root from 216.160.83.57 port 29160 ssh2", {
      program: "apache",
    });
    assert.equal(ruleIdOf(s.messages[0]), "sshd.failed-auth");
    assert.throws(() => convertApplog("complete garbage here", { program: "nginx" }), /neither nginx's log format nor syslog/);
  });

  it("refuses an unknown program before reading, listing the known ones", () => {
    assert.throws(() => setUpRun(applog, { program: "nosuchd" }), /program.*apache.*nginx/s);
    assert.doesNotThrow(() => setUpRun(applog, { program: "httpd", timezone: "Europe/Paris", "min-priority": "Low" }));
  });

  it("the syslog converter falls back to the declared formats for a line that is not syslog", () => {
    const { messages } = convertOne(
      '2012/04/09 11:53:36 [error] 2865#0: *66647 user "xyz": password mismatch, client: 192.0.2.43, server: w, request: "GET / HTTP/1.1"',
    );
    assert.equal(ruleIdOf(messages[0]), "nginx.auth-password-mismatch");
  });

  it("detection: an application log goes to applog, a syslog file to syslog, without ambiguity", () => {
    const apacheLog = [
      "[Wed Oct 11 14:32:52 2000] [error] [client 127.0.0.1] client denied by server configuration: /a",
      "[Wed Oct 11 14:32:53 2000] [error] [client 127.0.0.2] File does not exist: /b",
    ].join("\n");
    assert.ok(detectApplog(apacheLog) >= 0.95);
    assert.ok(syslog.detect!(apacheLog) < 0.5);
    const syslogFile =
      "Feb 20 08:35:22 slave22 sshd[5774]: Failed password for root from 216.160.83.57 port 29160 ssh2\n2016-10-24 11:32:53 host sshd[1]: Accepted password for a from 192.0.2.1 port 2 ssh2\n";
    assert.equal(detectApplog(syslogFile), 0);
    assert.ok(syslog.detect!(syslogFile) >= 0.85);
  });
});

describe("logformat declarations", () => {
  it("syslogPrefix as a list: the first form that fits is cut and its message template put in its place", () => {
    const format = compileLogFormat(
      {
        program: "demo",
        syslogTags: ["demo"],
        lines: [{ prefix: "^(?<time>\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d) " }],
        syslogPrefix: [{ prefix: "^v2 (?<who>[a-z]{1,10}) ", message: "[{who}] " }, { prefix: "^v1 " }],
      },
      "demo.yaml",
    );
    const formats = new LogFormatSet([format]);
    const record = (message: string) => parseSyslog(`Jun  1 11:23:08 web demo[1]: ${message}`, options);
    assert.equal(formats.unwrapSyslog(record("v2 bob hello")).message, "[bob] hello");
    assert.equal(formats.unwrapSyslog(record("v1 hello")).message, "hello");
    assert.equal(formats.unwrapSyslog(record("v3 hello")).message, "v3 hello");
  });

  it("a bad declaration names the file and the problem", () => {
    const base = { program: "demo", lines: [{ prefix: "^x " }] };
    assert.throws(
      () => compileLogFormat({ ...base, syslogPrefix: [{ prefix: "x" }] }, "demo.yaml"),
      /demo\.yaml: logformat syslogPrefix\[0\]\.prefix: must be .*anchored/,
    );
    assert.throws(
      () => compileLogFormat({ ...base, syslogPrefix: [{ prefix: "^x", time: "auto" }] }, "demo.yaml"),
      /demo\.yaml: .*syslogPrefix\[0\]: unknown key "time"/,
    );
    assert.throws(
      () => compileLogFormat({ ...base, syslogPrefix: [{ prefix: "^x", message: "{nope}" }] }, "demo.yaml"),
      /names group \{nope\}/,
    );
    assert.throws(
      () => compileLogFormat({ ...base, syslogPrefix: 3 }, "demo.yaml"),
      /demo\.yaml: logformat syslogPrefix: must be a regular expression or a list/,
    );
  });
});
