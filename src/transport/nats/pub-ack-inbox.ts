// JetStream publishes whose PubAcks come back on one subscription, matched by reply subject.
import type { Msg, MsgHdrs, NatsConnection, Subscription } from "@nats-io/transport-node";
import type { PubAck } from "@nats-io/jetstream";

/** Called once with a publish's outcome: its PubAck, or why there is none. */
export type PubAckCallback = (error: Error | undefined, ack: PubAck | undefined) => void;

/** Encodes the header text of a publish (one encoder for all of them). */
const HEADER_TEXT = new TextEncoder();
/** A header value the short path may print as is: printable ASCII without spaces (a UUID is). */
const SAFE_HEADER_VALUE = /^[!-~]+$/;

/** One publish waiting for its PubAck. */
interface Waiting {
  readonly done: PubAckCallback;
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
    return new Promise<PubAck>((resolve, reject) =>
      this.publishThen(subject, data, msgId, (error, ack) => (error !== undefined ? reject(error) : resolve(ack!))),
    );
  }

  /**
   * `publish` with a callback instead of a promise, called exactly once (never before this
   * returns): the worker publishes thousands a second and settles each input by counting its
   * outputs' callbacks, with no promise, `Promise.all` or closure per publish.
   */
  publishThen(subject: string, data: string | Uint8Array, msgId: string, done: PubAckCallback): void {
    if (this.closedError !== undefined) {
      const error = this.closedError;
      queueMicrotask(() => done(error, undefined));
      return;
    }
    const token = (this.next++).toString(36);
    this.waiting.set(token, { done, subject, deadline: Date.now() + this.timeoutMs });
    try {
      this.connection.publish(subject, data, { reply: this.prefix + token, headers: this.headersFor(msgId) });
    } catch (error) {
      this.waiting.delete(token);
      queueMicrotask(() => done(error as Error, undefined));
    }
  }

  /**
   * The one header of a publish. The client's own headers object (a map of arrays, each key
   * checked, then printed and encoded) cost more than the rest of the publish; all the client does
   * with it is `encode()`, so the usual ID (no CR or LF: any message ID the pipeline makes) gets
   * one that encodes the same bytes directly. Anything else goes through the client's, which
   * refuses it with its own error.
   */
  private headersFor(msgId: string): MsgHdrs {
    if (!SAFE_HEADER_VALUE.test(msgId)) {
      const headers = this.client.headers();
      headers.set("Nats-Msg-Id", msgId);
      return headers;
    }
    return { encode: () => HEADER_TEXT.encode(`NATS/1.0\r\nNats-Msg-Id: ${msgId}\r\n\r\n`) } as unknown as MsgHdrs;
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
    if (outcome instanceof Error) waiting.done(outcome, undefined);
    else waiting.done(undefined, outcome);
  }

  private sweep(): void {
    const now = Date.now();
    for (const [token, waiting] of this.waiting) {
      if (waiting.deadline > now) break;
      this.waiting.delete(token);
      waiting.done(new Error(`timeout: no PubAck within ${this.timeoutMs} ms`), undefined);
    }
  }

  private failAll(error: Error): void {
    const all = [...this.waiting.values()];
    this.waiting.clear();
    for (const waiting of all) waiting.done(error, undefined);
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
