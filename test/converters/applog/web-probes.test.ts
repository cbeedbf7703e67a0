// Probe lines of web servers' and web applications' own logs, written from the programs' format
// strings (the source file or function is named beside each), walked through the public API with
// no format given (see pipeline-check.ts): each must give its rule and the client's address, or no
// alert for an ordinary line. They cover the wordings of every release the rules claim to read.
import { describe, it } from "node:test";
import { checkFile, type Expectation } from "./pipeline-check.js";

const files: Record<string, readonly Expectation[]> = {
  "apache-auth-error.log": [
    // server/main.c / core: ordinary start-up notices
    ["[Sat Jun 01 11:00:00.000001 2013] [core:notice] [pid 100] AH00094: Command line: '/usr/sbin/apache2'", null],
    [
      "[Sat Jun 01 11:00:00 2013] [alert] apache2: Could not reliably determine the server's fully qualified domain name, using 127.0.1.1 for ServerName",
      null,
    ],
    // modules/aaa/mod_auth_basic.c authenticate_basic_user(): AH01617, AH01618; get_basic_auth(): AH01614
    [
      '[Sat Jun 01 11:23:08.123456 2013] [auth_basic:error] [pid 1234:tid 140000000] [client 192.0.2.1:51234] AH01617: user alice: authentication failure for "/private": Password Mismatch, referer: http://example.org/',
      ["apache.auth-password-mismatch", "192.0.2.1"],
    ],
    [
      "[Sat Jun 01 11:23:08.123456 2013] [auth_basic:error] [pid 1234] [client 2001:db8::2:40000] AH01618: user nobody not found: /private",
      ["apache.auth-user-not-found", "2001:db8::2"],
    ],
    [
      "[Sat Jun 01 11:23:08.123456 2013] [auth_basic:error] [pid 1234] [client 192.0.2.3:40000] AH01614: client used wrong authentication scheme: /private",
      ["apache.wrong-auth-scheme", "192.0.2.3"],
    ],
    // 2.2's mod_auth_basic, no AH code, the address alone
    [
      '[Sat Jun 01 11:23:08 2013] [error] [client 192.0.2.4] user bob: authentication failure for "/": Password Mismatch',
      ["apache.auth-password-mismatch", "192.0.2.4"],
    ],
    // modules/aaa/mod_auth_digest.c authenticate_digest_user(), check_nc(), check_nonce() (2.2 "Digest: " prefix, 2.4 AH codes)
    [
      "[Sat Jun 01 11:23:08 2013] [error] [client 192.0.2.5] Digest: user `admin' in realm `private' not found: /secret",
      ["apache.digest-auth-failure", "192.0.2.5"],
    ],
    [
      "[Sat Jun 01 11:23:08.1 2013] [auth_digest:error] [pid 9] [client 192.0.2.6:99] AH01792: user eve: password mismatch: /secret",
      ["apache.digest-auth-failure", "192.0.2.6"],
    ],
    [
      "[Sat Jun 01 11:23:08.1 2013] [auth_digest:error] [pid 9] [client 192.0.2.7:99] AH01791: user `mallory' in realm `private' denied by provider: /secret",
      ["apache.digest-auth-failure", "192.0.2.7"],
    ],
    [
      "[Sat Jun 01 11:23:08 2013] [error] [client 192.0.2.8] Digest: client used wrong authentication scheme `Basic': /secret",
      ["apache.wrong-auth-scheme", "192.0.2.8"],
    ],
    [
      "[Sat Jun 01 11:23:08 2013] [error] [client 192.0.2.9] Digest: missing user, realm, nonce, uri, digest, cnonce, or nonce_count in authorization header: /secret",
      ["apache.digest-bad-credentials", "192.0.2.9"],
    ],
    [
      "[Sat Jun 01 11:23:08 2013] [error] [client 192.0.2.10] Digest: realm mismatch - got `x' but expected `private'",
      ["apache.digest-bad-credentials", "192.0.2.10"],
    ],
    [
      "[Sat Jun 01 11:23:08 2013] [error] [client 192.0.2.11] Digest: uri mismatch - </a> does not match request-uri </b>",
      ["apache.digest-bad-credentials", "192.0.2.11"],
    ],
    [
      "[Sat Jun 01 11:23:08 2013] [error] [client 192.0.2.12] Digest: Warning, possible replay attack: nonce-count check failed: 1 != 2",
      ["apache.digest-bad-credentials", "192.0.2.12"],
    ],
    // modules/aaa/mod_authz_core.c AH01630, AH01631; mod_access_compat AH01797; 2.2 mod_authz_user, mod_authz_groupfile
    [
      "[Sat Jun 01 11:23:08.1 2013] [authz_core:error] [pid 9] [client 192.0.2.13:5] AH01630: client denied by server configuration: /var/www/private",
      ["apache.client-denied", "192.0.2.13"],
    ],
    [
      "[Sat Jun 01 11:23:08.1 2013] [access_compat:error] [pid 9] [client 192.0.2.14:5] AH01797: client denied by server configuration: /var/www/private",
      ["apache.client-denied", "192.0.2.14"],
    ],
    [
      '[Sat Jun 01 11:23:08.1 2013] [authz_core:error] [pid 9] [client 192.0.2.15:5] AH01631: user carol: authorization failure for "/admin": ',
      ["apache.authz-failure", "192.0.2.15"],
    ],
    [
      "[Sun Aug 31 18:19:31 2008] [error] [client 192.0.2.16] access to /awstats/awstats.pl failed, reason: user 'ray' does not meet 'require'ments for user/valid-user to be allowed access",
      ["apache.authz-failure", "192.0.2.16"],
    ],
    [
      "[Sat Jun 01 11:23:08 2013] [error] [client 192.0.2.17] Authorization of user bob to access /private failed, reason: user is not part of the 'require'ed group(s).",
      ["apache.authz-failure", "192.0.2.17"],
    ],
    // ErrorLogFormat with the source file (%F) and an APR status (%E) before [client]
    [
      "[Sat Jun 01 11:23:08.1 2013] [auth_basic:error] [pid 9] mod_auth_basic.c(422): [client 192.0.2.18:5] AH01618: user x not found: /",
      ["apache.auth-user-not-found", "192.0.2.18"],
    ],
    // ErrorLogFormat "[%{cu}t] [%-m:%l] [pid %P] [client %a] %M" (compact ISO 8601 stamp)
    [
      "[2019-03-05 10:00:01.000001] [auth_basic:error] [pid 77] [client 192.0.2.35:3333] AH01618: user admin not found: /private",
      ["apache.auth-user-not-found", "192.0.2.35"],
    ],
    // a user name holding a second [client ...] field cannot move the address
    [
      "[Sat Jun 01 11:23:08 2013] [error] [client 192.0.2.19] user a] [client 6.6.6.6] b not found: /",
      ["apache.auth-user-not-found", "192.0.2.19"],
    ],
  ],
  "apache-probe-error.log": [
    // server/protocol.c read_request_line(), ap_parse_request_line(), ap_get_mime_headers_core()
    [
      "[Sat Jun 01 11:23:08 2013] [error] [client 192.0.2.20] request failed: URI too long (longer than 8190)",
      ["apache.bad-request", "192.0.2.20"],
    ],
    [
      "[Sat Jun 01 11:23:08 2013] [error] [client 192.0.2.21] Invalid method in request \\x16\\x03\\x01",
      ["apache.bad-request", "192.0.2.21"],
    ],
    [
      "[Tue Oct 05 10:00:00.123456 2021] [core:error] [pid 10] [client 192.0.2.22:4444] AH10244: invalid URI path (/cgi-bin/.%2e/.%2e/.%2e/etc/passwd)",
      ["apache.bad-request", "192.0.2.22"],
    ],
    [
      "[Tue Mar 05 10:00:01.000001 2019] [core:info] [pid 77] [client 192.0.2.23:3333] AH00561: Request header exceeds LimitRequestFieldSize: Cookie",
      ["apache.bad-request", "192.0.2.23"],
    ],
    // core.c / mod_userdir: a missing script or home directory (noscript, nohome); a missing favicon is ordinary
    [
      "[Sat Jun 01 11:23:08 2013] [error] [client 192.0.2.24] File does not exist: /var/www/phpmyadmin",
      ["apache.probe-not-found", "192.0.2.24"],
    ],
    [
      "[Sat Jun 01 11:23:08 2013] [error] [client 192.0.2.25] File does not exist: /home/bob/public_html",
      ["apache.probe-not-found", "192.0.2.25"],
    ],
    ["[Sat Jun 01 11:23:08 2013] [error] [client 192.0.2.26] File does not exist: /var/www/favicon.ico", null],
    // mod_cgi AH01264; mod_php; mod_proxy_fcgi AH01071 relaying PHP-FPM
    [
      "[Sat Jun 01 11:23:08.1 2013] [cgi:error] [pid 3] [client 192.0.2.27:80] AH01264: script not found or unable to stat: /usr/lib/cgi-bin/php5",
      ["apache.script-not-found", "192.0.2.27"],
    ],
    [
      "[Sat Jun 01 11:23:08.1 2013] [php7:error] [pid 3] [client 192.0.2.28:80] script '/var/www/html/wp-login.php' not found or unable to stat",
      ["apache.php-script-not-found", "192.0.2.28"],
    ],
    [
      "[Sat Jun 01 11:23:08.1 2013] [proxy_fcgi:error] [pid 3] [client 192.0.2.29:80] AH01071: Got error 'Primary script unknown'",
      ["apache.fcgi-primary-script-unknown", "192.0.2.29"],
    ],
    // bash through mod_cgi (CVE-2014-6271); ModSecurity 2.x
    [
      "[Sat Jun 01 11:23:08.1 2013] [cgi:error] [pid 3] [client 192.0.2.30:80] AH01215: /bin/bash: warning: HTTP_USER_AGENT: ignoring function definition attempt",
      ["apache.shellshock", "192.0.2.30"],
    ],
    [
      '[Sat Jun 01 11:23:08.1 2013] [:error] [pid 2] [client 192.0.2.31:80] [client 192.0.2.31] ModSecurity: Access denied with code 403 (phase 2). Pattern match "union select" at ARGS:id. [id "942100"]',
      ["apache.modsecurity-denied", "192.0.2.31"],
    ],
    // Group-Office 6.8.40+ through PHP's error_log (go/core/auth/Password.php logFailure())
    [
      "[Tue Mar 05 10:00:01.000001 2019] [php7:notice] [pid 77] [client 192.0.2.32:3333] Password authentication failed for 'admin' from IP: '192.0.2.32'",
      ["apache.groupoffice-auth-failed", "192.0.2.32"],
    ],
  ],
  "nginx-error.log": [
    // ngx_http_upstream.c: an ordinary upstream timeout
    [
      '2015/01/20 13:09:10 [error] 7452#0: *3 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 192.0.2.40, server: example.com, request: "GET / HTTP/1.1", upstream: "http://127.0.0.1:8080/", host: "example.com"',
      null,
    ],
    // ngx_http_auth_basic_module.c ngx_http_auth_basic_handler() / ngx_http_auth_basic_crypt_handler()
    [
      '2012/04/09 11:53:29 [error] 2865#0: *66647 user "xyz" was not found in "/etc/nginx/.htpasswd", client: 192.0.2.41, server: www.example.com, request: "GET / HTTP/1.1", host: "www.example.com"',
      ["nginx.auth-user-not-found", "192.0.2.41"],
    ],
    [
      '2012/04/09 11:53:36 [error] 2865#0: *66647 user "xyz": password mismatch, client: 2001:db8::42, server: www.example.com, request: "GET / HTTP/1.1", host: "www.example.com"',
      ["nginx.auth-password-mismatch", "2001:db8::42"],
    ],
    // ngx_http_limit_req_module.c / ngx_http_limit_conn_module.c, with and without dry run
    [
      '2020/01/20 13:09:12 [error] 7452#0: *1 limiting requests, excess: 0.520 by zone "one", client: 192.0.2.43, server: example.com, request: "POST /login HTTP/1.1", host: "example.com"',
      ["nginx.limiting-requests", "192.0.2.43"],
    ],
    [
      '2020/01/20 13:09:12 [error] 7452#0: *1 limiting connections, dry run, by zone "addr", client: 192.0.2.44, server: example.com, request: "GET / HTTP/1.1", host: "example.com"',
      ["nginx.limiting-requests", "192.0.2.44"],
    ],
    // ngx_http_access_module.c; ngx_open_cached_file() through ngx_http_static_handler()
    [
      '2013/05/17 18:00:01 [error] 1234#0: *10 access forbidden by rule, client: 192.0.2.45, server: example.com, request: "GET /admin HTTP/1.1", host: "example.com"',
      ["nginx.access-forbidden", "192.0.2.45"],
    ],
    [
      '2013/08/28 23:44:32 [error] 5678#0: *9 open() "/usr/share/nginx/html/wp-content/plugins/x/readme.txt" failed (2: No such file or directory), client: 192.0.2.46, server: localhost, request: "GET /wp-content/plugins/x/readme.txt HTTP/1.1", host: "example.org"',
      ["nginx.probe-not-found", "192.0.2.46"],
    ],
    [
      '2013/08/28 23:44:32 [error] 5678#0: *9 open() "/usr/share/nginx/html/favicon.ico" failed (2: No such file or directory), client: 192.0.2.47, server: localhost, request: "GET /favicon.ico HTTP/1.1", host: "example.org"',
      null,
    ],
  ],
  "access.log": [
    // mod_log_config's vhost_combined ("%v:%p %h %l %u %t \"%r\" %>s %O \"%{Referer}i\" \"%{User-Agent}i\"")
    ['www.example.com:443 203.0.113.1 - - [10/Oct/2023:13:55:36 +0000] "GET / HTTP/1.1" 200 209 "-" "Mozilla/5.0"', null],
    [
      'www.example.com:443 203.0.113.2 - - [10/Oct/2023:13:55:37 +0000] "GET /.env HTTP/1.1" 404 209 "-" "Mozilla/5.0"',
      ["http-access.probe-path", "203.0.113.2"],
    ],
    // combined: payloads in the request line (SQL injection, XSS, traversal, command injection)
    [
      '203.0.113.3 - - [10/Oct/2023:13:55:38 +0000] "GET /item.php?id=1%27%20OR%20%271%27=%271 HTTP/1.1" 200 512 "-" "Mozilla/5.0"',
      ["http-access.exploit-in-request", "203.0.113.3"],
    ],
    [
      '203.0.113.4 - - [10/Oct/2023:13:55:39 +0000] "GET /?q=%3Cscript%3Ealert(1)%3C/script%3E HTTP/1.1" 200 512 "-" "Mozilla/5.0"',
      ["http-access.exploit-in-request", "203.0.113.4"],
    ],
    [
      '203.0.113.5 - - [10/Oct/2023:13:55:40 +0000] "GET /index.php?page=php://filter/resource=index HTTP/1.1" 200 512 "-" "Mozilla/5.0"',
      ["http-access.exploit-in-request", "203.0.113.5"],
    ],
    // ordinary requests, a missing favicon, a search for words that look like SQL
    ['203.0.113.6 - - [10/Oct/2023:13:55:41 +0000] "GET /favicon.ico HTTP/1.1" 404 209 "-" "Mozilla/5.0"', null],
    [
      '203.0.113.7 - - [10/Oct/2023:13:55:42 +0000] "GET /search?q=rock+and+roll HTTP/1.1" 200 5120 "https://example.org/" "Mozilla/5.0"',
      null,
    ],
    // secrets, WordPress author enumeration, web shells
    [
      '203.0.113.9 - - [10/Oct/2023:13:55:43 +0000] "GET /.git/config HTTP/1.1" 200 92 "-" "Mozilla/5.0"',
      ["http-access.sensitive-file", "203.0.113.9"],
    ],
    [
      '203.0.113.10 - - [10/Oct/2023:13:55:44 +0000] "GET /?author=2 HTTP/1.1" 301 0 "-" "Mozilla/5.0"',
      ["http-access.wordpress-user-enum", "203.0.113.10"],
    ],
    [
      '203.0.113.11 - - [10/Oct/2023:13:55:45 +0000] "POST /wp-content/uploads/wso.php HTTP/1.1" 200 512 "-" "Mozilla/5.0"',
      ["http-access.webshell-request", "203.0.113.11"],
    ],
    [
      '203.0.113.12 - - [10/Oct/2023:13:55:46 +0000] "GET /c99.php HTTP/1.1" 404 209 "-" "Mozilla/5.0"',
      ["http-access.script-not-found", "203.0.113.12"],
    ],
    // Jetty's NCSA request log before 9.3 (openHAB, Jenkins): doubled spaces around an empty user
    [
      '203.0.113.8 -  -  [13/Jun/2017:15:44:57 +0200] "GET /.git/config HTTP/1.1" 404 0 "-" "Mozilla/5.0"',
      ["http-access.probe-path", "203.0.113.8"],
    ],
  ],
  "monitorix-httpd.log": [
    // lib/HTTPServer.pm logger(): localtime() . " - $type - [$ENV{REMOTE_ADDR}] ..."
    ['Thu Jun  6 10:00:00 2019 - OK - [192.0.2.80] "GET /monitorix - Mozilla/5.0"', null],
    ["Thu Jun 13 10:00:00 2019 - AUTHERR - [192.0.2.81] Authentication error: /monitorix", ["monitorix.auth-error", "192.0.2.81"]],
    ["Thu Jun 13 10:00:01 2019 - NOTEXIST - [192.0.2.82] File does not exist: /manager/html", ["monitorix.not-found", "192.0.2.82"]],
    ["Thu Jun 13 10:00:02 2019 - NOTALLOWED - [192.0.2.83] Access not allowed: /monitorix", ["monitorix.not-allowed", "192.0.2.83"]],
  ],
  "openwebmail.log": [
    // shares/ow-shared.pl writelog(): "$timestamp - [$$] ($loggedip) $loggeduser - $logaction"; openwebmail.pl login()
    ["Fri Sep 20 10:36:16 2013 - [12353] (192.0.2.84) bob - login - bob*example.org-session-0.123 - active=1,1,1", null],
    [
      "Fri Sep 20 10:36:17 2013 - [12354] (192.0.2.85) bob - login error - auth_unix.pl, ret -4, username/password incorrect",
      ["openwebmail.login-error", "192.0.2.85"],
    ],
    [
      "Fri Sep 20 10:36:18 2013 - [12355] (192.0.2.86) UNKNOWNUSER - login error - no such user - loginname=admin",
      ["openwebmail.login-error", "192.0.2.86"],
    ],
  ],
  "traefik-access.json": [
    // Traefik's JSON access log (logrus JSONFormatter: keys sorted), accessLog.fields.headers keeping User-Agent
    [
      '{"ClientAddr":"203.0.113.20:5000","ClientHost":"203.0.113.20","ClientPort":"5000","ClientUsername":"-","DownstreamContentSize":512,"DownstreamStatus":200,"Duration":5000,"RequestAddr":"example.org","RequestHost":"example.org","RequestMethod":"GET","RequestPath":"/","RequestPort":"-","RequestProtocol":"HTTP/1.1","RequestScheme":"https","RouterName":"web@docker","level":"info","msg":"","request_User-Agent":"Mozilla/5.0","time":"2023-01-10T12:00:00Z"}',
      null,
    ],
    [
      '{"ClientAddr":"203.0.113.21:5001","ClientHost":"203.0.113.21","ClientPort":"5001","ClientUsername":"admin","DownstreamContentSize":17,"DownstreamStatus":401,"Duration":5000,"RequestAddr":"example.org","RequestHost":"example.org","RequestMethod":"GET","RequestPath":"/dashboard/","RequestPort":"-","RequestProtocol":"HTTP/1.1","RequestScheme":"https","RouterName":"dash@docker","level":"info","msg":"","time":"2023-01-10T12:00:01Z"}',
      ["http-access.basic-auth-failed", "203.0.113.21"],
    ],
  ],
  "keycloak-server.log": [
    // services/.../JBossLoggingEventListenerProvider.java onEvent(): "type=..., realmId=..., clientId=..., userId=..., ipAddress=..., error=..."
    [
      '2023-01-10 12:00:01,000 INFO  [org.keycloak.events] (executor-thread-3) type="LOGIN", realmId="1b2c", clientId="account-console", userId="9f1e", ipAddress="192.0.2.90", auth_method="openid-connect", username="bob"',
      null,
    ],
    [
      "2019-06-01 12:00:00,123 WARN  [org.keycloak.events] (default task-1) type=LOGIN_ERROR, realmId=master, clientId=security-admin-console, userId=null, ipAddress=192.0.2.91, error=invalid_user_credentials, auth_method=openid-connect, username=admin",
      ["keycloak.login-error", "192.0.2.91"],
    ],
  ],
  "owncloud.log": [
    // ownCloud 8 lib/private/log/owncloud.php write(): the request's fields first, level and time last
    [
      '{"reqId":"VYSnI1gFoYMAABxTXZgAAAAB","remoteAddr":"192.0.2.92","app":"core","message":"Login failed: \'admin\' (Remote IP: \'192.0.2.92\', X-Forwarded-For: \'\')","level":2,"time":"2015-06-20T10:00:00+00:00"}',
      ["nextcloud.login-failed", "192.0.2.92"],
    ],
  ],
  "benign-access.log": [
    // ordinary traffic of a WordPress / Nextcloud / API site: no line alerts
    [
      '198.51.100.10 - - [10/Oct/2023:13:55:36 +0000] "GET /wp-content/themes/twentytwenty/style.css?ver=2.1 HTTP/1.1" 200 1234 "https://example.org/" "Mozilla/5.0 (Windows NT 10.0; Win64; x64)"',
      null,
    ],
    [
      '198.51.100.10 - - [10/Oct/2023:13:55:36 +0000] "POST /wp-admin/admin-ajax.php HTTP/1.1" 200 47 "https://example.org/wp-admin/" "Mozilla/5.0"',
      null,
    ],
    ['198.51.100.11 - - [10/Oct/2023:13:55:37 +0000] "POST /xmlrpc.php HTTP/1.1" 200 370 "-" "WordPress/6.3; https://other.example"', null],
    ['198.51.100.12 - alice [10/Oct/2023:13:55:38 +0000] "GET /private/report.pdf HTTP/1.1" 200 90311 "-" "Mozilla/5.0"', null],
    ['198.51.100.13 - - [10/Oct/2023:13:55:39 +0000] "GET /private/ HTTP/1.1" 401 381 "-" "Mozilla/5.0"', null],
    [
      '198.51.100.14 - - [10/Oct/2023:13:55:40 +0000] "GET /search?q=select+a+theme+and+or+plugin HTTP/1.1" 200 5120 "-" "Mozilla/5.0"',
      null,
    ],
    ['198.51.100.15 - - [10/Oct/2023:13:55:41 +0000] "GET /images/logo.png HTTP/1.1" 304 0 "https://example.org/" "Mozilla/5.0"', null],
    ['198.51.100.16 - - [10/Oct/2023:13:55:42 +0000] "GET /apple-touch-icon.png HTTP/1.1" 404 209 "-" "Safari/604.1"', null],
    [
      '198.51.100.17 - - [10/Oct/2023:13:55:43 +0000] "GET /robots.txt HTTP/1.1" 200 68 "-" "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"',
      null,
    ],
    [
      '198.51.100.18 - - [10/Oct/2023:13:55:44 +0000] "GET /.well-known/acme-challenge/abc HTTP/1.1" 200 87 "-" "Mozilla/5.0 (compatible; Let\'s Encrypt validation server)"',
      null,
    ],
    [
      '198.51.100.19 - - [10/Oct/2023:13:55:45 +0000] "GET /remote.php/dav/files/alice/ HTTP/1.1" 207 1200 "-" "Mozilla/5.0 (Linux) mirall/3.9.0"',
      null,
    ],
    [
      '198.51.100.20 - - [10/Oct/2023:13:55:46 +0000] "GET /index.php/apps/files/?dir=/Photos&fileid=12 HTTP/1.1" 200 9000 "-" "Mozilla/5.0"',
      null,
    ],
    [
      '198.51.100.21 - - [10/Oct/2023:13:55:47 +0000] "GET /api/v1/items?sort=created_at&order=desc HTTP/1.1" 200 900 "-" "python-requests/2.31.0"',
      null,
    ],
    [
      '198.51.100.22 - - [10/Oct/2023:13:55:48 +0000] "GET /blog/2023/10/how-to-use-union-types HTTP/1.1" 200 15000 "-" "Mozilla/5.0"',
      null,
    ],
    ['198.51.100.23 - - [10/Oct/2023:13:55:49 +0000] "GET /login?next=/dashboard HTTP/1.1" 200 3000 "-" "Mozilla/5.0"', null],
    [
      '198.51.100.24 - - [10/Oct/2023:13:55:50 +0000] "POST /wp-login.php HTTP/1.1" 302 0 "https://example.org/wp-login.php" "Mozilla/5.0"',
      null,
    ],
    ['198.51.100.25 - - [10/Oct/2023:13:55:51 +0000] "-" 408 0 "-" "-"', null],
  ],
  "groupoffice-info.log": [
    // classes/base/functions.inc go_infolog(): "[Y-m-d G:i:s]" then "[user] " when a session has one
    ['[2014-01-06 9:05:02][alice] LOGIN SUCCESS for user: "alice" from IP: 192.0.2.50', null],
    ['[2014-01-06 10:59:38]LOGIN FAILED for user: "admin" from IP: 192.0.2.51', ["groupoffice.login-failed", "192.0.2.51"]],
  ],
  "tine20.log": [
    // Tinebase/Log/Formatter.php format() + Zend_Log_Formatter_Simple; Tinebase/Controller.php _loginFailed()
    [
      "a1b2c3 - bob - 2021-03-01T10:00:01+00:00 INFO (6): Tinebase_Controller::_loginUser::231 Login with username bob from 192.0.2.60 succeeded.",
      null,
    ],
    [
      "d4e5f6 - -- none -- - 2021-03-01T10:00:05+00:00 WARN (4): Tinebase_Controller::_loginFailed::519 Login with username bob from 192.0.2.61 failed (-1)! Auth failure count: 5",
      ["tine20.login-failed", "192.0.2.61"],
    ],
  ],
  "apache-h2-vhost-error.log": [
    // server/log.c do_errorlog_default(): "[remote %s:%d] " for a request on a connection with no
    // scoreboard slot (HTTP/2), "[client %s:%d] " otherwise; ErrorLogFormat "%v ..." puts the vhost first
    [
      "[Tue Mar 10 12:00:00.123456 2020] [authz_core:error] [pid 1234:tid 139] [remote 192.0.2.130:5555] AH01630: client denied by server configuration: /var/www/html/secret",
      ["apache.client-denied", "192.0.2.130"],
    ],
    [
      '[Tue Mar 10 12:00:00.123456 2020] [auth_basic:error] [pid 1234:tid 139] [remote 2001:db8::131:5555] AH01617: user bob: authentication failure for "/": Password Mismatch',
      ["apache.auth-password-mismatch", "2001:db8::131"],
    ],
    [
      "[Tue Mar 10 12:00:00.123456 2020] [authz_core:error] [pid 1234:tid 139] [remote 10.0.0.1:80] [client 192.0.2.132:5555] AH01630: client denied by server configuration: /var/www/html/",
      ["apache.client-denied", "192.0.2.132"],
    ],
    [
      "[Tue Mar 10 12:00:00.123456 2020] [proxy:error] [pid 1234:tid 139] (111)Connection refused: [remote 127.0.0.1:8080] AH00957: HTTP: attempt to connect to 127.0.0.1:8080 (localhost) failed",
      null,
    ],
    [
      "www.example.com [Tue Mar 10 12:00:00.123456 2020] [auth_basic:error] [pid 1234:tid 139] [client 192.0.2.133:5555] AH01618: user admin not found: /private, referer: https://www.example.com/",
      ["apache.auth-user-not-found", "192.0.2.133"],
    ],
    [
      "www.example.com:443 [Tue Mar 10 12:00:00.123456 2020] [core:info] [pid 1234:tid 139] [client 2001:db8::134:5555] AH00128: File does not exist: /var/www/html/wp-login.php",
      ["apache.probe-not-found", "2001:db8::134"],
    ],
    [
      "www.example.com [Tue Mar 10 12:00:00.123456 2020] [mpm_event:notice] [pid 1234:tid 139] AH00489: Apache/2.4.41 (Ubuntu) configured -- resuming normal operations",
      null,
    ],
    // mod_authnz_pam.c pam_authenticate_with_login_password(): SHOW_MODULE "%s %s: %s"; mod_auth_pam 2.x
    [
      "[Tue Mar 10 12:00:00.123456 2020] [authnz_pam:warn] [pid 1234] [client 192.0.2.135:5555] PAM authentication failed for user bob: Authentication failure",
      ["apache.pam-auth-failed", "192.0.2.135"],
    ],
    [
      "[Sun Jun 09 07:57:47 2013] [error] [client 192.0.2.136] PAM: user 'bob' - not authenticated: Authentication failure",
      ["apache.pam-auth-failed", "192.0.2.136"],
    ],
    // mod_authz_core.c authorize_user_core(): AH01629
    [
      "[Tue Mar 10 12:00:00.123456 2020] [authz_core:error] [pid 1234] [client 192.0.2.137:5555] AH01629: authorization failure (no authenticated user): /admin/",
      ["apache.authz-failure", "192.0.2.137"],
    ],
  ],
  "access-400.log": [
    // ngx_http_log_module / mod_log_config "%r" of requests refused with 400 (nginx-bad-request's traces)
    [
      '198.51.100.101 - - [10/Oct/2023:13:55:36 +0000] "MGLNDD_198.51.100.1_443" 400 150 "-" "-"',
      ["http-access.bad-request", "198.51.100.101"],
    ],
    ['198.51.100.102 - - [10/Oct/2023:13:55:36 +0000] "GET / HTTP/1.1" 400 150 "-" "-"', ["http-access.bad-request", "198.51.100.102"]],
    [
      '198.51.100.103 - - [10/Oct/2023:13:55:36 +0000] "GET /nice%20ports%2C/Tri%6Eity.txt%2ebak HTTP/1.0" 400 150 "-" "-"',
      ["http-access.probe-path", "198.51.100.103"],
    ],
    ['198.51.100.104 - - [10/Oct/2023:13:55:36 +0000] "-" 400 0 "-" "-"', null],
    ['198.51.100.105 - - [10/Oct/2023:13:55:36 +0000] "GET / HTTP/1.1" 400 150 "-" "Mozilla/5.0 (X11; Linux x86_64)"', null],
  ],
  "joomla-error.php": [
    // libraries/src/Log/Logger/FormattedtextLogger.php: "{DATETIME}\t{PRIORITY} {CLIENTIP}\t{CATEGORY}\t{MESSAGE}"
    [
      "2023-10-10T13:55:36+00:00\tINFO 192.0.2.160\tjoomlafailure\tUsername and password do not match or you do not have an account yet.",
      ["joomla.login-failed", "192.0.2.160"],
    ],
    ["2023-10-10T13:55:36+00:00\tWARNING 192.0.2.160\tjerror\tUsername and password do not match or you do not have an account yet.", null],
    ["2023-10-10T13:55:37+00:00\tWARNING 192.0.2.161\tassets\tNo asset found for com_content.article.1, falling back to com_content", null],
  ],
  "nginx-pam-error.log": [
    // ngx_http_auth_pam_module.c ngx_http_auth_pam_authenticate(): "PAM: user '%s' - not authenticated: %s"
    [
      '2024/01/02 03:04:05 [error] 123#0: *4 PAM: user \'bob\' - not authenticated: Authentication failure, client: 192.0.2.138, server: example.com, request: "GET / HTTP/1.1", host: "example.com"',
      ["nginx.pam-auth-failed", "192.0.2.138"],
    ],
    [
      '2024/01/02 03:04:05 [error] 123#0: *4 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 192.0.2.139, server: example.com, request: "GET / HTTP/1.1", upstream: "http://127.0.0.1:8080/", host: "example.com"',
      null,
    ],
  ],
};

