// The idmefv1 converter's options (config `options.idmefv1` or the command line), checked once.
import { ConversionError } from "../../core/errors.js";

export interface Idmefv1Options {
  /** Zone for date-time text without one ("Z", "+01:00", "Europe/Paris"); without it such a time rejects the record. */
  readonly timezone: string | undefined;
  /** What to do with Heartbeat messages: skip them (counted under "heartbeat") or emit Availability.HeartBeat. */
  readonly heartbeats: "skip" | "emit";
}

const cache = new WeakMap<object, Idmefv1Options>();

/** Reads and checks the options; a wrong value names the option and the accepted values. */
export function readOptions(raw: Readonly<Record<string, unknown>>): Idmefv1Options {
  const cached = cache.get(raw);
  if (cached !== undefined) return cached;
  const timezone = raw["timezone"];
  if (timezone !== undefined && (typeof timezone !== "string" || timezone.trim() === "")) {
    throw new ConversionError(`idmefv1 option "timezone" must be a zone such as "Z", "+01:00" or "Europe/Paris", not ${JSON.stringify(timezone)}`);
  }
  const heartbeats = raw["heartbeats"] ?? "skip";
  if (heartbeats !== "skip" && heartbeats !== "emit") {
    throw new ConversionError(`idmefv1 option "heartbeats" must be "skip" or "emit", not ${JSON.stringify(heartbeats)}`);
  }
  const options: Idmefv1Options = { timezone: timezone as string | undefined, heartbeats };
  cache.set(raw, options);
  return options;
}
