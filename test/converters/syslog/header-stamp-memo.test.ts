// Resolving a stamp's hour (zone, year inference, date text) is memoised for every hour seen
// (header-stamp.ts hourOf). A memo must never change an answer: each stamp, read with the memo
// warm from many other hours, zones, written years and reference times in a shuffled order, must
// resolve exactly as it does with the memo emptied just before it.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { forgetResolvedHours, resolveStamp, scanHeaderStamp } from "../../../src/converters/syslog/header-stamp.js";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "Oct", "Dec"];

/** A small deterministic generator (the order must be the same on every run). */
function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

describe("the memo of resolved hours", () => {
  it("resolves every stamp as a cold memo does, whatever was resolved before it", () => {
    const stamps: string[] = [];
    for (const month of MONTHS)
      for (const day of [" 1", "28", "29", "31"])
        for (const hour of ["00", "01", "11", "23"])
          for (const tail of ["", " 2024", " +02:00", " Europe/Paris", " CET 2023"])
            stamps.push(`${month} ${day} ${hour}:59:60${tail} host`);
    // The reference times sit at New Year and at a change of summer time: the hours whose year or
    // offset depends on the minute.
    const references = ["2026-01-01T00:30:00Z", "2025-12-31T23:59:59Z", "2026-03-29T01:30:00Z", "2026-07-15T12:00:00Z"].map(Date.parse);
    const zones = ["Z", "Europe/Paris", "America/New_York", undefined];
    const random = lcg(17);
    let compared = 0;
    for (const zone of zones)
      for (const ref of references) {
        const cold = new Map<string, unknown>();
        for (const stamp of stamps) {
          forgetResolvedHours();
          cold.set(stamp, resolveStamp(scanHeaderStamp(stamp, 0)!, zone, ref));
        }
        // Warm: every stamp again, twice, in a shuffled order (as one run reads a log of many hours).
        for (let pass = 0; pass < 2; pass++) {
          const order = stamps.map((stamp) => ({ stamp, key: random() })).sort((a, b) => a.key - b.key);
          for (const { stamp } of order) {
            const warm = resolveStamp(scanHeaderStamp(stamp, 0)!, zone, ref);
            assert.deepEqual(warm, cold.get(stamp), `${stamp} in ${zone ?? "the machine's zone"} at ${new Date(ref).toISOString()}`);
            compared++;
          }
        }
      }
    assert.equal(compared, stamps.length * zones.length * references.length * 2);
  });
});
