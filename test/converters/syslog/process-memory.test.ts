// Per-process memory: a later line of the same host and pid that names no address takes the one an
// earlier line gave (sshd's "Connection from" then "Disconnecting: Too many authentication
// failures"), says so in its Note, and forgets it after a minute, for another pid or host, and
// beyond the entry bound.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ProcessMemory } from "../../../src/converters/syslog/process-memory.js";
import { convertOne, ruleIdOf } from "./helpers.js";

function sourceOf(message: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  return (message?.["Source"] as Record<string, unknown>[] | undefined)?.[0];
}

const CONNECTION = "Jan  1 00:00:00 h sshd[4242]: Connection from 203.0.113.50 port 60200 on 192.0.2.1 port 22";
const NO_ADDRESS = "Jan  1 00:00:05 h sshd[4242]: Disconnecting: Too many authentication failures for root [preauth]";

describe("per-process memory", () => {
  it("gives a later line of the same pid the remembered address, and says so", () => {
    assert.equal(convertOne(CONNECTION, {}, "mem-a.log", 1).skipped, "remembered for later lines of the same process (no alert)");
    const { messages } = convertOne(NO_ADDRESS, {}, "mem-a.log", 2);
    assert.equal(ruleIdOf(messages[0]), "sshd.too-many-failures-no-address");
    assert.deepEqual([sourceOf(messages[0])?.["IP"], sourceOf(messages[0])?.["Port"]], ["203.0.113.50", [60200]]);
    assert.match(
      String(messages[0]!["Note"]),
      /source 203\.0\.113\.50 recalled from an earlier line of process 4242 \(rule sshd\.connection-from\)/,
    );
  });

  it("does not recall for another pid, another host, another input, or after a minute", () => {
    convertOne(CONNECTION, {}, "mem-b.log", 1);
    assert.equal(sourceOf(convertOne(NO_ADDRESS.replace("4242", "4243"), {}, "mem-b.log", 2).messages[0]), undefined);
    assert.equal(sourceOf(convertOne(NO_ADDRESS.replace(" h ", " other "), {}, "mem-b.log", 3).messages[0]), undefined);
    assert.equal(sourceOf(convertOne(NO_ADDRESS, {}, "mem-c.log", 2).messages[0]), undefined);
    assert.equal(sourceOf(convertOne(NO_ADDRESS.replace("00:00:05", "00:01:30"), {}, "mem-b.log", 4).messages[0]), undefined);
  });

  it("never overrides an address the line itself names", () => {
    convertOne(CONNECTION, {}, "mem-d.log", 1);
    const { messages } = convertOne(
      "Jan  1 00:00:02 h sshd[4242]: Failed password for root from 198.51.100.9 port 4242 ssh2",
      {},
      "mem-d.log",
      2,
    );
    assert.equal(sourceOf(messages[0])?.["IP"], "198.51.100.9");
    assert.doesNotMatch(String(messages[0]!["Note"]), /recalled/);
  });

  it("is bounded in entries (oldest first out) and in time", () => {
    const memory = new ProcessMemory(3, 60_000);
    for (let pid = 1; pid <= 4; pid++) memory.remember(ProcessMemory.key("h", "sshd", String(pid)), { address: `192.0.2.${pid}` }, 0, "r");
    assert.equal(memory.size, 3);
    assert.equal(memory.recall(ProcessMemory.key("h", "sshd", "1"), 0), undefined);
    assert.equal(memory.recall(ProcessMemory.key("h", "sshd", "4"), 0)?.values.address, "192.0.2.4");
    assert.equal(memory.recall(ProcessMemory.key("h", "sshd", "4"), 60_001), undefined);
  });
});

describe("per-session memory (slapd: one pid, many connections)", () => {
  const accept = (conn: number, ip: string): string =>
    `Jan 11 09:26:50 ldap slapd[20872]: conn=${conn} fd=12 ACCEPT from IP=${ip}:40000 (IP=0.0.0.0:389)`;
  const failed = (conn: number): string => `Jan 11 09:26:57 ldap slapd[20872]: conn=${conn} op=1 RESULT tag=97 err=49 text=`;

  it("takes the client of the bind's own connection, not another connection's of the same pid", () => {
    convertOne(accept(1, "203.0.113.1"), {}, "ldap-a.log", 1);
    convertOne(accept(2, "203.0.113.2"), {}, "ldap-a.log", 2);
    const first = convertOne(failed(1), {}, "ldap-a.log", 3).messages[0];
    const second = convertOne(failed(2), {}, "ldap-a.log", 4).messages[0];
    assert.equal(ruleIdOf(first), "slapd.bind-invalid-credentials");
    assert.deepEqual([sourceOf(first)?.["IP"], sourceOf(second)?.["IP"]], ["203.0.113.1", "203.0.113.2"]);
    assert.match(String(first!["Note"]), /recalled from an earlier line of process 20872 \(rule slapd\.accept\)/);
  });

  it("skips, with its reason, a failed bind whose connection no earlier line opened", () => {
    convertOne(accept(1, "203.0.113.1"), {}, "ldap-b.log", 1);
    const { messages, skipped } = convertOne(failed(3), {}, "ldap-b.log", 2);
    assert.deepEqual([messages.length, skipped], [0, "no earlier line of the process or session named the client"]);
  });
});
