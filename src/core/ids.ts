// Identifier helpers: random UUID v4 for new objects, name-based UUID v5 for stable derived IDs.
import { createHash, randomUUID } from "node:crypto";

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A new random UUID v4, as IDMEFv2 `ID` fields want. */
export function newId(): string {
  return randomUUID();
}

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

/** The namespace for IDs this library derives (a fixed v4 UUID chosen once for idmefv2). */
export const IDMEFV2_NAMESPACE = "6c1d4a38-0f2e-4b57-9f43-8e2a1d7c5b90";

/**
 * A deterministic UUID v5 (RFC 4122 section 4.3, SHA-1) of `name` in `namespace`: the same input
 * gives the same ID on every run, so links between converted records survive.
 */
export function uuidV5(name: string, namespace: string = IDMEFV2_NAMESPACE): string {
  if (!isUuid(namespace)) throw new TypeError(`uuidV5: namespace ${JSON.stringify(namespace)} is not a UUID`);
  const hash = createHash("sha1");
  hash.update(Buffer.from(namespace.replace(/-/g, ""), "hex"));
  hash.update(name, "utf8");
  const bytes = hash.digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
