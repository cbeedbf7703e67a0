// OCSF timestamps: `time` and the finding times are epoch milliseconds (timestamp_t); `time_dt`
// and some producers' `time` (Prowler 3: "2023-06-30 10:28:55.297615") are date-time text.
import { epochTimestamp } from "../../core/epoch-time.js";
import { normalizeTimestamp } from "../../core/timestamps.js";

/**
 * OCSF says epoch milliseconds, but Prowler 4 and 5 write epoch seconds in `time` and the finding
 * times (`"time": 1737995806` beside `"time_dt": "2025-01-27T17:36:46.855898"`). Read as ms such a
 * value falls in January 1970; no finding is that old, so a value below 10^11 ms (March 1973) is
 * read as seconds instead. Both readings of any real finding time differ by decades, so this
 * cannot pick the wrong one for a time after 1973.
 */
const SECONDS_BELOW = 100_000_000_000;

export type TimeRead = { readonly time: string } | { readonly problem: string } | undefined;

/** A timestamp field: ms since the epoch (number or digits; seconds when too small to be ms), or date-time text with its zone (or the timezone option's). */
export function readTime(value: unknown, field: string, timezone: string | undefined): TimeRead {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "number" || (typeof value === "string" && /^\d{1,15}(?:\.\d{1,6})?$/.test(value))) {
    const time = epochTimestamp(value, Number(value) < SECONDS_BELOW ? "s" : "ms");
    return time === undefined
      ? { problem: `${field} ${JSON.stringify(String(value).slice(0, 40))} is not a time in epoch milliseconds` }
      : { time };
  }
  if (typeof value !== "string") return { problem: `${field} is neither epoch milliseconds nor date-time text` };
  try {
    return { time: normalizeTimestamp(value, timezone === undefined ? {} : { timezone }) };
  } catch (error) {
    return { problem: `${field}: ${(error as Error).message}` };
  }
}
