// The zeek converter's options: the declared schema (checked before any record is read) and the
// shape the mapping reads.
import type { OptionsSchema, OptionValues } from "../../core/converter.js";
import { assertKnownTimezone } from "../../core/timestamps.js";

/** The Zeek logs this converter turns into messages; records of other logs are skipped by name. */
export const CONVERTIBLE_LOGS = ["notice", "weird"] as const;
export type ConvertibleLog = (typeof CONVERTIBLE_LOGS)[number];

export const ZEEK_OPTIONS = {
  logs: {
    type: "strings",
    enum: CONVERTIBLE_LOGS,
    default: ["notice"],
    description: "Zeek logs turned into messages (notice.log; weird.log on request); records of the others are skipped and counted",
  },
  analyzer: {
    type: "string",
    description: 'Analyzer Name of every message; without it "Zeek"',
  },
  timezone: {
    type: "string",
    check: assertKnownTimezone,
    description:
      "zone for ISO 8601 ts without one (what VAST/Tenzir's JSON export writes); without it such records are rejected. Epoch ts and ts with a zone ignore it",
  },
} as const satisfies OptionsSchema;

export interface ZeekOptions {
  readonly logs: ReadonlySet<ConvertibleLog>;
  readonly analyzer: string;
  readonly timezone: string | undefined;
}

export function zeekOptions(values: OptionValues<typeof ZEEK_OPTIONS>): ZeekOptions {
  return {
    logs: new Set(values.logs),
    analyzer: values.analyzer === undefined || values.analyzer === "" ? "Zeek" : values.analyzer,
    timezone: values.timezone === undefined || values.timezone === "" ? undefined : values.timezone,
  };
}
