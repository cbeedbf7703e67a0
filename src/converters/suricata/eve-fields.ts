// Typed reads from one parsed EVE record (untrusted JSON: every field may be missing or of any type).

export type EveObject = Readonly<Record<string, unknown>>;

export function asObject(value: unknown): EveObject | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as EveObject) : undefined;
}

/** A non-empty string field, or undefined. */
export function stringField(object: EveObject | undefined, key: string): string | undefined {
  const value = object?.[key];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** An integer field (EVE writes numbers; a numeric string is accepted too), or undefined. */
export function integerField(object: EveObject | undefined, key: string): number | undefined {
  const value = object?.[key];
  const n = typeof value === "number" ? value : typeof value === "string" && /^\d{1,16}$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) ? n : undefined;
}

/** A field that is a string or a number (flow_id, tx_id), as text. */
export function idField(object: EveObject | undefined, key: string): string | undefined {
  const value = object?.[key];
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** ET rule metadata values: Suricata writes arrays of strings; a lone string is accepted. */
export function metadataValues(metadata: EveObject | undefined, key: string): string[] {
  const value = metadata?.[key];
  if (typeof value === "string") return [value];
  if (!Array.isArray(value)) return [];
  return value.filter((v): v is string => typeof v === "string" && v !== "");
}
