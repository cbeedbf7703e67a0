// One Zeek log record as both writers give it (TSV row or JSON object): field name -> text or list.
// Read by name through get/has only (a Map for JSON rows, the row's header positions for TSV), so
// field names taken from the input (#fields, JSON keys) never reach a prototype.

export type ZeekValue = string | readonly string[];

export interface ZeekRecord {
  /** The field's value; undefined when the record does not set it. */
  get(name: string): ZeekValue | undefined;
  has(name: string): boolean;
}

/** A non-empty text field (a list gives its first item), or undefined. */
export function textField(record: ZeekRecord, name: string): string | undefined {
  const value = record.get(name);
  const text = typeof value === "string" ? value : value?.[0];
  return text === undefined || text === "" ? undefined : text;
}

const NO_ITEMS: readonly string[] = [];

/** A list field (a lone text gives a list of one), empty items left out; the record's own list when it has none. */
export function listField(record: ZeekRecord, name: string): readonly string[] {
  const value = record.get(name);
  if (value === undefined) return NO_ITEMS;
  if (typeof value === "string") return value === "" ? NO_ITEMS : [value];
  return value.includes("") ? value.filter((item) => item !== "") : value;
}

/** A port or count field as a number when it is a plain integer, else undefined. */
export function integerField(record: ZeekRecord, name: string): number | undefined {
  const text = textField(record, name);
  if (text === undefined || !/^\d{1,15}$/.test(text)) return undefined;
  return Number(text);
}
