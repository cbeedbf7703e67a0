// Opens a NATS connection for a sink or a worker, with the errors a user can act on.
import type { NatsConnection } from "@nats-io/transport-node";
import { IdmefError } from "../../core/errors.js";

export interface NatsConnectOptions {
  /** Shown to the server (its monitoring lists clients by name). */
  readonly name: string;
  /** How long the first connection may take, ms; default 5000. */
  readonly timeoutMs?: number;
}

/** Bytes the client buffers before writing them mid-turn (see connectNats). */
const PENDING_LIMIT = 1024 * 1024;

/**
 * Connects to `server` ("host:port"). A server that cannot be reached at start is a setup error
 * (DELIVERY_FAILED, naming the server); once connected, the client reconnects on its own for as long
 * as the process runs, and publishes made meanwhile wait for it (bounded by their own timeouts).
 */
export async function connectNats(server: string, options: NatsConnectOptions): Promise<NatsConnection> {
  // Loaded on first use: a command that never talks to NATS does not pay for the client at start-up.
  const { connect } = await import("@nats-io/transport-node");
  try {
    return await connect({
      servers: server,
      name: options.name,
      timeout: options.timeoutMs ?? 5000,
      // A broker restart must not end a long-running worker or receiver.
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      // Without it every request and timeout builds an Error (a stack trace) up front, in case it
      // fails: a tenth of a worker's CPU at thousands of publishes a second (profiled, issue 16).
      noAsyncTraces: true,
      // The client writes its buffer to the socket when a turn ends, and at once whenever it holds
      // more than this (default 32 KiB: a write per dozen converted messages). A worker's turn
      // publishes up to --batch messages; written in one go, the nats-server reads them in fewer,
      // fuller reads: ~15% less server CPU per input (bench nats, issue 16). The option is not in
      // the client's types (it reads it as a hidden option), hence the spread.
      ...({ pendingLimit: PENDING_LIMIT } as object),
    });
  } catch (error) {
    throw new IdmefError("DELIVERY_FAILED", `cannot connect to NATS at ${server}: ${(error as Error).message}`, { cause: error });
  }
}
