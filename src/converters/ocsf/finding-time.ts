// OCSF timestamps: `time` and the finding times are epoch milliseconds (timestamp_t); `time_dt`
// and some producers' `time` (Prowler 3: "2023-06-30 10:28:55.297615") are date-time text.
import { epochTimestamp } from "../../core/epoch-time.js";
import { normalizeTimestamp } from "../../core/timestamps.js";

export type TimeRead = { readonly time: string } | { readonly problem: string } | undefined;

/** A timestamp field: ms since the epoch (number or digits), or date-time text with its zone (or the timezone option's). */
export function readTime(value: unknown, field: string, timezone: string | undefined): TimeRead {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "number" || (typeof value === "string" && /^\d{1,15}(?:\.\d{1,6})?$/.test(value))) {
    const time = epochTimestamp(value, "ms");
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
