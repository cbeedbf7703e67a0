// IDMEF v1 Address (category + address + netmask) to the IDMEFv2 field that can hold it.
import { loadSchema } from "../../core/schemas.js";
import { DEFAULT_VERSION } from "../../core/versions.js";

/** Where one Address goes: an IP, an e-mail, or only a Note line (with a doubt when malformed). */
export type AddressMapping =
  | { readonly kind: "ip"; readonly ip: string; readonly note?: string }
  | { readonly kind: "email"; readonly email: string }
  | { readonly kind: "note"; readonly note: string; readonly problem?: string };

const IPV4 = /^(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$/;
// Close to ajv-formats' "email" (which the schema's format check uses), without backtracking traps.
const EMAIL =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

export function isIpv4(text: string): boolean {
  return IPV4.test(text);
}

/**
 * An IPv6 address as the 2.D.V08 schema's ipType accepts it (its own pattern, read from the
 * schema so the two never disagree). The length guard keeps the long pattern cheap on hostile text.
 */
export function isIpv6(text: string): boolean {
  if (text.length > 45 || text.indexOf(":") === -1) return false;
  return schemaIpPattern().test(text);
}

let ipPattern: RegExp | undefined;
function schemaIpPattern(): RegExp {
  if (ipPattern === undefined) {
    const definitions = loadSchema(DEFAULT_VERSION)["definitions"] as Record<string, { pattern?: string }> | undefined;
    const pattern = definitions?.["ipType"]?.pattern;
    if (pattern === undefined) throw new Error(`the ${DEFAULT_VERSION} schema has no ipType pattern`);
    ipPattern = new RegExp(pattern);
  }
  return ipPattern;
}

export function isIp(text: string): boolean {
  return isIpv4(text) || isIpv6(text);
}

export function isEmail(text: string): boolean {
  return text.length <= 254 && EMAIL.test(text);
}

/** "0xde796f70" -> "222.121.111.112". */
function hexToIpv4(text: string): string | undefined {
  const m = /^(?:0x)?([0-9a-fA-F]{8})$/.exec(text);
  if (m === null) return undefined;
  const n = parseInt(m[1]!, 16);
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

/** 32 hex digits (optionally 0x-prefixed) -> IPv6 text in the RFC 5952 canonical form. */
function hexToIpv6(text: string): string | undefined {
  const m = /^(?:0x)?([0-9a-fA-F]{32})$/.exec(text);
  if (m === null) return undefined;
  const groups = m[1]!.match(/.{4}/g)!.map((g) => parseInt(g, 16).toString(16));
  // The longest run of two or more zero groups (the first on a tie) becomes "::".
  let best = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== "0") {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === "0") j++;
    if (j - i > bestLength) {
      best = i;
      bestLength = j - i;
    }
    i = j;
  }
  if (best === -1) return groups.join(":");
  return `${groups.slice(0, best).join(":")}::${groups.slice(best + bestLength).join(":")}`;
}

/**
 * An IPv4/IPv6 address, or a prefix ("192.0.2.0/24", "2001:db8::/32"), written as text; the
 * prefix length comes back apart because IDMEFv2's IP holds an address only. The length guard
 * keeps hostile text away from the patterns.
 */
export function literalIp(text: string): { ip: string; prefix?: string } | undefined {
  const value = text.trim();
  if (value.length > 49) return undefined;
  const slash = value.indexOf("/");
  const ip = slash === -1 ? value : value.slice(0, slash);
  if (!isIp(ip)) return undefined;
  if (slash === -1) return { ip };
  const length = value.slice(slash + 1);
  const max = isIpv4(ip) ? 32 : 128;
  if (!/^\d{1,3}$/.test(length) || Number(length) > max) return undefined;
  return { ip, prefix: `/${Number(length)}` };
}

const HOST_MASKS = new Set(["255.255.255.255", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "32", "128", "/32", "/128"]);

/**
 * Maps one Address. `category` defaults to "unknown" (RFC 4765). A value that is an IP address or
 * prefix goes to IP whatever the category says (a prefix length or netmask is kept in a Note line);
 * other values of other kinds (mac, atm, sna, lotus-notes, vm, unknown, network names) only fit a
 * Note; an IP category whose text is not an IP address is kept in a Note with a problem to report.
 */
export function mapAddress(category: string, address: string, netmask: string | undefined): AddressMapping {
  const label = netmask === undefined ? address : `${address} netmask ${netmask}`;
  // The text decides before the category does: "unknown" is the DTD default, so most producers that
  // leave the category out still write plain IP addresses, and those belong in IP.
  const literal = literalIp(address);
  if (literal !== undefined) {
    // "/32" is a host for IPv4 only, so a written prefix is judged by the address's own family.
    const hostPrefix = isIpv4(literal.ip) ? "/32" : "/128";
    if (literal.prefix !== undefined && literal.prefix !== hostPrefix)
      return { kind: "ip", ip: literal.ip, note: `netmask of ${literal.ip}: ${literal.prefix}` };
    if (literal.prefix === undefined && netmask !== undefined && !HOST_MASKS.has(netmask)) {
      return { kind: "ip", ip: literal.ip, note: `netmask of ${literal.ip}: ${netmask}` };
    }
    return { kind: "ip", ip: literal.ip };
  }
  switch (category) {
    case "ipv4-addr":
    case "ipv6-addr":
    case "ipv4-net-mask":
    case "ipv6-net-mask": {
      const ok = category.startsWith("ipv4") ? isIpv4(address) : isIpv6(address);
      if (!ok)
        return {
          kind: "note",
          note: `address (${category}): ${label}`,
          problem: `${JSON.stringify(address)} is not an ${category.startsWith("ipv4") ? "IPv4" : "IPv6"} address`,
        };
      if (netmask !== undefined && !HOST_MASKS.has(netmask)) return { kind: "ip", ip: address, note: `netmask of ${address}: ${netmask}` };
      return { kind: "ip", ip: address };
    }
    case "ipv4-addr-hex":
    case "ipv6-addr-hex": {
      const ip = category === "ipv4-addr-hex" ? hexToIpv4(address) : hexToIpv6(address);
      if (ip === undefined)
        return {
          kind: "note",
          note: `address (${category}): ${label}`,
          problem: `${JSON.stringify(address)} is not a hexadecimal ${category.startsWith("ipv4") ? "IPv4" : "IPv6"} address`,
        };
      return netmask === undefined ? { kind: "ip", ip } : { kind: "ip", ip, note: `netmask of ${ip}: ${netmask}` };
    }
    case "e-mail":
      if (isEmail(address)) return { kind: "email", email: address };
      return { kind: "note", note: `address (e-mail): ${label}`, problem: `${JSON.stringify(address)} is not an e-mail address` };
    default:
      return { kind: "note", note: `address (${category}): ${label}` };
  }
}
