// Snort stamps resolved once per minute (SnortMinute) give exactly what resolving each stamp alone
// gives: across minute and day boundaries, in a zone with summer time, for year-less and -y stamps.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readSnortTime, SnortMinute } from "../../../src/converters/snort/snort-time.js";

const REFERENCE_MS = Date.parse("2025-12-01T00:00:00Z");

function stampsAround(prefix: string, minutes: readonly string[]): string[] {
  const stamps: string[] = [];
  for (const minute of minutes) for (const second of ["00", "01", "30", "59"]) stamps.push(`${prefix}${minute}:${second}.000042`);
  return stamps;
}

test("a run's remembered minute changes no stamp's reading", () => {
  const stamps = [
    ...stampsAround("03/30-01:", ["58", "59"]),
    ...stampsAround("03/30-03:", ["00", "01"]),
    ...stampsAround("10/26-02:", ["59"]),
    ...stampsAround("12/31-23:", ["59"]),
    ...stampsAround("25/01/01-00:", ["00"]),
    "03/30-03:00:60.5",
    "02/30-10:00:00.1",
  ];
  for (const timezone of ["Europe/Paris", "Z", "-03:30", undefined]) {
    const minute = new SnortMinute();
    for (const stamp of stamps) {
      const alone = readSnortTime(stamp, { timezone, referenceMs: REFERENCE_MS });
      const remembered = readSnortTime(stamp, { timezone, referenceMs: REFERENCE_MS, minute });
      assert.equal(remembered, alone, `${stamp} in ${timezone ?? "the machine's zone"}`);
    }
  }
});

test("the remembered minute follows the zone's summer time", () => {
  const minute = new SnortMinute();
  const options = { timezone: "Europe/Paris", referenceMs: REFERENCE_MS, minute };
  assert.equal(readSnortTime("03/30-01:59:59.5", options), "2025-03-30T01:59:59.5+01:00");
  assert.equal(readSnortTime("03/30-03:00:00.5", options), "2025-03-30T03:00:00.5+02:00");
  assert.equal(readSnortTime("03/30-03:00:07.25", options), "2025-03-30T03:00:07.25+02:00");
  // A leap second is no time this reader gives, remembered minute or not.
  assert.equal(readSnortTime("03/30-03:00:60.1", options), undefined);
});
