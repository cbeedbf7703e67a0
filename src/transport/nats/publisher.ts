// Publishes to JetStream and waits for the PubAck, retrying what a broker restart interrupts.
import type { JetStreamClient, PubAck } from "@nats-io/jetstream";
import { IdmefError } from "../../core/errors.js";

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

const FIRST_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 2000;

export class JetStreamPublisher {
  readonly stats: PublisherStats = { acknowledged: 0, duplicates: 0, retries: 0, failed: 0, lastError: undefined };
  private readonly timeoutMs: number;
  private readonly retryForMs: number;
  /** The client once known: publishes then start synchronously (see `publish`). */
  private client: JetStreamClient | undefined;

  /** `js` may still be connecting: publishes wait for it (and fail with its error). */
  constructor(
    private readonly js: JetStreamClient | Promise<JetStreamClient>,
    options: PublisherOptions = {},
  ) {
    // A connection that fails is reported by the caller's `ready()` or by the first publish.
    if (js instanceof Promise) js.then((client) => (this.client = client)).catch(() => undefined);
    else this.client = js;
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.retryForMs = options.retryForMs ?? 30_000;
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
    const js = this.client ?? (await this.js);
    const started = Date.now();
    let backoff = FIRST_BACKOFF_MS;
    for (;;) {
      try {
        // Nats-Msg-Id is the only header, and `msgID` sets it: no header object of our own.
        const ack = await js.publish(subject, data, { msgID: msgId, timeout: this.timeoutMs });
        this.stats.acknowledged++;
        if (ack.duplicate) this.stats.duplicates++;
        return ack;
      } catch (error) {
        const reason = (error as Error).message;
        this.stats.lastError = { at: new Date().toISOString(), message: `${subject}: ${reason}` };
        if (Date.now() - started + backoff > this.retryForMs) {
          this.stats.failed++;
          throw new IdmefError("DELIVERY_FAILED", `NATS JetStream did not acknowledge a message on ${subject}: ${reason}`, {
            cause: error,
          });
        }
        this.stats.retries++;
        await new Promise((resolve) => setTimeout(resolve, backoff));
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    }
  }
}
