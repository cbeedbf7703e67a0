// Sorts a captured address into an IP (IPv4-mapped IPv6 unwrapped) or a host name, never mixing them.
import { isIPv4, isIPv6 } from "../../core/platform.js";

export type ClassifiedAddress =
  { readonly kind: "ip"; readonly ip: string } | { readonly kind: "hostname"; readonly hostname: string } | { readonly kind: "none" };

const MAPPED_PREFIX = /^::ffff:(?:0{1,4}:)?/i;
// Letters, digits, '-', '_' and dots: what host names in logs look like (with some slack for '_').
const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62})(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62}))*\.?$/;
const PLACEHOLDERS = new Set(["unknown", "-", "UNKNOWN", "localhost?"]);

/** Dotted-quad IPv4 without leading zeros (what the schema's ipType accepts), checked by hand: hot path. */
export function isPlainIPv4(text: string): boolean {
  let octets = 0;
  let i = 0;
  const n = text.length;
  while (octets < 4) {
    const start = i;
    let value = 0;
    while (i < n && i - start < 3) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      value = value * 10 + c - 48;
      i++;
    }
    if (i === start || value > 255 || (i - start > 1 && text.charCodeAt(start) === 48)) return false;
    octets++;
    if (octets < 4) {
      if (text.charCodeAt(i) !== 46) return false;
      i++;
    }
  }
  return i === n;
}

/** An IP (`::ffff:1.2.3.4` becomes `1.2.3.4`, brackets dropped), a host name, or nothing. */
export function classifyAddress(raw: string | undefined): ClassifiedAddress {
  if (raw === undefined) return { kind: "none" };
  let text = raw.trim();
  if (text.startsWith("[") && text.endsWith("]")) text = text.slice(1, -1);
  if (text === "" || PLACEHOLDERS.has(text)) return { kind: "none" };
  if (isPlainIPv4(text)) return { kind: "ip", ip: text };
  if (!text.includes(":")) {
    if (isIPv4(text)) return { kind: "ip", ip: text };
    return HOSTNAME.test(text) && !/^[\d.]+$/.test(text) ? { kind: "hostname", hostname: text } : { kind: "none" };
  }
  const mapped = MAPPED_PREFIX.exec(text);
  if (mapped !== null && isPlainIPv4(text.slice(mapped[0].length))) return { kind: "ip", ip: text.slice(mapped[0].length) };
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
