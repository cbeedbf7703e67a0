// Checks a delivery URL: https:// everywhere, plain http:// only to this machine (loopback).
import { isIP } from "node:net";
import { IdmefError } from "../core/errors.js";

/** True for 127.0.0.0/8, ::1 and "localhost": addresses that never leave the host. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
  if (host === "localhost") return true;
  if (isIP(host) === 4) return host.startsWith("127.");
  if (isIP(host) === 6) return host === "::1" || host === "0:0:0:0:0:0:0:1";
  return false;
}

/**
 * Parses and checks where messages go. Alerts carry sensitive data, so cleartext HTTP is refused
 * unless the receiver is on loopback (tests, a local relay); credentials in the URL are refused too,
 * because URLs end up in logs and process listings.
 */
export function parseDeliveryUrl(text: string | URL): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new IdmefError("CONFIG_ERROR", `invalid delivery URL ${JSON.stringify(String(text))}: expected https://host[:port]/path`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new IdmefError("CONFIG_ERROR", `unsupported delivery URL scheme ${JSON.stringify(url.protocol)}: use https://`);
  }
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    throw new IdmefError(
      "CONFIG_ERROR",
      `refusing cleartext http:// to ${url.hostname}: use https:// (http:// is allowed only to loopback addresses)`,
    );
  }
  if (url.username !== "" || url.password !== "") {
    throw new IdmefError(
      "CONFIG_ERROR",
      "credentials in the delivery URL are refused: put them in the IDMEFV2_BASIC_AUTH environment variable (user:password) instead",
    );
  }
  if (url.hash !== "") url.hash = "";
  return url;
}
