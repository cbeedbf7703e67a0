// Keeps idle connections from locking senders out of a server: a cap in total and per address,
// where a new connection evicts the oldest idle one instead of being refused.
//
// A plain connection cap (net.Server.maxConnections) refuses the newcomer, so 1,024 connections that
// never send a byte lock every real sender out until the header timeout reaps them. Here the cap
// is enforced by evicting: first a connection that has not sent a request yet, then one idle
// between requests (keep-alive). A connection busy with a request is never evicted; when every slot
// is busy, the newcomer is refused. The per-address cap stops one address from taking every slot.
import type net from "node:net";

export interface ConnectionGuardOptions {
  /** Connections held at once at most. */
  readonly maxConnections: number;
  /** Connections from one remote address at most. */
  readonly maxPerAddress: number;
}

export interface ConnectionGuardStats {
  /** Connections closed to make room for a newer one. */
  readonly evicted: number;
  /** Connections refused because every slot was busy with a request. */
  readonly refused: number;
}

interface Tracked {
  readonly socket: net.Socket;
  readonly address: string;
  /** Requests in progress on it. */
  busy: number;
}

/** The key of a TCP connection, the same for the raw socket and a TLS socket over it. */
function connectionKey(socket: { remoteAddress?: string | undefined; remotePort?: number | undefined }): string {
  return `${socket.remoteAddress ?? "?"}|${socket.remotePort ?? 0}`;
}

export class ConnectionGuard {
  private readonly maxConnections: number;
  private readonly maxPerAddress: number;
  /** In arrival order (Map keeps insertion order): the first idle one found is the oldest. */
  private readonly connections = new Map<string, Tracked>();
  private readonly perAddress = new Map<string, number>();
  private evicted = 0;
  private refused = 0;

  constructor(options: ConnectionGuardOptions) {
    this.maxConnections = Math.max(1, options.maxConnections);
    this.maxPerAddress = Math.max(1, Math.min(options.maxPerAddress, this.maxConnections));
  }

  stats(): ConnectionGuardStats {
    return { evicted: this.evicted, refused: this.refused };
  }

  /** For the server's "connection" event (the raw TCP socket, before any TLS). */
  admit(socket: net.Socket): void {
    const address = socket.remoteAddress ?? "?";
    if ((this.perAddress.get(address) ?? 0) >= this.maxPerAddress && !this.evictIdle(address)) {
      this.refuse(socket);
      return;
    }
    if (this.connections.size >= this.maxConnections && !this.evictIdle(undefined)) {
      this.refuse(socket);
      return;
    }
    const key = connectionKey(socket);
    this.connections.set(key, { socket, address, busy: 0 });
    this.perAddress.set(address, (this.perAddress.get(address) ?? 0) + 1);
    socket.once("close", () => this.forget(key, socket));
  }

  /** For each request: its connection is busy (not evictable) until `done` is called. */
  requestStarted(socket: { remoteAddress?: string | undefined; remotePort?: number | undefined }): () => void {
    const tracked = this.connections.get(connectionKey(socket));
    if (tracked === undefined) return () => undefined;
    tracked.busy++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      tracked.busy--;
    };
  }

  private evictIdle(address: string | undefined): boolean {
    for (const tracked of this.connections.values()) {
      if (tracked.busy > 0 || (address !== undefined && tracked.address !== address)) continue;
      this.evicted++;
      this.forget(connectionKey(tracked.socket), tracked.socket);
      tracked.socket.destroy();
      return true;
    }
    return false;
  }

  private refuse(socket: net.Socket): void {
    this.refused++;
    socket.destroy();
  }

  private forget(key: string, socket: net.Socket): void {
    const tracked = this.connections.get(key);
    if (tracked === undefined || tracked.socket !== socket) return;
    this.connections.delete(key);
    const left = (this.perAddress.get(tracked.address) ?? 1) - 1;
    if (left <= 0) this.perAddress.delete(tracked.address);
    else this.perAddress.set(tracked.address, left);
  }
}
