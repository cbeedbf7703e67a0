// JetStream publishes whose PubAcks come back on one subscription, matched by reply subject.
import type { Msg, MsgHdrs, NatsConnection, Subscription } from "@nats-io/transport-node";
import type { PubAck } from "@nats-io/jetstream";

/** One publish waiting for its PubAck. */
interface Waiting {
  readonly resolve: (ack: PubAck) => void;
  readonly reject: (error: Error) => void;
  readonly subject: string;
  /** When it stops waiting (Date.now() ms). */
  readonly deadline: number;
}

/** What the inbox needs of the client, loaded by the caller (the client is imported on first use). */
export interface InboxClient {
  readonly headers: () => MsgHdrs;
  readonly createInbox: () => string;
}

/**
 * Publishes to JetStream with a reply subject of its own inbox (`<inbox>.<n>`), one subscription
 * for every PubAck, and one timer sweeping the attempts that waited too long: what
 * `JetStreamClient.publish` does per message through `request()`, without the per-message costs
 * that dominated the client's share of a worker's CPU (profiled, issue 16): a request object, a
 * promise and a timer per message, a random token, and an `Error` built (with its stack trace) to
 * cancel every request that had already succeeded.
 *
 * A publish started in a synchronous loop leaves with the others in one socket write (the client
 * flushes once per turn). A reply that comes after its attempt timed out is ignored: the caller
 * retried it or gave up, and the Nats-Msg-Id makes a second copy a duplicate.
 */
export class PubAckInbox {
  private readonly prefix: string;
  private readonly waiting = new Map<string, Waiting>();
  private readonly subscription: Subscription;
  private readonly sweeper: NodeJS.Timeout;
  private next = 0;
  private closedError: Error | undefined;

  constructor(
    private readonly connection: NatsConnection,
    private readonly client: InboxClient,
    /** How long an attempt waits for its PubAck, ms. */
    private readonly timeoutMs: number,
  ) {
    this.prefix = `${client.createInbox()}.`;
    this.subscription = connection.subscribe(`${this.prefix}*`, { callback: (error, msg) => this.received(error, msg) });
    // Attempts are added in deadline order (one timeout for all), so a sweep stops at the first
    // one still in time: a quarter of the timeout late at most, one timer for all of them.
    this.sweeper = setInterval(() => this.sweep(), Math.max(10, Math.min(250, timeoutMs / 4)));
    this.sweeper.unref();
    connection.closed().then(
      () => this.close(new Error("connection closed")),
      (error: unknown) => this.close(error instanceof Error ? error : new Error(String(error))),
    );
  }

  /** Publishes `data` to `subject` with Nats-Msg-Id `msgId`; resolves with its PubAck, rejects on a timeout or a JetStream error. */
  publish(subject: string, data: string | Uint8Array, msgId: string): Promise<PubAck> {
    if (this.closedError !== undefined) return Promise.reject(this.closedError);
    const token = (this.next++).toString(36);
    const headers = this.client.headers();
    headers.set("Nats-Msg-Id", msgId);
    return new Promise<PubAck>((resolve, reject) => {
      this.waiting.set(token, { resolve, reject, subject, deadline: Date.now() + this.timeoutMs });
      try {
        this.connection.publish(subject, data, { reply: this.prefix + token, headers });
      } catch (error) {
        this.waiting.delete(token);
        reject(error as Error);
      }
    });
  }

  /** Publishes waiting for their PubAck. */
  get size(): number {
    return this.waiting.size;
  }

  private received(error: Error | null, msg: Msg): void {
    if (error !== null) {
      // The subscription itself failed (a permission violation on the inbox): nothing will answer.
      this.failAll(error);
      return;
    }
    const token = msg.subject.slice(this.prefix.length);
    const waiting = this.waiting.get(token);
    if (waiting === undefined) return;
    this.waiting.delete(token);
    const outcome = pubAckOf(msg, waiting.subject);
    if (outcome instanceof Error) waiting.reject(outcome);
    else waiting.resolve(outcome);
  }

  private sweep(): void {
    const now = Date.now();
    for (const [token, waiting] of this.waiting) {
      if (waiting.deadline > now) break;
      this.waiting.delete(token);
      waiting.reject(new Error(`timeout: no PubAck within ${this.timeoutMs} ms`));
    }
  }

  private failAll(error: Error): void {
    const all = [...this.waiting.values()];
    this.waiting.clear();
    for (const waiting of all) waiting.reject(error);
  }

  private close(error: Error): void {
    this.closedError = error;
    clearInterval(this.sweeper);
    this.subscription.unsubscribe();
    this.failAll(error);
  }
}

/** The PubAck in a reply, or the error it reports (JetStream's own words where it gives them). */
function pubAckOf(msg: Msg, subject: string): PubAck | Error {
  // No stream listens on the subject (or JetStream is off): the server answers 503, no responders.
  if (msg.data.length === 0 && msg.headers?.code === 503)
    return new Error(`no JetStream stream takes messages on ${subject} (no responders)`);
  let reply: { stream?: unknown; seq?: unknown; duplicate?: unknown; domain?: unknown; error?: { description?: unknown } };
  try {
    reply = JSON.parse(msg.string()) as typeof reply;
  } catch {
    return new Error("invalid PubAck (not JSON)");
  }
  if (reply === null || typeof reply !== "object") return new Error("invalid PubAck");
  if (reply.error !== undefined)
    return new Error(typeof reply.error?.description === "string" ? reply.error.description : "JetStream error");
  if (typeof reply.stream !== "string" || reply.stream === "" || typeof reply.seq !== "number") return new Error("invalid PubAck");
  const ack: PubAck = { stream: reply.stream, seq: reply.seq, duplicate: reply.duplicate === true };
  if (typeof reply.domain === "string") ack.domain = reply.domain;
  return ack;
}
