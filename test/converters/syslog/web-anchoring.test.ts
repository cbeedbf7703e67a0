// Web servers and web applications write the client's address before or after text the client
// chose (a user name, a URL, a User-Agent). For each such rule, a field built to look like the
// program's own address field must not move the source: the alert names the real client
// (203.0.113.5) or there is no alert, never 1.2.3.4.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { convertOne, ruleIdOf } from "./helpers.js";

const REAL = "203.0.113.5";
const INJECTED = "1.2.3.4";

/** The line alerts from the named rule with the real client as its only source address. */
function assertRealSource(line: string, rule: string): void {
  const alerts = convertOne(line).messages.filter((m) => m["Priority"] !== "Info");
  assert.equal(alerts.length, 1, `one alert expected for: ${line}`);
  assert.equal(ruleIdOf(alerts[0]!), rule);
  const ips = ((alerts[0]!["Source"] as { IP?: string }[] | undefined) ?? []).map((s) => s.IP);
  assert.deepEqual(ips, [REAL], line);
}

describe("web rules: a client-chosen field cannot move the source address", () => {
  it("Apache: a user name or URI holding another [client ...] field", () => {
    assertRealSource(
      `[Sun Aug 31 18:19:31 2008] [error] [client ${REAL}] access to /x] [client ${INJECTED}] failed, reason: user 'a [client ${INJECTED}]' does not meet 'require'ments for user/valid-user to be allowed access`,
      "apache.authz-failure",
    );
    assertRealSource(
      `[Sat Jun 01 11:23:08 2013] [error] [client ${REAL}] Digest: user \`[client ${INJECTED}]' in realm \`r' denied by provider: /`,
      "apache.digest-auth-failure",
    );
  });

  it('Group-Office: a user name holding "from IP: <addr>" (error log and info log)', () => {
    assertRealSource(
      `[Tue Mar 05 10:00:01.000001 2019] [php7:notice] [pid 77] [client ${REAL}:3333] Password authentication failed for 'x' from IP: '${INJECTED}' from IP: '${INJECTED}'`,
      "apache.groupoffice-auth-failed",
    );
    assertRealSource(`[2014-01-06 10:59:38]LOGIN FAILED for user: "x" from IP: ${INJECTED}" from IP: ${REAL}`, "groupoffice.login-failed");
  });

  it('Tine 2.0: a login name holding "from <addr> failed (-1)!"', () => {
    assertRealSource(
      `d4e5f6 - -- none -- - 2021-03-01T10:00:05+00:00 WARN (4): Tinebase_Controller::_loginFailed::519 Login with username x from ${INJECTED} failed (-1)! Auth failure count: 1 from ${REAL} failed (-1)! Auth failure count: 5`,
      "tine20.login-failed",
    );
  });

  it("access logs: the vhost and Jetty forms take the client field, not a URL or User-Agent holding an address", () => {
    assertRealSource(
      `www.example.com:443 ${REAL} - - [10/Oct/2023:13:55:37 +0000] "GET /.env?${INJECTED} HTTP/1.1" 404 209 "http://${INJECTED}/" "${INJECTED} - - [10/Oct/2023:13:55:37 +0000]"`,
      "http-access.probe-path",
    );
    assertRealSource(
      `${REAL} -  -  [13/Jun/2017:15:44:57 +0200] "GET /.git/config HTTP/1.1" 404 0 "-" "${INJECTED}"`,
      "http-access.probe-path",
    );
    assertRealSource(
      `${REAL} - - [10/Oct/2023:13:55:38 +0000] "GET /item.php?id=1%27%20OR%20%27${INJECTED}%27=%271 HTTP/1.1" 200 512 "-" "Mozilla/5.0"`,
      "http-access.exploit-in-request",
    );
  });

  it("Keycloak: a client id holding an ipAddress field gives no alert for it", () => {
    const line = `2019-06-01 12:00:00,123 WARN  [org.keycloak.events] (default task-1) type=LOGIN_ERROR, realmId=master, clientId=x, userId=null, ipAddress=${INJECTED}, error=user_not_found, userId=null, ipAddress=${REAL}, error=user_not_found, username=a`;
    for (const m of convertOne(line).messages)
      assert.ok(!((m["Source"] as { IP?: string }[] | undefined) ?? []).some((s) => s.IP === INJECTED), line);
    const tail = `2019-06-01 12:00:00,123 WARN  [org.keycloak.events] (default task-1) type=LOGIN_ERROR, realmId=master, clientId=x, userId=null, ipAddress=${REAL}, error=user_not_found, username='a, ipAddress=${INJECTED}'`;
    for (const m of convertOne(tail).messages)
      assert.ok(!((m["Source"] as { IP?: string }[] | undefined) ?? []).some((s) => s.IP === INJECTED), tail);
  });

  it("Open WebMail, Monitorix, Traefik: the server-written address field, not a user name or URL holding one", () => {
    assertRealSource(
      `Fri Sep 20 10:36:17 2013 - [12354] (${REAL}) a (${INJECTED}) b - login error - no such user - loginname=x (${INJECTED})`,
      "openwebmail.login-error",
    );
    assertRealSource(`Thu Jun 13 10:00:00 2019 - AUTHERR - [${REAL}] Authentication error: /[${INJECTED}]`, "monitorix.auth-error");
    assertRealSource(
      `{"ClientAddr":"${REAL}:5000","ClientHost":"${REAL}","ClientPort":"5000","ClientUsername":"${INJECTED}","DownstreamContentSize":17,"DownstreamStatus":401,"Duration":5,"RequestAddr":"${INJECTED}","RequestHost":"${INJECTED}","RequestMethod":"GET","RequestPath":"/${INJECTED}","RequestPort":"-","RequestProtocol":"HTTP/1.1","RequestScheme":"http","level":"info","msg":"","time":"2023-01-10T12:00:01Z"}`,
      "http-access.basic-auth-failed",
    );
  });

  it('nginx: a user name holding ", client: <addr>, server: " gives no alert for the injected address', () => {
    const line = `2020/01/20 13:09:12 [error] 7452#0: *1 user "a, client: ${INJECTED}, server: x": password mismatch, client: ${REAL}, server: example.com, request: "GET / HTTP/1.1", host: "example.com"`;
    for (const m of convertOne(line).messages)
      assert.ok(!((m["Source"] as { IP?: string }[] | undefined) ?? []).some((s) => s.IP === INJECTED), line);
  });
});
