// The suricata converter's options (`options.suricata` in config, or the command line), checked once.
import { IdmefError } from "../../core/errors.js";

/** EVE event types this converter can turn into messages. */
export const CONVERTIBLE_EVENT_TYPES = ["alert", "anomaly"] as const;
export type ConvertibleEventType = (typeof CONVERTIBLE_EVENT_TYPES)[number];

export interface SuricataOptions {
  /** Event types turned into messages; the rest are skipped. Default: alerts only. */
  readonly events: ReadonlySet<ConvertibleEventType>;
  /** Zone for stamps without one ("Z", "+01:00", "Europe/Paris"); none means such records are rejected. */
  readonly timezone: string | undefined;
  /** Analyzer Name for every message; without it the record's `host`, else "Suricata". */
  readonly analyzer: string | undefined;
}

const cache = new WeakMap<object, SuricataOptions>();

function optionError(message: string): IdmefError {
  return new IdmefError("CONFIG_ERROR", `suricata converter: ${message}`);
}

function optionalString(options: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = options[name];
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string") throw optionError(`option "${name}" must be a string, not ${JSON.stringify(value)}`);
  return value;
}

function parseEvents(value: unknown): Set<ConvertibleEventType> {
  if (value === undefined || value === null) return new Set(["alert"]);
  const names = typeof value === "string" ? value.split(",") : Array.isArray(value) ? value : undefined;
  if (names === undefined) throw optionError(`option "events" must be a list such as ["alert","anomaly"]`);
  const events = new Set<ConvertibleEventType>();
  for (const raw of names) {
    const name = typeof raw === "string" ? raw.trim() : raw;
    if (!(CONVERTIBLE_EVENT_TYPES as readonly unknown[]).includes(name)) {
      throw optionError(`option "events": ${JSON.stringify(name)} is not one of ${CONVERTIBLE_EVENT_TYPES.join(", ")}`);
    }
    events.add(name as ConvertibleEventType);
  }
  return events;
}

/** The options, parsed and checked; the same options object is parsed only once. */
export function suricataOptions(options: Readonly<Record<string, unknown>>): SuricataOptions {
  const cached = cache.get(options);
  if (cached !== undefined) return cached;
  const parsed: SuricataOptions = {
    events: parseEvents(options["events"]),
    timezone: optionalString(options, "timezone"),
    analyzer: optionalString(options, "analyzer"),
  };
  cache.set(options, parsed);
  return parsed;
}
