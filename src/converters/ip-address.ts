// Addresses, ports and protocol names as the 2.D.V08 schema takes them, shared by the converters
// that read network events (suricata, zeek, modsecurity, ocsf, cef, leef): one place decides what an IP is.
import type { ConvertContext } from "../core/converter.js";
import { isIP } from "../core/platform.js";
import { loadSchema } from "../core/schemas.js";

// The schema's protocolType: names that do not fit are left out.
const PROTOCOL_NAME = /^[a-zA-Z0-9](-?[a-zA-Z0-9])*$/;

/** Whether a protocol name fits the schema's protocolType ("tcp", "http", "ssl"). */
export function isProtocolName(name: string): boolean {
  return PROTOCOL_NAME.test(name);
}

// IANA protocol numbers that firewalls write instead of names (Check Point's CEF `proto=6`).
const IANA_PROTOCOL_NAMES: Readonly<Record<string, string>> = {
  "1": "icmp",
  "2": "igmp",
  "6": "tcp",
  "17": "udp",
  "41": "ipv6",
  "47": "gre",
  "50": "esp",
  "51": "ah",
  "58": "ipv6-icmp",
  "89": "ospf",
  "132": "sctp",
};

/** A protocol as the schema has it: lower-case name, an IANA number read as its name; undefined when unusable. */
export function protocolName(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const name = text.trim().toLowerCase();
  const named = Object.hasOwn(IANA_PROTOCOL_NAMES, name) ? IANA_PROTOCOL_NAMES[name] : name;
  // A bare number that is no protocol we name says nothing a reader can use.
  return named !== undefined && isProtocolName(named) && !/^\d+$/.test(named) ? named : undefined;
}

/** A port as IDMEFv2 has it: 1..65535 (ICMP and port-less protocols give 0, which is left out). */
export function usablePort(port: number | undefined): number | undefined {
  return port !== undefined && port >= 1 && port <= 65535 ? port : undefined;
}

const ipPatterns = new Map<string, RegExp | undefined>();

/** The schema's ipType pattern for the target version (compiled once per version). */
function ipPattern(ctx: ConvertContext): RegExp | undefined {
  if (!ipPatterns.has(ctx.version)) {
    const definitions = loadSchema(ctx.version)["definitions"] as Record<string, { pattern?: string }> | undefined;
    const pattern = definitions?.["ipType"]?.pattern;
    ipPatterns.set(ctx.version, pattern === undefined ? undefined : new RegExp(pattern, "u"));
  }
  return ipPatterns.get(ctx.version);
}

/**
 * The address as the schema accepts it. EVE's forms (IPv4, IPv6 compressed or expanded with
 * leading zeros) pass as written; an IPv6 form the pattern misses (a zone id other than fe80's,
 * an embedded IPv4 after six groups) is rewritten in its compressed form, with a warning.
 */
export function usableIp(value: string | undefined, field: string, ctx: ConvertContext): string | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const pattern = ipPattern(ctx);
  const fits = (ip: string): boolean => pattern === undefined || pattern.test(ip);
  const kind = isIP(value);
  // Node accepts only dotted-decimal IPv4 without leading zeros, which the pattern always accepts.
  if (kind === 4 || (kind === 6 && fits(value))) return value;
  if (kind === 6) {
    const zoneless = value.split("%")[0]!;
    let compressed: string | undefined;
    try {
      compressed = new URL(`http://[${zoneless}]`).hostname.slice(1, -1);
    } catch {
      compressed = undefined;
    }
    if (compressed !== undefined && fits(compressed)) {
      ctx.warn(`${field} ${JSON.stringify(value)} rewritten as ${compressed}, the form the schema accepts`);
      return compressed;
    }
  }
  ctx.warn(`${field} ${JSON.stringify(value.slice(0, 80))} is not an IP address the schema accepts; left out`);
  return undefined;
}
