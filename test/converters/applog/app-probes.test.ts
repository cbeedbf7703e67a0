// Self-hosted applications' own log files (issue 10): lines written from each application's own
// format strings (see the header comments of src/converters/syslog/rules/applog-<app>.yaml), read
// through the public API with the format detected, as a user or an acceptance check does. Each
// file mixes the failure lines with the benign lines around them, and an injection attempt (a user
// name that holds an address must not move it). See docs/mapping-applog.md.
import { describe, it } from "node:test";
import { checkFile, type Expectation } from "./pipeline-check.js";

const files: Record<string, readonly Expectation[]> = {
  "odoo.log": [
    // odoo/netsvc.py format, res_users.py _login()
    ["2024-01-10 12:00:00,100 4242 INFO prod odoo.modules.loading: loading 1 modules...", null],
    [
      "2024-01-10 12:00:00,123 4242 INFO prod odoo.addons.base.models.res_users: Login failed for db:prod login:admin from 192.0.2.10 - - -",
      ["odoo.login-failed", "192.0.2.10"],
    ],
    [
      "2024-01-10 12:00:01,123 4242 INFO prod odoo.addons.base.models.res_users: Login failed for db:prod login:a from 6.6.6.6 from 192.0.2.11 - - -",
      ["odoo.login-failed", "192.0.2.11"],
    ],
    [
      "2024-01-10 12:00:02,123 4242 INFO prod odoo.addons.base.models.res_users: Login successful for db:prod login:admin from 192.0.2.12 - - -",
      null,
    ],
    [
      '2024-01-10 12:00:02,200 4242 INFO prod werkzeug: 192.0.2.12 - - [10/Jan/2024 12:00:02] "POST /web/login HTTP/1.1" 303 - 30 0.020 0.120',
      null,
    ],
  ],
  "sonarr.txt": [
    // NzbDroneLogger.cs file layout, AuthenticationService.cs
    ["2024-01-10 12:00:00.0|Info|Bootstrap|Starting Sonarr - /app/sonarr/bin/Sonarr - Version 4.0.0.748", null],
    ["2024-01-10 12:00:01.2|Warn|Auth|Auth-Failure ip 192.0.2.20 username 'admin'", ["servarr.auth-failure", "192.0.2.20"]],
    [
      "2024-01-10 12:00:02.2|Warn|Auth|Auth-Failure ip 192.0.2.21 username 'x' ip 6.6.6.6 username 'y'",
      ["servarr.auth-failure", "192.0.2.21"],
    ],
    ["2024-01-10 12:00:03.2|Info|Auth|Auth-Logout ip 192.0.2.22 username 'admin'", null],
    ["2024-01-10 12:00:04.2|Warn|Auth|Auth-Lockout ip 192.0.2.20 username 'admin'", ["servarr.auth-lockout", "192.0.2.20"]],
  ],
  "paperless.log": [
    // settings.py verbose formatter, signals.py handle_failed_login()
    ["[2024-01-10 12:00:00,123] [INFO] [paperless.management.consumer] Adding /usr/src/paperless/consume to inotify watch", null],
    [
      "[2024-01-10 12:00:01,123] [INFO] [paperless.auth] Login failed for user `admin` from IP `192.0.2.30`.",
      ["paperless.login-failed", "192.0.2.30"],
    ],
    [
      "[2024-01-10 12:00:02,123] [INFO] [paperless.auth] Login failed for user `x` from IP `6.6.6.6`. y` from private IP `10.0.0.31`.",
      ["paperless.login-failed", "10.0.0.31"],
    ],
    ["[2024-01-10 12:00:03,123] [INFO] [paperless.auth] Login failed for user `bob`. Unable to determine IP address.", null],
  ],
  "overseerr.log": [
    // server/logger.ts format, server/routes/auth.ts
    ["2024-01-10T12:00:00.000Z [info][Server]: Server ready on port 5055 ", null],
    [
      '2024-01-10T12:00:01.000Z [warn][API]: Failed sign-in attempt using invalid Overseerr password {"ip":"192.0.2.40","email":"admin@example.com","userId":1}',
      ["overseerr.login-failed", "192.0.2.40"],
    ],
    [
      '2024-01-10T12:00:02.000Z [warn][Auth]: Failed login attempt from user with incorrect Jellyfin credentials {"account":{"ip":"192.0.2.41","email":"x\\",\\"ip\\":\\"6.6.6.6","password":"__REDACTED__"}}',
      ["overseerr.login-failed", "192.0.2.41"],
    ],
  ],
  "audiobookshelf.txt": [
    // server/Logger.js JSON file lines, server/auth/LocalAuthStrategy.js
    [
      '{"timestamp":"2024-01-10 12:00:00.000","source":"Server.js:120","message":"=== Starting Server ===","levelName":"INFO","level":2}',
      null,
    ],
    [
      '{"timestamp":"2024-01-10 12:00:01.123","source":"LocalAuthStrategy.js:83","message":"[LocalAuth] Failed login attempt for username \\"root\\" from ip 192.0.2.50 (User not found)","levelName":"ERROR","level":4}',
      ["audiobookshelf.login-failed", "192.0.2.50"],
    ],
    [
      '{"timestamp":"2024-01-10 12:00:02.123","source":"LocalAuthStrategy.js:62","message":"[LocalAuth] User \\"root\\" logged in from ip 192.0.2.51","levelName":"INFO","level":2}',
      null,
    ],
  ],
  "immich.log": [
    // NestJS ConsoleLogger, server/src/services/auth.service.ts
    [
      "[Nest] 7  - 01/10/2024, 12:00:00 PM     LOG [Api:Bootstrap] Immich Server is listening on http://[::1]:2283 [v1.94.1] [PRODUCTION]",
      null,
    ],
    [
      "[Nest] 7  - 01/10/2024, 12:00:01 PM    WARN [Api:AuthService~8a7b6c] Failed login attempt for user admin@example.com from ip address 192.0.2.60",
      ["immich.login-failed", "192.0.2.60"],
    ],
  ],
  "wings.log": [
    // loggers/cli handler, sftp/server.go passwordCallback()
    [" INFO: [Jan 10 12:00:00.000] sftp server listening for connections listen=0.0.0.0:2022", null],
    [
      " WARN: [Jan 10 12:00:01.123] failed to validate user credentials (invalid username or password) ip=192.0.2.70:50312 subsystem=sftp username=admin.1a2b3c4d",
      ["wings.sftp-auth-failed", "192.0.2.70"],
    ],
  ],
  "uptime-kuma.log": [
    // src/util.ts log(), server/server.js login handler
    ["2024-01-10T12:00:00+01:00 [SERVER] INFO: Listening on 3001", null],
    [
      "2024-01-10T12:00:01+01:00 [AUTH] WARN: Incorrect username or password for user admin. IP=192.0.2.80",
      ["uptime-kuma.login-failed", "192.0.2.80"],
    ],
    ["2024-01-10T12:00:02+01:00 [AUTH] INFO: Successfully logged in user admin. IP=192.0.2.81", null],
  ],
  "teleport-events.log": [
    // lib/events/codes.go event codes, sorted JSON keys
    [
      '{"addr.remote":"192.0.2.90:51234","code":"T3007W","ei":0,"error":"ssh: handshake failed","event":"auth","success":false,"time":"2024-01-10T12:00:00.123Z","user":"root"}',
      ["teleport.auth-failed", "192.0.2.90"],
    ],
    [
      '{"addr.local":"172.31.0.2:3022","addr.remote":"192.0.2.91:51234","code":"T2000I","ei":0,"event":"session.start","login":"ubuntu","server_id":"abc","sid":"def","time":"2024-01-10T12:00:01.123Z","user":"alice"}',
      null,
    ],
    [
      '{"cluster_name":"example","code":"T1000W","ei":0,"error":"invalid username, password or second factor","event":"user.login","method":"local","remote_addr":"192.0.2.92","success":false,"time":"2024-01-10T12:00:02.5Z","user":"x\\",\\"remote_addr\\":\\"6.6.6.6"}',
      ["teleport.auth-failed", "192.0.2.92"],
    ],
  ],
  "authentik.log": [
    // authentik/events/models.py Event.save(), structlog JSON
    [
      '{"auth_via": "unauthenticated", "event": "/api/v3/flows/executor/default-authentication-flow/", "host": "auth.example.com", "level": "info", "logger": "authentik.asgi", "method": "POST", "pid": 28, "remote": "192.0.2.98", "runtime": 104, "status": 200, "timestamp": "2024-01-10T12:00:00.123456"}',
      null,
    ],
    [
      '{"action": "login_failed", "auth_via": "unauthenticated", "client_ip": "192.0.2.95", "context": {"password": "********************", "username": "akadmin"}, "event": "Created Event", "level": "info", "logger": "authentik.events.models", "pid": 28, "timestamp": "2024-01-10T12:00:01.123456"}',
      ["authentik.login-failed", "192.0.2.95"],
    ],
  ],
  "mosquitto.log": [
    // src/handle_connect.c
    ["1704888000: mosquitto version 2.0.18 running", null],
    ["1704888001: New connection from 192.0.2.110:50000 on port 1883.", null],
    ["1704888001: Client <unknown> disconnected, not authorised.", ["mosquitto.not-authorised", undefined]],
    ["1704888002: New client connected from 192.0.2.111:50001 as sensor-7 (p2, c1, k60, u'sensor').", null],
  ],
  "es_audit.json": [
    // x-pack LoggingAuditTrail
    [
      '{"type":"audit", "timestamp":"2024-01-10T12:00:00,123+0000", "node.id":"abc", "event.type":"rest", "event.action":"authentication_failed", "user.name":"elastic", "origin.type":"rest", "origin.address":"192.0.2.120:50000", "url.path":"/", "request.method":"GET"}',
      ["elasticsearch.authentication-failed", "192.0.2.120"],
    ],
    [
      '{"type":"audit", "timestamp":"2024-01-10T12:00:01,123+0000", "node.id":"abc", "event.type":"rest", "event.action":"authentication_success", "user.name":"elastic", "origin.type":"rest", "origin.address":"192.0.2.121:50000", "url.path":"/"}',
      null,
    ],
  ],
};

