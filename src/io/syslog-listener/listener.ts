// Receives syslog over UDP and TCP and runs every message through the conversion pipeline.
import { createSocket, type Socket as UdpSocket } from "node:dgram";
import { createServer, isIPv6, type Server, type Socket } from "node:net";
import type { Converter } from "../../core/converter.js";
import { IdmefError } from "../../core/errors.js";
import type { IdmefVersion } from "../../core/versions.js";
import { performance } from "node:perf_hooks";
import { ConnectionGuard, type GuardedConnection } from "../connection-guard.js";
import { parseListenAddress } from "../listen-address.js";
import { runPipeline, type PipelineReport, type PipelineSinks } from "../../framework/pipeline.js";
import type { Accounting } from "../../framework/accounting.js";
import { LineQueue } from "./frame-queue.js";
import { asLine, TcpFramer, type Frame } from "./frames.js";
import { TruncatedFrames } from "./truncated-frames.js";
import { readUdpDrops, type UdpSocketAddress } from "./udp-drops.js";

export interface SyslogListenerOptions {
  /**
   * UDP addresses to bind, e.g. "127.0.0.1:5514", "[::1]:5514", "udp://0.0.0.0:514", ":5514"
   * (loopback); port 0 picks any free port.
   */
  readonly udp?: readonly string[];
  /** TCP addresses to listen on, in the same forms ("tcp://" prefix allowed); octet counting or newline framing, chosen per connection. */
  readonly tcp?: readonly string[];
  readonly converter: Converter;
  readonly converterOptions?: Readonly<Record<string, unknown>>;
  readonly version?: IdmefVersion;
  /** Fields filled in wherever a message lacks them (the config's `defaults`). */
  readonly defaults?: Readonly<Record<string, unknown>>;
  readonly sinks: PipelineSinks;
  /** The books to keep, to read them while the listener runs (metrics); default: new ones. */
  readonly accounting?: Accounting;
  /** Longest message kept (default 64 KiB); a longer one is rejected as RECORD_TOO_LARGE. */
  readonly maxFrameBytes?: number;
  /**
   * Simultaneous TCP connections (default 512, over every TCP address). At the cap a newcomer is
   * not refused: the connection idle the longest of the address holding the most connections is
   * closed to make room, so a flood from a few addresses cannot lock other senders out.
   */
  readonly maxConnections?: number;
  /**
   * Simultaneous TCP connections from one address (default 64; an IPv6 /64 counts as one), so one
   * host cannot take every slot; a newcomer from an address at its cap closes one of that
   * address's: one that never sent a whole message first, else the one idle the longest.
   */
  readonly maxConnectionsPerPeer?: number;
  /**
   * A TCP connection silent this long is closed (default 60 s; senders such as rsyslog reconnect
   * when they next have a message), so connections left open do not hold slots. Not counted while
   * the listener itself has paused reading (the pipeline is behind).
   * A frame it left unfinished is rejected as truncated, not dropped.
   */
  readonly idleTimeoutMs?: number;
  /**
   * A TCP connection that has not sent one whole message this long after connecting is closed
   * (default 10 s): senders write as soon as they connect, so only a flood waits.
   */
  readonly firstMessageTimeoutMs?: number;
  /** Bytes queued for the pipeline before TCP readers pause and UDP datagrams are dropped (default 8 MiB). */
  readonly queueBytes?: number;
  /** SO_RCVBUF of each UDP socket, in bytes (the kernel doubles it, and caps it at net.core.rmem_max). */
  readonly udpReceiveBufferBytes?: number;
  /** How often the kernel's UDP drop counters are read (default 5 s); they are read at stop too. */
  readonly udpDropPollMs?: number;
  /** Told when the kernel dropped more UDP datagrams (stderr in the CLI). */
  readonly onNotice?: (message: string) => void;
  readonly newId?: () => string;
  readonly now?: () => string;
  /**
   * On stop, keep receiving until the network has been quiet this long (default 100 ms, at most
   * 20 times): messages a sender already wrote, still in the kernel's queues, are not lost.
   */
  readonly quietMs?: number;
}

export interface BoundAddress {
  readonly transport: "udp" | "tcp";
  readonly host: string;
  readonly port: number;
}

