// Contract 2: each run (each `setup`) of the syslog and journal converters (and applog, which
// shares the state) holds its own state. Two runs in one process that read inputs of the same
// name, interleaved (two pipelines, a listener beside a convert), must not see each other's
// process memory or repeat lines — with state at module level, the second run's first line would
// wipe the first run's.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { syslog } from "../../../src/converters/syslog/index.js";
import { journal } from "../../../src/converters/journal/index.js";
import { convertWith, ruleIdOf, setUpRun } from "./helpers.js";

const CONNECTION = "Jan  1 00:00:00 h sshd[4242]: Connection from 203.0.113.50 port 60200 on 192.0.2.1 port 22";
const NO_ADDRESS = "Jan  1 00:00:05 h sshd[4242]: Disconnecting: Too many authentication failures for root [preauth]";
const UNRELATED = "Jan  1 00:00:01 h cron[7]: (root) CMD (true)";
const FAILED = "Jan  1 00:00:02 h sshd[4242]: Failed password for root from 198.51.100.9 port 4242 ssh2";
const REPEATED = "Jan  1 00:00:03 h last message repeated 3 times";

function sourceIp(message: Record<string, unknown> | undefined): unknown {
  return (message?.["Source"] as Record<string, unknown>[] | undefined)?.[0]?.["IP"];
}

describe("per-run state (contract 2 setup)", () => {
  it("keeps the process memory of two interleaved syslog runs over inputs of the same name apart", () => {
    const a = setUpRun(syslog, { timezone: "Z" });
    const b = setUpRun(syslog, { timezone: "Z" });
    convertWith(a, CONNECTION, "in.log", 1);
    convertWith(b, UNRELATED, "in.log", 1);
    const inB = convertWith(b, NO_ADDRESS, "in.log", 2).messages[0];
    assert.equal(ruleIdOf(inB), "sshd.too-many-failures-no-address");
    assert.equal(sourceIp(inB), undefined, "run B must not recall the address run A read");
    const inA = convertWith(a, NO_ADDRESS, "in.log", 2).messages[0];
    assert.equal(sourceIp(inA), "203.0.113.50", "run A must still recall its own earlier line");
  });

  it("repeats each run's own last event for 'last message repeated N times'", () => {
    const a = setUpRun(syslog, { timezone: "Z" });
    const b = setUpRun(syslog, { timezone: "Z" });
    convertWith(a, FAILED, "in.log", 1);
    convertWith(b, UNRELATED, "in.log", 1);
    assert.equal(convertWith(b, REPEATED, "in.log", 2).skipped, "repeat of a line no rule matched");
    const repeated = convertWith(a, REPEATED, "in.log", 2).messages[0];
    assert.equal(ruleIdOf(repeated), "sshd.failed-auth");
    assert.match(String(repeated?.["Note"]), /repeated 3 times/);
  });

  it("keeps the process memory of two journal runs apart", () => {
    const entry = (message: string, seconds: number): unknown => ({
      MESSAGE: message,
      SYSLOG_IDENTIFIER: "sshd",
      _PID: "4242",
      _HOSTNAME: "h",
      __REALTIME_TIMESTAMP: String((1_767_225_600 + seconds) * 1_000_000),
    });
    const a = setUpRun(journal, {});
    const b = setUpRun(journal, {});
    convertWith(a, entry("Connection from 203.0.113.50 port 60200 on 192.0.2.1 port 22", 0), "j.json", 1);
    convertWith(b, entry("Server listening on 0.0.0.0 port 22.", 1), "j.json", 1);
    const noAddress = entry("Disconnecting: Too many authentication failures for root [preauth]", 5);
    assert.equal(sourceIp(convertWith(b, noAddress, "j.json", 2).messages[0]), undefined);
    assert.equal(sourceIp(convertWith(a, noAddress, "j.json", 2).messages[0]), "203.0.113.50");
  });
});
