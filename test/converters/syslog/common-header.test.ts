// The reader of the usual BSD header (common-header.ts) is a shortcut: every line it accepts must
// come out exactly as the general scanner reads it. Checked over every syslog line of the fixtures
// and corpora, and over headers built from stamps, host words, tags and messages chosen to sit on
// each edge of the shortcut (a year or zone after the stamp, a word that starts another stamp, a
// facility.level, MARK and repeat lines, the hour whose year depends on the minute), read in an
// order that leaves its per-hour memo both warm and cold.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { readCommonHeader } from "../../../src/converters/syslog/common-header.js";
import { scanRfc3164, type ParseSyslogOptions } from "../../../src/converters/syslog/parse-syslog.js";
import type { SyslogRecord } from "../../../src/converters/syslog/syslog-record.js";

function logFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? logFiles(join(dir, e.name)) : e.name.endsWith(".log") ? [join(dir, e.name)] : [],
  );
}

/** Where the BSD header starts and the PRI before it, or undefined for an RFC 5424 line. */
function headerStart(line: string): { start: number; pri: number | undefined } | undefined {
  const m = /^<(\d{1,3})>/.exec(line);
  if (m === null) return { start: 0, pri: undefined };
  if (/^\d{1,3} /.test(line.slice(m[0].length))) return undefined;
  return { start: m[0].length, pri: Number(m[1]) };
}

/** The shortcut's reading of a line, checked against the general scanner's; true when it took the line. */
function checkSame(line: string, options: ParseSyslogOptions): boolean {
  const at = headerStart(line);
  if (at === undefined) return false;
  const quick = readCommonHeader(line, at.start, at.pri, options.timezone, options.referenceMs);
  if (quick === undefined) return false;
  let general: SyslogRecord;
  try {
    general = scanRfc3164(line, at.start, at.pri, options);
  } catch (error) {
    assert.fail(`the shortcut read a line the general scanner refuses (${String(error)}): ${JSON.stringify(line)}`);
  }
  assert.deepEqual(quick, general, `different readings of ${JSON.stringify(line)}`);
  return true;
}

describe("the common BSD header reader", () => {
  it("reads every fixture and corpus line it takes as the general scanner does, and takes most of them", () => {
    const options = { referenceMs: Date.parse("2026-01-15T12:00:00Z"), timezone: "Z" };
    let lines = 0;
    let taken = 0;
    for (const file of logFiles("fixtures/syslog")) {
      for (const raw of readFileSync(file, "utf8").split("\n")) {
        const line = raw.replace(/\r$/, "");
        if (line.trim() === "") continue;
        lines++;
        if (checkSame(line, options)) taken++;
      }
    }
    assert.ok(lines > 2000, `only ${lines} fixture lines`);
    // Most real lines have the usual header: if the shortcut stopped taking them it would be slow, not wrong.
    assert.ok(taken / lines > 0.6, `the shortcut took ${taken} of ${lines} lines`);
  });

  it("takes the usual forms: `prog[pid]:`, `prog:`, `prog(sub)[pid]:`, an IPv4 host, a PRI", () => {
    const options = { referenceMs: Date.parse("2026-01-15T12:00:00Z"), timezone: "Z" };
    for (const line of [
      "Jun 14 15:16:01 combo sshd(pam_unix)[19939]: check pass; user unknown",
      "Jul  3 04:08:03 combo su: session opened",
      "<38>Feb 12 14:10:21 192.0.2.7 sshd[1]: Failed password for root from 192.0.2.9 port 22 ssh2",
      "Feb 12 14:10:21 mail.example.com postfix/smtpd[3]: connect from unknown[192.0.2.1]",
    ]) {
      assert.ok(checkSame(line, options), line);
    }
  });

  it("leaves the edges to the general scanner, or reads them the same, in every combination", () => {
    const stamps = [
      "Jan  1 00:10:00",
      "Jan  1 00:40:00",
      "Dec 31 23:59:59",
      "Jan 1 00:10:01",
      "Feb 29 12:00:00",
      "Feb 30 12:00:00",
      "Mar  7 10:00:00.123",
      "Mar  7 10:00:00:",
      "Mon Mar  7 10:00:00",
      "Mar  7 7:00:00",
      // RFC 3339 and its kin: the shortcut takes those that name their offset.
      "2024-01-15T12:00:00.123456+01:00",
      "2024-01-15T12:00:00Z",
      "2024-01-15 12:00:00.344447-0700",
      "2024-02-30T12:00:00Z",
      "2024-01-15T12:00:00",
      "2024-01-15T12:00:00 CET",
      "2024-01-15T12:00:00+01:00:",
      "1705320000.123",
    ];
    const hosts = [
      "combo",
      "UTC",
      "CET",
      "Utc",
      "Z",
      "2016",
      "2016x",
      "192.0.2.1",
      "1.2",
      "10-Mar-2020",
      "Jan",
      "mon",
      "abc",
      "ab",
      "auth.info",
      "Auth.Info",
      "host.example.com",
      "last",
      "-",
      "2001:db8::1",
      "web-01",
      "_x",
      "Europe/Paris",
    ];
    const tags = [
      "sshd[1]:",
      "sshd:",
      "sshd(pam_unix)[2]:",
      "[sshd]:",
      "sshd",
      "sshd[3]",
      "2865#0:",
      "auth.info:",
      "Jan:",
      "Jan",
      "last",
      "<13>sshd[1]:",
      "postfix/smtpd[3]:",
      "sshd[1]:x",
      "Info:",
      "a(b:",
      // The tag head of the line before (reused when the next tag has it): with and without a
      // PID, an empty, doubled or odd PID, text between the head and the PID.
      "sshd(pam_unix):",
      "sshd(pam_unix)[]:",
      "sshd(pam_unix)[4]x:",
      "sshd(pam_unix)[[5]:",
      "sshd(pam_unix)[1]2]:",
      "sshd(pam_unix)x[9]:",
      "sshd[6][7]:",
      "su(pam_unix)[8]:",
    ];
    const messages = [
      "Failed password for root from 192.0.2.9 port 22 ssh2",
      "",
      "last message repeated 3 times",
      "-- MARK --",
      "message repeated 2 times: [ x ]",
      "2016 x",
    ];
    const seps = [" ", "  ", "\t"];
    let taken = 0;
    let lines = 0;
    // Reference 00:30 on 1 January: a year-less `Jan  1 00:40:00` is last year's, `00:10:00` this year's.
    for (const options of [
      { referenceMs: Date.parse("2026-01-01T00:30:00Z"), timezone: "Z" },
      { referenceMs: Date.parse("2026-01-01T00:30:00Z"), timezone: "Europe/Paris" },
      { referenceMs: Date.parse("2026-03-29T01:30:00Z"), timezone: "Europe/Paris" },
    ]) {
      for (const stamp of stamps) {
        for (const host of hosts) {
          for (const sep of seps) {
            for (const tag of tags) {
              for (const message of messages) {
                lines++;
                if (checkSame(`${stamp}${sep}${host} ${tag} ${message}`, options)) taken++;
              }
            }
          }
        }
      }
    }
    // Not vacuous: plenty of the combinations are the usual form.
    assert.ok(taken > lines / 20, `the shortcut took ${taken} of ${lines} lines`);
  });
});
