// Where a carried event's fields go in an IDMEFv2 message: the slots the cef and leef key tables
// (extension-keys.ts, ../leef/attribute-keys.ts) point their keys at.

/** Every slot, in a fixed order: a slot's index is where its value sits while an event is mapped. */
export const EVENT_SLOTS = [
  "Source.IP",
  "Source.Hostname",
  "Source.Port",
  "Source.User",
  "Target.IP",
  "Target.Hostname",
  "Target.Port",
  "Target.User",
  "Protocol",
  "Service",
  "Analyzer.IP",
  "Analyzer.Hostname",
  "CreateTime",
  "StartTime",
  "EndTime",
  "Category",
  "Severity",
  "ExternalId",
  "File.Name",
  "File.Path",
  "File.Size",
  "File.Hash",
  "Request.URL",
  "Request.Method",
] as const;

export type EventSlot = (typeof EVENT_SLOTS)[number];

/** Key -> slot. Keys not in a table are kept in the message Note as "key: value". */
export type EventKeyTable = Readonly<Record<string, EventSlot>>;

/** The keys whose values are written under a label key's value (CEF's cs1 with cs1Label ...). */
export interface LabelledKeys {
  /** Whether `key` takes its Note label from `<key>Label`. */
  has(key: string): boolean;
  /** 0 when no key is labelled (LEEF): the label check is skipped. */
  readonly size: number;
}
