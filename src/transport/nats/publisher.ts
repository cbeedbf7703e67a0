// Publishes to JetStream and waits for the PubAck, retrying what a broker restart interrupts.
import type { NatsConnection } from "@nats-io/transport-node";
import type { JetStreamClient, PubAck } from "@nats-io/jetstream";
import { IdmefError } from "../../core/errors.js";
import { PubAckInbox } from "./pub-ack-inbox.js";

export interface PublisherOptions {
  /** How long one attempt waits for its PubAck, ms; default 5000. */
  readonly timeoutMs?: number;
  /**
   * How long a publish keeps retrying before it fails, ms; default 30000. Retries are safe: each
   * carries the same Nats-Msg-Id, so JetStream stores the message once within its duplicate window.
   */
  readonly retryForMs?: number;
}

/** What the publisher did, for the books and the metrics. */
export interface PublisherStats {
  /** Publishes JetStream acknowledged as stored (duplicates included). */
  acknowledged: number;
  /** Of those, the ones JetStream had already (same Nats-Msg-Id within its window): stored once. */
  duplicates: number;
  /** Attempts repeated after a timeout or a lost connection. */
  retries: number;
  /** Publishes given up on (each an error to the caller). */
  failed: number;
  /** The last error seen, with its time; undefined while all went well. */
  lastError: { readonly at: string; readonly message: string } | undefined;
}

/** One attempt: resolves with the PubAck, rejects on a timeout, a lost connection or a JetStream error. */
type Attempt = (subject: string, data: string, msgId: string) => Promise<PubAck>;

/**
 * Where a publisher publishes: a JetStream client (its `publish`, one request per message), or a
 * connection, published through one PubAck inbox (cheaper per message: what the worker uses).
 */
export type PublisherTarget =
  JetStreamClient | Promise<JetStreamClient> | { readonly connection: NatsConnection | Promise<NatsConnection> };

const FIRST_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 2000;

export class JetStreamPublisher {
  readonly stats: PublisherStats = { acknowledged: 0, duplicates: 0, retries: 0, failed: 0, lastError: undefined };
  private readonly timeoutMs: number;
  private readonly retryForMs: number;
  /** The attempt once the client is known: publishes then start synchronously (see `publish`). */
  private attempt: Attempt | undefined;
  private readonly attemptReady: Promise<Attempt>;
  /** The PubAck inbox once connected, when publishing through a connection (see `publishThen`). */
  private inbox: PubAckInbox | undefined;

  /** The client or connection may still be connecting: publishes wait for it (and fail with its error). */
  constructor(target: PublisherTarget, options: PublisherOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.retryForMs = options.retryForMs ?? 30_000;
    const timeout = this.timeoutMs;
    if (target instanceof Promise || !("connection" in target)) {
      const viaClient =
        (js: JetStreamClient): Attempt =>
        (subject, data, msgId) =>
          js.publish(subject, data, { msgID: msgId, timeout });
      this.attemptReady = Promise.resolve(target).then(viaClient);
    } else {
      this.attemptReady = Promise.resolve(target.connection).then(async (connection) => {
        const { headers, createInbox } = await import("@nats-io/transport-node");
        const inbox = new PubAckInbox(connection, { headers, createInbox }, timeout);
        this.inbox = inbox;
        return (subject, data, msgId) => inbox.publish(subject, data, msgId);
      });
    }
    // A connection that fails is reported by the caller's `ready()` or by the first publish.
    this.attemptReady.then((attempt) => (this.attempt = attempt)).catch(() => undefined);
  }

  /**
   * Resolves once JetStream acknowledged `data` on `subject` (stored, or a duplicate of a message it
   * stored): only then may the caller acknowledge its own input. Rejects with DELIVERY_FAILED
   * naming the subject and the reason when no acknowledgement came within the retry time.
   *
   * Once connected, the first attempt is written before `publish` returns (no await before it):
   * publishes started in one synchronous loop leave in one socket write, which is what lets a
   * caller batch them (the worker does).
   */
  async publish(subject: string, data: string, msgId: string): Promise<PubAck> {
    const attempt = this.attempt ?? (await this.attemptReady);
    return this.attempts(attempt, subject, data, msgId, Date.now(), FIRST_BACKOFF_MS);
  }

  /**
   * `publish` with a callback, called once, never before this returns: with no error once
   * JetStream acknowledged, else with the DELIVERY_FAILED error `publish` would reject with. Once
   * connected through a PubAck inbox the first attempt costs no promise (the worker publishes
   * thousands a second); retries take the same path as `publish`'s.
   */
  publishThen(subject: string, data: string, msgId: string, done: (error: Error | undefined) => void): void {
    const inbox = this.inbox;
    const attempt = this.attempt;
    if (inbox === undefined || attempt === undefined) {
      this.publish(subject, data, msgId).then(
        () => done(undefined),
        (error: unknown) => done(error as Error),
      );
      return;
    }
    const started = Date.now();
    inbox.publishThen(subject, data, msgId, (error, ack) => {
      if (error === undefined) {
        this.acknowledged(ack!);
        done(undefined);
        return;
      }
      const gaveUp = this.failure(subject, error, started, FIRST_BACKOFF_MS);
      if (gaveUp !== undefined) {
        done(gaveUp);
        return;
      }
      sleep(FIRST_BACKOFF_MS)
        .then(() => this.attempts(attempt, subject, data, msgId, started, nextBackoff(FIRST_BACKOFF_MS)))
        .then(
          () => done(undefined),
          (failed: unknown) => done(failed as Error),
        );
    });
  }

  /** Attempts until one is acknowledged or the retry time is over (then DELIVERY_FAILED). */
  private async attempts(
    attempt: Attempt,
    subject: string,
    data: string,
    msgId: string,
    started: number,
    backoff: number,
  ): Promise<PubAck> {
    for (;;) {
      try {
        const ack = await attempt(subject, data, msgId);
        this.acknowledged(ack);
        return ack;
      } catch (error) {
        const gaveUp = this.failure(subject, error, started, backoff);
        if (gaveUp !== undefined) throw gaveUp;
        await sleep(backoff);
        backoff = nextBackoff(backoff);
      }
    }
  }

  private acknowledged(ack: PubAck): void {
    this.stats.acknowledged++;
    if (ack.duplicate) this.stats.duplicates++;
  }

  /** Books a failed attempt; the error to give up with once the next wait would pass the retry time. */
  private failure(subject: string, error: unknown, started: number, backoff: number): IdmefError | undefined {
    const reason = (error as Error).message;
    this.stats.lastError = { at: new Date().toISOString(), message: `${subject}: ${reason}` };
    if (Date.now() - started + backoff > this.retryForMs) {
      this.stats.failed++;
      return new IdmefError("DELIVERY_FAILED", `NATS JetStream did not acknowledge a message on ${subject}: ${reason}`, { cause: error });
    }
    this.stats.retries++;
    return undefined;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function nextBackoff(backoff: number): number {
  return Math.min(backoff * 2, MAX_BACKOFF_MS);
}
