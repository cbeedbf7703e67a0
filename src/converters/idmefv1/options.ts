// The idmefv1 converter's options: the declared schema (checked by the framework, printed by
// `idmefv2 formats --options idmefv1`) and the shape the mapping code reads.
import type { OptionsSchema, OptionValues } from "../../core/converter.js";
import { assertKnownTimezone } from "../../core/timestamps.js";

export const IDMEFV1_OPTIONS = {
  timezone: {
    type: "string",
    check: (zone: string) => {
      if (zone.trim() === "") throw new Error('a zone such as "Z", "+01:00" or "Europe/Paris" is needed, not an empty string');
      assertKnownTimezone(zone);
    },
    description: 'zone for date-time text without one ("Z", "+01:00", "Europe/Paris"); without it such a time rejects the record',
  },
  heartbeats: {
    type: "string",
    enum: ["skip", "emit"],
    default: "skip",
    description: 'Heartbeat messages: "skip" (counted under "heartbeat") or "emit" as Availability.HeartBeat',
  },
} as const satisfies OptionsSchema;

export type Idmefv1Options = OptionValues<typeof IDMEFV1_OPTIONS>;
