// Reads PEM files for TLS (certificates, keys, CA bundles) with errors that name the file.
import { readFileSync } from "node:fs";
import { IdmefError } from "../core/errors.js";

/**
 * The draft (4.5.1) forbids every TLS version before 1.3; both the client and the receiver pin it.
 */
export const MIN_TLS_VERSION = "TLSv1.3" as const;

/** Reads a PEM file; a missing or unreadable file is a configuration error naming the flag and path. */
export function readPemFile(path: string, what: string): Buffer {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new IdmefError("CONFIG_ERROR", `${what}: cannot read ${path} (${reason})`, { cause: error });
  }
  if (!data.includes("-----BEGIN ")) {
    throw new IdmefError("CONFIG_ERROR", `${what}: ${path} is not a PEM file (no "-----BEGIN" line)`);
  }
  return data;
}