describe("self-hosted application log lines (from the applications' own format strings), detected and converted", () => {
  for (const [name, expectations] of Object.entries(files)) {
    it(name, async () => {
      await checkFile(name, expectations);
    });
  }

  it("rabbit@host.log: a refused login takes the address of its connection's earlier line", async () => {
    await checkFile(
      "rabbit@host.log",
      [
        // rabbit_reader.erl, rabbit_auth_backend_internal.erl
        [
          "2024-01-10 12:00:00.100000+00:00 [info] <0.1234.0> accepting AMQP connection <0.1234.0> (192.0.2.100:50000 -> 10.0.0.1:5672)",
          null,
        ],
        [
          "2024-01-10 12:00:00.200000+00:00 [error] <0.1234.0> Error on AMQP connection <0.1234.0> (192.0.2.100:50000 -> 10.0.0.1:5672, state: starting):",
          null,
        ],
        [
          "2024-01-10 12:00:00.200000+00:00 [error] <0.1234.0> PLAIN login refused: user 'guest' - invalid credentials",
          ["rabbitmq.login-refused", "192.0.2.100"],
        ],
        [
          "2024-01-10 12:00:01.000000+00:00 [info] <0.1300.0> accepting AMQP connection <0.1300.0> (192.0.2.105:50001 -> 10.0.0.1:5672)",
          null,
        ],
        [
          "2024-01-10 12:00:02.000000+00:00 [warning] <0.2000.0> HTTP access denied: user 'admin' - invalid credentials",
          ["rabbitmq.http-access-denied", undefined],
        ],
      ],
      "applog",
      false,
    );
  });
});
