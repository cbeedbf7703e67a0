// sshd wordings written from OpenSSH's own format strings (auth.c auth_log / getpwnamallow /
// allowed_user / auth_maxtries_exceeded, auth2.c, auth-pam.c, packet.c sshpkt_vfatal and
// ssh_packet_disconnect, sshd.c, kex.c, canohost.c, srclimit.c; 2.x to 9.x wordings), each run
// through the public API (runPipeline with the built-in converters, as a user's log would be)
// under three header forms: every attack line must raise an alert above Info naming the address
// sshd wrote in its fixed place ("-": an alert, the line names no client), every normal line
// (logins, sessions, disconnects after login) none above Info.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { builtinConverters, FormatRegistry, runPipeline, textInput, type Message } from "../../../src/index.js";
import { ruleIdOf } from "./helpers.js";

const NOW = "2026-01-15T12:00:00Z";
const registry = new FormatRegistry();
registry.registerAll(builtinConverters);

/** [where the wording comes from, pid, message, the client address (`-`: none on the line; null: no alert)]. */
const PROBES: readonly (readonly [string, string, string, string | null])[] = [
  ["auth.c auth_log (2.x-9.x)", "101", "Failed password for root from 198.51.100.1 port 22 ssh2", "198.51.100.1"],
  ["auth.c auth_log, no port (2.x)", "101", "Failed password for root from 198.51.100.1", "198.51.100.1"],
  ["auth.c auth_log, IPv4-mapped address", "101", "Failed password for root from ::ffff:198.51.100.1 port 22 ssh2", "198.51.100.1"],
  ["auth.c auth_log, invalid user, IPv6", "101", "Failed password for invalid user bob from 2001:db8::1 port 22 ssh2", "2001:db8::1"],
  [
    "auth.c auth_log, keyboard-interactive/pam",
    "101",
    "Failed keyboard-interactive/pam for invalid user bob from 198.51.100.1 port 22 ssh2",
    "198.51.100.1",
  ],
  ["auth.c auth_log, gssapi-with-mic", "101", "Failed gssapi-with-mic for root from 198.51.100.1 port 22 ssh2", "198.51.100.1"],
  ["auth.c auth_log, empty user name", "101", "Failed none for invalid user  from 198.51.100.1 port 22 ssh2", "198.51.100.1"],
  ["auth.c auth_log, 3.x illegal user", "101", "Failed password for illegal user x from 198.51.100.1 port 22 ssh2", "198.51.100.1"],
  ["auth.c auth_log, SSH-1", "101", "Failed rhosts-rsa for root from 198.51.100.1 port 22 ssh1", "198.51.100.1"],
  [
    "auth.c auth_log, adversarial user name",
    "101",
    "Failed password for invalid user x from 6.6.6.6 port 1 from 198.51.100.1 port 22 ssh2",
    "198.51.100.1",
  ],
  [
    "auth.c auth_log, certificate (its key ID follows the address: not taken)",
    "101",
    "Failed publickey for root from 198.51.100.1 port 22 ssh2: ECDSA-CERT SHA256:abcdefghijklmnop ID foo (serial 1) CA ED25519 SHA256:xyz",
    "-",
  ],
  ["auth.c getpwnamallow (6.x+)", "101", "Invalid user admin from 198.51.100.1 port 22", "198.51.100.1"],
  ["auth.c getpwnamallow (4.x-5.x)", "101", "Invalid user admin from 198.51.100.1", "198.51.100.1"],
  ["auth.c getpwnamallow, empty user", "101", "Invalid user  from 198.51.100.1 port 22", "198.51.100.1"],
  ["auth.c getpwnamallow, adversarial user", "101", "Invalid user x from 6.6.6.6 port 1 from 198.51.100.1 port 22", "198.51.100.1"],
  ["auth.c getpwnamallow (3.x)", "101", "Illegal user x from 198.51.100.1", "198.51.100.1"],
  ["auth2.c input_userauth_request", "102", "input_userauth_request: invalid user admin [preauth]", "-"],
  ["auth.c allowed_user, AllowUsers", "101", "User root from 198.51.100.1 not allowed because not listed in AllowUsers", "198.51.100.1"],
  ["auth.c allowed_user, DenyUsers", "101", "User root from 198.51.100.1 not allowed because listed in DenyUsers", "198.51.100.1"],
  ["auth.c allowed_user, no group", "101", "User root from 198.51.100.1 not allowed because not in any group", "198.51.100.1"],
  [
    "auth.c allowed_user, DenyGroups",
    "101",
    "User root from 198.51.100.1 not allowed because a group is listed in DenyGroups",
    "198.51.100.1",
  ],
  [
    "auth.c allowed_user, AllowGroups",
    "101",
    "User root from 198.51.100.1 not allowed because none of user's groups are listed in AllowGroups",
    "198.51.100.1",
  ],
  [
    "auth.c allowed_user, adversarial user",
    "101",
    "User x from 6.6.6.6 not allowed because y from 198.51.100.1 not allowed because not listed in AllowUsers",
    "198.51.100.1",
  ],
  ["auth.c allowed_user, shell", "103", "User root not allowed because shell /bin/false does not exist", "-"],
  ["auth.c allowed_user, locked", "103", "User root not allowed because account is locked", "-"],
  ["auth.c allowed_user, without the client", "103", "User root not allowed because not listed in AllowUsers", "-"],
  ["auth.c auth_root_allowed (3.x)", "101", "ROOT LOGIN REFUSED FROM 198.51.100.1", "198.51.100.1"],
  ["auth.c auth_root_allowed (6.x+)", "101", "ROOT LOGIN REFUSED FROM 198.51.100.1 port 22 [preauth]", "198.51.100.1"],
  [
    "auth.c auth_maxtries_exceeded",
    "101",
    "error: maximum authentication attempts exceeded for invalid user x from 198.51.100.1 port 22 ssh2 [preauth]",
    "198.51.100.1",
  ],
  ["auth.c auth_maxtries_exceeded, cut", "104", "error: maximum authentication attempts exceeded", "-"],
  [
    "packet.c ssh_packet_disconnect (7.6+)",
    "101",
    "Disconnecting invalid user x 198.51.100.1 port 22: Too many authentication failures [preauth]",
    "198.51.100.1",
  ],
  [
    "packet.c ssh_packet_disconnect, authenticating user",
    "101",
    "Disconnecting authenticating user root 198.51.100.1 port 22: Too many authentication failures [preauth]",
    "198.51.100.1",
  ],
  ["packet.c ssh_packet_disconnect (6.x)", "105", "Disconnecting: Too many authentication failures for root [preauth]", "-"],
  [
    "packet.c sshpkt_vfatal, disconnected",
    "101",
    "Disconnected from authenticating user root 198.51.100.1 port 22 [preauth]",
    "198.51.100.1",
  ],
  ["packet.c sshpkt_vfatal, closed", "101", "Connection closed by invalid user x 198.51.100.1 port 22 [preauth]", "198.51.100.1"],
  ["packet.c sshpkt_vfatal, reset", "101", "Connection reset by authenticating user root 198.51.100.1 port 22 [preauth]", "198.51.100.1"],
  ["packet.c sshpkt_vfatal, closed, no user", "101", "Connection closed by 198.51.100.1 port 22 [preauth]", "198.51.100.1"],
  ["packet.c (6.x), closed, no port", "101", "Connection closed by 198.51.100.1 [preauth]", "198.51.100.1"],
  ["packet.c sshpkt_vfatal, timed out", "101", "Connection from 198.51.100.1 port 22 timed out [preauth]", "198.51.100.1"],
  ["packet.c sshpkt_vfatal, other tag", "101", "send_error: Connection from 198.51.100.1 port 22: Broken pipe [preauth]", "198.51.100.1"],
  [
    "packet.c ssh_dispatch_run_fatal",
    "101",
    "ssh_dispatch_run_fatal: Connection from 198.51.100.1 port 22: message authentication code incorrect [preauth]",
    "198.51.100.1",
  ],
  ["packet.c process_disconnect (7.x+)", "101", "Received disconnect from 198.51.100.1 port 22:11: Bye Bye [preauth]", "198.51.100.1"],
  ["packet.c process_disconnect (5.x-6.x)", "101", "Received disconnect from 198.51.100.1: 11: Bye Bye [preauth]", "198.51.100.1"],
  [
    "packet.c process_disconnect, JSch Auth fail (no [preauth], 5.x)",
    "101",
    "Received disconnect from 198.51.100.1: 3: com.jcraft.jsch.JSchException: Auth fail",
    "198.51.100.1",
  ],
  [
    "packet.c process_disconnect, no methods",
    "101",
    "error: Received disconnect from 198.51.100.1 port 22:14: No supported authentication methods available [preauth]",
    "198.51.100.1",
  ],
  ["sshd.c sshd_exchange_identification (3.x-7.x)", "101", "Did not receive identification string from 198.51.100.1", "198.51.100.1"],
  ["sshd.c, with port (7.x)", "101", "Did not receive identification string from 198.51.100.1 port 22", "198.51.100.1"],
  ["sshd.c banner exchange (8.x+)", "101", "banner exchange: Connection from 198.51.100.1 port 22: invalid format", "198.51.100.1"],
  [
    "sshd.c banner exchange, version",
    "101",
    "banner exchange: Connection from 198.51.100.1 port 22: could not read protocol version",
    "198.51.100.1",
  ],
  [
    "kex.c kex_exchange_identification",
    "106",
    'error: kex_exchange_identification: client sent invalid protocol identifier "GET / HTTP/1.1"',
    "-",
  ],
  ["kex.c kex_exchange_identification, closed", "106", "error: kex_exchange_identification: Connection closed by remote host", "-"],
  ["sshd.c bad version", "101", "Bad protocol version identification 'GET / HTTP/1.1' from 198.51.100.1 port 22", "198.51.100.1"],
  [
    "sshd.c bad version, adversarial banner",
    "101",
    "Bad protocol version identification 'x' from 6.6.6.6' from 198.51.100.1 port 22",
    "198.51.100.1",
  ],
  [
    "sshd.c major versions",
    "101",
    "Protocol major versions differ for 198.51.100.1: SSH-2.0-OpenSSH_7.4 vs. SSH-1.5-Nmap-SSH1-Hostkey",
    "198.51.100.1",
  ],
  [
    "packet.c Unable to negotiate, kex",
    "101",
    "Unable to negotiate with 198.51.100.1 port 22: no matching key exchange method found. Their offer: diffie-hellman-group1-sha1 [preauth]",
    "198.51.100.1",
  ],
  [
    "packet.c Unable to negotiate, host key",
    "101",
    "Unable to negotiate with 198.51.100.1 port 22: no matching host key type found. Their offer: ssh-rsa,ssh-dss [preauth]",
    "198.51.100.1",
  ],
  [
    "packet.c Unable to negotiate, cipher (7.0-7.2, no port)",
    "101",
    "fatal: Unable to negotiate with 198.51.100.1: no matching cipher found. Their offer: aes128-cbc [preauth]",
    "198.51.100.1",
  ],
  [
    "packet.c Unable to negotiate, MAC",
    "101",
    "Unable to negotiate with 198.51.100.1 port 22: no matching MAC found. Their offer: hmac-md5 [preauth]",
    "198.51.100.1",
  ],
  ["sshd.c grace_alarm_handler", "101", "fatal: Timeout before authentication for 198.51.100.1 port 22", "198.51.100.1"],
  ["sshd.c grace_alarm_handler (old)", "101", "fatal: Timeout before authentication for 198.51.100.1", "198.51.100.1"],
  [
    "auth-pam.c sshpam_auth_passwd / error",
    "101",
    "error: PAM: Authentication failure for illegal user x from 198.51.100.1",
    "198.51.100.1",
  ],
  ["auth-pam.c, valid user", "101", "error: PAM: Authentication failure for root from 198.51.100.1", "198.51.100.1"],
  [
    "auth-pam.c, unknown user",
    "101",
    "error: PAM: User not known to the underlying authentication module for illegal user x from 198.51.100.1",
    "198.51.100.1",
  ],
  [
    "Linux-PAM pam_unix, under sshd",
    "101",
    "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=198.51.100.1  user=root",
    "198.51.100.1",
  ],
  [
    "Linux-PAM pam_unix, no user=",
    "101",
    "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=198.51.100.1",
    "198.51.100.1",
  ],
  [
    "Linux-PAM, N more failures",
    "101",
    "PAM 2 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=198.51.100.1  user=root",
    "198.51.100.1",
  ],
  ["auth2.c userauth_finish, PAM account", "107", "fatal: Access denied for user root by PAM account configuration [preauth]", "-"],
  [
    "canohost.c reverse mapping",
    "101",
    "reverse mapping checking getaddrinfo for dsl.example.net [198.51.100.1] failed - POSSIBLE BREAK-IN ATTEMPT!",
    "198.51.100.1",
  ],
  ["canohost.c nasty PTR", "101", 'Nasty PTR record "1.2.3.4" is set up for 198.51.100.1, ignoring', "198.51.100.1"],
  ["auth.c secure_filename", "108", "Authentication refused: bad ownership or modes for file /home/x/.ssh/authorized_keys", "-"],
  ["packet.c bad packet length", "109", "Bad packet length 1349676916. [preauth]", "-"],
  ["packet.c corrupted MAC", "109", "Corrupted MAC on input. [preauth]", "-"],
  [
    "sshd.c PerSourcePenalties drop (9.8+)",
    "100",
    "drop connection #1 from [198.51.100.1]:22 on [10.0.0.1]:22 penalty: failed authentication",
    "198.51.100.1",
  ],
  ["sshd.c MaxStartups drop (9.8+)", "100", "drop connection #0 from [198.51.100.1]:22 on [10.0.0.1]:22 past MaxStartups", "198.51.100.1"],
  [
    "srclimit.c srclimit_penalise",
    "100",
    "srclimit_penalise: ipv4: new 198.51.100.1/32 deferred penalty of 5.000 seconds for penalty: failed authentication",
    "198.51.100.1",
  ],
  ["sshd.c MaxStartups throttling", "100", "beginning MaxStartups throttling", "-"],
  ["tcp_wrappers refused", "101", "refused connect from dsl.example.net (198.51.100.1)", "198.51.100.1"],
  [
    "rsyslog repeat compression",
    "101",
    "message repeated 5 times: [ Failed password for root from 198.51.100.1 port 22 ssh2]",
    "198.51.100.1",
  ],
  ["auth.c auth_log, Postponed", "101", "Postponed publickey for root from 198.51.100.1 port 22 ssh2 [preauth]", null],
  ["auth.c auth_log, Accepted", "101", "Accepted password for root from 198.51.100.1 port 22 ssh2", null],
  ["auth.c auth_log, Accepted key", "101", "Accepted publickey for root from 198.51.100.1 port 22 ssh2: RSA SHA256:abcdef", null],
  ["auth.c auth_log, Partial", "101", "Partial publickey for root from 198.51.100.1 port 22 ssh2: ED25519 SHA256:abc", null],
  ["sshd.c connection (Info)", "101", 'Connection from 198.51.100.1 port 22 on 10.0.0.1 port 22 rdomain ""', null],
  ["session.c, PAM session", "101", "pam_unix(sshd:session): session opened for user root by (uid=0)", null],
  ["packet.c process_disconnect after login", "101", "Received disconnect from 198.51.100.1 port 22:11: disconnected by user", null],
  ["packet.c sshpkt_vfatal after login", "101", "Disconnected from user root 198.51.100.1 port 22", null],
  ["packet.c, closed after login", "101", "Connection closed by 198.51.100.1 port 22", null],
  ["packet.c, timed out after login", "101", "Connection from user root 198.51.100.1 port 22 timed out", null],
  ["serverloop.c client_alive_check", "101", "Timeout, client not responding from user root 198.51.100.1 port 22", null],
  ["sshd.c listening", "101", "Server listening on 0.0.0.0 port 22.", null],
];

