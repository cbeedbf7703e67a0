// The modsecurity converter's options (checked before any record is read).
import type { OptionsSchema, OptionValues } from "../../core/converter.js";
import { assertKnownTimezone } from "../../core/timestamps.js";

export const MODSECURITY_OPTIONS = {
  timezone: {
    type: "string",
    check: assertKnownTimezone,
    description:
      'zone of ModSecurity v3\'s time_stamp ("Z", "+01:00", "Europe/Paris"); without it the zone is read from unique_id, else the entry is rejected',
  },
  analyzer: {
    type: "string",
    description: 'Analyzer Name of every message; without it "ModSecurity"',
  },
} as const satisfies OptionsSchema;

export interface ModSecurityOptions {
  readonly timezone: string | undefined;
  readonly analyzer: string;
}

export function modSecurityOptions(values: OptionValues<typeof MODSECURITY_OPTIONS>): ModSecurityOptions {
  return {
    timezone: values.timezone === undefined || values.timezone === "" ? undefined : values.timezone,
    analyzer: values.analyzer === undefined || values.analyzer === "" ? "ModSecurity" : values.analyzer,
  };
}
