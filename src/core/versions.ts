// The registry of IDMEFv2 schema versions this library ships, and how a message's `Version` resolves.
import { UnknownVersionError } from "./errors.js";

/** Every schema shipped under schema/<version>/IDMEFv2.schema, oldest first. */
export const KNOWN_VERSIONS = ["2.D.V02", "2.D.V03", "2.D.V04", "2.D.V05", "2.D.V06", "2.D.V07", "2.D.V08", "2.D.V09-Dev"] as const;

export type IdmefVersion = (typeof KNOWN_VERSIONS)[number];

/** The latest stable draft (April 2026): what new messages and converters produce. */
export const DEFAULT_VERSION: IdmefVersion = "2.D.V08";

/** The newest stable version, which the "latest" policy falls back to (never a -Dev schema). */
export const LATEST_STABLE_VERSION: IdmefVersion = "2.D.V08";

/**
 * How to treat a message whose `Version` is unknown or malformed.
 * - "strict": raise UnknownVersionError (the default; never guess silently).
 * - "latest": validate against the latest stable schema; the caller asked for it explicitly.
 */
export type VersionPolicy = "strict" | "latest";

export function isKnownVersion(value: unknown): value is IdmefVersion {
  return typeof value === "string" && (KNOWN_VERSIONS as readonly string[]).includes(value);
}

/** Resolves a `Version` value to a shipped schema version, following the policy. */
export function resolveVersion(value: unknown, policy: VersionPolicy = "strict"): IdmefVersion {
  if (isKnownVersion(value)) return value;
  if (policy === "latest") return LATEST_STABLE_VERSION;
  throw new UnknownVersionError(value, KNOWN_VERSIONS);
}