/** Header forms: rsyslog's traditional file format, its RFC 3339 file format, RFC 5424. */
const HEADERS: readonly (readonly [string, (pid: string, msg: string) => string])[] = [
  ["BSD", (pid, msg) => `Jan 15 11:59:58 web1 sshd[${pid}]: ${msg}`],
  ["RFC 3339", (pid, msg) => `2026-01-15T11:59:58.123456+01:00 web1 sshd[${pid}]: ${msg}`],
  ["RFC 5424", (pid, msg) => `<38>1 2026-01-15T11:59:58.123456+01:00 web1 sshd ${pid} - - ${msg}`],
];

async function convert(text: string): Promise<{ messages: Message[]; rejected: string[] }> {
  const messages: Message[] = [];
  const rejected: string[] = [];
  await runPipeline({
    converter: registry.get("syslog"),
    options: { timezone: "Z", referenceTime: NOW },
    now: () => NOW,
    inputs: [textInput("sshd.log", text)],
    sinks: {
      messages: { write: (m) => void messages.push(m) },
      rejects: { write: (r) => void rejected.push(JSON.stringify(r)) },
    },
  });
  return { messages, rejected };
}

const ips = (m: Message): (string | undefined)[] => (m.Source ?? []).map((s) => s.IP);
const rule = (m: Message): string | undefined => ruleIdOf(m as unknown as Record<string, unknown>);

