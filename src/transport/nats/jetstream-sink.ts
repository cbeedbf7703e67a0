// A MessageSink that publishes each message to a JetStream subject, keyed by its ID for de-duplication.
import type { NatsConnection } from "@nats-io/transport-node";
import type { RecordSource } from "../../core/converter.js";
import type { Message } from "../../core/message.js";
import type { MessageSink } from "../../framework/sinks.js";
import { connectNats } from "./connection.js";
import type { NatsDestination } from "./nats-url.js";
import { JetStreamPublisher, type PublisherOptions, type PublisherStats } from "./publisher.js";

export interface JetStreamSinkOptions extends PublisherOptions {
  /** The connection, or its promise (a CLI opens its outputs synchronously; see `ready`). */
  readonly connection: NatsConnection | Promise<NatsConnection>;
  readonly subject: string;
  /** Publishes awaiting their PubAck at most (default 256): the window that keeps a run fast. */
  readonly maxInFlight?: number;
  /** Close the connection when the sink closes (the sink opened it). */
  readonly ownsConnection?: boolean;
  /** How the destination is shown in errors and books. */
  readonly display?: string;
}

export interface JetStreamSinkStats extends PublisherStats {
  readonly destination: string;
  /** Messages written to the sink. */
  readonly written: number;
  /** Publishes still waiting for their PubAck. */
  readonly inFlight: number;
}

/**
 * Publishes each message as its JSON to `subject`, with header `Nats-Msg-Id` = the message's ID, so
 * a message published twice (a retry, a rerun, a redelivered input) is stored once within the
 * stream's duplicate window. `write` starts the publish and returns at once while fewer than
 * `maxInFlight` wait for their PubAck (else it waits for a slot: back-pressure); `flush` resolves
 * when every message written so far is acknowledged — stored by JetStream — and throws the first
 * failure (DELIVERY_FAILED) otherwise. A failure is thrown once (by the next `write` or `flush`):
 * its caller treats everything since the last good flush as not delivered (a pipeline stops, a
 * receiver answers 503 and its senders retry), and a later flush can succeed again once the broker
 * is back — republishing is safe, the IDs de-duplicate. `publish` is the one-message form: it resolves on that
 * message's acknowledgement (what a receiver waits for before its 2xx).
 */
export class JetStreamMessageSink implements MessageSink {
  readonly publisher: JetStreamPublisher;
  private readonly connection: Promise<NatsConnection>;
  private readonly subject: string;
  private readonly maxInFlight: number;
  private readonly ownsConnection: boolean;
  private readonly display: string;
  private readonly inFlight = new Set<Promise<unknown>>();
  private failure: Error | undefined;
  private written = 0;
  private closed = false;

  constructor(options: JetStreamSinkOptions) {
    this.connection = Promise.resolve(options.connection);
    // Seen by `ready` or the first publish; never an unhandled rejection meanwhile.
    this.connection.catch(() => undefined);
    this.subject = options.subject;
    this.maxInFlight = options.maxInFlight ?? 256;
    this.ownsConnection = options.ownsConnection ?? false;
    this.display = options.display ?? options.subject;
    // Through one PubAck inbox on the connection rather than `js.publish` (a request per message).
    this.publisher = new JetStreamPublisher({ connection: this.connection }, options);
  }

  /**
   * A sink that connects to the destination's server now and owns that connection; `ready()`
   * resolves once connected (DELIVERY_FAILED naming the server otherwise).
   */
  static connect(
    destination: NatsDestination,
    options: PublisherOptions & { readonly maxInFlight?: number; readonly name?: string } = {},
  ): JetStreamMessageSink {
    const connection = connectNats(destination.server, { name: options.name ?? "idmefv2" });
    return new JetStreamMessageSink({
      ...options,
      connection,
      subject: destination.subject ?? "",
      ownsConnection: true,
      display: destination.display,
    });
  }

  /** Resolves once the connection is up: a CLI calls it before reading, so a wrong server fails first. */
  async ready(): Promise<void> {
    await this.connection;
  }

  /** Publishes one message and resolves when JetStream acknowledged it. */
  async publish(message: Message): Promise<void> {
    this.written++;
    await this.publisher.publish(this.subject, JSON.stringify(message), messageId(message));
  }

  /** Throws the failure seen since the last report, once. */
  private throwFailure(): void {
    const failure = this.failure;
    if (failure === undefined) return;
    this.failure = undefined;
    throw failure;
  }

  write(message: Message, _origin: RecordSource): void | Promise<void> {
    this.throwFailure();
    this.written++;
    const pending: Promise<unknown> = this.publisher.publish(this.subject, JSON.stringify(message), messageId(message)).then(
      () => this.inFlight.delete(pending),
      (error: unknown) => {
        this.inFlight.delete(pending);
        this.failure ??= error as Error;
      },
    );
    this.inFlight.add(pending);
    if (this.inFlight.size >= this.maxInFlight) return this.waitForSlot();
  }

  private async waitForSlot(): Promise<void> {
    while (this.inFlight.size >= this.maxInFlight) await Promise.race(this.inFlight);
    this.throwFailure();
  }

  async flush(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
    this.throwFailure();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.flush();
    } finally {
      if (this.ownsConnection) {
        const connection = await this.connection.catch(() => undefined);
        // drain() sends what is buffered and waits for the server to confirm before closing.
        if (connection !== undefined && !connection.isClosed()) await connection.drain().catch(() => connection.close());
      }
    }
  }

  stats(): JetStreamSinkStats {
    return { ...this.publisher.stats, destination: this.display, written: this.written, inFlight: this.inFlight.size };
  }
}

/** The Nats-Msg-Id of a message: its ID (every valid IDMEFv2 message has one). */
function messageId(message: Message): string {
  const id = (message as { ID?: unknown }).ID;
  return typeof id === "string" ? id : JSON.stringify(id ?? null);
}