describe("web servers' and web applications' own logs: probe lines from their format strings", () => {
  for (const [name, expectations] of Object.entries(files)) {
    it(`${name}: detected as applog, each line's alert (or none) as expected, in the file and alone`, async () => {
      await checkFile(name, expectations);
    });
  }

  it("an excerpt with # notes, blank lines and syslog lines between an error log's lines: notes skipped, every line read", async () => {
    await checkFile(
      "annotated-error.log",
      [
        ["# Apache error log, two failures", null],
        [
          "[Sat Jun 01 11:23:08 2013] [error] [client 192.0.2.70] user admin not found: /admin",
          ["apache.auth-user-not-found", "192.0.2.70"],
        ],
        ['# failJSON: { "match": true, "host": "192.0.2.71" }', null],
        ["", null],
        ["Jun  1 11:23:09 web sshd[5774]: Failed password for root from 192.0.2.71 port 29160 ssh2", ["sshd.failed-auth", "192.0.2.71"]],
        [
          '2012/04/09 11:53:36 [error] 2865#0: *1 user "xyz": password mismatch, client: 192.0.2.72, server: x, request: "GET / HTTP/1.1", host: "x"',
          ["nginx.auth-password-mismatch", "192.0.2.72"],
        ],
      ],
      "applog",
      false,
    );
  });
});
