// Daemons' own log files added after daemon-probes.test.ts (Prosody, Emby, ZoneMinder, Centreon,
// DirectAdmin) and wordings added to covered ones (MongoDB 3.0, Roundcube behind a proxy, Zimbra's
// IMAP/POP logins, Monit 5.21+, GitLab's JSON context keys, Asterisk 1.2's file lines, Exim's
// VRFY/EXPN rejections): each line written from the
// program's format string -- the source named in the comment above it -- and run as a user hands
// the file over: detected, converted with runPipeline, each line also alone (pipeline-check.ts).
// A line with null must raise nothing above Info; an attack line exactly that rule's alert with that
// attacker address (a forged address in a client-chosen field must not move it).
import { describe, it } from "node:test";
import { checkFile, type Expectation } from "./pipeline-check.js";

const files: Record<string, readonly Expectation[]> = {
  "prosody.log": [
    ["Jan 15 11:59:58 general\tinfo\tHello and welcome to Prosody version 0.12.4", null],
    // mod_log_auth: session.log("info", "Failed authentication attempt (%s) for user %s from IP: %s", ...)
    [
      "Jan 15 12:00:00 c2s55e1d3a4c1c0\tinfo\tFailed authentication attempt (not-authorized) for user bob from IP: 192.0.2.61",
      ["prosody.auth-failed", "192.0.2.61"],
    ],
    // the first release: module:log("info", "Failed authentication attempt (%s) from IP: %s", ...)
    [
      "Jan 15 12:00:01 example.org:log_auth\tinfo\tFailed authentication attempt (not-authorized) from IP: 2001:db8::62",
      ["prosody.auth-failed", "2001:db8::62"],
    ],
    // the SASL user name is the client's: the address is the one at the end
    [
      "Jan 15 12:00:02 c2s55e1d3a4c1c0\tinfo\tFailed authentication attempt (not-authorized) for user x from IP: 10.1.1.1 from IP: 192.0.2.63",
      ["prosody.auth-failed", "192.0.2.63"],
    ],
    ["Jan 15 12:00:03 c2s55e1d3a4c1c0\tinfo\tSuccessful authentication as alice from IP: 192.0.2.64", null],
    ["Jan 15 12:00:04 c2s55e1d3a4c1c0\tinfo\tClient disconnected: connection closed", null],
  ],
  "embyserver.txt": [
    ["2019-08-25 18:55:00.100 Info App: Application version: 4.7.11.0", null],
    // UserManager: "Authentication request for {0} {1}." (no address)
    ["2019-08-25 18:55:02.793 Info UserManager: Authentication request for bob has been denied.", null],
    [
      "2019-08-25 18:55:02.793 Warn HttpServer: AUTH-ERROR: 192.0.2.71 - Invalid user or password entered.",
      ["emby.auth-error", "192.0.2.71"],
    ],
    ["2019-08-25 18:55:02.793 Error HttpServer: Invalid user or password entered.", null],
    // LogResponse: "HTTP Response {0} to {1}. Time: {2}{3}. {4}"
    [
      "2019-08-25 18:55:02.794 Info HttpServer: HTTP Response 401 to 192.0.2.71. Time: 162ms. http://192.0.2.1:8096/emby/Users/authenticatebyname",
      ["emby.login-refused-response", "192.0.2.71"],
    ],
    [
      "2019-08-25 18:55:03.000 Info HttpServer: HTTP Response 200 to 192.0.2.72. Time: 40ms. http://192.0.2.1:8096/emby/Users/authenticatebyname",
      null,
    ],
    [
      "2019-08-25 18:55:04.000 Info HttpServer: HTTP Response 401 to 192.0.2.73. Time: 3ms. http://192.0.2.1:8096/emby/Sessions/Playing",
      null,
    ],
  ],
  "web_php.log": [
    // web/includes/logger.php logPrint(): '%s.%06d %s[%d].%s [%s] [%s]' (date, usec, component, pid, code, REMOTE_ADDR, text)
    ['01/15/24 12:00:00.123456 web_php[1234].INF [192.0.2.80] [Login successful for user "admin"]', null],
    ['01/15/24 12:00:01.123456 web_php[1234].WAR [192.0.2.81] [Login denied for user "admin"]', ["zoneminder.login-denied", "192.0.2.81"]],
    [
      "01/15/24 12:00:02.123456 web_php[1234].ERR [192.0.2.82] [Could not retrieve user bob details] at /usr/share/zoneminder/www/includes/auth.php line 90",
      ["zoneminder.login-denied", "192.0.2.82"],
    ],
    // the user name is the client's: it cannot move the REMOTE_ADDR field written before it
    [
      '01/15/24 12:00:03.123456 web_php[1234].WAR [192.0.2.83] [Login denied for user "x] [10.1.1.1"]',
      ["zoneminder.login-denied", "192.0.2.83"],
    ],
  ],
  "centreon-login.log": [
    // CentreonUserLog::insertLog(): date("Y-m-d H:i:s") . "|uid|page|option|text"; CentreonAuth:
    // "[" . source . "] [" . REMOTE_ADDR . "] Authentication failed for '" . username . "'"
    ["2024-01-15 12:00:00|1|0|0|[LOCAL] [192.0.2.90] Authentication succeeded for 'admin'", null],
    ["2024-01-15 12:00:01|-1|0|0|[LOCAL] [192.0.2.91] Authentication failed for 'admin'", ["centreon.auth-failed", "192.0.2.91"]],
    // CentreonLog::log(): "[RFC3339] LEVEL : page|option|text | {json context}", with the reason
    [
      '[2024-01-15T12:00:02+01:00] ERROR : 0|0|[local] [192.0.2.92] Authentication failed for \'bob\' : invalid credentials | {"context":{"default":{"request_infos":{"url":"/centreon/api/latest/authentication/providers/configurations/local"}}}}',
      ["centreon.auth-failed", "192.0.2.92"],
    ],
    [
      "2024-01-15 12:00:03|-1|0|0|[LOCAL] [192.0.2.93] Authentication failed for 'x] [10.1.1.1] Authentication failed for '",
      ["centreon.auth-failed", "192.0.2.93"],
    ],
  ],
  "directadmin-login.log": [
    // login.log: "'<addr>' <n> failed login attempts. Account '<user>'"
    ["2024:01:15-12:00:00: '192.0.2.101' 1 failed login attempts. Account 'admin'", ["directadmin.login-failed", "192.0.2.101"]],
    ["2024:01:15-12:00:05: '192.0.2.101' 2 failed login attempts. Account 'x' 10.1.1.1'", ["directadmin.login-failed", "192.0.2.101"]],
    ["2024:01:15-12:00:09: '192.0.2.103' successful login to 'admin'", null],
  ],
  "mongod-3.0.log": [
    ["2015-06-10T10:44:20.000+0200 I NETWORK  [initandlisten] waiting for connections on port 27017", null],
    // 3.0 sasl_commands.cpp: "<mech> authentication failed for <user> on <db> from client <host> ; <status>" (no port)
    [
      "2015-06-10T10:44:23.346+0200 I ACCESS   [conn3] SCRAM-SHA-1 authentication failed for admin on admin from client 198.51.100.44 ; UserNotFound Could not find user admin@admin",
      ["mongodb.sasl-failed", "198.51.100.44"],
    ],
    [
      "2019-01-01T12:00:00.000+0000 I ACCESS   [conn4] SASL SCRAM-SHA-1 authentication failed for admin on admin from client 198.51.100.45:54321 ; AuthenticationFailed: SCRAM authentication failed, storedKey mismatch",
      ["mongodb.sasl-failed", "198.51.100.45"],
    ],
  ],
  "roundcube-errors.log": [
    // rcube_imap.php: "Login failed for %s against %s from %s. %s", the address rcube_utils::remote_ip():
    // REMOTE_ADDR, then "(X-Real-IP: a,X-Forwarded-For: b)" when set. Behind a local proxy the
    // address the proxy appended is the attacker's; behind a public one the header is a claim.
    [
      "[15-Jan-2024 12:00:00 +0100]: <abc123> IMAP Error: Login failed for bob against localhost from 127.0.0.1(X-Forwarded-For: 192.0.2.178). AUTHENTICATE PLAIN: Authentication failed. in /var/www/roundcube/program/lib/Roundcube/rcube_imap.php on line 200 (POST /?_task=login&_action=login)",
      ["roundcube.imap-login-failed-proxied", "192.0.2.178"],
    ],
    [
      "[15-Jan-2024 12:00:01 +0100]: <abc124> IMAP Error: Login failed for eve against localhost from 10.0.0.2(X-Real-IP: 192.0.2.179,X-Forwarded-For: 6.6.6.6, 192.0.2.179). Authentication failed. in rcube_imap.php on line 200 (POST /?_task=login&_action=login)",
      ["roundcube.imap-login-failed-proxied", "192.0.2.179"],
    ],
    [
      "[15-Jan-2024 12:00:02 +0100]: <abc125> IMAP Error: Login failed for eve against localhost from 192.0.2.180(X-Forwarded-For: 6.6.6.6). Authentication failed. in rcube_imap.php on line 200 (POST /?_task=login&_action=login)",
      ["roundcube.imap-login-failed", "192.0.2.180"],
    ],
    [
      "[15-Jan-2024 12:00:03 +0100]: <abc126> Successful login for bob (ID: 1) from 127.0.0.1(X-Forwarded-For: 192.0.2.181) in session abc126",
      null,
    ],
  ],
  "zimbra-audit.log": [
    // an IMAP login through Zimbra's nginx proxy, logged before the account is known (ZimbraLog context ip/oip/via)
    [
      "2019-01-01 12:00:00,123 INFO  [ImapSSLServer-12] [ip=10.0.0.5;oip=192.0.2.187;via=10.0.0.5(nginx/1.20.0-zimbra);ua=Zimbra/8.8.15_GA_4177;] security - cmd=Auth; account=erin@example.org; protocol=imap; error=authentication failed for [erin@example.org], invalid password;",
      ["zimbra.auth-failed-unnamed", "192.0.2.187"],
    ],
    [
      "2019-01-01 12:00:01,123 INFO  [Pop3Server-3] [ip=192.0.2.188;] security - cmd=Auth; account=frank@example.org; protocol=pop3; error=authentication failed for [frank@example.org], account not found;",
      ["zimbra.auth-failed-unnamed", "192.0.2.188"],
    ],
    [
      "2019-01-01 12:00:02,123 INFO  [ImapSSLServer-12] [ip=10.0.0.5;oip=192.0.2.189;via=10.0.0.5(nginx/1.20.0-zimbra);ua=Zimbra/8.8.15_GA_4177;] security - cmd=Auth; account=erin@example.org; protocol=imap;",
      null,
    ],
  ],
  "monit.log": [
    ["[2024-01-20T11:59:00+0100] info     : Starting Monit 5.33.0 daemon with http interface at [*]:2812", null],
    // http/processor.c basic_authenticate(): "HttpRequest: access denied -- client [%s]: wrong password for user '%s'"
    [
      "[2024-01-20T12:00:00+0100] error    : HttpRequest: access denied -- client [192.0.2.95]: wrong password for user 'admin'",
      ["monit.http-access-denied", "192.0.2.95"],
    ],
    [
      "[2024-01-20T12:00:01+0100] error    : HttpRequest: access denied -- client [192.0.2.96]: unknown user 'root'",
      ["monit.http-access-denied", "192.0.2.96"],
    ],
    [
      "[2024-01-20T12:00:02+0100] error    : HttpRequest: access denied -- client [192.0.2.97]: missing or invalid Authorization header",
      null,
    ],
  ],
  "gitlab-application_json.log": [
    // SessionsController "Failed Login: username=%s ip=%s", with the Labkit context keys GitLab 13+ writes first
    [
      '{"severity":"INFO","time":"2023-01-10T12:00:00.123Z","correlation_id":"01GPC8X2W6","meta.caller_id":"SessionsController#create","meta.remote_ip":"192.0.2.174","meta.feature_category":"system_access","meta.client_id":"ip/192.0.2.174","message":"Failed Login: username=root ip=192.0.2.174"}',
      ["gitlab.login-failed", "192.0.2.174"],
    ],
  ],
  "asterisk-1.2-messages": [
    // logger.c (1.2, no -T): "%s %s[%ld] %s: " (date, level, thread, file), then the message
    ["Sep  5 22:45:00 VERBOSE[2120] logger.c: Asterisk Ready.", null],
    [
      "Sep 15 22:45:05 NOTICE[2127] chan_sip.c: Registration from '\"1234\" <sip:1234@192.0.2.1>' failed for '192.0.2.45' - Wrong password",
      ["asterisk.sip-registration-failed", "192.0.2.45"],
    ],
    [
      "Sep 15 22:45:06 NOTICE[2127] chan_iax2.c: Host 192.0.2.46 failed to authenticate as '100'",
      ["asterisk.iax2-auth-failed", "192.0.2.46"],
    ],
  ],
  "exim-mainlog-vrfy": [
    // smtp_handle_acl_fail(): "%s%s %s%srejected %s%s", what = "<ACL name> <command data>"
    [
      "2024-01-01 12:00:30 H=(x) [192.0.2.72]:1234 I=[10.0.0.1]:25 rejected VRFY root: VRFY not permitted",
      ["exim.rejected-vrfy-expn", "192.0.2.72"],
    ],
    ["2024-01-01 12:00:31 H=scan.example.net [192.0.2.73] rejected EXPN postmaster", ["exim.rejected-vrfy-expn", "192.0.2.73"]],
    ["2024-01-01 12:00:32 H=(x) [192.0.2.74]:1234 temporarily rejected VRFY root", null],
  ],
  "vsftpd.log": [
    // prelogin.c check_limits(): "Connection refused: tcp_wrappers denial." logged on the CONNECT line
    ['Mon Jan 15 12:00:00 2024 [pid 1234] CONNECT: Client "192.0.2.49"', null],
    [
      'Mon Jan 15 12:00:01 2024 [pid 1235] CONNECT: Client "192.0.2.49", "Connection refused: tcp_wrappers denial."',
      ["vsftpd.tcp-wrappers-denial", "192.0.2.49"],
    ],
    ['Mon Jan 15 12:00:02 2024 [pid 1236] CONNECT: Client "192.0.2.51", "Connection refused: too many sessions for this address."', null],
    ['Mon Jan 15 12:00:03 2024 [pid 1237] [bob] FAIL LOGIN: Client "192.0.2.53"', ["vsftpd.fail-login", "192.0.2.53"]],
  ],
  "ejabberd-2.x.log": [
    // ejabberd_c2s (2.x-16.x) "(~w) Failed legacy authentication for ~s from IP ~s (~w)", error_logger's
    // second report line "I(<pid>:module:line) : msg"
    [
      "I(<0.1234.0>:ejabberd_c2s:802) : ({socket_state,tls,{tlssock,#Port<0.1>,#Port<0.2>},<0.3.0>}) Failed legacy authentication for bob@example.org/home from IP 192.0.2.164 ({{192,0,2,164},5222})",
      ["ejabberd.legacy-auth-failed", "192.0.2.164"],
    ],
    // the resource is the client's and may hold the wording: the address is the one at the end
    [
      "I(<0.1234.0>:ejabberd_c2s:802) : ({socket_state,tls,{tlssock,#Port<0.1>,#Port<0.2>},<0.3.0>}) Failed legacy authentication for x@example.org/a from IP 10.1.1.1 ({{10,1,1,1},1}) from IP 192.0.2.165 ({{192,0,2,165},5222})",
      ["ejabberd.legacy-auth-failed", "192.0.2.165"],
    ],
  ],
};

describe("daemons' own log files and wordings added from their format strings, detected and converted", () => {
  for (const [name, expectations] of Object.entries(files)) {
    it(name, async () => {
      await checkFile(name, expectations);
    });
  }
});
