// Probe lines written from the daemons' own log format strings (mail, FTP, DNS, VoIP), one per
// wording, each with the source file / function the format string comes from. They walk the
// built-in rules as a user's log would: every attack line must raise an alert above Info naming
// the client address written in the daemon's fixed field, and every benign line (normal delivery,
// logins, TLS, connects) must raise none. A miss here is a wording the rules do not know yet.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { convertOne, ruleIdOf } from "./helpers.js";

interface Probe {
  /** Where the wording comes from (daemon source file / function, or its documentation). */
  readonly from: string;
  readonly line: string;
  /** The client address the alert must name; null: the line must raise no alert above Info. */
  readonly ip: string | null;
}

const H = "Jan  1 00:00:01 mx";

const PROBES: readonly Probe[] = [
  // ---- Postfix -------------------------------------------------------------------------------
  {
    from: "smtpd_sasl_glue.c smtpd_sasl_authenticate",
    line: `${H} postfix/smtpd[1]: warning: unknown[203.0.113.5]: SASL LOGIN authentication failed: UGFzc3dvcmQ6`,
    ip: "203.0.113.5",
  },
  {
    from: "smtpd_sasl_glue.c (3.x, sasl_username)",
    line: `${H} postfix/smtpd[1]: warning: host.example[2001:db8::5]: SASL PLAIN authentication failed: authentication failure, sasl_username=bob`,
    ip: "2001:db8::5",
  },
  {
    from: "smtpd_sasl_glue.c, instance name",
    line: `${H} postfix-out/smtpd[1]: warning: unknown[203.0.113.5]:587: SASL CRAM-MD5 authentication failed: PDE3ODkzLjEzMDY3ODUyNDg=`,
    ip: "203.0.113.5",
  },
  {
    from: "smtpd_sasl_glue.c, empty reason",
    line: `${H} postfix/submission/smtpd[1]: warning: unknown[203.0.113.5]: SASL PLAIN authentication failed:`,
    ip: "203.0.113.5",
  },
  {
    from: "smtpd_check.c reject (DATA)",
    line: `${H} postfix/smtpd[1]: NOQUEUE: reject: DATA from unknown[203.0.113.5]: 554 5.5.1 Error: no valid recipients; from=<a@b> to=<c@d> proto=ESMTP helo=<x>`,
    ip: "203.0.113.5",
  },
  {
    from: "smtpd_check.c reject (END-OF-MESSAGE)",
    line: `${H} postfix/smtpd[1]: NOQUEUE: reject: END-OF-MESSAGE from unknown[203.0.113.5]: 554 5.7.1 rejected; from=<a@b> to=<c@d> proto=ESMTP helo=<x>`,
    ip: "203.0.113.5",
  },
  {
    from: "smtpd_check.c reject (HELO)",
    line: `${H} postfix/smtpd[1]: NOQUEUE: reject: HELO from unknown[203.0.113.5]: 501 5.5.2 <x>: Helo command rejected: Invalid name; proto=SMTP helo=<x>`,
    ip: "203.0.113.5",
  },
  {
    from: "smtpd_check.c reject (MAIL, Sender address rejected)",
    line: `${H} postfix/smtpd[1]: NOQUEUE: reject: MAIL from unknown[203.0.113.5]: 553 5.7.1 <a@b>: Sender address rejected: not logged in; from=<a@b> proto=ESMTP helo=<x>`,
    ip: "203.0.113.5",
  },
  {
    from: "smtpd_check.c reject_unknown_client_hostname",
    line: `${H} postfix/smtpd[1]: NOQUEUE: reject: RCPT from unknown[203.0.113.5]: 450 4.7.25 Client host rejected: cannot find your hostname, [203.0.113.5]; from=<a@b> to=<c@d> proto=ESMTP helo=<x>`,
    ip: "203.0.113.5",
  },
  {
    from: "smtpd_check.c reject_rbl_client",
    line: `${H} postfix/smtpd[1]: NOQUEUE: reject: RCPT from unknown[203.0.113.5]: 554 5.7.1 Service unavailable; Client host [203.0.113.5] blocked using zen.spamhaus.org; from=<a@b> to=<c@d> proto=ESMTP helo=<x>`,
    ip: "203.0.113.5",
  },
  {
    from: "smtpd_check.c reject (VRFY)",
    line: `${H} postfix/smtpd[1]: NOQUEUE: reject: VRFY from unknown[203.0.113.5]: 550 5.1.1 <root>: Recipient address rejected: User unknown; to=<root> proto=SMTP`,
    ip: "203.0.113.5",
  },
  {
    from: "smtpd_check.c reject (CONNECT, anvil)",
    line: `${H} postfix/smtpd[1]: NOQUEUE: reject: CONNECT from unknown[203.0.113.5]: 421 4.7.0 mx.example Error: too many connections from 203.0.113.5; proto=SMTP`,
    ip: "203.0.113.5",
  },
  {
    from: "smtpd.c too many errors after DATA",
    line: `${H} postfix/smtpd[1]: too many errors after DATA (0 bytes) from unknown[203.0.113.5]`,
    ip: "203.0.113.5",
  },
  {
    from: "postscreen_early.c PREGREET",
    line: `${H} postfix/postscreen[1]: PREGREET 14 after 0.22 from [203.0.113.5]:1234: EHLO ylmf-pc\\r\\n`,
    ip: "203.0.113.5",
  },
  {
    from: "postscreen.c HANGUP",
    line: `${H} postfix/postscreen[1]: HANGUP after 1.2 from [203.0.113.5]:1234 in tests after SMTP handshake`,
    ip: "203.0.113.5",
  },
  {
    from: "postscreen_smtpd.c reject",
    line: `${H} postfix/postscreen[1]: NOQUEUE: reject: RCPT from [203.0.113.5]:1234: 450 4.3.2 Service currently unavailable; from=<a@b>, to=<c@d>, proto=ESMTP, helo=<x>`,
    ip: "203.0.113.5",
  },
  {
    from: "smtpd_peer.c (3.x) hostname does not resolve (Info: a DNS hygiene warning, not an attack)",
    line: `${H} postfix/smtpd[1]: warning: hostname host.example does not resolve to address 203.0.113.5: Name or service not known`,
    ip: null,
  },
  {
    from: "smtpd_peer.c (2.x) hostname verification failed (Info: a DNS hygiene warning, not an attack)",
    line: `${H} postfix/smtpd[1]: warning: 203.0.113.5: hostname host.example verification failed: Temporary failure in name resolution`,
    ip: null,
  },
  {
    from: "smtpd_peer.c (2.x) address not listed (Info: a DNS hygiene warning, not an attack)",
    line: `${H} postfix/smtpd[1]: warning: 203.0.113.5: address not listed for hostname host.example`,
    ip: null,
  },
  {
    from: "smtpd.c non-SMTP command",
    line: `${H} postfix/smtpd[1]: warning: non-SMTP command from unknown[203.0.113.5]: GET / HTTP/1.1`,
    ip: "203.0.113.5",
  },
  { from: "smtpd.c connect (benign)", line: `${H} postfix/smtpd[1]: connect from mail.example.org[198.51.100.1]`, ip: null },
  {
    from: "smtpd.c disconnect without AUTH failures (benign)",
    line: `${H} postfix/smtpd[1]: disconnect from mail.example.org[198.51.100.1] ehlo=2 starttls=1 mail=1 rcpt=1 data=1 quit=1 commands=7`,
    ip: null,
  },
  {
    from: "smtpd.c client= (benign)",
    line: `${H} postfix/smtpd[1]: 4ABCDEF123: client=mail.example.org[198.51.100.1], sasl_method=PLAIN, sasl_username=bob`,
    ip: null,
  },
  {
    from: "smtp.c delivery (benign)",
    line: `${H} postfix/smtp[1]: 4ABCDEF123: to=<c@d>, relay=mx.d[198.51.100.2]:25, delay=1, delays=0.1/0/0.4/0.5, dsn=2.0.0, status=sent (250 2.0.0 Ok)`,
    ip: null,
  },
  {
    from: "tls_server.c TLS established (benign)",
    line: `${H} postfix/smtpd[1]: Anonymous TLS connection established from mail.example.org[198.51.100.1]: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)`,
    ip: null,
  },
  { from: "postscreen.c PASS OLD (benign)", line: `${H} postfix/postscreen[1]: PASS OLD [198.51.100.1]:1234`, ip: null },
  {
    from: "policy greylisting (benign)",
    line: `${H} postfix/smtpd[1]: NOQUEUE: reject: RCPT from mail.example.org[198.51.100.1]: 450 4.2.0 <c@d>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/d.html; from=<a@b> to=<c@d> proto=ESMTP helo=<mail.example.org>`,
    ip: null,
  },
  {
    from: "smtpd.c lost connection after DATA (benign)",
    line: `${H} postfix/smtpd[1]: lost connection after DATA (120 bytes) from mail.example.org[198.51.100.1]`,
    ip: null,
  },

  // ---- Dovecot -------------------------------------------------------------------------------
  {
    from: "login-common client_get_extra_disconnect_reason (2.3)",
    line: `${H} dovecot: imap-login: Disconnected (auth failed, 3 attempts in 12 secs): user=<bob>, method=PLAIN, rip=203.0.113.5, lip=10.0.0.1, TLS, session=<AbCd>`,
    ip: "203.0.113.5",
  },
  {
    from: "login-common (2.0, no secs)",
    line: `${H} dovecot: pop3-login: Disconnected (auth failed, 1 attempts): user=<bob>, method=PLAIN, rip=203.0.113.5, lip=10.0.0.1`,
    ip: "203.0.113.5",
  },
  {
    from: "login-common (1.x)",
    line: `${H} dovecot: pop3-login: Aborted login (1 authentication attempts): user=<bob>, method=PLAIN, rip=203.0.113.5, lip=10.0.0.1`,
    ip: "203.0.113.5",
  },
  {
    from: "login-common (2.4 Login aborted)",
    line: `${H} dovecot: submission-login: Login aborted: Connection closed (auth failed, 1 attempts in 2 secs) (auth_failed): user=<bob>, method=PLAIN, rip=203.0.113.5, lip=10.0.0.1, session=<AbCd>`,
    ip: "203.0.113.5",
  },
  {
    from: "login-common, managesieve-login",
    line: `${H} dovecot: managesieve-login: Disconnected (auth failed, 1 attempts in 2 secs): user=<bob>, method=PLAIN, rip=203.0.113.5, lip=10.0.0.1, session=<AbCd>`,
    ip: "203.0.113.5",
  },
  {
    from: "login-common proxy_auth_failed",
    line: `${H} dovecot: imap-login: Disconnected (proxy dest auth failed): user=<bob>, method=PLAIN, rip=203.0.113.5, lip=10.0.0.1, session=<AbCd>`,
    ip: "203.0.113.5",
  },
  {
    from: "login-common auth_request pending",
    line: `${H} dovecot: imap-login: Disconnected (disconnected while authenticating, waited 2 secs): user=<>, method=PLAIN, rip=203.0.113.5, lip=10.0.0.1, session=<AbCd>`,
    ip: "203.0.113.5",
  },
  {
    from: "login-common auth_tried_unsupported_mech",
    line: `${H} dovecot: imap-login: Aborted login (tried to use unsupported auth mechanism): rip=203.0.113.5, lip=10.0.0.1`,
    ip: "203.0.113.5",
  },
  {
    from: "auth passdb-ldap.c auth_bind",
    line: `${H} dovecot: auth: ldap(bob,203.0.113.5,<AbCd>): Password mismatch (for LDAP bind)`,
    ip: "203.0.113.5",
  },
  {
    from: "auth passdb-pam.c",
    line: `${H} dovecot[12]: auth-worker(34): Info: pam(bob,203.0.113.5,<AbCd>): pam_authenticate() failed: Authentication failure (Password mismatch?)`,
    ip: "203.0.113.5",
  },
  {
    from: "auth passdb-checkpassword.c",
    line: `${H} dovecot: auth: checkpassword(bob,203.0.113.5): Login failed (status=1)`,
    ip: "203.0.113.5",
  },
  {
    from: "login-common auth_process_comm_fail (benign: server side)",
    line: `${H} dovecot: imap-login: Disconnected (auth process communication failure): user=<>, rip=203.0.113.5, lip=10.0.0.1`,
    ip: null,
  },
  {
    from: "login-common Login: (benign)",
    line: `${H} dovecot: imap-login: Login: user=<bob>, method=PLAIN, rip=198.51.100.1, lip=10.0.0.1, mpid=1, TLS, session=<AbCd>`,
    ip: null,
  },
  {
    from: "imap Logged out (benign)",
    line: `${H} dovecot: imap(bob)<1><AbCd>: Logged out in=1 out=2 deleted=0 expunged=0 trashed=0 hdr_count=0 hdr_bytes=0 body_count=0 body_bytes=0`,
    ip: null,
  },
  {
    from: "login-common no auth attempts (benign: capability check)",
    line: `${H} dovecot: imap-login: Disconnected (no auth attempts in 2 secs): user=<>, rip=198.51.100.1, lip=10.0.0.1, TLS, session=<AbCd>`,
    ip: null,
  },

  // ---- Exim ----------------------------------------------------------------------------------
  {
    from: "smtp_in.c authenticator failed",
    line: `${H} exim[1]: 2024-01-01 00:00:01 dovecot_login authenticator failed for (User) [203.0.113.5]: 535 Incorrect authentication data (set_id=bob)`,
    ip: "203.0.113.5",
  },
  {
    from: "acl.c rejected RCPT",
    line: `${H} exim[1]: H=(User) [203.0.113.5]:1234 I=[10.0.0.1]:25 F=<a@b> rejected RCPT <c@d>: Unrouteable address`,
    ip: "203.0.113.5",
  },
  {
    from: "smtp_in.c synchronization error",
    line: `${H} exim[1]: SMTP protocol synchronization error (input sent without waiting for greeting): rejected connection from H=[203.0.113.5] input="GET / HTTP/1.1"`,
    ip: "203.0.113.5",
  },
  {
    from: "smtp_in.c call dropped",
    line: `${H} exim[1]: SMTP call from (User) [203.0.113.5] dropped: too many nonmail commands (last was "RSET")`,
    ip: "203.0.113.5",
  },
  {
    from: "exim <= arrival (benign)",
    line: `${H} exim[1]: 1rABCD-000123-AB <= a@b H=mail.example.org [198.51.100.1] P=esmtps X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=no S=1234 id=1@b`,
    ip: null,
  },
  {
    from: "exim closed by QUIT (benign)",
    line: `${H} exim[1]: SMTP connection from mail.example.org [198.51.100.1] closed by QUIT`,
    ip: null,
  },

  // ---- Pure-FTPd (src/messages_<lang>.h MSG_AUTH_FAILED_LOG) ----------------------------------
  { from: "messages_en.h", line: `${H} pure-ftpd: (?@203.0.113.5) [WARNING] Authentication failed for user [admin]`, ip: "203.0.113.5" },
  { from: "messages_da.h", line: `${H} pure-ftpd: (?@203.0.113.5) [WARNING] Godkendelse mislykkedes for [admin]`, ip: "203.0.113.5" },
  { from: "messages_no.h", line: `${H} pure-ftpd: (?@203.0.113.5) [WARNING] Godkjennelse mislyktes for [admin]`, ip: "203.0.113.5" },
  {
    from: "messages_cs_cz.h",
    line: `${H} pure-ftpd: (?@203.0.113.5) [WARNING] Autentifikace uživatele selhala [admin]`,
    ip: "203.0.113.5",
  },
  { from: "messages_sk.h", line: `${H} pure-ftpd: (?@203.0.113.5) [WARNING] Autentifikacia uzivatela zlyhala [admin]`, ip: "203.0.113.5" },
  {
    from: "messages_ro.h",
    line: `${H} pure-ftpd: (?@203.0.113.5) [WARNING] Autentificare esuata pentru utilizatorul [admin]`,
    ip: "203.0.113.5",
  },
  {
    from: "messages_sq.h",
    line: `${H} pure-ftpd: (?@203.0.113.5) [WARNING] Autentikimi nuk u krye dot per user [admin]`,
    ip: "203.0.113.5",
  },
  {
    from: "messages_sv.h",
    line: `${H} pure-ftpd: (?@203.0.113.5) [WARNING] Behörighetskontroll misslyckas för användare [admin]`,
    ip: "203.0.113.5",
  },
  {
    from: "messages_ru.h",
    line: `${H} pure-ftpd: (?@203.0.113.5) [WARNING] Авторизация не удалась пользователю [admin]`,
    ip: "203.0.113.5",
  },
  {
    from: "messages_hu.h",
    line: `${H} pure-ftpd: (?@203.0.113.5) [WARNING] Azonosítás sikertelen [admin] felhasználónak`,
    ip: "203.0.113.5",
  },
  { from: "messages_tr.h", line: `${H} pure-ftpd: (?@203.0.113.5) [WARNING] [admin] kullanıcısı için giriş hatalı`, ip: "203.0.113.5" },
  { from: "messages_kr.h", line: `${H} pure-ftpd: (?@203.0.113.5) [WARNING] [admin] 유저 인증 실패`, ip: "203.0.113.5" },
  { from: "messages_zh_cn.h", line: `${H} pure-ftpd: (?@203.0.113.5) [WARNING] 使用者[admin]验证失败`, ip: "203.0.113.5" },
  { from: "messages_zh_tw.h", line: `${H} pure-ftpd: (?@203.0.113.5) [WARNING] 使用者[admin]驗證失敗`, ip: "203.0.113.5" },
  {
    from: "messages_fr_funny.h",
    line: `${H} pure-ftpd: (?@203.0.113.5) [WARNING] [admin] c'est un batard, il connait pas son code`,
    ip: "203.0.113.5",
  },
  {
    from: "ftpd.c MSG_NEW_CONNECTION (benign)",
    line: `${H} pure-ftpd: (?@198.51.100.1) [INFO] New connection from 198.51.100.1`,
    ip: null,
  },
  { from: "ftpd.c MSG_LOGOUT (benign)", line: `${H} pure-ftpd: (bob@198.51.100.1) [INFO] Logout.`, ip: null },

  // ---- ProFTPD (modules/mod_auth.c) ------------------------------------------------------------
  {
    from: "mod_auth.c setup_env: no such user (Low: the (Login failed) line carries Medium)",
    line: `${H} proftpd[1]: ftp.example (dsl.example.net[203.0.113.5]) - USER bob: no such user found from dsl.example.net [203.0.113.5] to 10.0.0.1:21`,
    ip: "203.0.113.5",
  },
  {
    from: "mod_auth.c auth_pass: Login failed",
    line: `${H} proftpd[1]: ftp.example (dsl.example.net[203.0.113.5]) - USER bob (Login failed): No such user found`,
    ip: "203.0.113.5",
  },
  {
    from: "mod_auth.c FTP session opened (benign)",
    line: `${H} proftpd[1]: ftp.example (dsl.example.net[198.51.100.1]) - FTP session opened.`,
    ip: null,
  },

  // ---- BIND named (lib/ns/client.c ns_client_logv, query.c) ------------------------------------
  {
    from: "lib/ns/query.c query-errors REFUSED",
    line: `${H} named[1]: client @0x7f2a5c0a1b60 203.0.113.5#46123 (example.com): query failed (REFUSED) for example.com/IN/ANY at ../../../lib/ns/query.c:5632`,
    ip: "203.0.113.5",
  },
  {
    from: "lib/ns/client.c invalid signature",
    line: `${H} named[1]: client 203.0.113.5#53001: request has invalid signature: TSIG ddns-key: tsig verify failure (BADKEY)`,
    ip: "203.0.113.5",
  },
  {
    from: "lib/ns/client.c ns_client_checkacl (query cache denied)",
    line: `${H} named[1]: client @0x7f1 203.0.113.5#5353 (x.example): query (cache) 'x.example/A/IN' denied`,
    ip: "203.0.113.5",
  },
  {
    from: "lib/dns/resolver.c (benign: a remote server refused our query; its address is not an attacker)",
    line: `${H} named[1]: REFUSED unexpected RCODE resolving 'example.com/A/IN': 198.51.100.53#53`,
    ip: null,
  },
  {
    from: "query.c SERVFAIL (benign: resolver trouble)",
    line: `${H} named[1]: client @0x7f2a 198.51.100.1#46123 (example.com): query failed (SERVFAIL) for example.com/IN/A at query.c:7113`,
    ip: null,
  },

  // ---- Unbound (util/log.c, services/cache/infra.c, daemon/worker.c) ---------------------------
  {
    from: "services/cache/infra.c infra_ip_ratelimit_inc",
    line: `${H} unbound: [2210:0] notice: ip_ratelimit exceeded 203.0.113.5 100 example.com. IN ANY`,
    ip: "203.0.113.5",
  },
  {
    from: "services/cache/infra.c infra_ratelimit_inc (with the client)",
    line: `${H} unbound[2210]: [2210:1] notice: ratelimit exceeded example.com. 1000 query q7x.example.com. IN A from 203.0.113.5`,
    ip: "203.0.113.5",
  },
  {
    from: "daemon/worker.c deny_refuse + util/net_help.c log_addr (verbosity 4)",
    line: `${H} unbound: [2210:0] debug: refused query from ip4 203.0.113.5 port 61000 (len 16)`,
    ip: "203.0.113.5",
  },
  {
    from: "unbound log file (logfile:), util/log.c log_vmsg",
    line: `[1704888000] unbound[2210:0] notice: ip_ratelimit exceeded 203.0.113.5 100(cookie) example.com. IN TXT`,
    ip: "203.0.113.5",
  },
  {
    from: "unbound log-replies (benign: a normal answer)",
    line: `${H} unbound: [2210:0] info: 198.51.100.1 example.com. A IN NOERROR 0.000000 1 45`,
    ip: null,
  },

  // ---- PowerDNS (pdns/tcpreceiver.cc canDoAXFR/doAXFR, recursordist rec-main.cc) ---------------
  {
    from: "tcpreceiver.cc canDoAXFR (4.3+)",
    line: `${H} pdns_server[900]: AXFR-out zone 'example.com', client '203.0.113.5:40001', denied: client IP has no permission`,
    ip: "203.0.113.5",
  },
  {
    from: "tcpreceiver.cc doAXFR (4.3+, after the denial)",
    line: `${H} pdns_server[900]: AXFR-out zone 'example.com', client '203.0.113.5:40001', failed: client may not request AXFR`,
    ip: "203.0.113.5",
  },
  {
    from: "tcpreceiver.cc canDoAXFR (3.x-4.2)",
    line: `${H} pdns[900]: AXFR of domain 'example.com' denied: client IP 203.0.113.5 has no permission`,
    ip: "203.0.113.5",
  },
  {
    from: "rfc2136handler.cc processUpdate allow-dnsupdate-from",
    line: `${H} pdns_server[900]: UPDATE (4321) from 203.0.113.5 for example.com: Remote not listed in allow-dnsupdate-from or domainmetadata. Sending REFUSED`,
    ip: "203.0.113.5",
  },
  {
    from: "packethandler.cc processNotify (not a primary)",
    line: `${H} pdns_server[900]: Received NOTIFY for example.com from 203.0.113.5 which is not a primary`,
    ip: "203.0.113.5",
  },
  {
    from: "rec-main.cc handleNewUDPQuestion allow-from",
    line: `${H} pdns_recursor[901]: [1] dropping UDP query from 203.0.113.5, address not matched by allow-from`,
    ip: "203.0.113.5",
  },
  {
    from: "tcpreceiver.cc doAXFR (benign: a permitted transfer)",
    line: `${H} pdns_server[900]: AXFR-out zone 'example.com', client '198.51.100.1:40001', transfer initiated`,
    ip: null,
  },

  // ---- dnsmasq (src/forward.c receive_query) ---------------------------------------------------
  {
    from: "forward.c receive_query --local-service (2.86+)",
    line: `${H} dnsmasq[612]: ignoring query from non-local network 203.0.113.5 (logged only once)`,
    ip: "203.0.113.5",
  },
  {
    from: "dnsmasq --log-queries (benign: a query)",
    line: `${H} dnsmasq[612]: query[A] example.com from 198.51.100.1`,
    ip: null,
  },

  // ---- Asterisk / FreePBX / FreeSWITCH (apps/app_verbose.c, res_security_log.c, sofia_reg.c) ------
  {
    from: "app_verbose.c log_exec via FreePBX from-sip-external (syslog channel)",
    line: `${H} asterisk[2100]: WARNING[2200][C-00000001]: Ext. s:1 in @ from-sip-external: "Rejecting unknown SIP connection from 203.0.113.5"`,
    ip: "203.0.113.5",
  },
  {
    from: "res_security_log.c, PJSIP Call-ID with a comma as SessionID",
    line: `${H} asterisk[2100]: SECURITY[2200]: res_security_log.c:0 in security_event_stasis_cb: SecurityEvent="InvalidAccountID",EventTV="2024-01-10T12:00:00.000+0000",Severity="Error",Service="PJSIP",EventVersion="1",AccountID="100",SessionID="7f3a,b2@203.0.113.5",LocalAddress="IPV4/UDP/192.0.2.10/5060",RemoteAddress="IPV4/UDP/203.0.113.5/5060"`,
    ip: "203.0.113.5",
  },
  {
    from: "sofia_reg.c sofia_reg_handle_register_token (log-auth-failures) challenge",
    line: `${H} freeswitch[2300]: [WARNING] sofia_reg.c:1642 SIP auth challenge (REGISTER) on sofia profile 'internal' for [100@192.0.2.10] from ip 203.0.113.5`,
    ip: "203.0.113.5",
  },
  {
    from: "asterisk res_security_log.c SuccessfulAuth (benign)",
    line: `${H} asterisk[2100]: SECURITY[2200]: res_security_log.c:0 in security_event_stasis_cb: SecurityEvent="SuccessfulAuth",EventTV="2024-01-10T12:00:00.000+0000",Severity="Informational",Service="PJSIP",EventVersion="1",AccountID="100",SessionID="x",LocalAddress="IPV4/UDP/192.0.2.10/5060",RemoteAddress="IPV4/UDP/198.51.100.1/5060",UsingPassword="1"`,
    ip: null,
  },

  // ---- NSCA (src/nsca.c) ---------------------------------------------------------------------
  {
    from: "nsca.c accept_connection allowed_hosts",
    line: `${H} nsca[2400]: Host 203.0.113.5 is not allowed to talk to us!`,
    ip: "203.0.113.5",
  },

  // ---- Squid (access_log syslog:, logformat squid) --------------------------------------------
  {
    from: "squid.conf logformat squid through access_log syslog:daemon.info",
    line: `${H} squid[2500]: 1704888000.123      0 203.0.113.5 TCP_DENIED/403 3941 CONNECT 192.0.2.25:25 - HIER_NONE/- text/html`,
    ip: "203.0.113.5",
  },
  {
    from: "squid access log through syslog (benign: a cache miss)",
    line: `${H} squid[2500]: 1704888000.123    120 198.51.100.1 TCP_MISS/200 4520 GET http://www.example.com/ - HIER_DIRECT/192.0.2.1 text/html`,
    ip: null,
  },

  // ---- Kamailio / OpenSIPS (modules/pike/pike_funcs.c, etc/kamailio.cfg) ------------------------
  {
    from: "pike_funcs.c pike_check_req (Kamailio)",
    line: `${H} kamailio[1500]: WARNING: pike [pike_funcs.c:151]: pike_check_req(): PIKE - BLOCKing ip 203.0.113.5, node=0x7f7e073f7dd0`,
    ip: "203.0.113.5",
  },
  {
    from: "pike_funcs.c pike_check_req (OpenSIPS)",
    line: `${H} opensips[1501]: WARNING:pike:pike_check_req: PIKE - BLOCKing ip 203.0.113.5, node=0x7f12ab34`,
    ip: "203.0.113.5",
  },
  {
    from: "etc/kamailio.cfg WITH_ANTIFLOOD xlog, From URI holding a fake (IP:...)",
    line: `${H} /usr/sbin/kamailio[1500]: ALERT: <script>: ALERT: pike blocking REGISTER from sip:x@y (IP:10.9.9.9:5060) (IP:203.0.113.5:5060)`,
    ip: "203.0.113.5",
  },
  {
    from: "kamailio core (benign: startup)",
    line: `${H} kamailio[1500]: INFO: <core> [main.c:2862]: main(): processes (at least): 45 - shm size: 67108864 - pkg size: 8388608`,
    ip: null,
  },
];

describe("format-string probes: mail, FTP, DNS, VoIP and database wordings from the daemons' sources", () => {
  for (const probe of PROBES) {
    it(`${probe.ip === null ? "no alert" : "alert"}: ${probe.from}`, () => {
      const alerts = convertOne(probe.line).messages.filter((m) => m["Priority"] !== "Info");
      if (probe.ip === null) {
        assert.deepEqual(alerts.map(ruleIdOf), [], `no alert expected for: ${probe.line}`);
        return;
      }
      assert.ok(alerts.length >= 1, `an alert expected for: ${probe.line}`);
      for (const alert of alerts) {
        const ips = ((alert["Source"] as { IP?: string }[] | undefined) ?? []).map((s) => s.IP);
        assert.deepEqual(ips, [probe.ip], `${ruleIdOf(alert)} named ${JSON.stringify(ips)} for: ${probe.line}`);
      }
    });
  }
});
