// Application-log files as a user (or an acceptance check) hands them over: through the public API,
// with the built-in converters and NO format given. Each file is detected (detectFormat), converted
// with runPipeline, and every line's alert is checked: the rule, the attacker address, or no alert
// for an ordinary line. Each line is also converted alone (a one-line file), since a file's first
// lines decide its format and a short or mixed file must not lose a line to the wrong reading.
// Lines are written from each program's own log format (see the header comments of
// src/converters/syslog/rules/applog-*.yaml).
import { describe, it } from "node:test";
import { checkFile, type Expectation } from "./pipeline-check.js";

const files: Record<string, readonly Expectation[]> = {
  "apache-2.4-error.log": [
    [
      "[Tue Mar 05 10:00:00.120001 2019] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4.38 (Debian) configured -- resuming normal operations",
      null,
    ],
    [
      '[Tue Mar 05 10:00:01.000001 2019] [auth_basic:error] [pid 77:tid 140] [client 192.0.2.1:51234] AH01617: user alice: authentication failure for "/private": Password Mismatch, referer: https://6.6.6.6/',
      ["apache.auth-password-mismatch", "192.0.2.1"],
    ],
    [
      "[Tue Mar 05 10:00:02.000001 2019] [auth_basic:error] [pid 77] [client 192.0.2.2:4000] AH01618: user root not found: /admin",
      ["apache.auth-user-not-found", "192.0.2.2"],
    ],
    [
      "[Tue Mar 05 10:00:03.000001 2019] [authz_core:error] [pid 77] [client 192.0.2.3:3333] AH01630: client denied by server configuration: /var/www/html/server-status",
      ["apache.client-denied", "192.0.2.3"],
    ],
    [
      "[Tue Mar 05 10:00:04.000001 2019] [php7:error] [pid 77] [client 192.0.2.4:3333] script '/var/www/html/wp-login.php' not found or unable to stat",
      ["apache.php-script-not-found", "192.0.2.4"],
    ],
    [
      "[Tue Mar 05 10:00:05.000001 2019] [proxy_fcgi:error] [pid 77:tid 2] [client 192.0.2.5:3333] AH01071: Got error 'Primary script unknown'",
      ["apache.fcgi-primary-script-unknown", "192.0.2.5"],
    ],
    [
      "[Tue Mar 05 10:00:06.000001 2019] [core:info] [pid 77] [client 192.0.2.6:3333] AH00128: File does not exist: /var/www/html/.env",
      ["apache.probe-not-found", "192.0.2.6"],
    ],
    [
      "[Tue Mar 05 10:00:07.000001 2019] [core:info] [pid 77] [client 192.0.2.7:3333] AH00128: File does not exist: /var/www/html/favicon.ico",
      null,
    ],
    [
      '[Tue Mar 05 10:00:08.000001 2019] [security2:error] [pid 77:tid 3] [client 192.0.2.8:3333] [client 192.0.2.8] ModSecurity: Access denied with code 403 (phase 2). Pattern match "union select" at ARGS:id. [id "942100"] [hostname "6.6.6.6"]',
      ["apache.modsecurity-denied", "192.0.2.8"],
    ],
    [
      "[Tue Mar 05 10:00:09.000001 2019] [cgi:error] [pid 77] [client 192.0.2.9:3333] AH01215: /bin/bash: warning: HTTP_USER_AGENT: ignoring function definition attempt: /usr/lib/cgi-bin/t.cgi",
      ["apache.shellshock", "192.0.2.9"],
    ],
    [
      "[Tue Mar 05 10:00:10.000001 2019] [core:error] [pid 77] (36)File name too long: [client 192.0.2.10:3333] AH00126: Invalid URI in request GET /aaaa HTTP/1.1",
      ["apache.bad-request", "192.0.2.10"],
    ],
    [
      "[Tue Mar 05 10:00:11.000001 2019] [proxy:error] [pid 77] (111)Connection refused: AH00957: HTTP: attempt to connect to 127.0.0.1:8080 (localhost) failed",
      null,
    ],
  ],
  "apache-2.2-error.log": [
    ["[Sat Jun 01 11:23:00 2013] [notice] Apache/2.2.22 (Ubuntu) configured -- resuming normal operations", null],
    [
      '[Sat Jun 01 11:23:08 2013] [error] [client 192.0.2.11] user bob: authentication failure for "/": Password Mismatch',
      ["apache.auth-password-mismatch", "192.0.2.11"],
    ],
    [
      "[Sat Jun 01 11:23:09 2013] [error] [client 192.0.2.12] File does not exist: /var/www/phpMyAdmin",
      ["apache.probe-not-found", "192.0.2.12"],
    ],
    [
      "[Sat Jun 01 11:23:10 2013] [error] [client 192.0.2.13] File does not exist: /home/root/public_html",
      ["apache.probe-not-found", "192.0.2.13"],
    ],
    [
      "[Sat Jun 01 11:23:11 2013] [error] [client 192.0.2.14] script '/var/www/xmlrpc.php' not found or unable to stat",
      ["apache.php-script-not-found", "192.0.2.14"],
    ],
    [
      "[Sat Jun 01 11:23:12 2013] [error] [client 192.0.2.15] ALERT - canary mismatch on efree() - heap overflow detected (attacker '6.6.6.6', file '/var/www/index.php')",
      ["apache.suhosin-alert", "192.0.2.15"],
    ],
    [
      "[Sat Jun 01 11:23:13 2013] [error] [client 192.0.2.16] request failed: URI too long (longer than 8190)",
      ["apache.bad-request", "192.0.2.16"],
    ],
    ["[Sat Jun 01 11:23:14 2013] [error] [client 192.0.2.17] File does not exist: /var/www/robots.txt", null],
  ],
  "nginx-error.log": [
    ["2020/03/01 10:00:00 [notice] 1#1: start worker processes", null],
    [
      '2020/03/01 10:00:01 [error] 10#10: *1 user "xyz" was not found in "/etc/nginx/.htpasswd", client: 192.0.2.20, server: example.com, request: "GET / HTTP/1.1", host: "example.com"',
      ["nginx.auth-user-not-found", "192.0.2.20"],
    ],
    [
      '2020/03/01 10:00:02 [error] 10#10: *2 user "admin": password mismatch, client: 192.0.2.21, server: example.com, request: "GET /admin HTTP/1.1", host: "example.com"',
      ["nginx.auth-password-mismatch", "192.0.2.21"],
    ],
    [
      '2020/03/01 10:00:03 [error] 10#10: *3 limiting requests, excess: 20.100 by zone "login", client: 192.0.2.22, server: example.com, request: "POST /wp-login.php HTTP/1.1", host: "example.com"',
      ["nginx.limiting-requests", "192.0.2.22"],
    ],
    [
      '2020/03/01 10:00:04 [warn] 10#10: *4 delaying request, excess: 0.500, by zone "one", client: 192.0.2.23, server: example.com, request: "GET / HTTP/1.1", host: "example.com"',
      null,
    ],
    [
      '2020/03/01 10:00:05 [error] 10#10: *5 open() "/usr/share/nginx/html/wp-login.php" failed (2: No such file or directory), client: 192.0.2.24, server: localhost, request: "GET /wp-login.php HTTP/1.1", host: "1.1.1.1"',
      ["nginx.probe-not-found", "192.0.2.24"],
    ],
    [
      '2020/03/01 10:00:06 [error] 10#10: *6 open() "/usr/share/nginx/html/favicon.ico" failed (2: No such file or directory), client: 192.0.2.25, server: localhost, request: "GET /favicon.ico HTTP/1.1", host: "example.com"',
      null,
    ],
  ],
  "exim-mainlog": [
    ["2013-01-04 17:03:40 exim 4.92 daemon started: pid=1, -q30m, listening for SMTP on port 25 (IPv4)", null],
    [
      "2013-01-04 17:03:46 dovecot_login authenticator failed for host.example.com (ylmf-pc) [192.0.2.30]:60248 I=[198.51.100.1]:25: 535 Incorrect authentication data (set_id=a@b.c)",
      ["exim.auth-failed", "192.0.2.30"],
    ],
    [
      "2013-01-04 17:03:47 H=(xxx) [192.0.2.31]:4321 F=<spam@example.net> rejected RCPT <x@example.org>: relay not permitted",
      ["exim.relay-not-permitted", "192.0.2.31"],
    ],
    ["2013-01-04 17:03:48 1TlOjD-0003Zq-Iu <= a@b.c H=mx.example.net [192.0.2.32] P=esmtps S=1234 id=x@y", null],
    ["2013-01-04 17:03:49 1TlOjD-0003Zq-Iu Completed", null],
  ],
  "asterisk-full": [
    ["[2018-06-01 10:00:00] VERBOSE[3001] logger.c: Asterisk Event Logger restarted", null],
    [
      "[2018-06-01 10:00:01] NOTICE[1638] chan_sip.c: Registration from '\"100\" <sip:100@198.51.100.1>' failed for '192.0.2.40:5060' - Wrong password",
      ["asterisk.sip-registration-failed", "192.0.2.40"],
    ],
    [
      "[2018-06-01 10:00:02] NOTICE[3001] res_pjsip/pjsip_distributor.c: Request 'REGISTER' from '<sip:200@198.51.100.1>' failed for '192.0.2.41:5060' (callid: abc@x) - No matching endpoint found",
      ["asterisk.pjsip-request-failed", "192.0.2.41"],
    ],
    [
      '[2018-06-01 10:00:03] SECURITY[3001] res_security_log.c: SecurityEvent="InvalidAccountID",EventTV="2018-06-01T10:00:03.000+0000",Severity="Error",Service="PJSIP",EventVersion="1",AccountID="200",SessionID="a84c3b2f@192.0.2.42",LocalAddress="IPV4/UDP/198.51.100.1/5060",RemoteAddress="IPV4/UDP/192.0.2.42/5060"',
      ["asterisk.security-event", "192.0.2.42"],
    ],
    [
      "[2018-06-01 10:00:04] NOTICE[3001] manager.c: 192.0.2.43 failed to authenticate as 'admin'",
      ["asterisk.manager-auth-failed", "192.0.2.43"],
    ],
    ["[2018-06-01 10:00:05] NOTICE[3001] chan_sip.c: Peer '100' is now Reachable. (23ms / 2000ms)", null],
  ],
  "named-security.log": [
    ["13-Mar-2015 12:45:40.000 general: notice: running", null],
    [
      "13-Mar-2015 12:45:46.123 security: info: client @0x7f1234 192.0.2.50#4242 (x.org): query (cache) 'x.org/ANY/IN' denied",
      ["named.query-denied", "192.0.2.50"],
    ],
    [
      "13-Mar-2015 12:45:47.123 client 192.0.2.51#1234 (example.com): zone transfer 'example.com/AXFR/IN' denied",
      ["named.zone-transfer-denied", "192.0.2.51"],
    ],
    [
      "13-Mar-2015 12:45:48.123 queries: info: client @0x7f 192.0.2.52#1234 (example.com): query: example.com IN A +E(0)K (198.51.100.1)",
      null,
    ],
  ],
  "mysql-error.log": [
    ["2021-01-01 12:00:00 0 [Note] /usr/sbin/mysqld: ready for connections.", null],
    ["130118  1:05:30 [Warning] Access denied for user 'root'@'192.0.2.60' (using password: YES)", ["mysql.access-denied", "192.0.2.60"]],
    [
      "2020-01-01T12:00:00.123456Z 8 [Note] [MY-010926] [Server] Access denied for user 'root'@'192.0.2.61' (using password: YES)",
      ["mysql.access-denied", "192.0.2.61"],
    ],
    [
      "2021-01-01 12:00:01 35 [Warning] Access denied for user 'admin'@'192.0.2.62' (using password: NO)",
      ["mysql.access-denied", "192.0.2.62"],
    ],
    // MariaDB pads the hour with a space.
    [
      "2021-01-01  9:00:03 36 [Warning] Access denied for user 'admin'@'192.0.2.63' (using password: YES)",
      ["mysql.access-denied", "192.0.2.63"],
    ],
    [
      "2021-01-01 12:00:04 35 [Warning] Host '192.0.2.64' is blocked because of many connection errors; unblock with 'mysqladmin flush-hosts'",
      ["mysql.host-blocked", "192.0.2.64"],
    ],
    [
      "2021-01-01 12:00:02 12 [Warning] Aborted connection 12 to db: 'wp' user: 'wp' host: 'localhost' (Got timeout reading communication packets)",
      null,
    ],
  ],
  "vsftpd.log": [
    ['Sun Jan  1 12:00:00 2017 [pid 2] CONNECT: Client "192.0.2.70"', null],
    ['Sun Jan  1 12:00:01 2017 [pid 2] [root] FAIL LOGIN: Client "192.0.2.70"', ["vsftpd.fail-login", "192.0.2.70"]],
    ['Sun Jan  1 12:00:02 2017 [pid 3] [anonymous] FAIL LOGIN: Client "::ffff:192.0.2.71"', ["vsftpd.fail-login", "192.0.2.71"]],
    ['Sun Jan  1 12:00:03 2017 [pid 4] [ftp] OK LOGIN: Client "192.0.2.72", anon password "?"', null],
  ],
  "roundcube-errors": [
    [
      "[22-Jan-2013 22:28:21 +0200]: <abcdef12> IMAP Error: Login failed for admin against localhost from 192.0.2.80. AUTHENTICATE PLAIN: Authentication failed. in rcube_imap.php on line 200 (POST /?_task=login&_action=login)",
      ["roundcube.imap-login-failed", "192.0.2.80"],
    ],
    ["[22-Jan-2013 22:28:22] FAILED login for admin from 192.0.2.81", ["roundcube.failed-login", "192.0.2.81"]],
    ["[22-Jan-2013 22:28:23 +0200]: <abc> Successful login for x (ID: 1) from 192.0.2.82 in session abc", null],
  ],
  "monit.log": [
    ["[CET Jan 20 12:00:00] info     : 'srv' Monit 5.26.0 started", null],
    [
      "[CET Jan 20 12:00:01] error    : Warning: Client '192.0.2.90' supplied wrong password for user 'admin' accessing monit httpd",
      ["monit.auth-failed", "192.0.2.90"],
    ],
    [
      "[2020-10-12T10:00:00+0000] error    : Warning: Client '192.0.2.91' supplied unknown user 'x' accessing monit httpd",
      ["monit.auth-failed", "192.0.2.91"],
    ],
  ],
  "horde.log": [
    [
      'Feb 12 09:15:00 HORDE [error] [imp] FAILED LOGIN for x [192.0.2.100] to Mail (imap) [pid 1234 on line 139 of "/x/Auth.php"]',
      ["horde.login-failed", "192.0.2.100"],
    ],
  ],
  "guacamole-catalina.out": [
    ['12:00:00.100 [main] INFO  o.a.g.environment.LocalEnvironment - GUACAMOLE_HOME is "/etc/guacamole".', null],
    [
      '12:00:01.123 [http-nio-8080-exec-1] WARN  o.a.g.r.auth.AuthenticationService - Authentication attempt from 192.0.2.110 for user "guacadmin" failed.',
      ["guacamole.auth-failed", "192.0.2.110"],
    ],
  ],
  "bitwarden-identity.log": [
    ['2019-11-26 01:04:40.001 +00:00 [INF] Starting job DeleteSendsJob at "2019-11-26T01:04:40"', null],
    ["2019-11-26 01:04:49.008 +00:00 [WRN] Failed login attempt. 192.0.2.120", ["bitwarden.login-failed", "192.0.2.120"]],
    ["2019-11-26 01:04:50.008 +00:00 [WRN] Failed login attempt, 2FA invalid. 192.0.2.121", ["bitwarden.login-failed", "192.0.2.121"]],
  ],
  "vaultwarden.log": [
    ["[2021-01-01 12:00:00.100][request][INFO] POST /identity/connect/token", null],
    [
      "[2021-01-01 12:00:00.123][vaultwarden::api::identity][ERROR] Username or password is incorrect. Try again. IP: 192.0.2.130. Username: x@y.z.",
      ["vaultwarden.login-failed", "192.0.2.130"],
    ],
  ],
  "lighttpd-error.log": [
    ["2023-01-10 11:59:00: (server.c.1513) server started (lighttpd/1.4.69)", null],
    [
      "2023-01-10 12:00:00: (mod_auth.c.828) password doesn't match for /private/ username: alice IP: 192.0.2.240",
      ["lighttpd.auth-failed", "192.0.2.240"],
    ],
    ["2011-12-25 17:09:20: (http_auth.c.525) get_password failed, IP: 192.0.2.241", ["lighttpd.auth-failed", "192.0.2.241"]],
  ],
  "gitea.log": [
    ["2023/01/10 11:59:00 cmd/web.go:220:listen() [I] Listen: http://0.0.0.0:3000", null],
    [
      "2023/01/10 12:00:00 ...s/web/auth/auth.go:198:SignInPost() [W] Failed authentication attempt for admin from 192.0.2.242:52100: user does not exist [uid: 0, name: admin]",
      ["gitea.auth-failed", "192.0.2.242"],
    ],
  ],
  "application_json.log": [
    [
      '{"severity":"INFO","time":"2023-01-10T11:59:00.001Z","correlation_id":"a","message":"Successful Login: username=root ip=192.0.2.1 method=standard admin=true"}',
      null,
    ],
    [
      '{"severity":"INFO","time":"2023-01-10T12:00:00.123Z","correlation_id":"b","message":"Failed Login: username=root ip=192.0.2.243"}',
      ["gitlab.login-failed", "192.0.2.243"],
    ],
  ],
  "gitlab-application.log": [
    ["2023-01-10T12:00:00.123Z: Failed Login: username=admin ip=192.0.2.244", ["gitlab.login-failed", "192.0.2.244"]],
  ],
  "nextcloud.log": [
    [
      '{"reqId":"a","level":1,"time":"2023-01-10T11:59:00+00:00","remoteAddr":"192.0.2.2","user":"alice","app":"core","method":"GET","url":"/","message":"Login successful","userAgent":"x","version":"25.0.2.3"}',
      null,
    ],
    [
      '{"reqId":"b","level":2,"time":"2023-01-10T12:00:00+00:00","remoteAddr":"192.0.2.245","user":"--","app":"core","method":"POST","url":"/login","message":"Login failed: admin (Remote IP: 192.0.2.245)","userAgent":"Mozilla/5.0","version":"25.0.2.3"}',
      ["nextcloud.login-failed", "192.0.2.245"],
    ],
  ],
  "home-assistant.log": [
    ["2023-01-10 11:59:00.001 INFO (MainThread) [homeassistant.core] Starting Home Assistant", null],
    [
      "2023-01-10 12:00:00.123 WARNING (MainThread) [homeassistant.components.http.ban] Login attempt or request with invalid authentication from host.example (192.0.2.246). Requested URL: '/auth/token'. (Mozilla/5.0)",
      ["home-assistant.invalid-auth", "192.0.2.246"],
    ],
  ],
  "jellyfin.log": [
    ["[2023-01-10 11:59:00.001 +00:00] [INF] [1] Main: Jellyfin version: 10.8.8", null],
    [
      '[2023-01-10 12:00:00.123 +00:00] [INF] [42] Jellyfin.Server.Implementations.Users.UserManager: Authentication request for "admin" has been denied (IP: "192.0.2.247").',
      ["jellyfin.auth-denied", "192.0.2.247"],
    ],
  ],
  "grafana.log": [
    ['t=2020-06-01T12:00:00+0000 lvl=info msg="HTTP Server Listen" logger=http.server address=[::]:3000 protocol=http', null],
    [
      't=2020-06-01T12:00:01+0000 lvl=eror msg="Invalid username or password" logger=context userId=0 orgId=0 uname= error="invalid username or password" remote_addr=192.0.2.248',
      ["grafana.login-failed", "192.0.2.248"],
    ],
    [
      'logger=context userId=0 orgId=0 uname= t=2024-01-10T12:00:00.123+00:00 level=error msg="Invalid username or password" error="invalid username or password" remote_addr=192.0.2.249 traceID=',
      ["grafana.login-failed", "192.0.2.249"],
    ],
  ],
  "traefik-access.log": [
    ['192.0.2.3 - - [10/Mar/2023:17:00:00 +0000] "GET /dashboard/ HTTP/2.0" 401 17 "-" "Mozilla/5.0" 11 "dashboard@docker" "-" 0ms', null],
    [
      '192.0.2.250 - admin [10/Mar/2023:17:00:01 +0000] "GET /dashboard/ HTTP/2.0" 401 17 "-" "Mozilla/5.0" 12 "dashboard@docker" "-" 0ms',
      ["http-access.basic-auth-failed", "192.0.2.250"],
    ],
  ],
  "squid-access.log": [
    ["1286536309.450    120 192.0.2.4 TCP_MISS/200 4520 GET http://www.example.com/ - HIER_DIRECT/203.0.113.1 text/html", null],
    [
      "1286536309.451   1399 192.0.2.251 TCP_DENIED/403 3955 CONNECT mail.example.com:25 - HIER_NONE/- text/html",
      ["squid.denied", "192.0.2.251"],
    ],
    [
      "1286536309.452      0 192.0.2.252 TCP_DENIED/407 3955 GET http://www.example.com/ bob HIER_NONE/- text/html",
      ["squid.auth-failed", "192.0.2.252"],
    ],
  ],
  "kerio-security.log": [
    ["[16/Jun/2004 18:37:17] Found virus in mail from <a@example.org> to <b@example.net>: W32/Netsky.p@MM", null],
    ["[17/Nov/2023 11:31:07] Failed SMTP login from 192.0.2.253 with SASL method LOGIN.", ["kerio.login-failed", "192.0.2.253"]],
    [
      "[17/Nov/2023 11:31:00] SMTP: User user1@example.com doesn't exist. Attempt from IP address 192.0.2.254.",
      ["kerio.unknown-user", "192.0.2.254"],
    ],
  ],
  "scans-access.log": [
    ['198.51.100.1 - - [02/Mar/2024:11:11:11 +0000] "GET /index.php HTTP/1.1" 200 226 "-" "Mozilla/5.0"', null],
    [
      '198.51.100.2 - - [02/Mar/2024:11:11:12 +0000] "GET /w00tw00t.at.ISC.SANS.DFind:) HTTP/1.1" 400 226 "-" "-"',
      ["http-access.probe-path", "198.51.100.2"],
    ],
    [
      '198.51.100.3 - - [02/Mar/2024:11:11:13 +0000] "GET /admin/config.php HTTP/1.1" 404 226 "-" "Mozilla/5.0"',
      ["http-access.script-not-found", "198.51.100.3"],
    ],
    [
      '198.51.100.4 - - [02/Mar/2024:11:11:14 +0000] "\\x16\\x03\\x01\\x00\\xa5" 400 226 "-" "-"',
      ["http-access.bad-request", "198.51.100.4"],
    ],
  ],
  "apache-ldap-zoneminder-error.log": [
    [
      "[Mon Mar 28 16:50:00.000001 2016] [mpm_prefork:notice] [pid 1] AH00163: Apache/2.4.18 (Ubuntu) configured -- resuming normal operations",
      null,
    ],
    [
      "[Mon Mar 28 16:50:48.1 2016] [authnz_ldap:info] [pid 1] [client 192.0.2.100:5000] AH01695: auth_ldap authenticate: user bob authentication failed; URI /private [ldap_search_ext_s() for user failed][No such object]",
      ["apache.ldap-auth-failed", "192.0.2.100"],
    ],
    [
      '[Mon Mar 28 16:50:49.522240 2016] [:error] [pid 1795] [client 192.0.2.101:50700] WAR [Login denied for user "admin"], referer: https://zoneminder/',
      ["apache.zoneminder-login-denied", "192.0.2.101"],
    ],
    [
      '[Mon Mar 28 16:50:50 2016] [error] [client 192.0.2.102] mod_security: Access denied with code 403. Pattern match "x" at HEADER.',
      ["apache.modsecurity-denied", "192.0.2.102"],
    ],
  ],
  "authelia.log": [
    [
      `time="2025-04-28T09:59:00+02:00" level=info msg="Successful 1FA authentication attempt made by user 'bob'" method=POST path=/api/firstfactor remote_ip="192.0.2.5"`,
      null,
    ],
    [
      `time="2025-04-28T10:00:00+02:00" level=error msg="Unsuccessful 1FA authentication attempt by user 'bob'" method=POST path=/api/firstfactor remote_ip="192.0.2.235" stack="x"`,
      ["authelia.auth-failed", "192.0.2.235"],
    ],
    [
      `{"level":"error","method":"POST","msg":"Unsuccessful 1FA authentication attempt by user 'alice'","path":"/api/firstfactor","remote_ip":"192.0.2.236","stack":[{"File":"x.go","Line":1,"Name":"y"}],"time":"2025-05-01T12:13:00+02:00"}`,
      ["authelia.auth-failed", "192.0.2.236"],
    ],
  ],
  "murmur.log": [
    ["<W>2023-01-10 11:59:00.001 1 => Server listening on [::]:64738", null],
    [
      "<W>2023-01-10 12:00:00.123 1 => <3:evil(-1)> Rejected connection from 192.0.2.244:52322: Invalid server password",
      ["murmur.connection-rejected", "192.0.2.244"],
    ],
  ],
  "caddy-access.log": [
    [
      '{"level":"info","ts":1646861400.1,"logger":"http.log.access.log0","msg":"handled request","request":{"remote_ip":"192.0.2.6","remote_port":"41341","proto":"HTTP/1.1","method":"GET","host":"example.com","uri":"/","headers":{"User-Agent":["Mozilla/5.0"]}},"bytes_read":0,"user_id":"","duration":0.001,"size":10,"status":200}',
      null,
    ],
    [
      '{"level":"info","ts":1646861401.5,"logger":"http.log.access.log0","msg":"handled request","request":{"remote_ip":"192.0.2.155","remote_port":"41342","proto":"HTTP/1.1","method":"GET","host":"example.com","uri":"/.git/config","headers":{"User-Agent":["curl/7.68.0"]}},"bytes_read":0,"user_id":"","duration":0.001,"size":0,"status":404}',
      ["caddy.probe-path", "192.0.2.155"],
    ],
  ],
  "ejabberd.log": [
    [
      "2023-01-10 11:59:00.000001+00:00 [info] <0.1234.0>@ejabberd_c2s:process_auth_result/3:250 (tls|<0.1233.0>) Accepted c2s PLAIN authentication for bob@example.org by sql backend from ::ffff:192.0.2.7",
      null,
    ],
    [
      "2023-01-10 12:00:00.123456+00:00 [warning] <0.1234.0>@ejabberd_c2s:process_auth_result/3:272 (tls|<0.1233.0>) Failed c2s PLAIN authentication for bob@example.org from ::ffff:192.0.2.164: Invalid username or password",
      ["ejabberd.auth-failed", "192.0.2.164"],
    ],
  ],
};

