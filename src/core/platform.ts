// What the core and the converters need from the host, in one place: the shipped schema files
// and precompiled validators, user rule files, SHA-1/SHA-256 and IP address syntax. This is the Node side;
// the browser bundle (scripts/build-playground.mjs) resolves this module to web/platform-browser.ts
// instead, which exports the same names. No other module of core/, framework/ or converters/ may
// import a `node:` module (eslint.config.js), so this file is the whole of their host surface.
import { hash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { isIP, isIPv4, isIPv6 } from "node:net";
import { resolve } from "node:path";
import type { IdmefVersion } from "./versions.js";

export { isIP, isIPv4, isIPv6 };

// src/core/ and dist/core/ both sit two levels below the package root, beside schema/.
const SCHEMA_ROOT = new URL("../../schema/", import.meta.url);

/** The text of a version's shipped JSON schema (schema/<version>/IDMEFv2.schema). */
export function readSchemaText(version: IdmefVersion): string {
  return readFileSync(new URL(`${version}/IDMEFv2.schema`, SCHEMA_ROOT), "utf8");
}

/** Where a version's schema file is, for tools and error messages. */
export function schemaLocation(version: IdmefVersion): string {
  return new URL(`${version}/IDMEFv2.schema`, SCHEMA_ROOT).pathname;
}

// The generated validators are CommonJS (.cts compiled to .cjs) so that each can be loaded
// synchronously, and only when its version is first needed: startup pays for none of them.
const requireGenerated = createRequire(import.meta.url);

/** The module of a version's precompiled ajv standalone validator. */
export function loadStandaloneValidator(version: IdmefVersion): unknown {
  return requireGenerated(`./generated/validators/${version}.cjs`);
}

/** SHA-1 of bytes, or of a string's UTF-8, as lowercase hex (one-shot: no hash object per call). */
export function sha1Hex(data: string | Uint8Array): string {
  return hash("sha1", data, "hex");
}

/** SHA-256 of bytes, or of a string's UTF-8, as lowercase hex. */
export function sha256Hex(data: string | Uint8Array): string {
  return hash("sha256", data, "hex");
}

/** A user-named file made absolute against the working folder (the browser has none: unchanged). */
export function absolutePath(path: string): string {
  return resolve(path);
}

/**
 * The text of a regular file of at most `maxBytes` bytes. Throws a HostFileError (not a regular
 * file; too large, with the size when known before reading) or the host's own error.
 */
export function readRegularTextFile(path: string, maxBytes: number): string {
  // A device or FIFO would never end (or block on open): only regular files are read.
  const stat = statSync(path);
  if (!stat.isFile()) throw new HostFileError("not-regular");
  if (stat.size > maxBytes) throw new HostFileError("too-large", stat.size);
  const text = readFileSync(path, "utf8");
  // It may have grown between the check and the read.
  if (text.length > maxBytes) throw new HostFileError("too-large");
  return text;
}

/** Why readRegularTextFile refused a file (the caller turns it into its own CONFIG_ERROR). */
export class HostFileError extends Error {
  constructor(
    readonly kind: "not-regular" | "too-large" | "unavailable",
    readonly size?: number,
  ) {
    super(kind);
    this.name = "HostFileError";
  }
}
