// Mail and FTP daemons write the client's address before or after text the client chose (a user
// name, a HELO, a SASL id). For each such rule, a user name built to look like the daemon's own
// address field ("from 1.2.3.4", "ip=[1.2.3.4]", "rip=1.2.3.4", ...) must not move the source:
// the alert names the real client (203.0.113.5) or there is no alert, never 1.2.3.4.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { convertOne, ruleIdOf } from "./helpers.js";

const REAL = "203.0.113.5";
const INJECTED = "1.2.3.4";

/** The source IPs of the alerts (above Info) a line gives. */
function alertSources(line: string): { rule: string | undefined; ips: string[] }[] {
  return convertOne(line)
    .messages.filter((m) => m["Priority"] !== "Info")
    .map((m) => ({
      rule: ruleIdOf(m),
      ips: ((m["Source"] as { IP?: string }[] | undefined) ?? []).map((s) => s.IP ?? ""),
    }));
}

/** The line alerts with the real client as its only source address, from the named rule. */
function assertRealSource(line: string, rule: string): void {
  const alerts = alertSources(line);
  assert.equal(alerts.length, 1, `one alert expected for: ${line}`);
  assert.equal(alerts[0]!.rule, rule);
  assert.deepEqual(alerts[0]!.ips, [REAL]);
}

/** No alert names the injected address (no alert at all is fine). */
function assertNotInjected(line: string): void {
  for (const alert of alertSources(line)) assert.ok(!alert.ips.includes(INJECTED), `${alert.rule} took ${INJECTED} from: ${line}`);
}

