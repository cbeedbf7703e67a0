// The options of the cef and leef converters (one schema: both read a syslog header and event times).
import type { OptionsSchema, OptionValues } from "../../core/converter.js";
import { assertKnownTimezone } from "../../core/timestamps.js";

export const CARRIED_EVENT_OPTIONS = {
  timezone: {
    type: "string",
    check: assertKnownTimezone,
    description:
      'zone for times without one, in the event and its syslog header ("Z", "+01:00", "Europe/Paris"); default: the machine\'s zone',
  },
  analyzer: {
    type: "string",
    description: "Analyzer Name of every message; without it the sender's host (dvchost, the syslog host), else vendor and product",
  },
} as const satisfies OptionsSchema;

export interface CarriedEventRunOptions {
  readonly timezone: string | undefined;
  readonly analyzer: string | undefined;
}

/** The checked option values (an empty string means "not given"). */
export function carriedEventOptions(values: OptionValues<typeof CARRIED_EVENT_OPTIONS>): CarriedEventRunOptions {
  return {
    timezone: values.timezone === "" ? undefined : values.timezone,
    analyzer: values.analyzer === "" ? undefined : values.analyzer,
  };
}
