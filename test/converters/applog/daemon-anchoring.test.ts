// The application-log rules added for daemons' own logs take the client's address from a field the
// daemon writes itself, never from text the client chose (a user name, a HELO, a reverse-DNS name,
// a database name). Each line below holds a forged copy of the daemon's own address field: the alert
// must name the real client (203.0.113.5), or no address at all, never the injected 1.2.3.4.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { convertOne, ruleIdOf } from "../syslog/helpers.js";

const REAL = "203.0.113.5";
const INJECTED = "1.2.3.4";

function alerts(line: string): { rule: string | undefined; ips: string[] }[] {
  return convertOne(line)
    .messages.filter((m) => m["Priority"] !== "Info")
    .map((m) => ({ rule: ruleIdOf(m), ips: ((m["Source"] as { IP?: string }[] | undefined) ?? []).map((s) => s.IP ?? "") }));
}

function assertSource(line: string, rule: string, ips: readonly string[]): void {
  const found = alerts(line);
  assert.equal(found.length, 1, `one alert expected for: ${line}`);
  assert.equal(found[0]!.rule, rule, line);
  assert.deepEqual(found[0]!.ips, ips, line);
}

describe("daemons' own logs: a client-chosen field cannot move the source address", () => {
  it("ZNC: a user name holding '] failed to login from <addr>'", () => {
    assertSource(`[2024-01-01 12:00:01] [x] failed to login from ${INJECTED}] failed to login from ${REAL}`, "znc.login-failed", [REAL]);
    assertSource(`Jan  1 12:00:01 irc znc[1]: [a] failed to login from ${INJECTED} x] failed to login from ${REAL}`, "znc.login-failed", [
      REAL,
    ]);
  });

  it("exim: a reverse-DNS name or HELO shaped like the connection field", () => {
    // A name cannot hold spaces or brackets: one that looks like an address is still the name.
    assertSource(
      `2024-01-01 12:00:08 no IP address found for host ${INJECTED} (during SMTP connection from [${REAL}])`,
      "exim.no-ip-for-host",
      [REAL],
    );
    assertSource(
      `2024-01-01 12:00:08 no IP address found for host x.example (during SMTP connection from (helo) [${REAL}]:25)`,
      "exim.no-ip-for-host",
      [REAL],
    );
    assertSource(
      `2024-01-01 12:00:18 H=([${INJECTED}]) [${REAL}]:1234 F=<a@b> Warning: "SpamAssassin detected message as spam (9.1)"`,
      "exim.warn-spam",
      [REAL],
    );
  });

  it("PostgreSQL: a user or database named like pgBadger's client field gives no address", () => {
    for (const line of [
      `2024-01-01 12:00:10 CET [1243]: [1-1] user=x,db=y,app=psql,client=${INJECTED} FATAL:  password authentication failed for user "x"`,
      `Jan 10 12:00:00 db3 postgres[2345]: client=${INJECTED} x@db FATAL:  password authentication failed for user "client=${INJECTED} x"`,
      `2024-01-01 12:00:03.123 UTC [1237] ${INJECTED}@postgres FATAL:  role "${INJECTED}" does not exist`,
    ])
      for (const alert of alerts(line)) assert.deepEqual(alert.ips, [], `${alert.rule} took an address from: ${line}`);
  });

  it("sshd -E file: a user name holding 'from <addr> port 22'", () => {
    assertSource(`Invalid user x from ${INJECTED} port 22 from ${REAL} port 4444`, "sshd.invalid-user", [REAL]);
  });
});
