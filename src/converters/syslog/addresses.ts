// Sorts a captured address into an IP (IPv4-mapped IPv6 unwrapped) or a host name, never mixing them.
import { isIPv4, isIPv6 } from "node:net";

export type ClassifiedAddress =
  | { readonly kind: "ip"; readonly ip: string }
  | { readonly kind: "hostname"; readonly hostname: string }
  | { readonly kind: "none" };

const MAPPED_PREFIX = /^::ffff:(?:0{1,4}:)?/i;
// Letters, digits, '-', '_' and dots: what host names in logs look like (with some slack for '_').
const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62})(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62}))*\.?$/;
const PLACEHOLDERS = new Set(["unknown", "-", "UNKNOWN", "localhost?"]);

/** An IP (`::ffff:1.2.3.4` becomes `1.2.3.4`, brackets dropped), a host name, or nothing. */
export function classifyAddress(raw: string | undefined): ClassifiedAddress {
  if (raw === undefined) return { kind: "none" };
  let text = raw.trim();
  if (text.startsWith("[") && text.endsWith("]")) text = text.slice(1, -1);
  if (text === "" || PLACEHOLDERS.has(text)) return { kind: "none" };
  const mapped = MAPPED_PREFIX.exec(text);
  if (mapped !== null && isIPv4(text.slice(mapped[0].length))) return { kind: "ip", ip: text.slice(mapped[0].length) };
  if (isIPv4(text)) return { kind: "ip", ip: text };
  if (isIPv6(text)) return { kind: "ip", ip: text.toLowerCase() };
  // A zone index ("fe80::1%eth0") is kept only where the schema allows it (link-local).
  const percent = text.indexOf("%");
  if (percent > 0 && isIPv6(text.slice(0, percent))) {
    const bare = text.slice(0, percent).toLowerCase();
    return { kind: "ip", ip: bare.startsWith("fe80:") ? `${bare}${text.slice(percent)}` : bare };
  }
  if (HOSTNAME.test(text) && !/^[\d.]+$/.test(text)) return { kind: "hostname", hostname: text };
  return { kind: "none" };
}

/** A TCP/UDP port 1..65535 from text, else undefined. */
export function parsePort(raw: string | undefined): number | undefined {
  if (raw === undefined || !/^\d{1,5}$/.test(raw)) return undefined;
  const port = Number(raw);
  return port >= 1 && port <= 65535 ? port : undefined;
}