describe("sshd format-string probes through runPipeline", () => {
  for (const [from, pid, message, ip] of PROBES) {
    it(`${ip === null ? "no alert" : "alert"}: ${from}`, async () => {
      for (const [form, header] of HEADERS) {
        const line = header(pid, message);
        const { messages, rejected } = await convert(`${line}\n`);
        assert.deepEqual(rejected, [], `${form}: not rejected: ${line}`);
        const alerts = messages.filter((m) => m.Priority !== "Info");
        if (ip === null) {
          assert.deepEqual(alerts.map(rule), [], `${form}: no alert expected for: ${line}`);
          continue;
        }
        assert.equal(alerts.length, 1, `${form}: one alert expected for: ${line}`);
        assert.deepEqual(ips(alerts[0]!), ip === "-" ? [] : [ip], `${form}: ${rule(alerts[0]!)} for: ${line}`);
        if (rule(alerts[0]!)?.startsWith("sshd.") === true) assert.equal(alerts[0]!.Target?.[0]?.Service, "ssh", `${form}: service ssh`);
      }
    });
  }

  it("one password tried gives one Medium alert: the PAM and Invalid user lines of the attempt are Low", async () => {
    const { messages } = await convert(
      [
        "Jan 15 11:59:50 web1 sshd[4100]: Invalid user oracle from 203.0.113.70 port 50210",
        "Jan 15 11:59:51 web1 sshd[4100]: pam_unix(sshd:auth): check pass; user unknown",
        "Jan 15 11:59:51 web1 sshd[4100]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.70",
        "Jan 15 11:59:53 web1 sshd[4100]: Failed password for invalid user oracle from 203.0.113.70 port 50210 ssh2",
        "Jan 15 11:59:54 web1 sshd[4100]: Connection closed by invalid user oracle 203.0.113.70 port 50210 [preauth]",
        "",
      ].join("\n"),
    );
    assert.deepEqual(messages.filter((m) => m.Priority === "Medium").map(rule), ["sshd.failed-invalid-user"]);
    for (const m of messages) assert.deepEqual(ips(m), ["203.0.113.70"], `${rule(m)} names the client`);
  });

  it("address-less lines of a connection take the client from an earlier line of the same pid, and say so", async () => {
    const { messages } = await convert(
      [
        "Jan 15 11:59:50 web1 sshd[4200]: Failed password for root from 203.0.113.71 port 50211 ssh2",
        "Jan 15 11:59:51 web1 sshd[4201]: Failed password for root from 203.0.113.72 port 50212 ssh2",
        "Jan 15 11:59:52 web1 sshd[4200]: error: maximum authentication attempts exceeded",
        "Jan 15 11:59:52 web1 sshd[4200]: Disconnecting: Too many authentication failures for root [preauth]",
        "Jan 15 11:59:53 web1 sshd[4201]: User root not allowed because account is locked",
        "",
      ].join("\n"),
    );
    const later = messages.slice(2);
    assert.deepEqual(later.map(rule), [
      "sshd.max-auth-attempts-no-address",
      "sshd.too-many-failures-no-address",
      "sshd.user-not-allowed-no-address",
    ]);
    assert.deepEqual(
      later.map((m) => ips(m)[0]),
      ["203.0.113.71", "203.0.113.71", "203.0.113.72"],
    );
    for (const m of later) assert.match(String(m.Note), /recalled from an earlier line of process/);
  });

  it("repeat compression: rsyslog's and syslog-ng's forms carry the count in the Note", async () => {
    const { messages } = await convert(
      [
        "Jan 15 11:59:50 web1 sshd[4300]: message repeated 4 times: [ Failed password for root from 203.0.113.73 port 50213 ssh2]",
        "Jan 15 11:59:55 web1 sshd: Last message 'Failed password for ' repeated 6 times, suppressed by syslog-ng on web1",
        "",
      ].join("\n"),
    );
    assert.deepEqual(messages.map(rule), ["sshd.failed-auth", "sshd.failed-auth"]);
    assert.deepEqual(
      messages.map((m) => ips(m)[0]),
      ["203.0.113.73", "203.0.113.73"],
    );
    assert.match(String(messages[0]!.Note), /repeated 4 times/);
    assert.match(String(messages[1]!.Note), /repeated 6 times/);
  });
});