describe("mail and FTP rules: a crafted user name cannot move the source address", () => {
  it("postfix: sasl_username holding another 'unknown[addr]: SASL ...'", () => {
    assertRealSource(
      `Jan  1 00:00:01 mx postfix/smtpd[1]: warning: unknown[${REAL}]: SASL LOGIN authentication failed: x, sasl_username=a from unknown[${INJECTED}]: SASL LOGIN`,
      "postfix.sasl-failed",
    );
  });

  it("dovecot: user=<...> holding 'rip=' and a passdb user holding 'from' and commas", () => {
    assertRealSource(
      `Jan  1 00:00:01 mx dovecot: imap-login: Disconnected (auth failed, 1 attempts in 2 secs): user=<a from ${INJECTED}, rip=${INJECTED}, lip=${INJECTED}>, method=PLAIN, rip=${REAL}, lip=192.0.2.100, session=<abc>`,
      "dovecot.login-auth-failed",
    );
    assertRealSource(
      `Jan  1 00:00:01 mx dovecot: imap-login: Disconnected (disconnected while authenticating, waited 2 secs): user=<a, rip=${INJECTED}, lip=${INJECTED}>, method=PLAIN, rip=${REAL}, lip=192.0.2.100, session=<abc>`,
      "dovecot.login-auth-abandoned",
    );
    assertRealSource(
      `Jan  1 00:00:01 mx dovecot: imap-login: Disconnected (proxy dest auth failed): user=<a, rip=${INJECTED}, lip=${INJECTED}>, method=PLAIN, rip=${REAL}, lip=192.0.2.100, session=<abc>`,
      "dovecot.login-auth-failed",
    );
    assertRealSource(
      `Jan  1 00:00:01 mx dovecot: auth: passwd-file(a from ${INJECTED},${INJECTED},${REAL}): unknown user`,
      "dovecot.passdb-failed",
    );
  });

  it("exim: set_id holding '(helo) [addr]:port'", () => {
    assertRealSource(
      `Jan  1 00:00:01 mx exim[1]: dovecot_login authenticator failed for (x) [${REAL}]:1: 535 Incorrect authentication data (set_id=a from (x) [${INJECTED}]:2)`,
      "exim.auth-failed",
    );
  });

  it("sendmail: user= holding 'relay=[addr]'", () => {
    assertRealSource(
      `Jan  1 00:00:01 mx sendmail[1]: s64CwZgh085826: AUTH failure (LOGIN): authentication failure (-13) SASL(-13): authentication failure: checkpass failed, user=a, relay=[${INJECTED}], relay=[${REAL}]`,
      "sendmail.auth-failure",
    );
  });

  it("courier, cyrus, uw-imap, solid-pop3d, vpopmail, perdition: the user field holding an address field", () => {
    assertRealSource(
      `Jan  1 00:00:01 mx imapd: LOGIN FAILED, user=a from ${INJECTED}, ip=[${INJECTED}], ip=[${REAL}]`,
      "courier.login-failed",
    );
    assertRealSource(
      `Jan  1 00:00:01 mx cyrus/imap[1]: badlogin: host.example [${REAL}] plaintext a[${INJECTED}] SASL(-13): authentication failure: checkpass failed`,
      "cyrus.badlogin",
    );
    assertRealSource(
      `Jan  1 00:00:01 mx imapd[1]: Login failed user=a host=[${INJECTED}] auth=x host=host.example [${REAL}]`,
      "uw-imap.login-failed",
    );
    assertRealSource(`Jan  1 00:00:01 mx solid-pop3d[1]: authentication failed: a - ${INJECTED} - ${REAL}`, "solid-pop3d.auth-failed");
    assertRealSource(`Jan  1 00:00:01 mx vpopmail[1]: vchkpw-pop3: password fail a:${INJECTED}@example.org:${REAL}`, "qmail.vchkpw-failed");
    assertRealSource(
      `Jan  1 00:00:01 mx perdition[1]: Auth: ${REAL}:1234->192.0.2.100:143 client-secure=plaintext authorisation_id=NONE authentication_id="a ${INJECTED}:1->" server="127.0.0.1:143" protocol=IMAP4 server-secure=plaintext status="failed: Re-Authentication Failure"`,
      "perdition.auth-failed",
    );
  });

  it("proftpd, pure-ftpd, vsftpd, BSD ftpd, wu-ftpd: the user name holding 'from host [addr]'", () => {
    assertRealSource(
      `Jan  1 00:00:01 ftp proftpd[1]: ftp.example (host.example[${REAL}]) - USER a from host.example [${INJECTED}] to ${INJECTED}:21 (Login failed): Incorrect password.`,
      "proftpd.login-failed",
    );
    assertRealSource(
      `Jan  1 00:00:01 ftp proftpd[1]: ftp.example (host.example[${REAL}]) - PAM(a) [${INJECTED}]): Authentication failure.`,
      "proftpd.pam-failure",
    );
    assertRealSource(
      `Jan  1 00:00:01 ftp pure-ftpd: (?@${REAL}) [WARNING] Authentication failed for user [a from ${INJECTED}] (?@${INJECTED}) [WARNING] Authentication failed for user [b]`,
      "pure-ftpd.auth-failed",
    );
    assertRealSource(
      `Jan  1 00:00:01 ftp pure-ftpd: (?@${REAL}) [WARNING] [a (?@${INJECTED}) [WARNING] [b] 유저 인증 실패`,
      "pure-ftpd.auth-failed-user-first",
    );
    assertRealSource(
      `Jan  1 00:00:01 ftp pure-ftpd: (?@${REAL}) [WARNING] Azonosítás sikertelen [a] felhasználónak (?@${INJECTED}) [WARNING] Azonosítás sikertelen [b] felhasználónak`,
      "pure-ftpd.auth-failed-user-first",
    );
    assertRealSource(
      `Jan  1 00:00:01 ftp proftpd[1]: ftp.example (host.example[${REAL}]) - USER a from host.example [${INJECTED}] to x: no such user found from host.example [${INJECTED}] to 10.0.0.1:21`,
      "proftpd.no-such-user",
    );
    assertRealSource(
      `Jan  1 00:00:01 ftp vsftpd[1]: [pid 2] [a] FAIL LOGIN: Client "${INJECTED}"] FAIL LOGIN: Client "${REAL}"`,
      "vsftpd.fail-login",
    );
    assertRealSource(`Jan  1 00:00:01 ftp ftpd[1]: FTP LOGIN FAILED FROM ${REAL}, a FROM ${INJECTED}`, "ftpd.login-failed");
    assertRealSource(
      `Jan  1 00:00:01 ftp wu-ftpd[1]: failed login from host.example [${REAL}], a from x [${INJECTED}]`,
      "wu-ftpd.failed-login",
    );
  });

  it("webmail: roundcube and SOGo user names holding 'from addr'", () => {
    assertNotInjected(
      `Jan  1 00:00:01 mx roundcube: IMAP Error: Login failed for a from ${INJECTED} from ${REAL}. AUTHENTICATE PLAIN: Authentication failed. in /x.php on line 1 (POST /?_task=login&_action=login)`,
    );
    assertNotInjected(
      `Jan  1 00:00:01 mx roundcube: <abcd1234> Failed login for a from ${INJECTED} from ${REAL} in session xyz (error: 0)`,
    );
    assertRealSource(
      `Jan  1 00:00:01 mx sogod[1]: [2]: SOGoRootPage Login from '${REAL}' for user 'a' from '${INJECTED}' for user 'b' might not have worked - password policy: 65535  grace: -1  expire: -1  bound: 0`,
      "sogo.login-failed",
    );
  });
});
