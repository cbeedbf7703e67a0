// The calendar check of Snort stamps against the Date parser's reading it replaced (per line, it
// cost more than the rest of resolving a stamp): every day of the years a sensor writes, and the edges.
import { test } from "node:test";
import assert from "node:assert/strict";
import { isRealStamp } from "../../../src/converters/snort/snort-time.js";

function byDateParser(local: string, day: number): boolean {
  return !(Number.isNaN(Date.parse(`${local}Z`)) || new Date(`${local.slice(0, 10)}T00:00:00Z`).getUTCDate() !== day);
}

test("a stamp is real exactly when the Date parser reads it and its day exists (leap years, second 60, year 10000)", () => {
  const pad = (n: number, width = 2): string => String(n).padStart(width, "0");
  const years = [0, 4, 100, 400, 1900, 1970, 9999, 10000, ...Array.from({ length: 103 }, (_, i) => 1999 + i)];
  for (const year of years)
    for (let month = 1; month <= 12; month++)
      for (let day = 1; day <= 31; day++)
        for (const second of ["00", "59", "60"])
          for (const fraction of ["", ".123456"]) {
            const local = `${pad(year, 4)}-${pad(month)}-${pad(day)}T23:59:${second}${fraction}`;
            assert.equal(isRealStamp(year, month, day, second), byDateParser(local, day), local);
          }
});
