// Probe lines for the daemons whose own log files (or syslog lines) idmefv2 reads, written from each
// program's log format strings -- the source file or function is named in the comment above each
// line -- and run as a user hands the files over: detected, converted with runPipeline, each line
// also alone (pipeline-check.ts). A line with null must raise nothing above Info (startup, normal
// logins, normal queries, deliveries); an attack line must raise exactly that rule's alert with
// that attacker address. See docs/mapping-applog.md.
import { describe, it } from "node:test";
import { checkFile, type Expectation } from "./pipeline-check.js";

// Read as syslog: their lines are syslog-shaped (host or program where a syslog header has them).
const SYSLOG_SHAPED = new Set(["proftpd-system.log", "dovecot-auth.log"]);
// Files with a line that takes its address from an earlier line of the same connection.
const CONTEXT = new Set(["stunnel.log", "slapd.log"]);

const files: Record<string, readonly Expectation[]> = {
  "exim-mainlog": [
    ["2024-01-01 12:00:00 exim 4.96 daemon started: pid=1234, -q30m, listening for SMTP on [0.0.0.0]:25", null],
    // smtp_in.c, check_sync(): "SMTP protocol synchronization error (input sent without waiting for greeting): rejected connection from %s input=\"%s\""
    [
      '2024-01-01 12:00:01 SMTP protocol synchronization error (input sent without waiting for greeting): rejected connection from H=[192.0.2.1]:44123 input="GET / HTTP/1.1\\r\\n"',
      ["exim.sync-error", "192.0.2.1"],
    ],
    // smtp_in.c: "... (next input sent too soon: pipelining was not advertised): rejected \"%s\" %s next input=\"%s\""
    [
      '2024-01-01 12:00:02 SMTP protocol synchronization error (next input sent too soon: pipelining was not advertised): rejected "EHLO x" H=(x) [192.0.2.2]:1234 next input="QUIT\\r\\n"',
      ["exim.sync-error", "192.0.2.2"],
    ],
    // smtp_in.c, synprot_error() limit: "SMTP call from %s dropped: too many syntax or protocol errors (last command was \"%s\", %s)"
    [
      '2024-01-01 12:00:03 SMTP call from (User) [192.0.2.3]:1234 dropped: too many syntax or protocol errors (last command was "RCPT TO:<>", C=EHLO,MAIL,RCPT)',
      ["exim.call-dropped", "192.0.2.3"],
    ],
    // smtp_in.c: "SMTP call from %s dropped: too many nonmail commands (last was \"%.*s\")"
    [
      '2024-01-01 12:00:04 SMTP call from [192.0.2.4]:1234 dropped: too many nonmail commands (last was "RSET")',
      ["exim.call-dropped", "192.0.2.4"],
    ],
    // smtp_in.c: "SMTP call from %s dropped: too many unrecognized commands (last was \"%s\")"
    [
      '2024-01-01 12:00:05 SMTP call from host.example.com [192.0.2.5] dropped: too many unrecognized commands (last was "xyz")',
      ["exim.call-dropped", "192.0.2.5"],
    ],
    // acl.c / smtp_in.c RCPT rejection with +pid: "%s F=<%s> rejected RCPT <%s>: %s"
    [
      "2024-01-01 12:00:06 [1234] H=(x) [192.0.2.6]:1234 F=<a@b.example> rejected RCPT <c@d.example>: relay not permitted",
      ["exim.relay-not-permitted", "192.0.2.6"],
    ],
    [
      "2024-01-01 12:00:07 H=(x) [192.0.2.7] sender verify fail for <a@b.example>: Unrouteable address",
      ["exim.sender-verify-fail", "192.0.2.7"],
    ],
    // host.c: "no IP address found for host %s (during %s)"
    [
      "2024-01-01 12:00:08 no IP address found for host bad.example.com (during SMTP connection from [192.0.2.8])",
      ["exim.no-ip-for-host", "192.0.2.8"],
    ],
    [
      "2024-01-01 12:00:09 1abcde-000000-XX H=(x) [192.0.2.9]:1234 F=<a@b.example> rejected after DATA: This message scored 20.0 spam points.",
      ["exim.rejected-after-data", "192.0.2.9"],
    ],
    // auths: "%s authenticator failed for %s: %s" (535 Incorrect authentication data, set_id)
    [
      "2024-01-01 12:00:10 plain authenticator failed for (x) [192.0.2.10]:1234: 535 Incorrect authentication data (set_id=user)",
      ["exim.auth-failed", "192.0.2.10"],
    ],
    [
      "2024-01-01 12:00:11 login authenticator failed for x (y) [192.0.2.11]: 535 Incorrect authentication data",
      ["exim.auth-failed", "192.0.2.11"],
    ],
    ["2024-01-01 12:00:12 rejected EHLO from [192.0.2.12]: syntactically invalid argument(s): [x", ["exim.rejected-helo", "192.0.2.12"]],
    [
      '2024-01-01 12:00:13 H=[192.0.2.13]:1234 rejected connection in "connect" ACL: listed in zen.spamhaus.org',
      ["exim.rejected-connection", "192.0.2.13"],
    ],
    [
      '2024-01-01 12:00:14 SMTP protocol error in "AUTH LOGIN" H=(x) [192.0.2.14]:1234 AUTH command used when not advertised',
      ["exim.protocol-error", "192.0.2.14"],
    ],
    [
      "2024-01-01 12:00:15 H=(x) [2001:db8::15]:1234 F=<a@b> rejected RCPT <c@d>: relay not permitted",
      ["exim.relay-not-permitted", "2001:db8::15"],
    ],
    [
      "2024-01-01 12:00:16 Connection from [192.0.2.16]:1234 refused: too many connections from that IP address",
      ["exim.too-many-connections", "192.0.2.16"],
    ],
    // ACL warn verb with log_message (the spec's SpamAssassin example)
    [
      '2024-01-01 12:00:18 1TlOjD-0003Zq-Iu H=(x) [192.0.2.18]:1234 F=<a@b.example> Warning: "SpamAssassin as Debian-exim detected message as spam (12.5)"',
      ["exim.warn-spam", "192.0.2.18"],
    ],
    ["2024-01-01 12:00:19 H=(x) [192.0.2.19]:1234 Warning: Sender rate 12.0 / 1h", null],
    [
      "2024-01-01 12:00:23 SMTP syntax error in \"HELO\" H=[192.0.2.23]:1234 NULL character(s) present (shown as '?')",
      ["exim.protocol-error", "192.0.2.23"],
    ],
    ["2024-01-01 12:00:25 H=(x) [192.0.2.25]:1234 rejected EHLO or HELO x: Fake HELO", ["exim.rejected-helo-acl", "192.0.2.25"]],
    [
      "2024-01-01 12:00:32 fixed_login authenticator failed for (x) [192.0.2.32]:1234 I=[10.0.0.1]:587: 535 Incorrect authentication data (set_id=bob)",
      ["exim.auth-failed", "192.0.2.32"],
    ],
    ["2024-01-01 12:00:40 1TlOjD-0003Zq-Iu <= a@b.c H=mx.example.net [192.0.2.100] P=esmtps S=1234 id=x@y", null],
    ["2024-01-01 12:00:41 1TlOjD-0003Zq-Iu => x@y R=local T=local_delivery", null],
    ["2024-01-01 12:00:42 1TlOjD-0003Zq-Iu Completed", null],
    [
      "2024-01-01 12:00:45 1TlOjD-0003Zq-Iu == x@y R=dnslookup T=remote_smtp defer (-44): SMTP error from remote mail server after RCPT TO:<x@y>: 451 try later",
      null,
    ],
    [
      "2024-01-01 12:00:46 TLS error on connection from (x) [192.0.2.102]:1234 (SSL_accept): error:0A000126:SSL routines::unexpected eof while reading",
      null,
    ],
    ["2024-01-01 12:00:47 no host name found for IP address 192.0.2.103", null],
  ],
  "asterisk-messages": [
    ["[Jan  1 12:00:00] NOTICE[1234] chan_sip.c: Peer '100' is now Reachable. (23ms / 2000ms)", null],
    // chan_sip.c, register_verify() failure texts (1.4 writes the address without a port)
    [
      "[Jan  1 12:00:01] NOTICE[1234] chan_sip.c: Registration from '\"100\" <sip:100@192.0.2.200>' failed for '192.0.2.40' - Wrong password",
      ["asterisk.sip-registration-failed", "192.0.2.40"],
    ],
    [
      "[Jan  1 12:00:02] NOTICE[1234] chan_sip.c: Registration from '<sip:100@x>' failed for '192.0.2.41:5060' - No matching peer found",
      ["asterisk.sip-registration-failed", "192.0.2.41"],
    ],
    [
      "[Jan  1 12:00:03] NOTICE[1234][C-00000001] chan_sip.c: Registration from '\"1\"<sip:1@x>' failed for '192.0.2.42:5062' - Username/auth name mismatch",
      ["asterisk.sip-registration-failed", "192.0.2.42"],
    ],
    [
      "[Jan  1 12:00:04] NOTICE[1234] chan_sip.c: Registration from '<sip:a@x>' failed for '192.0.2.43:5060' - Device does not match ACL",
      ["asterisk.sip-registration-failed", "192.0.2.43"],
    ],
    [
      "[Jan  1 12:00:05] NOTICE[1234] chan_sip.c: Registration from '<sip:a@x>' failed for '192.0.2.44:5060' - Not a local domain",
      ["asterisk.sip-registration-failed", "192.0.2.44"],
    ],
    [
      "[Jan  1 12:00:06] NOTICE[1234] chan_sip.c: Registration from '<sip:a@x>' failed for '192.0.2.45:5060' - Peer is not supposed to register",
      ["asterisk.sip-registration-failed", "192.0.2.45"],
    ],
    [
      "[Jan  1 12:00:07] NOTICE[1234] chan_sip.c: Registration from '<sip:a@x>' failed for '192.0.2.46:5060' - ACL error (permit/deny)",
      ["asterisk.sip-registration-failed", "192.0.2.46"],
    ],
    [
      "[Jan  1 12:00:10] NOTICE[1234] chan_sip.c: Call from '' (192.0.2.49:5060) to extension '011972' rejected because extension not found in context 'default'.",
      ["asterisk.sip-call-rejected", "192.0.2.49"],
    ],
    // chan_iax2.c: "Host %s failed to authenticate as %s", "No registration for peer '%s' (from %s)"
    [
      "[Jan  1 12:00:11] NOTICE[1234] chan_iax2.c: Host 192.0.2.50 failed to authenticate as 100",
      ["asterisk.iax2-auth-failed", "192.0.2.50"],
    ],
    [
      "[Jan  1 12:00:12] NOTICE[1234] chan_iax2.c: No registration for peer '100' (from 192.0.2.51)",
      ["asterisk.iax2-no-registration", "192.0.2.51"],
    ],
    // manager.c: "%s tried to authenticate with nonexistent user '%s'", "%s failed to authenticate as '%s'"
    [
      "[Jan  1 12:00:14] NOTICE[1234] manager.c: 192.0.2.53 tried to authenticate with nonexistent user 'admin'",
      ["asterisk.manager-auth-failed", "192.0.2.53"],
    ],
    [
      "[Jan  1 12:00:15] NOTICE[1234] manager.c: 192.0.2.54 failed to authenticate as 'admin'",
      ["asterisk.manager-auth-failed", "192.0.2.54"],
    ],
    // res_pjsip/pjsip_distributor.c: "Request '%s' from '%s' failed for '%s' (callid: %s) - %s" (13: without the method)
    [
      "[2020-01-01 12:00:16] NOTICE[1234] res_pjsip/pjsip_distributor.c: Request 'INVITE' from '\"x\" <sip:x@198.51.100.1>' failed for '192.0.2.55:5060' (callid: abc) - Failed to authenticate",
      ["asterisk.pjsip-request-failed", "192.0.2.55"],
    ],
    [
      "[2020-01-01 12:00:17] NOTICE[1234] res_pjsip/pjsip_distributor.c: Request 'REGISTER' from '<sip:1@x>' failed for '192.0.2.56:5060' (callid: abc) - Not match Endpoint ACL",
      ["asterisk.pjsip-request-failed", "192.0.2.56"],
    ],
    [
      "[2016-01-01 12:00:18] NOTICE[1234] res_pjsip/pjsip_distributor.c: Request from '\"x\" <sip:x@198.51.100.1>' failed for '192.0.2.57:5060' (callid: abc) - No matching endpoint found",
      ["asterisk.pjsip-request-failed", "192.0.2.57"],
    ],
    // res_security_log.c security events
    [
      '[2020-01-01 12:00:19] SECURITY[1234] res_security_log.c: SecurityEvent="ChallengeResponseFailed",EventTV="2020-01-01T12:00:19.000+0000",Severity="Error",Service="SIP",EventVersion="1",AccountID="100",SessionID="0x7f",LocalAddress="IPV4/UDP/10.0.0.1/5060",RemoteAddress="IPV4/UDP/192.0.2.58/5060",Challenge="a",Response="b",ExpectedResponse="c"',
      ["asterisk.security-event", "192.0.2.58"],
    ],
    [
      '[2020-01-01 12:00:20] SECURITY[1234] res_security_log.c: SecurityEvent="InvalidPassword",EventTV="2020-01-01T12:00:20.000+0000",Severity="Error",Service="AMI",EventVersion="1",AccountID="admin",SessionID="0x7f",LocalAddress="IPV4/TCP/10.0.0.1/5038",RemoteAddress="IPV4/TCP/192.0.2.59/41234",SessionTV="x"',
      ["asterisk.security-event", "192.0.2.59"],
    ],
    [
      '[2020-01-01 12:00:21] SECURITY[1234] res_security_log.c: SecurityEvent="FailedACL",EventTV="2020-01-01T12:00:21.000+0000",Severity="Error",Service="SIP",EventVersion="1",AccountID="100",SessionID="0x7f",LocalAddress="IPV4/UDP/10.0.0.1/5060",RemoteAddress="IPV4/UDP/192.0.2.60/5060",ACLName="no_extension_match"',
      ["asterisk.security-event", "192.0.2.60"],
    ],
    [
      "[2020-01-01 12:00:22] NOTICE[1234][C-00000001] chan_sip.c: Registration from '<sip:a@x>' failed for '[2001:db8::61]:5060' - Wrong password",
      ["asterisk.sip-registration-failed", "2001:db8::61"],
    ],
    [
      '[2020-01-01 12:00:23] SECURITY[1234] res_security_log.c: SecurityEvent="SuccessfulAuth",EventTV="2020-01-01T12:00:23.000+0000",Severity="Informational",Service="SIP",EventVersion="1",AccountID="100",SessionID="0x7f",LocalAddress="IPV4/UDP/10.0.0.1/5060",RemoteAddress="IPV4/UDP/192.0.2.62/5060",UsingPassword="1"',
      null,
    ],
    [
      '[2020-01-01 12:00:24] VERBOSE[1234][C-00000002] pbx.c:     -- Executing [100@default:1] Dial("SIP/1-00000001", "SIP/100") in new stack',
      null,
    ],
    [
      "[2020-01-01 12:00:27] NOTICE[1234] chan_sip.c:24567 in handle_request_register: Registration from '<sip:a@x>' failed for '192.0.2.64' - Wrong password",
      ["asterisk.sip-registration-failed", "192.0.2.64"],
    ],
  ],
  "named-security.log": [
    ["04-Dec-2026 12:00:00.000 general: notice: running", null],
    // query.c / client.c ns_client_checkacl(): "query (cache) '%s/%s/%s' denied"; 9.11+ prints "@0x..." before the address
    [
      "04-Dec-2026 12:00:01.123 security: info: client @0x7f1234567890 192.0.2.1#5353 (example.com): query (cache) 'example.com/ANY/IN' denied",
      ["named.query-denied", "192.0.2.1"],
    ],
    ["04-Dec-2026 12:00:02.123 client 192.0.2.2#1234 (x.org): query (cache) 'x.org/A/IN' denied", ["named.query-denied", "192.0.2.2"]],
    ["04-Dec-2026 12:00:03.123 client 192.0.2.3#1234: query (cache) 'x.org/A/IN' denied", ["named.query-denied", "192.0.2.3"]],
    [
      "04-Dec-2026 12:00:04.123 security: error: client @0x7f 192.0.2.4#1234 (x.org): zone transfer 'x.org/AXFR/IN' denied",
      ["named.zone-transfer-denied", "192.0.2.4"],
    ],
    ["04-Dec-2026 12:00:05.123 client 192.0.2.5#1234: update 'x.org/IN' denied", ["named.update-denied", "192.0.2.5"]],
    [
      "04-Dec-2026 12:00:06.123 security: info: client @0x7f 192.0.2.6#1234 (x.org): view external: query (cache) 'x.org/A/IN' denied",
      ["named.query-denied", "192.0.2.6"],
    ],
    [
      "04-Dec-2026 12:00:07.123 client @0x7f 192.0.2.7#1234 (x.org): query (cache) 'x.org/A/IN' denied (allow-query-cache did not match)",
      ["named.query-denied", "192.0.2.7"],
    ],
    [
      "04-Dec-2026 12:00:09.123 client 192.0.2.9#1234 (x.org): bad zone transfer request: 'x.org/IN': non-authoritative zone (NOTAUTH)",
      ["named.bad-zone-transfer", "192.0.2.9"],
    ],
    // print-time iso8601 / iso8601-utc (9.16+)
    [
      "2026-12-04T12:00:11.123Z security: info: client @0x7f 192.0.2.11#1234 (x.org): query (cache) 'x.org/A/IN' denied",
      ["named.query-denied", "192.0.2.11"],
    ],
    [
      "2026-12-04T12:00:11.456 client @0x7f 192.0.2.12#1234 (x.org): zone transfer 'x.org/AXFR/IN' denied",
      ["named.zone-transfer-denied", "192.0.2.12"],
    ],
    [
      "04-Dec-2026 12:00:13.123 xfer-out: info: client @0x7f 192.0.2.13#1234 (x.org): zone transfer 'x.org/IXFR/IN' denied",
      ["named.zone-transfer-denied", "192.0.2.13"],
    ],
    [
      "04-Dec-2026 12:00:16.123 client 192.0.2.16#1234: refused notify from non-master: 192.0.2.16#1234",
      ["named.refused-notify", "192.0.2.16"],
    ],
    ["04-Dec-2026 12:00:30.123 queries: info: client @0x7f 192.0.2.30#1234 (x.org): query: x.org IN A +E(0)K (10.0.0.1)", null],
    ["2026-12-04T12:00:31.123Z queries: info: client @0x7f 192.0.2.31#1234 (x.org): query: x.org IN A +E(0)K (10.0.0.1)", null],
    [
      "04-Dec-2026 12:00:32.123 xfer-out: info: client @0x7f 192.0.2.32#1234 (x.org): transfer of 'x.org/IN': AXFR started (serial 1)",
      null,
    ],
    ["2026-12-04T12:00:33.123Z general: info: zone x.org/IN: loaded serial 2024010101", null],
  ],
  "mysql-error.log": [
    [
      "2019-01-01T12:00:00.123456Z 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '8.0.15'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306",
      null,
    ],
    // sql/sql_acl.cc / auth: ER_ACCESS_DENIED_ERROR "Access denied for user '%s'@'%s' (using password: %s)", logged from 5.1 (log_warnings > 1) to 8.0 [MY-010926]
    ["120101 12:00:01 [Warning] Access denied for user 'root'@'192.0.2.40' (using password: YES)", ["mysql.access-denied", "192.0.2.40"]],
    [
      "2014-01-01 12:00:02 1234 [Warning] Access denied for user 'root'@'192.0.2.41' (using password: YES)",
      ["mysql.access-denied", "192.0.2.41"],
    ],
    [
      "2017-01-01T12:00:03.123456Z 12 [Note] Access denied for user 'root'@'192.0.2.42' (using password: YES)",
      ["mysql.access-denied", "192.0.2.42"],
    ],
    [
      "2019-01-01T12:00:04.123456Z 12 [Note] [MY-010926] [Server] Access denied for user 'root'@'192.0.2.43' (using password: YES)",
      ["mysql.access-denied", "192.0.2.43"],
    ],
    [
      "2020-01-01 12:00:05 12 [Warning] Access denied for user 'root'@'192.0.2.44' (using password: NO)",
      ["mysql.access-denied", "192.0.2.44"],
    ],
    [
      "2020-01-01  9:00:06 12 [Warning] Access denied for user 'a'@'6.6.6.6'@'192.0.2.45' (using password: YES)",
      ["mysql.access-denied", "192.0.2.45"],
    ],
    [
      "2020-01-01 12:00:09 12 [Warning] Aborted connection 12 to db: 'unconnected' user: 'unauthenticated' host: '192.0.2.48' (Got an error reading communication packets)",
      ["mysql.aborted-unauthenticated", "192.0.2.48"],
    ],
    [
      "2020-01-01 12:00:11 12 [Warning] Host '192.0.2.49' is blocked because of many connection errors; unblock with 'mysqladmin flush-hosts'",
      ["mysql.host-blocked", "192.0.2.49"],
    ],
    [
      "2019-01-01T12:00:13.123456Z 12 [Note] [MY-010926] [Server] Access denied for user 'root'@'2001:db8::13' (using password: YES)",
      ["mysql.access-denied", "2001:db8::13"],
    ],
    [
      "2019-01-01T12:00:07.123456Z 12 [Warning] [MY-010055] [Server] IP address '192.0.2.46' could not be resolved: Name or service not known",
      null,
    ],
    [
      "2020-01-01 12:00:20 12 [Warning] Aborted connection 12 to db: 'wp' user: 'wp' host: 'localhost' (Got timeout reading communication packets)",
      null,
    ],
    ["2020-01-01 12:00:21 0 [Note] InnoDB: Buffer pool(s) load completed at 200101 12:00:21", null],
  ],
  "postgresql.log": [
    ["2024-01-01 12:00:00.123 UTC [1234] LOG:  database system is ready to accept connections", null],
    // src/backend/libpq/auth.c auth_failed(): "password authentication failed for user \"%s\""; hba.c / auth.c: "no pg_hba.conf entry for host \"%s\", user \"%s\", database \"%s\", %s", "pg_hba.conf rejects connection for host ..."
    [
      '2024-01-01 12:00:01.123 UTC [1235] FATAL:  password authentication failed for user "postgres"',
      ["postgresql.auth-failed", undefined],
    ],
    [
      '2024-01-01 12:00:02.123 UTC [1236] FATAL:  no pg_hba.conf entry for host "192.0.2.60", user "postgres", database "postgres", SSL off',
      ["postgresql.no-hba-entry", "192.0.2.60"],
    ],
    [
      '2024-01-01 12:00:03.123 UTC [1237] postgres@postgres FATAL:  password authentication failed for user "postgres"',
      ["postgresql.auth-failed", undefined],
    ],
    ['2024-01-01 12:00:05 UTC [1239-1] postgres@postgres FATAL:  role "admin" does not exist', ["postgresql.unknown-role", undefined]],
    [
      '2024-01-01 12:00:06.123 UTC [1240] FATAL:  no pg_hba.conf entry for host "192.0.2.62", user "x", database "y", no encryption',
      ["postgresql.no-hba-entry", "192.0.2.62"],
    ],
    // pgBadger's log_line_prefix '%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h '
    [
      '2024-01-01 12:00:10 CET [1243]: [1-1] user=x,db=y,app=psql,client=192.0.2.65 FATAL:  password authentication failed for user "x"',
      ["postgresql.auth-failed", undefined],
    ],
    [
      '2024-01-01 12:00:12.123 UTC [1244] FATAL:  pg_hba.conf rejects connection for host "192.0.2.66", user "x", database "y", SSL off',
      ["postgresql.no-hba-entry", "192.0.2.66"],
    ],
    ["2024-01-01 12:00:13.123 UTC [1245] LOG:  connection authorized: user=postgres database=postgres", null],
  ],
  "mongod.log": [
    // src/mongo/db/auth/sasl_commands.cpp / authenticate.cpp: 4.4+ JSON "Authentication failed" (id 20249), 5.0+ "Failed to authenticate" (5286307)
    [
      '{"t":{"$date":"2021-01-01T12:00:00.123+00:00"},"s":"I",  "c":"ACCESS",   "id":20249,   "ctx":"conn1","msg":"Authentication failed","attr":{"mechanism":"SCRAM-SHA-256","speculative":false,"principalName":"admin","authenticationDatabase":"admin","remote":"192.0.2.70:5678","extraInfo":{},"error":"AuthenticationFailed: SCRAM authentication failed, storedKey mismatch"}}',
      ["mongodb.auth-failed-json", "192.0.2.70"],
    ],
    [
      '{"t":{"$date":"2021-01-01T12:00:04.123+00:00"},"s":"I",  "c":"ACCESS",   "id":5286307, "ctx":"conn4","msg":"Failed to authenticate","attr":{"client":"192.0.2.74:5678","isSpeculative":false,"isClusterMember":false,"mechanism":"SCRAM-SHA-256","user":"admin","db":"admin","error":"AuthenticationFailed: SCRAM authentication failed, storedKey mismatch","result":18,"metrics":{},"extraInfo":{}}}',
      ["mongodb.failed-to-authenticate-json", "192.0.2.74"],
    ],
    [
      '{"t":{"$date":"2021-01-01T12:00:05.123+00:00"},"s":"I",  "c":"NETWORK",  "id":22943,   "ctx":"listener","msg":"Connection accepted","attr":{"remote":"192.0.2.75:5678","connectionId":5,"connectionCount":1}}',
      null,
    ],
    [
      '{"t":{"$date":"2021-01-01T12:00:06.123+00:00"},"s":"I",  "c":"ACCESS",   "id":20250,   "ctx":"conn5","msg":"Successfully authenticated","attr":{"mechanism":"SCRAM-SHA-256","principalName":"admin","authenticationDatabase":"admin","remote":"192.0.2.76:5678"}}',
      null,
    ],
  ],
  "mongod-3.x.log": [
    // before 4.4: "SASL %s authentication failed for %s on %s from client %s ; %s", "Failed to authenticate %s from client %s with mechanism %s: %s"
    [
      "2019-01-01T12:00:01.123+0000 I ACCESS   [conn1] SASL SCRAM-SHA-1 authentication failed for admin on admin from client 192.0.2.71:5678 ; AuthenticationFailed: SCRAM-SHA-1 authentication failed, storedKey mismatch",
      ["mongodb.sasl-failed", "192.0.2.71"],
    ],
    [
      "2019-01-01T12:00:02.123+0000 I  ACCESS   [conn2] Failed to authenticate admin@admin from client 192.0.2.72:5678 with mechanism MONGODB-CR: AuthenticationFailed: UserNotFound: Could not find user admin@admin",
      ["mongodb.failed-to-authenticate", "192.0.2.72"],
    ],
    ["2019-01-01T12:00:03.123+0000 I NETWORK  [listener] connection accepted from 192.0.2.73:5678 #3 (1 connection now open)", null],
  ],
  "mssql-ERRORLOG": [
    ["2024-01-01 12:00:00.12 Server      Microsoft SQL Server 2019 (RTM) - 15.0.2000.5 (X64)", null],
    ["2024-01-01 12:00:01.12 Logon       Error: 18456, Severity: 14, State: 8.", null],
    // error 18456: "Login failed for user '%.*ls'.%.*ls%.*ls" with the reason and " [CLIENT: %.*hs]"
    [
      "2024-01-01 12:00:01.12 Logon       Login failed for user 'sa'. Reason: Password did not match that for the login provided. [CLIENT: 192.0.2.80]",
      ["mssql.login-failed", "192.0.2.80"],
    ],
    [
      "2024-01-01 12:00:02.12 Logon       Login failed for user 'admin'. Reason: Could not find a login matching the name provided. [CLIENT: 192.0.2.81]",
      ["mssql.login-failed", "192.0.2.81"],
    ],
    ["2024-01-01 12:00:04.12 Logon       Login failed for user 'sa'. [CLIENT: 192.0.2.83]", ["mssql.login-failed", "192.0.2.83"]],
  ],
  "redis.log": [
    ["1234:C 01 Jan 2024 12:00:00.123 # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo", null],
    // networking.c securityWarningCommand()
    [
      "1234:M 01 Jan 2024 12:00:01.123 # Possible SECURITY ATTACK detected. It looks like somebody is sending POST or Host: commands to Redis. This is likely due to an attacker attempting to use Cross Protocol Scripting to compromise your Redis instance. Connection from 192.0.2.90:5678 aborted.",
      ["redis.security-attack", "192.0.2.90"],
    ],
    ["1234:M 01 Jan 2024 12:00:03.123 - Accepted 192.0.2.92:5678", null],
  ],
  "vsftpd.log": [
    ['Mon Jan  1 12:00:00 2024 [pid 123] CONNECT: Client "192.0.2.1"', null],
    // logging.c vsf_log_do_log_vsftpd_format(): "[pid %d] [%s] FAIL LOGIN: Client \"%s\""
    ['Mon Jan  1 12:00:01 2024 [pid 124] [bob] FAIL LOGIN: Client "192.0.2.2"', ["vsftpd.fail-login", "192.0.2.2"]],
    ['Mon Jan  1 12:00:02 2024 [pid 125] [root] FAIL LOGIN: Client "::ffff:192.0.2.3"', ["vsftpd.fail-login", "192.0.2.3"]],
    ['Mon Jan  1 12:00:03 2024 [pid 126] [x] FAIL LOGIN: Client "2001:db8::4"', ["vsftpd.fail-login", "2001:db8::4"]],
    ['Mon Jan  1 12:00:04 2024 [pid 127] [bob] OK LOGIN: Client "192.0.2.5"', null],
    ['Mon Jan  1 12:00:05 2024 [pid 128] [bob] OK DOWNLOAD: Client "192.0.2.6", "/x", 123 bytes, 1.00Kbyte/sec', null],
  ],
  "proftpd-system.log": [
    // read as syslog (its SystemLog lines are syslog-shaped)
    [
      "2024-01-01 12:00:00,123 ftp.example.com proftpd[1234] ftp.example.com: ProFTPD 1.3.8 (stable) (built Mon Jan 1 2024) standalone mode STARTUP",
      null,
    ],
    // modules/mod_auth.c: "USER %s: no such user found from %s [%s] to %s:%i", "USER %s (Login failed): %s", "SECURITY VIOLATION: Root login attempted", "Maximum login attempts (%u) exceeded"
    [
      "2024-01-01 12:00:01,123 ftp.example.com proftpd[1235] ftp.example.com (bad.example[192.0.2.10]): USER bob: no such user found from bad.example [192.0.2.10] to 10.0.0.1:21",
      ["proftpd.no-such-user", "192.0.2.10"],
    ],
    [
      "2024-01-01 12:00:02,123 ftp.example.com proftpd[1236] ftp.example.com (bad.example[192.0.2.11]): USER bob (Login failed): Incorrect password",
      ["proftpd.login-failed", "192.0.2.11"],
    ],
    [
      "2024-01-01 12:00:03,123 ftp.example.com proftpd[1237] ftp.example.com (bad.example[192.0.2.12]): SECURITY VIOLATION: Root login attempted",
      ["proftpd.root-login", "192.0.2.12"],
    ],
    [
      "2024-01-01 12:00:04,123 ftp.example.com proftpd[1238] ftp.example.com (bad.example[192.0.2.13]): Maximum login attempts (3) exceeded, connection refused",
      ["proftpd.max-login-attempts", "192.0.2.13"],
    ],
    [
      "2024-01-01 12:00:06,123 ftp.example.com proftpd[1240] ftp.example.com (192.0.2.15[192.0.2.15]): USER root (Login failed): Incorrect password",
      ["proftpd.login-failed", "192.0.2.15"],
    ],
    ["2024-01-01 12:00:11,123 ftp.example.com proftpd[1245] ftp.example.com (192.0.2.20[192.0.2.20]): USER bob: Login successful.", null],
  ],
  "dovecot.log": [
    ["Jan 01 12:00:00 master: Info: Dovecot v2.3.21 (47349e2482) starting up for imap, pop3", null],
    // login-common/client-common.c: "Disconnected (auth failed, %u attempts in %u secs)", 2.3 "Aborted login (...)", 2.3.x "Disconnected: Connection closed (...)"
    [
      "Jan 01 12:00:01 imap-login: Info: Disconnected (auth failed, 1 attempts in 2 secs): user=<bob>, method=PLAIN, rip=192.0.2.30, lip=10.0.0.1, TLS, session=<abc>",
      ["dovecot.login-auth-failed", "192.0.2.30"],
    ],
    [
      "Jan 01 12:00:02 pop3-login: Info: Aborted login (auth failed, 3 attempts in 10 secs): user=<bob>, method=PLAIN, rip=192.0.2.31, lip=10.0.0.1, session=<abc>",
      ["dovecot.login-auth-failed", "192.0.2.31"],
    ],
    [
      "Jan 01 12:00:03 imap-login: Info: Disconnected: Connection closed (auth failed, 1 attempts in 2 secs): user=<bob>, method=PLAIN, rip=192.0.2.32, lip=10.0.0.1, TLS, session=<abc>",
      ["dovecot.login-auth-failed", "192.0.2.32"],
    ],
    // auth/passdb-*.c: "%s(%s,%s): unknown user", "Password mismatch", "pam_authenticate() failed: %s"
    ["Jan 01 12:00:04 auth: Info: passwd-file(bob,192.0.2.33): unknown user", ["dovecot.passdb-failed", "192.0.2.33"]],
    ["Jan 01 12:00:05 auth-worker(123): Info: sql(bob,192.0.2.34,<abc>): Password mismatch", ["dovecot.passdb-failed", "192.0.2.34"]],
    [
      "Jan 01 12:00:06 auth: Info: pam(bob,192.0.2.35,<abc>): pam_authenticate() failed: Authentication failure (password mismatch?)",
      ["dovecot.passdb-failed", "192.0.2.35"],
    ],
    [
      "2024-01-01 12:00:07 imap-login: Info: Login aborted: Connection closed (auth failed, 3 attempts in 9 secs) (auth_failed): user=<bob>, method=PLAIN, rip=192.0.2.36, lip=10.0.0.1, TLS, session=<abc>",
      ["dovecot.login-auth-failed", "192.0.2.36"],
    ],
    [
      "Jan 01 12:00:11 managesieve-login: Info: Disconnected (auth failed, 1 attempts in 2 secs): user=<bob>, method=PLAIN, rip=192.0.2.40, lip=10.0.0.1, session=<abc>",
      ["dovecot.login-auth-failed", "192.0.2.40"],
    ],
    ["Jan 01 12:00:12 imap-login: Info: Login: user=<bob>, method=PLAIN, rip=192.0.2.41, lip=10.0.0.1, mpid=123, TLS, session=<abc>", null],
    // 2.4 auth-request.c get_log_prefix(): "auth(%s,%s,sasl:%s)<%s>: " (the worker adds "<pid>" and "request [%u]: ")
    [
      "Jan 01 12:00:13 auth(bob,192.0.2.42,sasl:plain)<abc>: Info: passwd-file: Password mismatch",
      ["dovecot.passdb-failed-24", "192.0.2.42"],
    ],
    [
      "Jan 01 12:00:14 auth-worker(bob,192.0.2.43,sasl:login)<123><abc>: request [4]: Info: pam: pam_authenticate() failed: Authentication failure (Password mismatch?)",
      ["dovecot.passdb-failed-24", "192.0.2.43"],
    ],
    ["Jan 01 12:00:15 auth(bob,192.0.2.44,sasl:plain)<abc>: Debug: passwd-file: Finished passdb lookup", null],
  ],
  "openvpn.log": [
    ["Mon Jan  1 12:00:00 2024 OpenVPN 2.4.7 x86_64-pc-linux-gnu [SSL (OpenSSL)] built on Feb 20 2019", null],
    // ssl.c: "TLS Error: TLS handshake failed"; "TLS Auth Error: Auth Username/Password verification failed for peer"; ssl_verify.c "VERIFY ERROR: depth=%d, error=%s: %s"
    ["Mon Jan  1 12:00:01 2024 192.0.2.50:1194 TLS Error: TLS handshake failed", ["openvpn.tls-handshake-failed", "192.0.2.50"]],
    [
      "Mon Jan  1 12:00:02 2024 192.0.2.51:1194 TLS Auth Error: Auth Username/Password verification failed for peer",
      ["openvpn.auth-failed", "192.0.2.51"],
    ],
    [
      "2024-01-01 12:00:03 192.0.2.52:1194 VERIFY ERROR: depth=0, error=certificate has expired: CN=x",
      ["openvpn.verify-error", "192.0.2.52"],
    ],
    [
      "Mon Jan  1 12:00:05 2024 TLS Error: incoming packet authentication failed from [AF_INET]192.0.2.54:1194",
      ["openvpn.packet-auth-failed", "192.0.2.54"],
    ],
    ["2024-01-01 12:00:10 us=123456 192.0.2.59:1194 TLS Error: TLS handshake failed", ["openvpn.tls-handshake-failed", "192.0.2.59"]],
    ["Mon Jan  1 12:00:14 2024 192.0.2.62:1194 [bob] Peer Connection Initiated with [AF_INET]192.0.2.62:1194", null],
  ],
  "openvpn-suppress-timestamps.log": [
    // --suppress-timestamps: error.c writes the text alone
    ["OpenVPN 2.5.1 x86_64-pc-linux-gnu [SSL (OpenSSL)] [LZO] [LZ4] [EPOLL] [PKCS11] [MH/PKTINFO] [AEAD] built on May 14 2021", null],
    ["192.0.2.53:1194 TLS Error: TLS handshake failed", ["openvpn.tls-handshake-failed", "192.0.2.53"]],
    ["bob/192.0.2.56:1194 TLS Auth Error: Auth Username/Password verification failed for peer", ["openvpn.auth-failed", "192.0.2.56"]],
    ["TLS Error: incoming packet authentication failed from [AF_INET]192.0.2.57:1194", ["openvpn.packet-auth-failed", "192.0.2.57"]],
    ["192.0.2.58:1194 [bob] Peer Connection Initiated with [AF_INET]192.0.2.58:1194", null],
  ],
  "freeswitch.log": [
    ["2024-01-01 12:00:00.123456 [NOTICE] switch_core.c:2450 FreeSWITCH Started", null],
    // mod_sofia/sofia_reg.c: "SIP auth failure (%s) on sofia profile '%s' for [%s@%s] from ip %s"; "Can't find user [%s@%s] from %s"
    [
      "2024-01-01 12:00:01.123456 [WARNING] sofia_reg.c:1792 SIP auth failure (REGISTER) on sofia profile 'internal' for [100@x.org] from ip 192.0.2.70",
      ["freeswitch.sip-auth-failure", "192.0.2.70"],
    ],
    [
      "2024-01-01 12:00:02.123456 97.77% [WARNING] sofia_reg.c:2982 SIP auth failure (INVITE) on sofia profile 'external' for [011@x.org] from ip 192.0.2.71",
      ["freeswitch.sip-auth-failure", "192.0.2.71"],
    ],
    [
      "2024-01-01 12:00:03.123456 [WARNING] sofia_reg.c:3210 Can't find user [1000@192.0.2.200] from 192.0.2.72",
      ["freeswitch.unknown-user", "192.0.2.72"],
    ],
    [
      "abc12345-1111-2222-3333-444455556666 2024-01-01 12:00:05.123456 [WARNING] sofia_reg.c:1792 SIP auth failure (REGISTER) on sofia profile 'internal' for [100@x.org] from ip 192.0.2.74",
      ["freeswitch.sip-auth-failure", "192.0.2.74"],
    ],
    [
      "2024-01-01 12:00:07.123456 [DEBUG] sofia_reg.c:1700 SIP auth challenge (REGISTER) on sofia profile 'internal' for [100@x.org] from ip 192.0.2.76",
      null,
    ],
  ],
  "audit.log": [
    // auditd records from PAM (pam_loginuid / libaudit audit_log_acct_message): "op=%s acct=\"%s\" exe=\"%s\" hostname=%s addr=%s terminal=%s res=%s"
    [
      'type=USER_LOGIN msg=audit(1700000000.123:456): pid=1234 uid=0 auid=4294967295 ses=4294967295 subj=system_u:system_r:sshd_t:s0-s0:c0.c1023 msg=\'op=login acct="root" exe="/usr/sbin/sshd" hostname=? addr=192.0.2.1 terminal=sshd res=failed\'',
      ["audit.login-failed", "192.0.2.1"],
    ],
    [
      'type=USER_AUTH msg=audit(1700000001.123:457): pid=1234 uid=0 auid=4294967295 ses=4294967295 msg=\'op=PAM:authentication grantors=? acct="root" exe="/usr/sbin/sshd" hostname=192.0.2.2 addr=192.0.2.2 terminal=ssh res=failed\'',
      ["audit.login-failed", "192.0.2.2"],
    ],
    [
      'node=web1 type=USER_LOGIN msg=audit(1700000002.123:458): pid=1234 uid=0 auid=4294967295 ses=4294967295 msg=\'op=login acct="(unknown)" exe="/usr/sbin/sshd" hostname=? addr=192.0.2.3 terminal=sshd res=failed\'',
      ["audit.login-failed", "192.0.2.3"],
    ],
    [
      "type=USER_LOGIN msg=audit(1700000009.123:465): pid=1234 uid=0 auid=1000 ses=3 msg='op=login id=1000 exe=\"/usr/sbin/sshd\" hostname=192.0.2.9 addr=192.0.2.9 terminal=/dev/pts/0 res=success'",
      null,
    ],
    [
      'type=USER_AUTH msg=audit(1700000010.123:466): pid=1234 uid=0 auid=4294967295 ses=4294967295 msg=\'op=PAM:authentication grantors=pam_unix acct="bob" exe="/usr/sbin/sshd" hostname=192.0.2.10 addr=192.0.2.10 terminal=ssh res=success\'',
      null,
    ],
  ],
  "sshd.log": [
    // OpenSSH log.c do_log(): with -E (or -e) a line is the message alone, "%s%s%.*s\r\n"
    ["Failed password for root from 192.0.2.20 port 22 ssh2", ["sshd.failed-auth", "192.0.2.20"]],
    ["Invalid user admin from 192.0.2.21 port 4444", ["sshd.invalid-user", "192.0.2.21"]],
    ["Accepted publickey for bob from 192.0.2.22 port 22 ssh2: RSA SHA256:abc", null],
    ["Connection closed by authenticating user root 192.0.2.23 port 4444 [preauth]", ["sshd.preauth-user-closed", "192.0.2.23"]],
    ["Server listening on 0.0.0.0 port 22.", null],
  ],
  "xrdp-sesman.log": [
    // common/log.c: "[%.4d%.2d%.2d-%.2d:%.2d:%.2d] " then the level; sesman: "AUTHFAIL: user=%s ip=%s time=%d" ("for use by fail2ban")
    ["[20240101-12:00:00] [INFO ] starting xrdp-sesman with pid 1234", null],
    ["[20240101-12:00:01] [INFO ] AUTHFAIL: user=root ip=::ffff:192.0.2.30 time=1704110401", ["xrdp.authfail", "192.0.2.30"]],
    ["[20240101-12:00:03] [INFO ] Socket 12: AF_INET6 connection received from ::ffff:192.0.2.32 port 5678", null],
    ["[20240101-12:00:04] [ERROR] pam_authenticate failed: Authentication failure", ["xrdp.login-failed-no-address", undefined]],
    // before 0.9 the level came first: log_lvl2str(lvl, buff), then the date at buff+8
    ["[INFO ] [20130101-12:00:05] AUTHFAIL: user=admin ip=192.0.2.34 time=1357041605", ["xrdp.authfail", "192.0.2.34"]],
  ],
  "znc.log": [
    // modules/adminlog.cpp: strftime("[%Y-%m-%d %H:%M:%S] ") + "[" + sUsername + "] failed to login from " + sRemoteIP
    ["[2024-01-01 12:00:00] [bob] connected to ZNC from 192.0.2.40", null],
    ["[2024-01-01 12:00:01] [bob] failed to login from 192.0.2.41", ["znc.login-failed", "192.0.2.41"]],
    ["[2024-01-01 12:00:02] [admin] failed to login from ::ffff:192.0.2.42", ["znc.login-failed", "192.0.2.42"]],
    ["[2024-01-01 12:00:03] [bob] disconnected from ZNC from 192.0.2.43", null],
    ["[2024-01-01 12:00:04] [bob/libera] connected to IRC: irc.libera.chat", null],
  ],
  "fail2ban.log": [
    ["2024-01-01 12:00:00,123 fail2ban.actions        [1234]: NOTICE  [sshd] Ban 192.0.2.100", ["fail2ban.ban", "192.0.2.100"]],
    ["2024-01-01 12:00:02,123 fail2ban.actions        [1234]: NOTICE  [sshd] Unban 192.0.2.102", null],
    ["2024-01-01 12:00:04,123 fail2ban.actions: WARNING [ssh] Ban 192.0.2.104", ["fail2ban.ban", "192.0.2.104"]],
  ],
  "monit.log": [
    // monit src/http/cervlet / processor.c: "Warning: Client '%s' supplied wrong password for user '%s' accessing monit httpd"
    [
      "[CET Jan  1 12:00:00] error    : Warning: Client '192.0.2.110' supplied wrong password for user 'admin' accessing monit httpd",
      ["monit.auth-failed", "192.0.2.110"],
    ],
    [
      "[2024-01-01T12:00:01+0100] error    : Warning: Client '192.0.2.111' supplied unknown user 'x' accessing monit httpd",
      ["monit.auth-failed", "192.0.2.111"],
    ],
    ["[CET Jan  1 12:00:02] error    : Denied connection from non-authorized client [192.0.2.112]", ["monit.denied-client", "192.0.2.112"]],
  ],
  "krb5kdc.log": [
    // kdc/kdc_log.c log_as_req(): "AS_REQ (%s) %s: %s: %s for %s%s%s"
    [
      "Jan 01 12:00:00 kdc krb5kdc[123](info): AS_REQ (4 etypes {18 17 16 23}) 192.0.2.95: CLIENT_NOT_FOUND: x@EXAMPLE.COM for krbtgt/EXAMPLE.COM@EXAMPLE.COM, Client not found in Kerberos database",
      ["krb5kdc.as-req-failed", "192.0.2.95"],
    ],
    [
      "Jan 01 12:00:01 kdc krb5kdc[123](info): AS_REQ (4 etypes {18 17 16 23}) 192.0.2.96: PREAUTH_FAILED: bob@EXAMPLE.COM for krbtgt/EXAMPLE.COM@EXAMPLE.COM, Preauthentication failed",
      ["krb5kdc.as-req-failed", "192.0.2.96"],
    ],
    [
      "Jan 01 12:00:02 kdc krb5kdc[123](info): AS_REQ (4 etypes {18 17 16 23}) 192.0.2.97: ISSUE: authtime 1704110402, etypes {rep=18 tkt=18 ses=18}, bob@EXAMPLE.COM for krbtgt/EXAMPLE.COM@EXAMPLE.COM",
      null,
    ],
    [
      "Jan 01 12:00:03 kdc krb5kdc[123](info): AS_REQ (4 etypes {18 17 16 23}) 192.0.2.98: NEEDED_PREAUTH: bob@EXAMPLE.COM for krbtgt/EXAMPLE.COM@EXAMPLE.COM, Additional pre-authentication required",
      null,
    ],
  ],
  "stunnel.log": [
    // log.c: "%04d.%02d.%02d %02d:%02d:%02d LOG%d[%s]: %s"; client.c "Service [%s] accepted connection from %s"; verify.c "Rejected by CERT at depth=%d: %s"
    ["2024.01.01 12:00:00 LOG5[ui]: stunnel 5.68 on x86_64-pc-linux-gnu platform", null],
    ["2024.01.01 12:00:01 LOG5[0]: Service [https] accepted connection from 192.0.2.80:5678", null],
    ["2024.01.01 12:00:03 LOG4[0]: Rejected by CERT at depth=0: CN=x", ["stunnel.cert-rejected", "192.0.2.80"]],
    // libwrap.c: "Service [%s] REFUSED by libwrap from %s"
    ["2024.01.01 12:00:04 LOG4[1]: Service [x] REFUSED by libwrap from 192.0.2.83:5678", ["stunnel.libwrap-refused", "192.0.2.83"]],
  ],
  "softether-server.log": [
    // Cedar/Protocol.c ServerAccept(): HLog(hub, "LH_AUTH_NG", c->Name, username, ip); LH_AUTH_OK
    [
      '2024-01-01 12:00:00.123 [HUB "VPN"] Connection "CID-123": User authentication failed. The user name that has been provided was "bob", from 192.0.2.70.',
      ["softether.auth-failed", "192.0.2.70"],
    ],
    ['2024-01-01 12:00:01.123 [HUB "VPN"] Connection "CID-124": Successfully authenticated as user "bob".', null],
    [
      '2024-01-01 12:00:02.456 Connection "CID-125": User authentication failed. The user name that has been provided was "admin", from 2001:db8::71.',
      ["softether.auth-failed", "2001:db8::71"],
    ],
  ],
  "pveproxy-access.log": [
    // PVE::APIServer::AnyEvent log_request(): "$peer - $user [%d/%m/%Y:%H:%M:%S %z] \"$method $uri $proto\" $code $len"
    [
      '::ffff:192.0.2.120 - - [01/01/2024:12:00:00 +0100] "POST /api2/json/access/ticket HTTP/1.1" 401 -',
      ["pveproxy.login-failed", "192.0.2.120"],
    ],
    ['::ffff:192.0.2.121 - root@pam [01/01/2024:12:00:01 +0100] "GET /api2/json/cluster/resources HTTP/1.1" 200 1234', null],
    ['::ffff:192.0.2.122 - root@pam [01/01/2024:12:00:02 +0100] "POST /api2/extjs/access/ticket HTTP/1.1" 200 2345', null],
  ],
  "proftpd-auth.log": [
    // ExtendedLog auth, LogFormat auth "%v [%P] %h %t \"%r\" %s"
    ['ftp.example.com [1234] 192.0.2.21 [01/Jan/2024:12:00:12 +0000] "PASS (hidden)" 530', ["proftpd.extlog-pass-refused", "192.0.2.21"]],
    ['ftp.example.com [1235] 192.0.2.22 [01/Jan/2024:12:00:13 +0000] "PASS (hidden)" 230', null],
    ['ftp.example.com [1235] 192.0.2.22 [01/Jan/2024:12:00:13 +0000] "USER bob" 331', null],
  ],
  "hlds-L0101000.log": [
    ['L 01/01/2024 - 12:00:00: Log file started (file "logs/L0101000.log") (game "cstrike") (version "48/1.1.2.7/Stdio/8684")', null],
    // sv_main.c SV_Rcon() (rehlds): Log_Printf("Bad Rcon: \"%s\" from \"%s\"\n", remaining, NET_AdrToString(net_from))
    ['L 01/01/2024 - 12:00:01: Bad Rcon: "rcon 12345 "hunter2" status" from "192.0.2.50:27005"', ["hlds.bad-rcon", "192.0.2.50"]],
    ['L 01/01/2024 - 12:00:02: Rcon: "rcon 12345 "pass" status" from "192.0.2.51:27005"', null],
    ['L 01/01/2024 - 12:00:03: "Player<2><STEAM_0:1:1234><>" connected, address "192.0.2.53:27005"', null],
  ],
  "named-query-errors.log": [
    // query.c query-errors: "query failed (%s) for %s/%s/%s at %s:%d" -- REFUSED only
    [
      "04-Dec-2026 12:00:01.123 query-errors: info: client @0x7f 192.0.2.10#1234 (x.org): query failed (REFUSED) for x.org/IN/ANY at query.c:5457",
      ["named.query-refused", "192.0.2.10"],
    ],
    [
      "04-Dec-2026 12:00:04.123 query-errors: info: client @0x7f 192.0.2.13#1234 (x.org): query failed (SERVFAIL) for x.org/IN/A at query.c:5457",
      null,
    ],
    // message.c "request has invalid signature: %s"; update.c "signer \"%s\" denied"
    [
      "04-Dec-2026 12:00:02.123 client @0x7f 192.0.2.11#1234: request has invalid signature: TSIG k: tsig verify failure (BADKEY)",
      ["named.bad-signature", "192.0.2.11"],
    ],
    [
      '04-Dec-2026 12:00:03.123 update-security: error: client @0x7f 192.0.2.12#1234/key k: signer "k" denied',
      ["named.bad-signature", "192.0.2.12"],
    ],
    ["04-Dec-2026 12:00:05.123 lame-servers: info: REFUSED unexpected RCODE resolving 'x/A/IN': 192.0.2.14#53", null],
  ],
  "asterisk-security": [
    // res_security_log.c event names (security_events.h): RequestBadFormat, UnexpectedAddress; ChallengeSent is no failure
    [
      '[2020-01-01 12:00:19] SECURITY[1234] res_security_log.c: SecurityEvent="RequestBadFormat",EventTV="2020-01-01T12:00:19.000+0000",Severity="Error",Service="SIP",EventVersion="2",AccountID="100",SessionID="0x7f",LocalAddress="IPV4/UDP/10.0.0.1/5060",RemoteAddress="IPV4/UDP/192.0.2.1/5060",RequestType="REGISTER"',
      ["asterisk.security-event", "192.0.2.1"],
    ],
    [
      '[2020-01-01 12:00:19] SECURITY[1234] res_security_log.c: SecurityEvent="ChallengeSent",EventTV="2020-01-01T12:00:19.000+0000",Severity="Informational",Service="PJSIP",EventVersion="1",AccountID="100",SessionID="abc",LocalAddress="IPV4/UDP/10.0.0.1/5060",RemoteAddress="IPV4/UDP/192.0.2.2/5060",Challenge="x"',
      null,
    ],
    [
      '[2020-01-01 12:00:19] SECURITY[1234] res_security_log.c: SecurityEvent="InvalidAccountID",EventTV="2020-01-01T12:00:19.000+0000",Severity="Error",Service="PJSIP",EventVersion="1",AccountID="100",SessionID="abc",LocalAddress="IPV6/UDP/2001:db8::1/5060",RemoteAddress="IPV6/UDP/2001:db8::3/5060"',
      ["asterisk.security-event", "2001:db8::3"],
    ],
    [
      "[Mar  3 12:00:00] NOTICE[1234]: chan_sip.c:24567 handle_request_register: Registration from '<sip:1@x>' failed for '192.0.2.5' - Wrong password",
      ["asterisk.sip-registration-failed", "192.0.2.5"],
    ],
  ],
  "dovecot-auth.log": [
    // auth/passdb-*.c via auth_request_log_info(): "%s(%s,%s): Password mismatch" / "unknown user" / "pam_authenticate() failed: %s"
    ["Jan 01 12:00:04 auth: Info: passwd-file(bob,192.0.2.20): Password mismatch", ["dovecot.passdb-failed", "192.0.2.20"]],
    ["Jan 01 12:00:04 auth: Info: sql(bob,192.0.2.21,<abc>): unknown user", ["dovecot.passdb-failed", "192.0.2.21"]],
    [
      "Jan 01 12:00:04 auth-worker(12): Info: pam(bob,192.0.2.22): pam_authenticate() failed: Authentication failure",
      ["dovecot.passdb-failed", "192.0.2.22"],
    ],
    [
      "Jan 01 12:00:04 imap-login: Info: Aborted login (tried to use disallowed plaintext auth): user=<>, rip=192.0.2.26, lip=10.0.0.1, session=<abc>",
      ["dovecot.login-auth-failed", "192.0.2.26"],
    ],
  ],
  "slapd.log": [
    // OpenLDAP 2.6 logfile (debug format: hex time, thread); connection.c "conn=%lu fd=%d ACCEPT from IP=%s (IP=%s)", result.c "conn=%lu op=%lu RESULT tag=%lu err=%d ... text=%s"
    ["6571d3a0.1c9a3b6e 0x7f0000000700 conn=1000 fd=12 ACCEPT from IP=192.0.2.98:5678 (IP=0.0.0.0:389)", null],
    ['6571d3a0.1c9a3b6f 0x7f0000000700 conn=1000 op=0 BIND dn="cn=admin,dc=example,dc=com" method=128', null],
    [
      "6571d3a0.1c9a3b70 0x7f0000000700 conn=1000 op=0 RESULT tag=97 err=49 qtime=0.000010 etime=0.000100 text=",
      ["slapd.bind-invalid-credentials", "192.0.2.98"],
    ],
  ],
  "mariadb-error.log": [
    // MariaDB 10.x sql_print_warning(): "%Y-%m-%d %2H:%M:%S %thread [Warning] ..." (space-padded hour); MySQL 5.x "%y%m%d %2H:%M:%S"
    ["171204  5:14:27 [Warning] Access denied for user 'root'@'192.0.2.1' (using password: YES)", ["mysql.access-denied", "192.0.2.1"]],
    [
      "2019-06-26  9:48:39 22 [Warning] Access denied for user 'root'@'192.0.2.2' (using password: YES)",
      ["mysql.access-denied", "192.0.2.2"],
    ],
    [
      "2024-01-01T12:00:00.123456+01:00 7 [Warning] [MY-010926] [Server] Access denied for user 'x'@'192.0.2.6' (using password: YES)",
      ["mysql.access-denied", "192.0.2.6"],
    ],
  ],
  "postgresql-rhel.log": [
    // RHEL 7's log_line_prefix '< %m >' (no space before the severity)
    ["< 2017-07-31 13:36:42.585 CEST >LOG:  database system is ready to accept connections", null],
    ['< 2017-07-31 13:36:43.585 CEST >FATAL:  password authentication failed for user "x"', ["postgresql.auth-failed", undefined]],
    [
      '< 2017-07-31 13:36:44.585 CEST >FATAL:  no pg_hba.conf entry for host "192.0.2.10", user "x", database "y", SSL off',
      ["postgresql.no-hba-entry", "192.0.2.10"],
    ],
    [
      '2017-07-31 13:36:46 CEST FATAL:  no pg_hba.conf entry for host "192.0.2.12", user "x", database "y", SSL off',
      ["postgresql.no-hba-entry", "192.0.2.12"],
    ],
  ],
};

describe("daemon probe lines (from the programs' own format strings), detected and converted", () => {
  for (const [name, expectations] of Object.entries(files)) {
    it(name, async () => {
      await checkFile(name, expectations, SYSLOG_SHAPED.has(name) ? "syslog" : "applog", !CONTEXT.has(name));
    });
  }

  it("postgresql.log with log_connections: a failure takes the address of its pid's connection line", async () => {
    await checkFile(
      "postgresql-connections.log",
      [
        // postmaster.c BackendInitialize(): "connection received: host=%s port=%s"; auth.c auth_failed()
        ["2024-01-01 12:00:07.123 UTC [1241] LOG:  connection received: host=192.0.2.63 port=5432", null],
        [
          '2024-01-01 12:00:08.123 UTC [1241] FATAL:  password authentication failed for user "bob"',
          ["postgresql.auth-failed", "192.0.2.63"],
        ],
        ["2024-01-01 12:00:09.123 UTC [1250] LOG:  connection received: host=192.0.2.64 port=5433", null],
        ['2024-01-01 12:00:10.123 UTC [1250] FATAL:  role "admin" does not exist', ["postgresql.unknown-role", "192.0.2.64"]],
      ],
      "applog",
      false,
    );
  });
});
