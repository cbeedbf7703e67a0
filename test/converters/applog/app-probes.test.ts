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
};

describe("self-hosted application log lines (from the applications' own format strings), detected and converted", () => {
  for (const [name, expectations] of Object.entries(files)) {
    it(name, async () => {
      await checkFile(name, expectations);
    });
  }
});
