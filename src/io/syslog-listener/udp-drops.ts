// How many datagrams the kernel dropped for a UDP socket (its receive buffer was full): the
// `drops` column of /proc/net/udp and /proc/net/udp6. Linux only; elsewhere the count is unknown.
import { readFileSync } from "node:fs";

export interface UdpSocketAddress {
  readonly family: "udp4" | "udp6";
  readonly address: string;
  readonly port: number;
}

/** Column positions in /proc/net/udp{,6}: "sl local_address rem_address st ... inode ref pointer drops". */
const LOCAL_ADDRESS = 1;
const DROPS = 12;

/**
 * The kernel's drop counter for the socket bound to `socket` (undefined when /proc cannot tell:
 * not Linux, or no such row). Rows are matched by the local port, and for IPv4 by the address too.
 */
export function readUdpDrops(socket: UdpSocketAddress, procNet = "/proc/net"): number | undefined {
  let table: string;
  try {
    table = readFileSync(`${procNet}/${socket.family === "udp6" ? "udp6" : "udp"}`, "latin1");
  } catch {
    return undefined;
  }
  const port = socket.port.toString(16).toUpperCase().padStart(4, "0");
  const address = socket.family === "udp4" ? ipv4Hex(socket.address) : undefined;
  let drops: number | undefined;
  for (const row of table.split("\n").slice(1)) {
    const fields = row.trim().split(/\s+/);
    const local = fields[LOCAL_ADDRESS];
    if (local === undefined || fields.length <= DROPS) continue;
    const colon = local.lastIndexOf(":");
    if (local.slice(colon + 1) !== port) continue;
    if (address !== undefined && local.slice(0, colon) !== address) continue;
    const count = Number(fields[DROPS]);
    if (Number.isSafeInteger(count)) drops = (drops ?? 0) + count;
  }
  return drops;
}

/** 127.0.0.1 -> "0100007F": the kernel prints the address in host byte order (little-endian here). */
function ipv4Hex(address: string): string | undefined {
  const parts = address.split(".").map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return undefined;
  return parts
    .reverse()
    .map((p) => p.toString(16).toUpperCase().padStart(2, "0"))
    .join("");
}