export interface ListenerStats {
  udpDatagrams: number;
  tcpConnections: number;
  tcpFrames: number;
  /** UDP datagrams dropped because the pipeline was behind (UDP cannot be slowed down). */
  udpDropped: number;
  /**
   * UDP datagrams the kernel dropped before the listener could read them (receive buffer full),
   * from /proc/net/udp{,6}; 0 where the system does not tell.
   */
  udpKernelDropped: number;
  /**
   * TCP connections closed to make room for a newer one, at maxConnections or at its address's
   * maxConnectionsPerPeer (the connection idle the longest goes).
   */
  tcpEvicted: number;
  /** TCP connections closed after idleTimeoutMs of silence. */
  tcpIdleClosed: number;
  /** TCP connections closed because no whole message arrived within firstMessageTimeoutMs. */
  tcpSilentClosed: number;
}

export interface ListenerReport {
  readonly pipeline: PipelineReport;
  readonly listener: ListenerStats;
}

export interface SyslogListener {
  readonly addresses: readonly BoundAddress[];
  readonly stats: ListenerStats;
  /** Stops receiving, converts and flushes what was received, and resolves with the books. */
  stop(): Promise<ListenerReport>;
}

export const DEFAULT_MAX_FRAME_BYTES = 64 * 1024;
const DEFAULT_MAX_CONNECTIONS = 512;
const DEFAULT_MAX_CONNECTIONS_PER_PEER = 64;
const DEFAULT_IDLE_TIMEOUT_MS = 60_000;
const DEFAULT_FIRST_MESSAGE_TIMEOUT_MS = 10_000;

interface TcpConnection {
  readonly socket: Socket;
  readonly framer: TcpFramer;
  readonly guarded: GuardedConnection;
  /** When it was admitted, on the guard's clock (performance.now()). */
  readonly connectedAt: number;
  /** Whether a whole frame (or an oversize or cut one) has come from it yet. */
  gotMessage: boolean;
}