describe("application logs through runPipeline with no format given", () => {
  for (const [name, expectations] of Object.entries(files)) {
    it(`${name}: detected as applog, each line's alert (or none) as expected, in the file and alone`, async () => {
      await checkFile(name, expectations);
    });
  }

  it("a syslog file with a web application's lines: detected as syslog, the same alerts", async () => {
    await checkFile(
      "webapps-syslog",
      [
        [
          "Mar  1 10:00:00 web wordpress(example.com)[1234]: Authentication failure for admin from 192.0.2.140",
          ["wordpress.auth-failed", "192.0.2.140"],
        ],
        [
          "Mar  1 10:00:01 db phpMyAdmin[4242]: user denied: root (mysql-denied) from 192.0.2.141",
          ["phpmyadmin.user-denied", "192.0.2.141"],
        ],
        [
          "Mar  1 10:00:02 pve pvedaemon[1234]: authentication failure; rhost=192.0.2.142 user=root@pam msg=Authentication failure",
          ["proxmox.auth-failure", "192.0.2.142"],
        ],
        ["Mar  1 10:00:03 srv webmin[1234]: Invalid login as root from 192.0.2.143", ["webmin.login-failed", "192.0.2.143"]],
        ["Mar  1 10:00:04 web wordpress(example.com)[1234]: Accepted password for admin from 192.0.2.144", null],
      ],
      "syslog",
    );
  });

  it("an Apache error log that also holds syslog lines: each read its own way, nothing rejected", async () => {
    await checkFile("mixed-error.log", [
      [
        "[Sat Jun 01 11:23:08 2013] [error] [client 192.0.2.150] user admin not found: /admin",
        ["apache.auth-user-not-found", "192.0.2.150"],
      ],
      ["Jun  1 11:23:09 web sshd[5774]: Failed password for root from 192.0.2.151 port 29160 ssh2", ["sshd.failed-auth", "192.0.2.151"]],
      [
        "[Sat Jun 01 11:23:10 2013] [error] [client 192.0.2.152] client denied by server configuration: /var/www/private",
        ["apache.client-denied", "192.0.2.152"],
      ],
    ]);
  });
});
