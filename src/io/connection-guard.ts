// Keeps idle connections from locking senders out of a server (`serve`'s HTTPS receiver and
// `listen`'s TCP syslog port): a cap in total and per address, where a newcomer evicts an idle
// connection instead of being refused.
//
// A plain connection cap (net.Server.maxConnections) refuses the newcomer, so a flood of
// connections that never send a byte locks every real sender out until a timeout reaps them.
// Here the cap is enforced by evicting the connection idle the longest: at the per-address cap,
// one of that address's; at the global cap, one of the address holding the most connections — the
// flooder's, not a legitimate sender's that has few. Among those, a connection that never sent a
// whole message (a syslog frame, an HTTP request) goes before one that did. A connection busy with
// a request (HTTP) is never evicted; when nothing is evictable, the newcomer is refused.
//
// An "address" is an IPv4 address (IPv4-mapped IPv6 included) or an IPv6 /64: one host is given a
// whole /64, so counting single IPv6 addresses would give a flooder 2^64 of them.
import { isIPv6 } from "node:net";
import type net from "node:net";
import { performance } from "node:perf_hooks";

export interface ConnectionGuardOptions {
  /** Connections held at once at most. */
  readonly maxConnections: number;
  /** Connections from one remote address at most. */
  readonly maxPerAddress: number;
  /** The clock idle times are measured with (ms, monotonic); tests pass their own. */
  readonly now?: () => number;
}

export interface ConnectionGuardStats {
  /** Connections closed to make room for a newer one. */
  readonly evicted: number;
  /** Connections refused because every slot was busy with a request. */
  readonly refused: number;
}

/** An admitted connection, as its server sees it. */
export interface GuardedConnection {
  /** Marks it active now (bytes arrived): the connection idle the longest is evicted first. */
  touch(): void;
  /** It sent a whole message: connections that never did are evicted before it. */
  vouch(): void;
  /** When it was last active (admitted, touched, or a request ended), on the guard's clock. */
  readonly lastActive: number;
}

interface Tracked extends GuardedConnection {
  readonly socket: net.Socket;
  readonly address: string;
  readonly key: string;
  lastActive: number;
  vouched: boolean;
  /** Requests in progress on it. */
  busy: number;
}

type SocketAddress = { remoteAddress?: string | undefined; remotePort?: number | undefined };

/** The key of a TCP connection, the same for the raw socket and a TLS socket over it. */
function connectionKey(socket: SocketAddress): string {
  return `${socket.remoteAddress ?? "?"}|${socket.remotePort ?? 0}`;
}

export class ConnectionGuard {
  private readonly maxConnections: number;
  private readonly maxPerAddress: number;
  private readonly now: () => number;
  private readonly byKey = new Map<string, Tracked>();
  private readonly byAddress = new Map<string, Set<Tracked>>();
  private evicted = 0;
  private refused = 0;

  constructor(options: ConnectionGuardOptions) {
    this.maxConnections = Math.max(1, options.maxConnections);
    this.maxPerAddress = Math.max(1, Math.min(options.maxPerAddress, this.maxConnections));
    this.now = options.now ?? (() => performance.now());
  }

  stats(): ConnectionGuardStats {
    return { evicted: this.evicted, refused: this.refused };
  }

  /** Connections held now. */
  get size(): number {
    return this.byKey.size;
  }

