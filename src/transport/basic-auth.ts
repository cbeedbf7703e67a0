// HTTP Basic credentials (RFC 7617): parsing "user:pass", the client's header, the server's check.
import { createHash, timingSafeEqual } from "node:crypto";
import { IdmefError } from "../core/errors.js";

/** The environment variable read when no credentials are given on the command line. */
export const BASIC_AUTH_ENV = "IDMEFV2_BASIC_AUTH";

export interface BasicCredentials {
  readonly user: string;
  readonly password: string;
}

/** Parses "user:password" (the password may itself contain ':'). */
export function parseBasicCredentials(text: string, origin = "--basic-auth"): BasicCredentials {
  const colon = text.indexOf(":");
  if (colon <= 0) {
    throw new IdmefError("CONFIG_ERROR", `${origin}: expected user:password (the user name must not be empty)`);
  }
  return { user: text.slice(0, colon), password: text.slice(colon + 1) };
}

/**
 * Credentials from the command line, else from the environment. The environment variable is the
 * recommended way: a command line is visible to every user of the machine in `ps`.
 */
export function resolveBasicCredentials(
  fromFlag: string | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
  envName: string = BASIC_AUTH_ENV,
): BasicCredentials | undefined {
  if (fromFlag !== undefined) return parseBasicCredentials(fromFlag, "--basic-auth");
  const fromEnv = env[envName];
  if (fromEnv === undefined || fromEnv === "") return undefined;
  return parseBasicCredentials(fromEnv, envName);
}

/** The Authorization header value for these credentials (UTF-8, as RFC 7617 charset="UTF-8"). */
export function basicAuthorizationHeader(credentials: BasicCredentials): string {
  return `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`, "utf8").toString("base64")}`;
}

// Both sides are hashed to 32 bytes first so that timingSafeEqual never sees different lengths,
// which would otherwise leak the expected length through an early return.
function digest(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

/** A checker for the server side: compares the whole header in constant time. */
export function basicAuthChecker(credentials: BasicCredentials): (authorization: string | undefined) => boolean {
  const expected = digest(basicAuthorizationHeader(credentials));
  return (authorization) => {
    if (authorization === undefined) return false;
    // The scheme name is case-insensitive (RFC 9110 11.1); the token after it is not.
    const normalized = /^basic /i.test(authorization) ? `Basic ${authorization.slice(6).trim()}` : authorization;
    return timingSafeEqual(digest(normalized), expected);
  };
}
