// The suricata converter's options: the declared schema (checked by the framework, printed by
// `idmefv2 formats --options suricata`) and the shape the mapping code reads.
import type { OptionsSchema, OptionValues } from "../../core/converter.js";
import { assertKnownTimezone } from "../../core/timestamps.js";

/** EVE event types this converter can turn into messages. */
export const CONVERTIBLE_EVENT_TYPES = ["alert", "anomaly"] as const;
export type ConvertibleEventType = (typeof CONVERTIBLE_EVENT_TYPES)[number];

export const SURICATA_OPTIONS = {
  events: {
    type: "strings",
    enum: CONVERTIBLE_EVENT_TYPES,
    default: ["alert"],
    description: "EVE event types turned into messages; the others are skipped and counted",
  },
  timezone: {
    type: "string",
    check: assertKnownTimezone,
    description: 'zone for stamps without one ("Z", "+01:00", "Europe/Paris"); without it such records are rejected',
  },
  analyzer: {
    type: "string",
    description: 'Analyzer Name of every message; without it the record\'s "host", else "Suricata"',
  },
} as const satisfies OptionsSchema;

export interface SuricataOptions {
  /** Event types turned into messages; the rest are skipped. Default: alerts only. */
  readonly events: ReadonlySet<ConvertibleEventType>;
  /** Zone for stamps without one ("Z", "+01:00", "Europe/Paris"); none means such records are rejected. */
  readonly timezone: string | undefined;
  /** Analyzer Name for every message; without it the record's `host`, else "Suricata". */
  readonly analyzer: string | undefined;
}

/** The checked option values in the shape the mapping reads (an empty string means "not given"). */
export function suricataOptions(values: OptionValues<typeof SURICATA_OPTIONS>): SuricataOptions {
  return {
    events: new Set(values.events),
    timezone: values.timezone === "" ? undefined : values.timezone,
    analyzer: values.analyzer === "" ? undefined : values.analyzer,
  };
}