  /**
   * For the server's "connection" event (the raw TCP socket, before any TLS): makes room by
   * evicting if it must, and tracks the socket until it closes; undefined when it was refused.
   */
  admit(socket: net.Socket): GuardedConnection | undefined {
    const address = addressGroup(socket.remoteAddress ?? "?");
    if ((this.byAddress.get(address)?.size ?? 0) >= this.maxPerAddress && !this.evict(idlest(this.byAddress.get(address)))) {
      this.refuse(socket);
      return undefined;
    }
    if (this.byKey.size >= this.maxConnections && !this.evict(this.idlestOfLargestAddress())) {
      this.refuse(socket);
      return undefined;
    }
    const now = this.now;
    const tracked: Tracked = {
      socket,
      address,
      key: connectionKey(socket),
      lastActive: now(),
      vouched: false,
      busy: 0,
      touch: () => {
        tracked.lastActive = now();
      },
      vouch: () => {
        tracked.vouched = true;
      },
    };
    this.byKey.set(tracked.key, tracked);
    let fromAddress = this.byAddress.get(address);
    if (fromAddress === undefined) this.byAddress.set(address, (fromAddress = new Set()));
    fromAddress.add(tracked);
    socket.once("close", () => this.forget(tracked));
    return tracked;
  }

  /** For each request: its connection is busy (not evictable) until `done` is called. */
  requestStarted(socket: SocketAddress): () => void {
    const tracked = this.byKey.get(connectionKey(socket));
    if (tracked === undefined) return () => undefined;
    tracked.busy++;
    tracked.vouched = true;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      tracked.busy--;
      tracked.touch();
    };
  }

  /**
   * The best victim of the address holding the most connections (on a tie in count, the best of
   * those addresses'); addresses with nothing evictable are passed over.
   */
  private idlestOfLargestAddress(): Tracked | undefined {
    let victim: Tracked | undefined;
    let victimCount = 0;
    for (const connections of this.byAddress.values()) {
      if (connections.size < victimCount) continue;
      const candidate = idlest(connections);
      if (candidate === undefined) continue;
      if (connections.size > victimCount || victim === undefined || evictsBefore(candidate, victim)) {
        victim = candidate;
        victimCount = connections.size;
      }
    }
    return victim;
  }

  private evict(victim: Tracked | undefined): boolean {
    if (victim === undefined) return false;
    this.evicted++;
    this.forget(victim);
    victim.socket.destroy();
    return true;
  }

  private refuse(socket: net.Socket): void {
    this.refused++;
    socket.destroy();
  }

  private forget(tracked: Tracked): void {
    if (this.byKey.get(tracked.key) !== tracked) return;
    this.byKey.delete(tracked.key);
    const fromAddress = this.byAddress.get(tracked.address);
    fromAddress?.delete(tracked);
    if (fromAddress?.size === 0) this.byAddress.delete(tracked.address);
  }
}

/**
 * The connection of the set to evict first, of those with no request in progress: one that never
 * sent a whole message before one that did, then the one idle the longest.
 */
function idlest(connections: Iterable<Tracked> | undefined): Tracked | undefined {
  let found: Tracked | undefined;
  for (const tracked of connections ?? []) {
    if (tracked.busy === 0 && (found === undefined || evictsBefore(tracked, found))) found = tracked;
  }
  return found;
}

function evictsBefore(a: Tracked, b: Tracked): boolean {
  return a.vouched !== b.vouched ? !a.vouched : a.lastActive < b.lastActive;
}

/**
 * What the caps count connections by: the IPv4 address (also when IPv4-mapped, "::ffff:a.b.c.d"),
 * or the /64 prefix of an IPv6 address ("2001:db8:1:2::/64").
 */
export function addressGroup(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped !== null) return mapped[1]!;
  if (!isIPv6(address)) return address;
  const bare = address.split("%")[0]!.toLowerCase();
  const [head = "", tail] = bare.split("::");
  const headParts = head === "" ? [] : head.split(":");
  // An IPv4 tail (::a.b.c.d) holds two hextets; they lie past the /64 unless the rest is short.
  const tailParts = tail === undefined || tail === "" ? [] : tail.split(":").flatMap((p) => (p.includes(".") ? ["0", "0"] : [p]));
  const zeros = tail === undefined ? [] : Array.from({ length: 8 - headParts.length - tailParts.length }, () => "0");
  const parts = [...headParts, ...zeros, ...tailParts];
  return `${parts
    .slice(0, 4)
    .map((p) => Number.parseInt(p, 16).toString(16))
    .join(":")}::/64`;
}