/** Starts the receivers and the pipeline; resolves once every socket is bound. */
export async function startSyslogListener(options: SyslogListenerOptions): Promise<SyslogListener> {
  const udp = (options.udp ?? []).map((text) => parseListenAddress(text, { label: "udp address", schemes: ["udp"] }));
  const tcp = (options.tcp ?? []).map((text) => parseListenAddress(text, { label: "tcp address", schemes: ["tcp"] }));
  if (udp.length === 0 && tcp.length === 0) {
    throw new IdmefError("CONFIG_ERROR", "nothing to listen on: give at least one UDP or TCP address");
  }
  const maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  const queue = new LineQueue(options.queueBytes ?? 8 * 1024 * 1024);
  const stats: ListenerStats = {
    udpDatagrams: 0,
    tcpConnections: 0,
    tcpFrames: 0,
    udpDropped: 0,
    udpKernelDropped: 0,
    tcpEvicted: 0,
    tcpIdleClosed: 0,
    tcpSilentClosed: 0,
  };
  let activity = 0;

  // The pipeline's line framer enforces the same limit, so an over-long frame is handed on as a
  // line two bytes over it (its real first bytes, then filler; the framer forgives one byte for a
  // CR before the LF): the framer rejects it as
  // RECORD_TOO_LARGE with that excerpt, and it is counted and written like any rejected line.
  const oversizeLine = (excerpt: Buffer): Buffer => {
    const line = Buffer.alloc(maxFrameBytes + 2, 0x78);
    asLine(excerpt).copy(line);
    return line;
  };
  const truncated = new TruncatedFrames();
  /** Queues one frame as one line; false when the queue is over its high-water mark. */
  const pushFrame = (frame: Frame): boolean => {
    if (frame.kind === "oversize") return queue.pushLine(oversizeLine(frame.excerpt));
    if (frame.kind === "message") {
      const line = asLine(frame.bytes);
      return line.length === 0 || queue.pushLine(line);
    }
    // What arrived of a cut frame is the rejected record (the length header when nothing more came).
    const arrived = asLine(frame.bytes);
    const more = queue.pushLine(arrived.length > 0 ? arrived : Buffer.from("(empty)"));
    truncated.mark(
      queue.lines,
      frame.expected < 0
        ? "the connection closed inside an octet-counting length header: no message arrived"
        : `the connection closed ${frame.expected - frame.bytes.length} byte(s) before the end of this octet-counted frame (${frame.bytes.length} of ${frame.expected} bytes arrived); not converted as if complete`,
    );
    return more;
  };

  const udpSockets: UdpSocket[] = [];
  const udpBound: UdpSocketAddress[] = [];
  /** Reads the kernel's drop counters of the UDP sockets into the books; tells when they grew. */
  const readKernelDrops = (): void => {
    if (udpBound.length === 0) return;
    const total = udpBound.reduce((n, socket) => n + (readUdpDrops(socket) ?? 0), 0);
    if (total > stats.udpKernelDropped) {
      options.onNotice?.(
        `the kernel dropped ${total - stats.udpKernelDropped} UDP datagram(s) (${total} in all): the receive buffer was full; raise it with --udp-rcvbuf`,
      );
      stats.udpKernelDropped = total;
    }
  };
  const servers: Server[] = [];
  const connections = new Set<TcpConnection>();
  const guard = new ConnectionGuard({
    maxConnections: options.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
    maxPerAddress: options.maxConnectionsPerPeer ?? DEFAULT_MAX_CONNECTIONS_PER_PEER,
  });
  const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  const firstMessageTimeoutMs = options.firstMessageTimeoutMs ?? DEFAULT_FIRST_MESSAGE_TIMEOUT_MS;
  const bound: BoundAddress[] = [];
  let stopping = false;
  // While the pipeline is behind, every reader is paused: a sender's silence is then ours, and the
  // timeouts count from when reading resumed.
  let readersPaused = false;
  let resumedAt = 0;

  const pauseAll = (): void => {
    readersPaused = true;
    for (const c of connections) c.socket.pause();
  };
  const resumeAll = (): void => {
    if (stopping) return;
    readersPaused = false;
    resumedAt = performance.now();
    for (const c of connections) c.socket.resume();
  };
  /** Closes the connections past their first-message or idle timeout (a sweep, not a timer each). */
  const sweepTimeouts = (): void => {
    if (readersPaused || stopping) return;
    const now = performance.now();
    for (const c of connections) {
      if (!c.gotMessage && now - Math.max(c.connectedAt, resumedAt) >= firstMessageTimeoutMs) {
        stats.tcpSilentClosed++;
        c.socket.destroy();
      } else if (now - Math.max(c.guarded.lastActive, resumedAt) >= idleTimeoutMs) {
        stats.tcpIdleClosed++;
        c.socket.destroy();
      }
    }
  };
  queue.onDrain(resumeAll);

  const pipeline = runPipeline({
    converter: truncated.wrap(options.converter),
    inputs: [{ name: "syslog-listener", stream: queue }],
    options: options.converterOptions ?? {},
    ...(options.version !== undefined ? { version: options.version } : {}),
    ...(options.defaults !== undefined ? { defaults: options.defaults } : {}),
    ...(options.newId !== undefined ? { newId: options.newId } : {}),
    ...(options.now !== undefined ? { now: options.now } : {}),
    sinks: options.sinks,
    ...(options.accounting !== undefined ? { accounting: options.accounting } : {}),
    limits: { maxRecordBytes: maxFrameBytes },
    // Flush the sinks after every batch, so alerts leave as they arrive, not at shutdown.
    onCommit: () => undefined,
  });
  // Surface a pipeline failure (a sink that cannot write) at stop(), not as an unhandled rejection.
  pipeline.catch(() => undefined);

  try {
    for (const address of udp) {
      const socket = createSocket({ type: isIPv6(address.host) ? "udp6" : "udp4" });
      socket.on("message", (datagram) => {
        activity++;
        if (stopping) return;
        stats.udpDatagrams++;
        if (queue.full) {
          stats.udpDropped++;
          return;
        }
        // RFC 5426: one message per datagram; some senders still end it with a newline.
        const line = datagram.length > maxFrameBytes ? oversizeLine(datagram.subarray(0, 1024)) : asLine(datagram);
        if (line.length > 0) queue.pushLine(line);
      });
      await new Promise<void>((resolve, reject) => {
        socket.once("error", reject);
        socket.bind(address.port, address.host, () => {
          socket.off("error", reject);
          resolve();
        });
      });
      socket.on("error", () => undefined);
      udpSockets.push(socket);
      if (options.udpReceiveBufferBytes !== undefined) socket.setRecvBufferSize(options.udpReceiveBufferBytes);
      const a = socket.address();
      bound.push({ transport: "udp", host: a.address, port: a.port });
      udpBound.push({ family: isIPv6(a.address) ? "udp6" : "udp4", address: a.address, port: a.port });
    }
    for (const address of tcp) {
      const server = createServer((socket) => {
        activity++;
        const guarded = guard.admit(socket);
        stats.tcpEvicted = guard.stats().evicted;
        // Every syslog connection is evictable, so the guard never refuses one; kept for its contract.
        if (guarded === undefined) return;
        stats.tcpConnections++;
        const connection: TcpConnection = {
          socket,
          framer: new TcpFramer(maxFrameBytes),
          guarded,
          connectedAt: guarded.lastActive,
          gotMessage: false,
        };
        connections.add(connection);
        const deliver = (frames: Frame[]): void => {
          if (frames.length > 0 && !connection.gotMessage) {
            connection.gotMessage = true;
            guarded.vouch();
          }
          for (const frame of frames) {
            stats.tcpFrames++;
            if (!pushFrame(frame)) pauseAll();
          }
        };
        socket.on("data", (chunk: Buffer) => {
          activity++;
          guarded.touch();
          deliver(connection.framer.push(chunk));
        });
        socket.on("end", () => {
          deliver(connection.framer.end());
          socket.end();
        });
        socket.on("error", () => undefined);
        socket.on("close", () => {
          // A connection cut (idle, reset) mid-frame: the unfinished frame is rejected as truncated.
          if (!socket.readableEnded && !stopping) deliver(connection.framer.end());
          connections.delete(connection);
        });
        if (queue.full) socket.pause();
      });
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(address.port, address.host, () => {
          server.off("error", reject);
          resolve();
        });
      });
      servers.push(server);
      const a = server.address();
      if (a !== null && typeof a === "object") bound.push({ transport: "tcp", host: a.address, port: a.port });
    }
  } catch (error) {
    stopping = true;
    for (const s of udpSockets) s.close();
    for (const s of servers) s.close();
    queue.end();
    await pipeline.catch(() => undefined);
    const e = error as NodeJS.ErrnoException;
    throw new IdmefError("CONFIG_ERROR", `cannot listen: ${e.message}`, { cause: error });
  }

  const dropPoll = setInterval(readKernelDrops, options.udpDropPollMs ?? 5000);
  dropPoll.unref();
  // A quarter of the shorter timeout (at most 1 s): a connection is closed at most 25% late.
  const timeoutSweep = setInterval(sweepTimeouts, Math.max(10, Math.min(1000, Math.min(idleTimeoutMs, firstMessageTimeoutMs) / 4)));
  timeoutSweep.unref();

  let stopped: Promise<ListenerReport> | undefined;
  const stop = async (): Promise<ListenerReport> => {
    // A timer that expired while the loop was busy converting runs before pending network events:
    // wait for a quiet period, not a fixed time, so connections already queued are still read.
    const quietMs = options.quietMs ?? 100;
    for (let round = 0; round < 20; round++) {
      const before = activity;
      await new Promise((resolve) => setTimeout(resolve, quietMs));
      // setImmediate runs after the poll phase: network events pending by now have been handled.
      await new Promise((resolve) => setImmediate(resolve));
      if (activity === before) break;
    }
    stopping = true;
    // The counters vanish with the sockets: read them last, before closing.
    clearInterval(dropPoll);
    clearInterval(timeoutSweep);
    readKernelDrops();
    await Promise.all(udpSockets.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    const serversClosed = Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    // What a connection had sent in full is kept; a newline-framed last line without its LF too.
    for (const c of connections) {
      c.socket.pause();
      for (const frame of c.framer.end()) {
        stats.tcpFrames++;
        pushFrame(frame);
      }
      c.socket.destroy();
    }
    await serversClosed;
    queue.end();
    queue.offDrain(resumeAll);
    return { pipeline: await pipeline, listener: stats };
  };
  return {
    addresses: bound,
    stats,
    stop: () => (stopped ??= stop()),
  };
}
